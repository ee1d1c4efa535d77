/*
 * The packages functions of venv.h (venv_packages_*, venv_freeze_options_init)
 * through the built libvenv.so: an environment seeded with pip is read, each
 * accessor checked on every distribution and past the end, JSON and freeze
 * written, and the NULL and bad-version paths refused. Run under valgrind by
 * Tests/suites/50-capi.sh and under the sanitizers by 70-sanitizers.sh.
 *
 *   test_packages PYTHON SCRATCH_DIR
 *
 * Prints one line per failure and closes with "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "venv.h"
#include "check.h"

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s PYTHON SCRATCH_DIR\n", argv[0]);
        return 2;
    }
    char env[4200];
    snprintf(env, sizeof env, "%s/with-pip", argv[2]);
    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.python = argv[1];
    CHECK(venv_create(env, &opts) == VENV_OK, "create with pip");

    venv_packages *packages = NULL;
    CHECK(venv_packages_read(&packages, env) == VENV_OK && packages != NULL, "read");
    size_t count = venv_packages_count(packages);
    int pip = 0;
    for (size_t i = 0; i < count; i++) {
        const char *name = venv_packages_name(packages, i);
        CHECK(name && *name, "a name");
        CHECK(venv_packages_version(packages, i) != NULL, "a version");
        CHECK(venv_packages_normalized_name(packages, i) != NULL, "a normalized name");
        CHECK(venv_packages_location(packages, i) != NULL, "a location");
        CHECK(venv_packages_installer(packages, i) != NULL, "an installer (maybe empty)");
        CHECK(venv_packages_requested(packages, i) >= 0, "requested");
        CHECK(venv_packages_editable(packages, i) == 0, "nothing editable");
        CHECK(venv_packages_editable_project_location(packages, i) == NULL, "no project location");
        (void)venv_packages_direct_url(packages, i);
        if (name && strcmp(venv_packages_normalized_name(packages, i), "pip") == 0) {
            pip = 1;
            CHECK(strstr(venv_packages_location(packages, i), env) == venv_packages_location(packages, i),
                  "pip is in the environment");
        }
    }
    CHECK(pip, "pip is listed");
    CHECK(venv_packages_name(packages, count) == NULL, "past the end");
    CHECK(venv_packages_version(packages, count) == NULL, "past the end");
    for (size_t i = 0; i < venv_packages_note_count(packages); i++)
        CHECK(venv_packages_note_at(packages, i) != NULL, "a note");
    CHECK(venv_packages_note_at(packages, venv_packages_note_count(packages)) == NULL, "past the last note");

    char *json = NULL;
    CHECK(venv_packages_to_json(&json, packages) == VENV_OK && json && json[0] == '[', "to_json");
    CHECK(json && strstr(json, "\"pip\""), "pip in the JSON");
    venv_string_free(json);

    char *frozen = NULL;
    CHECK(venv_packages_freeze(&frozen, packages, NULL) == VENV_OK && frozen, "freeze");
    CHECK(frozen && !strstr(frozen, "pip=="), "freeze leaves pip out by default");
    venv_string_free(frozen);
    venv_freeze_options fopts;
    CHECK(venv_freeze_options_init(&fopts, VENV_FREEZE_OPTIONS_VERSION) == VENV_OK, "freeze options");
    fopts.all = 1;
    const char *exclude[] = {"setuptools", NULL};
    fopts.exclude = exclude;
    CHECK(venv_packages_freeze(&frozen, packages, &fopts) == VENV_OK && frozen, "freeze --all");
    CHECK(frozen && strstr(frozen, "pip==") && !strstr(frozen, "setuptools=="), "--all keeps pip, exclude drops");
    venv_string_free(frozen);

    CHECK(venv_freeze_options_init(NULL, VENV_FREEZE_OPTIONS_VERSION) == VENV_EINVALID, "NULL options");
    CHECK(venv_freeze_options_init(&fopts, 0) == VENV_EINVALID, "version 0");
    CHECK(venv_freeze_options_init(&fopts, VENV_FREEZE_OPTIONS_VERSION + 1) == VENV_EINVALID, "a future version");
    CHECK(venv_packages_to_json(NULL, packages) == VENV_EINVALID, "NULL out");
    CHECK(venv_packages_freeze(&frozen, NULL, NULL) == VENV_EINVALID, "NULL packages");
    venv_packages_free(packages);
    venv_packages_free(NULL);

    venv_packages *none = NULL;
    char missing[4300];
    snprintf(missing, sizeof missing, "%s/missing", argv[2]);
    CHECK(venv_packages_read(&none, missing) != VENV_OK && none == NULL, "a missing environment");
    CHECK(venv_packages_read(NULL, env) == VENV_EINVALID, "NULL out");

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
