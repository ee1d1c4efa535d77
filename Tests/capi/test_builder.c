/*
 * The builder steps of venv.h (venv_builder_*, and venv_create's command and prompt_literal):
 * every function, its NULL and bad-argument paths, and the steps in venv's
 * order making an environment.
 *
 *   test_builder PYTHON SCRATCH_DIR
 *
 * Prints a line per failed check and "checks: N ok, N failed" at the end; exits 1 if
 * any failed. Run by python/tests/test_capi_builder.py (under valgrind).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "venv.h"

static int passed, failed;

#define CHECK(cond, ...) do { \
    if (cond) { passed++; } else { failed++; printf("FAIL line %d: ", __LINE__); printf(__VA_ARGS__); \
        printf(" (%s)\n", venv_error_last()->message); } } while (0)

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buffer = calloc(1, 65536);
    size_t n = fread(buffer, 1, 65535, f);
    buffer[n] = 0;
    fclose(f);
    return buffer;
}

static int exists(const char *dir, const char *name) {
    char path[4096];
    struct stat st;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return lstat(path, &st) == 0;
}

static int minor_of(const char *version) { /* "3.X.Y" -> X */
    return atoi(strchr(version, '.') + 1);
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s PYTHON SCRATCH_DIR\n", argv[0]); return 2; }
    const char *python = argv[1], *scratch = argv[2];
    char env[2048], env2[2048], cfg[4096];
    snprintf(env, sizeof env, "%s/stepped", scratch);
    snprintf(env2, sizeof env2, "%s/configured", scratch);

    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.python = python;
    opts.with_pip = 0;
    venv_builder *b = (venv_builder *)1;

    /* NULL and bad arguments */
    CHECK(venv_builder_ensure_directories(NULL, env, &opts) == VENV_EINVALID, "NULL out");
    CHECK(venv_builder_ensure_directories(&b, NULL, &opts) == VENV_EINVALID && b == NULL, "NULL env_dir");
    CHECK(venv_builder_ensure_directories(&b, "bad\xff", &opts) == VENV_EINVALID && b == NULL, "non-UTF-8 env_dir");
    CHECK(venv_builder_ensure_directories(&b, "a:b", &opts) == VENV_EINVALID && b == NULL, "':' in env_dir");
    venv_create_options old = opts;
    old.version = 0;
    CHECK(venv_builder_ensure_directories(&b, env, &old) == VENV_EINVALID && b == NULL, "options version 0");
    CHECK(access(env, F_OK) != 0, "nothing made by the refusals");
    CHECK(venv_builder_create_git_ignore_file(NULL) == VENV_EINVALID, "NULL builder: git ignore");
    CHECK(venv_builder_create_configuration(NULL, 0, NULL, NULL) == VENV_EINVALID, "NULL builder: configuration");
    CHECK(venv_builder_setup_python(NULL) == VENV_EINVALID, "NULL builder: python");
    CHECK(venv_builder_setup_pip(NULL) == VENV_EINVALID, "NULL builder: pip");
    CHECK(venv_builder_setup_scripts(NULL) == VENV_EINVALID, "NULL builder: scripts");
    CHECK(venv_builder_upgrade_dependencies(NULL) == VENV_EINVALID, "NULL builder: upgrade");
    CHECK(venv_builder_env_dir(NULL) == NULL && venv_builder_prompt(NULL) == NULL && venv_builder_bin_name(NULL) == NULL
          && venv_builder_bin_path(NULL) == NULL && venv_builder_lib_path(NULL) == NULL
          && venv_builder_include_path(NULL) == NULL && venv_builder_executable(NULL) == NULL
          && venv_builder_env_executable(NULL) == NULL && venv_builder_version(NULL) == NULL, "NULL accessors");
    venv_builder_free(NULL);

    /* The steps, in venv's order */
    CHECK(venv_builder_ensure_directories(&b, env, &opts) == VENV_OK && b != NULL, "ensure_directories");
    if (b == NULL) { printf("checks: %d ok, %d failed\n", passed, failed); return 1; }
    CHECK(strcmp(venv_builder_env_dir(b), env) == 0, "env_dir %s", venv_builder_env_dir(b));
    CHECK(strcmp(venv_builder_prompt(b), "stepped") == 0, "prompt %s", venv_builder_prompt(b));
    CHECK(strcmp(venv_builder_bin_name(b), "bin") == 0, "bin_name");
    CHECK(strncmp(venv_builder_bin_path(b), env, strlen(env)) == 0, "bin_path %s", venv_builder_bin_path(b));
    CHECK(strstr(venv_builder_lib_path(b), "/site-packages") != NULL, "lib_path %s", venv_builder_lib_path(b));
    CHECK(strstr(venv_builder_include_path(b), "/include") != NULL, "include_path");
    CHECK(venv_builder_executable(b)[0] == '/', "executable %s", venv_builder_executable(b));
    CHECK(strncmp(venv_builder_env_executable(b), venv_builder_bin_path(b), strlen(venv_builder_bin_path(b))) == 0,
          "env_executable %s", venv_builder_env_executable(b));
    int minor = minor_of(venv_builder_version(b));
    CHECK(access(venv_builder_bin_path(b), F_OK) == 0 && access(venv_builder_lib_path(b), F_OK) == 0
          && exists(env, "lib64"), "directories made");
    CHECK(!exists(env, ".gitignore") && !exists(env, "pyvenv.cfg"), "nothing else yet");

    CHECK(venv_builder_create_git_ignore_file(b) == VENV_OK, "git ignore");
    CHECK(exists(env, ".gitignore") == (minor >= 13), ".gitignore only for 3.13+ bases");
    CHECK(venv_builder_create_configuration(b, 0, "my-tool --make it", NULL) == VENV_OK, "configuration");
    snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", env);
    char *text = read_file(cfg);
    CHECK(text && strstr(text, "include-system-site-packages = false\n"), "include-system-site-packages false");
    CHECK(text && (strstr(text, "command = my-tool --make it\n") != NULL) == (minor >= 11), "command as given (3.11+)");
    free(text);
    CHECK(venv_builder_create_configuration(b, 0, "bad\xff", NULL) == VENV_EINVALID, "non-UTF-8 command");
    CHECK(venv_builder_setup_python(b) == VENV_OK, "setup_python");
    CHECK(access(venv_builder_env_executable(b), X_OK) == 0, "bin/python");
    CHECK(venv_builder_setup_scripts(b) == VENV_OK, "setup_scripts");
    CHECK(exists(env, "bin/activate") && exists(env, "bin/activate.fish"), "activation scripts");
    /* No pip in it (nor the base's: system site packages are still off): the upgrade fails, with pip's words. */
    CHECK(venv_builder_upgrade_dependencies(b) == VENV_ERROR && strstr(venv_error_last()->message, "pip"),
          "upgrade without pip fails");
    CHECK(venv_builder_create_configuration(b, 1, NULL, NULL) == VENV_OK, "configuration again");
    text = read_file(cfg);
    CHECK(text && strstr(text, "include-system-site-packages = true\n"), "include-system-site-packages true");
    free(text);
    venv_builder_free(b);
    CHECK(exists(env, "pyvenv.cfg"), "the environment stays after free");

    /* An existing environment is reused, as venv does (and as venv_create
     * updates it); a directory of the user's needs allow_existing. */
    CHECK(venv_builder_ensure_directories(&b, env, &opts) == VENV_OK && b != NULL, "an existing environment reused");
    venv_builder_free(b);
    opts.allow_existing = 1;
    CHECK(venv_builder_ensure_directories(&b, env, &opts) == VENV_OK, "reused with allow_existing");
    CHECK(exists(env, "pyvenv.cfg") && exists(env, "bin/activate"), "reused as it is");
    venv_builder_free(b);
    opts.allow_existing = 0;
    opts.clear = 1;
    opts.force = 1;
    CHECK(venv_builder_ensure_directories(&b, env, &opts) == VENV_OK, "clear");
    CHECK(!exists(env, "pyvenv.cfg") && !exists(env, "bin/activate") && exists(env, "bin"), "cleared, directories remade");
    venv_builder_free(b);
    opts.clear = opts.force = 0;

    /* venv_create with version 2's command and prompt_literal */
    opts.prompt = "True";
    opts.command = "again -m it";
    opts.prompt_literal = "True";
    CHECK(venv_create(env2, &opts) == VENV_OK, "create with command and prompt_literal");
    snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", env2);
    text = read_file(cfg);
    CHECK(text && strstr(text, "prompt = True\n"), "prompt as written");
    CHECK(text && (strstr(text, "command = again -m it\n") != NULL) == (minor >= 11), "command as given");
    free(text);
    opts.command = opts.prompt_literal = NULL;
    opts.force = 1;
    CHECK(venv_create(env2, &opts) == VENV_EINVALID, "force without clear refused");

    printf("checks: %d ok, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
