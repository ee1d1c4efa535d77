/*
 * Tests the store's functions of include/venv.h (issue 15) through the built
 * libvenv.so: venv_store_list and its accessors, venv_store_entries_to_json,
 * venv_remove, venv_relocate_options_init, venv_copy and venv_move, error
 * paths included. Run under valgrind by Tests/suites/50-capi.sh.
 *
 *   test_store PYTHON SCRATCH_DIR
 *
 * Prints one line per failure and closes with "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "venv.h"
#include "check.h"

static int exists(const char *path) {
    struct stat st;
    return lstat(path, &st) == 0;
}

int main(int argc, char **argv) {
    venv_create_options opts;
    if (!start(argc, argv, &opts)) return 2;
    mkdir(in("store"), 0777);
    CHECK(venv_create(in("store/b"), &opts) == VENV_OK, "create b");
    CHECK(venv_create(in("store/a"), &opts) == VENV_OK, "create a");

    /* Listing. */
    venv_store_entries *entries = (venv_store_entries *)1;
    CHECK(venv_store_list(NULL, in("store")) == VENV_EINVALID, "NULL out");
    CHECK(venv_store_list(&entries, "\xff") == VENV_EINVALID && entries == NULL, "non-UTF-8 store");
    CHECK(venv_store_list(&entries, in("store")) == VENV_OK, "list");
    CHECK(venv_store_entries_count(entries) == 2, "two environments");
    CHECK(strcmp(venv_store_entries_name(entries, 0), "a") == 0, "sorted");
    CHECK(strcmp(venv_store_entries_path(entries, 1), in("store/b")) == 0, "path");
    CHECK(venv_store_entries_version(entries, 0) != NULL, "version");
    CHECK(venv_store_entries_project(entries, 0) == NULL, "no project");
    CHECK(venv_store_entries_problem(entries, 0) == NULL, "not broken");
    CHECK(venv_store_entries_name(entries, 2) == NULL && venv_store_entries_name(NULL, 0) == NULL, "past the end, NULL");
    CHECK(venv_store_entries_count(NULL) == 0, "count of NULL");
    char *json = NULL;
    CHECK(venv_store_entries_to_json(&json, entries) == VENV_OK && strstr(json, "\"name\": \"a\"") != NULL, "json");
    venv_string_free(json);
    CHECK(venv_store_entries_to_json(NULL, entries) == VENV_EINVALID, "json NULL out");
    venv_store_entries_free(entries);
    venv_store_entries_free(NULL);

    /* Options. */
    venv_relocate_options ropts;
    CHECK(venv_relocate_options_init(&ropts, VENV_RELOCATE_OPTIONS_VERSION) == VENV_OK && ropts.replace == 0, "init");
    CHECK(venv_relocate_options_init(&ropts, 0) == VENV_EINVALID, "version 0");
    CHECK(venv_relocate_options_init(&ropts, VENV_RELOCATE_OPTIONS_VERSION + 1) == VENV_EINVALID, "version + 1");
    CHECK(venv_relocate_options_init(NULL, 1) == VENV_EINVALID, "NULL opts");

    /* Copy and move. */
    CHECK(venv_copy(NULL, in("x"), NULL) == VENV_EINVALID, "NULL src");
    CHECK(venv_copy(in("store/a"), NULL, NULL) == VENV_EINVALID, "NULL dst");
    CHECK(venv_copy(in("nothing"), in("x"), NULL) == VENV_ENOTVENV, "missing src");
    CHECK(venv_copy(in("store/a"), in("store/a/in"), NULL) == VENV_EINVALID, "dst inside src");
    CHECK(venv_copy(in("store/a"), in("store/b"), NULL) == VENV_EEXISTS, "dst exists");
    venv_relocate_options bad = VENV_RELOCATE_OPTIONS_INIT;
    bad.version = 99;
    CHECK(venv_copy(in("store/a"), in("c"), &bad) == VENV_EINVALID && !exists(in("c")), "bad version");
    CHECK(venv_copy(in("store/a"), in("c"), NULL) == VENV_OK && exists(in("c/pyvenv.cfg")), "copy");
    ropts.replace = 1;
    CHECK(venv_copy(in("store/a"), in("store/b"), &ropts) == VENV_OK, "copy replacing");
    CHECK(venv_move(in("c"), in("d"), NULL) == VENV_OK && !exists(in("c")) && exists(in("d/pyvenv.cfg")), "move");
    venv_info *info = NULL;
    CHECK(venv_resolve(&info, in("d")) == VENV_OK && strcmp(venv_info_prefix(info), in("d")) == 0, "moved resolves");
    venv_info_free(info);

    /* Removal. */
    mkdir(in("plain"), 0777);
    CHECK(venv_remove(NULL) == VENV_EINVALID, "NULL");
    CHECK(venv_remove("") == VENV_EINVALID, "empty");
    CHECK(venv_remove(in("plain")) == VENV_ENOTVENV && exists(in("plain")), "not an environment");
    CHECK(symlink(in("d"), in("link")) == 0 && venv_remove(in("link")) == VENV_EINVALID && exists(in("d/pyvenv.cfg")), "a link");
    CHECK(venv_remove(in("d")) == VENV_OK && !exists(in("d")), "remove");

    printf("store: %d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
