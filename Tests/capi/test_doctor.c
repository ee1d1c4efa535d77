/*
 * Tests venv_doctor and its accessors (issue 25) through the built
 * libvenv.so: a healthy environment, one whose base is gone (pyvenv.cfg's
 * home naming a directory that does not exist), find's records carrying the
 * codes, options and error paths. Run under valgrind by Tests/suites/50-capi.sh.
 *
 *   test_doctor PYTHON SCRATCH_DIR
 *
 * Prints one line per failure and closes with "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "venv.h"
#include "check.h"

struct found {
    const char *prefix;
    int problems;
    int base_missing;
};

static int receive(const venv_python *python, void *payload) {
    struct found *found = payload;
    const char *prefix = venv_python_prefix(python);
    if (prefix && strcmp(prefix, found->prefix) == 0) {
        found->problems = (int)venv_python_problems_count(python);
        for (size_t i = 0; i < venv_python_problems_count(python); i++)
            if (strcmp(venv_python_problems_at(python, i), "base-missing") == 0) found->base_missing = 1;
        found->base_missing += venv_python_problems_at(python, venv_python_problems_count(python)) == NULL ? 0 : 100;
    }
    return 0;
}

int main(int argc, char **argv) {
    venv_create_options opts;
    if (!start(argc, argv, &opts)) return 2;
    mkdir(in("envs"), 0777);
    CHECK(venv_create(in("envs/good"), &opts) == VENV_OK, "create good");
    CHECK(venv_create(in("envs/gone"), &opts) == VENV_OK, "create gone");
    /* The base of "gone" is elsewhere: its home names nothing. */
    FILE *cfg = fopen(in("envs/gone/pyvenv.cfg"), "w");
    CHECK(cfg != NULL, "open pyvenv.cfg");
    if (cfg) {
        fprintf(cfg, "home = %s\ninclude-system-site-packages = false\nversion = 3.12.1\n", in("no-such-base/bin"));
        fclose(cfg);
    }

    /* Options. */
    venv_doctor_options options;
    CHECK(venv_doctor_options_init(&options, VENV_DOCTOR_OPTIONS_VERSION) == VENV_OK, "options init");
    CHECK(options.version == VENV_DOCTOR_OPTIONS_VERSION && options.list_replacements == 1, "defaults");
    CHECK(venv_doctor_options_init(&options, VENV_DOCTOR_OPTIONS_VERSION + 1) == VENV_EINVALID, "unknown version");
    CHECK(venv_doctor_options_init(NULL, VENV_DOCTOR_OPTIONS_VERSION) == VENV_EINVALID, "NULL options");

    /* A healthy environment. */
    venv_diagnosis *d = (venv_diagnosis *)1;
    CHECK(venv_doctor(&d, in("envs/good"), NULL) == VENV_OK, "doctor good");
    CHECK(venv_diagnosis_healthy(d) == 1 && venv_diagnosis_problem_count(d) == 0, "healthy");
    CHECK(strcmp(venv_diagnosis_environment(d), in("envs/good")) == 0, "environment");
    CHECK(venv_diagnosis_version(d) && venv_diagnosis_base_version(d)
          && strcmp(venv_diagnosis_version(d), venv_diagnosis_base_version(d)) == 0, "versions agree");
    CHECK(venv_diagnosis_home(d) != NULL && venv_diagnosis_base_executable(d) != NULL, "home, base");
    CHECK(venv_diagnosis_problem_code(d, 0) == NULL && venv_diagnosis_replacement_count(d) == 0, "nothing past the end");
    char *json = NULL;
    CHECK(venv_diagnosis_to_json(&json, d) == VENV_OK && json && strstr(json, "\"healthy\": true"), "json");
    venv_string_free(json);
    venv_diagnosis_free(d);

    /* The base gone, with and without replacements. */
    d = NULL;
    CHECK(venv_doctor(&d, in("envs/gone"), &options) == VENV_OK, "doctor gone");
    CHECK(venv_diagnosis_healthy(d) == 0 && venv_diagnosis_problem_count(d) >= 1, "not healthy");
    CHECK(strcmp(venv_diagnosis_problem_code(d, 0), "base-missing") == 0, "base-missing first");
    CHECK(strcmp(venv_diagnosis_problem_path(d, 0), in("no-such-base/bin")) == 0, "the home");
    CHECK(strstr(venv_diagnosis_problem_cause(d, 0), "gone") != NULL, "cause");
    CHECK(strncmp(venv_diagnosis_problem_remedy(d, 0), "swift-venv ", 11) == 0, "remedy");
    CHECK(venv_diagnosis_base_version(d) == NULL, "no base version");
    size_t replacements = venv_diagnosis_replacement_count(d);
    CHECK(replacements >= 1, "the base of good could replace it");
    CHECK(replacements == 0 || (venv_diagnosis_replacement_version(d, 0) && venv_diagnosis_replacement_executable(d, 0)),
          "replacement fields");
    CHECK(venv_diagnosis_replacement_version(d, replacements) == NULL, "replacement past the end");
    venv_diagnosis_free(d);
    options.list_replacements = 0;
    CHECK(venv_doctor(&d, in("envs/gone"), &options) == VENV_OK && venv_diagnosis_replacement_count(d) == 0,
          "without replacements");
    venv_diagnosis_free(d);

    /* find's records carry the codes. */
    const char *paths[] = { in("envs") };
    venv_find_options find = VENV_FIND_OPTIONS_INIT;
    find.search_paths = paths;
    find.search_paths_count = 1;
    struct found found = { in("envs/gone"), 0, 0 };
    CHECK(venv_find(receive, &found, &find) == VENV_OK, "find");
    CHECK(found.base_missing == 1, "find's record of gone says base-missing (and NULL past the end)");

    /* Errors. */
    d = (venv_diagnosis *)1;
    CHECK(venv_doctor(&d, in("envs"), NULL) == VENV_ENOTVENV && d == NULL, "not an environment");
    CHECK(strstr(venv_error_last()->message, "pyvenv.cfg") != NULL, "the message says why");
    CHECK(venv_doctor(&d, in("missing"), NULL) == VENV_ENOTVENV, "missing");
    CHECK(venv_doctor(NULL, in("envs/good"), NULL) == VENV_EINVALID, "NULL out");
    CHECK(venv_doctor(&d, NULL, NULL) == VENV_EINVALID, "NULL env_dir");
    CHECK(venv_doctor(&d, "", NULL) == VENV_EINVALID, "empty env_dir");
    CHECK(venv_doctor(&d, "\xff", NULL) == VENV_EINVALID, "non-UTF-8 env_dir");
    venv_doctor_options bad = { 99, 1 };
    CHECK(venv_doctor(&d, in("envs/good"), &bad) == VENV_EINVALID, "bad options version");
    CHECK(venv_diagnosis_healthy(NULL) == -1 && venv_diagnosis_environment(NULL) == NULL
          && venv_diagnosis_problem_count(NULL) == 0, "NULL handle");
    CHECK(venv_diagnosis_to_json(&json, NULL) == VENV_EINVALID, "json of NULL");
    venv_diagnosis_free(NULL);

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
