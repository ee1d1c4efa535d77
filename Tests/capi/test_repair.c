/*
 * Tests venv_repair and venv_rebuild (issue 25) and their options through
 * the built libvenv.so, offline: an environment whose pyvenv.cfg's home
 * names a base that is gone, repaired with PYTHON (then healthy by
 * venv_doctor); environments rebuilt with PYTHON, the old one kept or
 * pruned; a package pip cannot install (named in the message, the
 * environment untouched); options and error paths. Run under valgrind by
 * Tests/suites/50-capi.sh.
 *
 *   test_repair PYTHON SCRATCH_DIR
 *
 * Prints one line per failure and closes with "N passed, N failed".
 */
#include <dirent.h>
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

/* The whole of a small file, in a static buffer ("" if unreadable). */
static const char *slurp(const char *path) {
    static char text[8192];
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    if (f) fclose(f);
    text[n] = 0;
    return text;
}

/* Writes text to path; 0 on success. */
static int spill(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs(text, f);
    return fclose(f);
}

/* pyvenv.cfg of env with its home line naming `home`, the others kept. */
static int rehome(const char *env, const char *home) {
    char cfg[4300], out[8192] = "";
    snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", env);
    char *copy = strdup(slurp(cfg));
    for (char *line = strtok(copy, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "home = ", 7) == 0) {
            strncat(out, "home = ", sizeof out - strlen(out) - 1);
            strncat(out, home, sizeof out - strlen(out) - 1);
        } else {
            strncat(out, line, sizeof out - strlen(out) - 1);
        }
        strncat(out, "\n", sizeof out - strlen(out) - 1);
    }
    free(copy);
    return spill(cfg, out);
}

/* env's lib/pythonX.Y/site-packages, in a static buffer. */
static const char *site_packages(const char *env) {
    static char path[4700];
    char lib[4300];
    snprintf(lib, sizeof lib, "%s/lib", env);
    path[0] = 0;
    DIR *dir = opendir(lib);
    struct dirent *entry;
    while (dir && (entry = readdir(dir)))
        if (strncmp(entry->d_name, "python3.", 8) == 0)
            snprintf(path, sizeof path, "%s/%s/site-packages", lib, entry->d_name);
    if (dir) closedir(dir);
    return path;
}

static int healthy(const char *env) {
    venv_diagnosis *d = NULL;
    int ok = venv_doctor(&d, env, NULL) == VENV_OK && venv_diagnosis_healthy(d) == 1;
    venv_diagnosis_free(d);
    return ok;
}

int main(int argc, char **argv) {
    venv_create_options create;
    if (!start(argc, argv, &create)) return 2;
    const char *python = argv[1];
    mkdir(in("envs"), 0777);
    mkdir(in("plain"), 0777);
    mkdir(in("wheels"), 0777);

    /* Options. */
    venv_repair_options ropts;
    CHECK(venv_repair_options_init(&ropts, VENV_REPAIR_OPTIONS_VERSION) == VENV_OK, "repair options init");
    CHECK(ropts.version == VENV_REPAIR_OPTIONS_VERSION && ropts.python == NULL, "repair defaults");
    CHECK(venv_repair_options_init(&ropts, 0) == VENV_EINVALID, "repair options version 0");
    CHECK(venv_repair_options_init(&ropts, VENV_REPAIR_OPTIONS_VERSION + 1) == VENV_EINVALID, "unknown version");
    CHECK(venv_repair_options_init(NULL, VENV_REPAIR_OPTIONS_VERSION) == VENV_EINVALID, "NULL repair options");
    venv_rebuild_options bopts;
    CHECK(venv_rebuild_options_init(&bopts, VENV_REBUILD_OPTIONS_VERSION) == VENV_OK, "rebuild options init");
    CHECK(bopts.version == VENV_REBUILD_OPTIONS_VERSION && bopts.python == NULL && bopts.find_links == NULL
          && bopts.find_links_count == 0 && bopts.no_index == 0 && bopts.prune == 0, "rebuild defaults");
    CHECK(venv_rebuild_options_init(&bopts, VENV_REBUILD_OPTIONS_VERSION + 1) == VENV_EINVALID, "unknown version");
    CHECK(venv_rebuild_options_init(NULL, VENV_REBUILD_OPTIONS_VERSION) == VENV_EINVALID, "NULL rebuild options");

    /* Repair: the base moved (home names a directory that is gone). */
    CHECK(venv_create(in("envs/moved"), &create) == VENV_OK, "create moved");
    CHECK(rehome(in("envs/moved"), in("gone-base/bin")) == 0, "home made to name nothing");
    CHECK(!healthy(in("envs/moved")), "doctor: broken before");
    size_t replaced = 99;
    ropts.python = python;
    CHECK(venv_repair(&replaced, in("envs/moved"), &ropts) == VENV_OK, "repair");
    CHECK(replaced >= 1, "pyvenv.cfg replaced at least");
    CHECK(strstr(slurp(in("envs/moved/pyvenv.cfg")), in("gone-base")) == NULL, "the old home gone from pyvenv.cfg");
    CHECK(healthy(in("envs/moved")), "doctor: healthy after");
    CHECK(venv_repair(&replaced, in("envs/moved"), &ropts) == VENV_OK && replaced == 0,
          "again: nothing left to replace");
    CHECK(venv_repair(NULL, in("envs/moved"), NULL) == VENV_OK, "NULL replaced, the default base (its X.Y)");
    CHECK(venv_repair(NULL, in("envs/moved"), &ropts) == VENV_OK, "back to PYTHON");

    /* Repair's refusals: nothing changes. */
    replaced = 99;
    CHECK(venv_repair(&replaced, in("plain"), NULL) == VENV_ENOTVENV && replaced == 0, "not an environment");
    CHECK(strstr(venv_error_last()->message, "pyvenv.cfg") != NULL, "the message says why");
    CHECK(venv_repair(&replaced, in("missing"), NULL) == VENV_ENOTVENV, "missing");
    CHECK(venv_repair(&replaced, NULL, NULL) == VENV_EINVALID, "NULL env_dir");
    CHECK(venv_repair(&replaced, "", NULL) == VENV_EINVALID, "empty env_dir");
    CHECK(venv_repair(&replaced, "\xff", NULL) == VENV_EINVALID, "non-UTF-8 env_dir");
    venv_repair_options rbad = { 99, NULL };
    CHECK(venv_repair(&replaced, in("envs/moved"), &rbad) == VENV_EINVALID, "bad repair options version");
    ropts.python = "\xff";
    CHECK(venv_repair(&replaced, in("envs/moved"), &ropts) == VENV_EINVALID, "non-UTF-8 python");
    ropts.python = in("no-such-python");
    CHECK(venv_repair(&replaced, in("envs/moved"), &ropts) == VENV_ENOPYTHON, "no such python");
    CHECK(healthy(in("envs/moved")), "still healthy after the refusals");

    /* Rebuild: without pip nor packages, nothing for pip to do; the old one kept. */
    CHECK(venv_create(in("envs/r"), &create) == VENV_OK, "create r");
    bopts.python = python;
    CHECK(venv_rebuild(in("envs/r"), &bopts) == VENV_OK, "rebuild");
    CHECK(healthy(in("envs/r")), "rebuilt: healthy");
    CHECK(exists(in("envs/r.swift-venv-old/pyvenv.cfg")), "the old one kept");
    CHECK(exists(in("envs/r.swift-venv-requirements.txt")), "the requirements kept");
    CHECK(venv_rebuild(in("envs/r"), &bopts) == VENV_EEXISTS, "again: the old one is in the way");
    CHECK(strstr(venv_error_last()->message, "r.swift-venv-old") != NULL, "the message names it");
    bopts.prune = 1;
    CHECK(venv_rebuild(in("envs/r"), &bopts) == VENV_OK, "again, pruning");
    CHECK(!exists(in("envs/r.swift-venv-old")) && healthy(in("envs/r")), "pruned, healthy");

    /* A package pip cannot install (no index, an empty --find-links): named, the environment untouched. */
    CHECK(venv_create(in("envs/pkg"), &create) == VENV_OK, "create pkg");
    char info[4500];
    snprintf(info, sizeof info, "%s/unobtainable-1.0.dist-info", site_packages(in("envs/pkg")));
    CHECK(mkdir(info, 0777) == 0, "a distribution's dist-info");
    char file[4600];
    snprintf(file, sizeof file, "%s/METADATA", info);
    CHECK(spill(file, "Metadata-Version: 2.1\nName: unobtainable\nVersion: 1.0\n") == 0, "METADATA");
    snprintf(file, sizeof file, "%s/INSTALLER", info);
    CHECK(spill(file, "pip\n") == 0, "INSTALLER");
    snprintf(file, sizeof file, "%s/RECORD", info);
    CHECK(spill(file, "unobtainable-1.0.dist-info/METADATA,,\n") == 0, "RECORD");
    char *cfg_before = strdup(slurp(in("envs/pkg/pyvenv.cfg")));
    const char *links[] = { in("wheels") };
    bopts.prune = 0;
    bopts.no_index = 1;
    bopts.find_links = links;
    bopts.find_links_count = 1;
    CHECK(venv_rebuild(in("envs/pkg"), &bopts) == VENV_ERROR, "pip fails");
    CHECK(strstr(venv_error_last()->message, "unobtainable") != NULL, "the message names the package");
    CHECK(strcmp(slurp(in("envs/pkg/pyvenv.cfg")), cfg_before) == 0 && exists(info), "the environment untouched");
    CHECK(!exists(in("envs/pkg.swift-venv-old")) && !exists(in("envs/pkg.swift-venv-requirements.txt"))
          && !exists(in("envs/.pkg.swift-venv-rebuild")), "nothing left beside it");
    free(cfg_before);

    /* Rebuild's refusals. */
    bopts.find_links = NULL;
    bopts.find_links_count = 0;
    bopts.no_index = 0;
    CHECK(venv_rebuild(in("plain"), &bopts) == VENV_ENOTVENV, "not an environment");
    CHECK(venv_rebuild(in("envs/r"), NULL) == VENV_EINVALID, "NULL opts");
    CHECK(venv_rebuild(NULL, &bopts) == VENV_EINVALID, "NULL env_dir");
    CHECK(venv_rebuild("\xff", &bopts) == VENV_EINVALID, "non-UTF-8 env_dir");
    CHECK(venv_rebuild("", &bopts) == VENV_EINVALID, "empty env_dir");
    bopts.find_links_count = 1;
    CHECK(venv_rebuild(in("envs/r"), &bopts) == VENV_EINVALID, "find_links NULL with a count");
    bopts.find_links_count = 0;
    venv_rebuild_options bbad = VENV_REBUILD_OPTIONS_INIT;
    CHECK(venv_rebuild(in("envs/r"), &bbad) == VENV_EINVALID, "NULL python");
    bbad.python = python;
    bbad.version = 99;
    CHECK(venv_rebuild(in("envs/r"), &bbad) == VENV_EINVALID, "bad rebuild options version");
    bopts.python = in("no-such-python");
    CHECK(venv_rebuild(in("envs/r"), &bopts) == VENV_ENOPYTHON, "no such python");
    CHECK(!exists(in("envs/r.swift-venv-old")) && healthy(in("envs/r")), "r as it was");

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
