/*
 * Tests every function of include/venv.h through the built libvenv.so,
 * error paths included. Run under valgrind (or AddressSanitizer) by
 * Tests/suites/50-capi.sh.
 *
 *   test_capi PYTHON SCRATCH_DIR            every function, every error path
 *   test_capi PYTHON SCRATCH_DIR --threads  only the threaded checks (8 threads
 *                                           failing, then creating, at once), for
 *                                           ThreadSanitizer
 *   test_capi PYTHON SCRATCH_DIR --stress [ROUNDS]
 *                                           16 threads x ROUNDS (default 50) creations
 *
 * Prints one line per check and closes with "N passed, N failed".
 */
#define _GNU_SOURCE /* MAP_ANONYMOUS under -std=c99 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "venv.h"

static int passed, failed;
static pthread_mutex_t report_lock = PTHREAD_MUTEX_INITIALIZER;

#define CHECK(cond, ...) check((cond), #cond, __LINE__, __VA_ARGS__)

static void check(int ok, const char *expr, int line, const char *fmt, ...) {
    pthread_mutex_lock(&report_lock);
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s: %s (last error: %d %s)\n", line, fmt, expr, venv_error_last()->code,
               venv_error_last()->message);
    }
    pthread_mutex_unlock(&report_lock);
}

static const char *python;
static char scratch[4096];

static char *path_in(const char *name) {
    static __thread char buffers[4][4200];
    static __thread int next;
    char *buffer = buffers[next++ % 4];
    snprintf(buffer, sizeof buffers[0], "%s/%s", scratch, name);
    return buffer;
}

static int contains(const char *haystack, const char *needle) {
    return haystack && needle && strstr(haystack, needle) != NULL;
}

static void test_version_and_initial_error(void) {
    int major = -1, minor = -1, patch = -1;
    venv_version(&major, &minor, &patch);
    CHECK(major == VENV_VERSION_MAJOR && minor == VENV_VERSION_MINOR && patch == VENV_VERSION_PATCH, "version");
    venv_version(NULL, NULL, NULL); /* must not crash */
    const venv_error *error = venv_error_last();
    CHECK(error != NULL, "error never NULL");
    CHECK(error->code == VENV_OK && error->message && error->message[0] == '\0', "no error yet");
}

static void test_options_init(void) {
    venv_create_options opts;
    memset(&opts, 0x5a, sizeof opts);
    CHECK(venv_create_options_init(NULL, VENV_CREATE_OPTIONS_VERSION) == VENV_EINVALID, "NULL opts");
    CHECK(contains(venv_error_last()->message, "opts"), "message names opts");
    CHECK(venv_create_options_init(&opts, 0) == VENV_EINVALID, "version 0");
    CHECK(venv_create_options_init(&opts, VENV_CREATE_OPTIONS_VERSION + 1) == VENV_EINVALID, "version + 1");
    CHECK(venv_error_last()->code == VENV_EINVALID, "error code kept");
    CHECK(venv_create_options_init(&opts, VENV_CREATE_OPTIONS_VERSION) == VENV_OK, "init");
    CHECK(venv_error_last()->code == VENV_OK, "success clears the error");
    venv_create_options expected = VENV_CREATE_OPTIONS_INIT;
    CHECK(opts.version == expected.version && opts.python == NULL && opts.system_site_packages == 0 &&
              opts.link == VENV_LINK_DEFAULT && opts.clear == 0 && opts.upgrade == 0 && opts.with_pip == 1 &&
              opts.prompt == NULL && opts.upgrade_deps == 0 && opts.scm_ignore_files == 1 &&
              opts.allow_existing == 0 && opts.force == 0 && opts.command == NULL && opts.prompt_literal == NULL &&
              opts.relocatable == 0,
          "init equals VENV_CREATE_OPTIONS_INIT");
}

static void test_create_errors(void) {
    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.python = python;
    opts.with_pip = 0;

    CHECK(venv_create(NULL, &opts) == VENV_EINVALID, "NULL env_dir");
    CHECK(contains(venv_error_last()->message, "env_dir"), "names env_dir");
    CHECK(venv_create("", &opts) == VENV_EINVALID, "empty env_dir");
    CHECK(venv_create("\xff\xfe-not-utf8", &opts) == VENV_EINVALID, "non-UTF-8 env_dir");
    CHECK(venv_create(path_in("a:b"), &opts) == VENV_EINVALID, "':' in env_dir");
    CHECK(contains(venv_error_last()->message, path_in("a:b")), "names the path");

    venv_create_options bad = opts;
    bad.version = 0;
    CHECK(venv_create(path_in("v0"), &bad) == VENV_EINVALID, "options version 0");
    bad.version = VENV_CREATE_OPTIONS_VERSION + 1;
    CHECK(venv_create(path_in("v2"), &bad) == VENV_EINVALID, "options version + 1");
    bad = opts;
    bad.link = 7;
    CHECK(venv_create(path_in("link7"), &bad) == VENV_EINVALID, "bad link");
    bad = opts;
    bad.clear = bad.upgrade = 1;
    CHECK(venv_create(path_in("clearupgrade"), &bad) == VENV_EINVALID, "clear and upgrade");
    bad = opts;
    bad.python = "\xff";
    CHECK(venv_create(path_in("badpython"), &bad) == VENV_EINVALID, "non-UTF-8 python");
    bad.python = "/nonexistent/python3";
    CHECK(venv_create(path_in("nopython"), &bad) == VENV_ENOPYTHON, "missing python");
    CHECK(access(path_in("nopython"), F_OK) != 0, "nothing written");

    char long_name[400];
    memset(long_name, 'n', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    CHECK(venv_create(path_in(long_name), &opts) == VENV_EINVALID, "over-long name");
    CHECK(contains(venv_error_last()->message, "shorter path"), "says to shorten it");
    FILE *broken = fopen(path_in("broken-python"), "w");
    fputs("#!/bin/sh\nexit 3\n", broken);
    fclose(broken);
    chmod(path_in("broken-python"), 0755);
    bad = opts;
    bad.python = path_in("broken-python");
    CHECK(venv_create(path_in("with-broken"), &bad) == VENV_ENOPYTHON, "broken interpreter");
    CHECK(access(path_in("with-broken"), F_OK) != 0, "nothing written");

    FILE *f = fopen(path_in("a-file"), "w");
    fputs("x", f);
    fclose(f);
    CHECK(venv_create(path_in("a-file"), &opts) == VENV_EEXISTS, "file in the way");

    mkdir(path_in("foreign"), 0755);
    f = fopen(path_in("foreign/data.txt"), "w");
    fclose(f);
    bad = opts;
    bad.clear = 1;
    CHECK(venv_create(path_in("foreign"), &bad) == VENV_ENOTVENV, "clear without pyvenv.cfg");
    CHECK(access(path_in("foreign/data.txt"), F_OK) == 0, "foreign file kept");
    CHECK(venv_create(path_in("foreign"), &opts) == VENV_EEXISTS, "non-empty foreign directory");
}

/* The error's appended fields: the path concerned, the errno (none here). */
static void test_error_fields(void) {
    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.python = python;
    opts.with_pip = 0;
    CHECK(venv_create(path_in("x:y"), &opts) == VENV_EINVALID, "':' in env_dir");
    CHECK(venv_error_last()->path && strcmp(venv_error_last()->path, path_in("x:y")) == 0, "error names the path");
    CHECK(venv_error_last()->sys_errno == 0, "no system call failed");
    CHECK(venv_create(path_in("a-file/below"), &opts) != VENV_OK, "a file as parent");
    CHECK(venv_error_last()->path && strstr(venv_error_last()->path, "a-file"), "error names the file");
    CHECK(venv_create(NULL, &opts) == VENV_EINVALID && venv_error_last()->path == NULL, "no path for a NULL argument");
    venv_version(NULL, NULL, NULL);
}

/* A caller built against version 1 of the options: its struct ends where
 * version 2's first field would begin, here at the very end of a mapped page
 * followed by an unmapped one. Reading (or initialising) past its version's
 * fields would fault. */
static void test_options_read_by_version(void) {
    long page = sysconf(_SC_PAGESIZE);
    char *pages = mmap(NULL, 2 * page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(pages != MAP_FAILED, "mmap");
    if (pages == MAP_FAILED) return;
    CHECK(mprotect(pages + page, page, PROT_NONE) == 0, "guard page");
    size_t v1_size = offsetof(venv_create_options, command);
    venv_create_options *v1 = (venv_create_options *)(pages + page - v1_size);
    CHECK(venv_create_options_init(v1, 1) == VENV_OK, "init of a version-1 struct writes only its fields");
    CHECK(v1->version == 1 && v1->with_pip == 1 && v1->force == 0, "version-1 defaults");
    v1->python = python;
    v1->with_pip = 0;
    CHECK(venv_create(path_in("v1-options"), v1) == VENV_OK, "create with a version-1 struct at a page's end");
    char cfg[4300];
    snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", path_in("v1-options"));
    FILE *f = fopen(cfg, "r");
    char text[8192] = {0};
    if (f) { fread(text, 1, sizeof text - 1, f); fclose(f); }
    CHECK(!contains(text, "command = ") || contains(text, "command = swift-venv") || contains(text, "/swift-venv"),
          "a version-1 caller gets swift-venv's own command line");
    munmap(pages, 2 * page);

    /* Version 2's field, read when the caller declares version 2. */
    venv_create_options v2 = VENV_CREATE_OPTIONS_INIT;
    v2.python = python;
    v2.with_pip = 0;
    v2.command = "my-tool --flag";
    CHECK(venv_create(path_in("v2-options"), &v2) == VENV_OK, "create with version 2");
    snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", path_in("v2-options"));
    f = fopen(cfg, "r");
    memset(text, 0, sizeof text);
    if (f) { fread(text, 1, sizeof text - 1, f); fclose(f); }
    CHECK(!contains(text, "command = ") || contains(text, "command = my-tool --flag\n"), "command is written as given");
    CHECK(!contains(text, "relocatable"), "a version-2 caller's environment is not relocatable");

    /* A version-2 struct ends before version 3's relocatable: init leaves what follows alone. */
    unsigned char raw[sizeof(venv_create_options)];
    memset(raw, 0x5a, sizeof raw);
    CHECK(venv_create_options_init((venv_create_options *)raw, 2) == VENV_OK, "init of a version-2 struct");
    size_t v2_end = offsetof(venv_create_options, relocatable);
    int untouched = 1;
    for (size_t i = v2_end; i < sizeof raw; i++) untouched &= raw[i] == 0x5a;
    CHECK(untouched, "version-2 init writes nothing past prompt_literal");

    /* Version 3's relocatable. */
    venv_create_options v3 = VENV_CREATE_OPTIONS_INIT;
    v3.python = python;
    v3.with_pip = 0;
    v3.relocatable = 1;
    CHECK(venv_create(path_in("v3-relocatable"), &v3) == VENV_OK, "create with relocatable");
    snprintf(cfg, sizeof cfg, "%s/pyvenv.cfg", path_in("v3-relocatable"));
    f = fopen(cfg, "r");
    memset(text, 0, sizeof text);
    if (f) { fread(text, 1, sizeof text - 1, f); fclose(f); }
    CHECK(contains(text, "\nrelocatable = true\n"), "pyvenv.cfg says relocatable = true");
    snprintf(cfg, sizeof cfg, "%s/bin/activate", path_in("v3-relocatable"));
    f = fopen(cfg, "r");
    memset(text, 0, sizeof text);
    if (f) { fread(text, 1, sizeof text - 1, f); fclose(f); }
    CHECK(contains(text, "if [ 'yes' = yes ]; then"), "bin/activate finds the environment from where it is");

    /* A version-3 struct ends before version 4's scripts: init leaves what follows alone. */
    memset(raw, 0x5a, sizeof raw);
    CHECK(venv_create_options_init((venv_create_options *)raw, 3) == VENV_OK, "init of a version-3 struct");
    size_t v3_end = offsetof(venv_create_options, scripts);
    untouched = 1;
    for (size_t i = v3_end; i < sizeof raw; i++) untouched &= raw[i] == 0x5a;
    CHECK(untouched, "version-3 init writes nothing past relocatable");

    /* Version 4's scripts = 0: no activation scripts, venv's own path rules
     * ('%' is refused only for our scripts' sake), and a file in the
     * environment's way replaced, as venv replaces it. */
    venv_create_options v4 = VENV_CREATE_OPTIONS_INIT;
    CHECK(v4.scripts == 1, "scripts defaults to 1");
    v4.python = python;
    v4.with_pip = 0;
    CHECK(venv_create(path_in("v4%scripts"), &v4) == VENV_EINVALID, "'%' refused with activation scripts");
    v4.scripts = 0;
    CHECK(venv_create(path_in("v4%scripts"), &v4) == VENV_OK, "'%' accepted without activation scripts");
    snprintf(cfg, sizeof cfg, "%s/bin/activate", path_in("v4%scripts"));
    struct stat st;
    CHECK(stat(cfg, &st) != 0, "no bin/activate without scripts");
    char dir[4300], file[4400];
    snprintf(dir, sizeof dir, "%s", path_in("v4-foreign"));
    mkdir(dir, 0755);
    snprintf(file, sizeof file, "%s/bin", dir);
    mkdir(file, 0755);
    snprintf(file, sizeof file, "%s/bin/python", dir);
    f = fopen(file, "w");
    if (f) { fputs("in the way\n", f); fclose(f); }
    v4.scripts = 1;
    CHECK(venv_create(dir, &v4) == VENV_EEXISTS, "a directory holding files is refused with activation scripts");
    v4.scripts = 0;
    CHECK(venv_create(dir, &v4) == VENV_OK, "and used as venv uses it without them");
    CHECK(lstat(file, &st) == 0 && S_ISLNK(st.st_mode), "the file in the way was replaced by the link");
}

static void test_create_and_resolve(void) {
    venv_create_options opts;
    venv_create_options_init(&opts, VENV_CREATE_OPTIONS_VERSION);
    opts.python = python;
    opts.with_pip = 0;
    opts.prompt = "c prompt";
    char env[4200];
    snprintf(env, sizeof env, "%s", path_in("env"));
    CHECK(venv_create(env, &opts) == VENV_OK, "create");
    CHECK(venv_create(env, &opts) == VENV_OK, "create twice updates it in place, as venv does");
    opts.allow_existing = 1;
    CHECK(venv_create(env, &opts) == VENV_OK, "allow_existing reuses");
    opts.allow_existing = 0;
    opts.force = 1;
    CHECK(venv_create(env, &opts) == VENV_EINVALID, "force without clear");
    opts.force = 0;
    CHECK(venv_create(path_in("defaults"), NULL) == VENV_OK || venv_error_last()->code == VENV_ENOPYTHON,
          "NULL options mean defaults");

    venv_info *info = (venv_info *)0x1;
    CHECK(venv_resolve(&info, NULL) == VENV_EINVALID && info == NULL, "NULL path, out cleared");
    CHECK(venv_resolve(NULL, env) == VENV_EINVALID, "NULL out");
    CHECK(venv_resolve(&info, "\xff") == VENV_EINVALID, "non-UTF-8 path");
    CHECK(venv_resolve(&info, path_in("no-such-env")) < 0 && info == NULL, "missing path fails");
    CHECK(contains(venv_error_last()->message, path_in("no-such-env")), "names the missing path");
    CHECK(venv_resolve(&info, path_in("foreign")) == VENV_ENOTVENV, "a directory that is not a venv");

    CHECK(venv_resolve(&info, env) == VENV_OK && info != NULL, "resolve");
    if (!info) return;
    CHECK(venv_error_last()->code == VENV_OK, "success clears the error");
    CHECK(strcmp(venv_info_prefix(info), env) == 0, "prefix");
    CHECK(strcmp(venv_info_exec_prefix(info), env) == 0, "exec_prefix");
    CHECK(venv_info_base_prefix(info) && venv_info_base_prefix(info)[0] == '/', "base_prefix");
    CHECK(venv_info_base_exec_prefix(info) && venv_info_base_exec_prefix(info)[0] == '/', "base_exec_prefix");
    CHECK(venv_info_version(info) && venv_info_version(info)[0] == '3', "version");
    CHECK(venv_info_home(info) != NULL, "home");
    CHECK(contains(venv_info_executable(info), env), "executable");
    CHECK(venv_info_base_executable(info) != NULL, "base_executable");
    CHECK(venv_info_prompt(info) && strcmp(venv_info_prompt(info), "c prompt") == 0, "prompt");
    CHECK(contains(venv_info_purelib(info), env) && contains(venv_info_platlib(info), env), "lib paths");
    CHECK(contains(venv_info_scripts(info), env), "scripts");
    CHECK(venv_info_include(info) && venv_info_include(info)[0] == '/', "include (the base's headers)");
    CHECK(venv_info_is_venv(info) == 1, "is_venv");
    CHECK(venv_info_include_system_site_packages(info) == 0, "no system site packages");
    size_t count = venv_info_site_packages_count(info);
    CHECK(count >= 1, "site packages");
    CHECK(contains(venv_info_site_packages_at(info, 0), env), "first site-packages in env");
    CHECK(venv_info_site_packages_at(info, count) == NULL, "past the end is NULL");
    CHECK(venv_info_site_packages_at(info, (size_t)-1) == NULL, "far past the end is NULL");

    char *json = NULL;
    CHECK(venv_info_to_json(&json, info) == VENV_OK && json != NULL, "to_json");
    CHECK(contains(json, "\"site_packages\"") && contains(json, "\"is_venv\": true"), "json keys");
    venv_string_free(json);
    CHECK(venv_info_to_json(NULL, info) == VENV_EINVALID, "to_json NULL out");
    json = (char *)0x1;
    CHECK(venv_info_to_json(&json, NULL) == VENV_EINVALID && json == NULL, "to_json NULL info");
    venv_info_free(info);

    /* NULL-safety of every accessor and free function. */
    CHECK(venv_info_prefix(NULL) == NULL && venv_info_exec_prefix(NULL) == NULL && venv_info_base_prefix(NULL) == NULL &&
              venv_info_base_exec_prefix(NULL) == NULL && venv_info_version(NULL) == NULL && venv_info_home(NULL) == NULL &&
              venv_info_executable(NULL) == NULL && venv_info_base_executable(NULL) == NULL && venv_info_prompt(NULL) == NULL &&
              venv_info_purelib(NULL) == NULL && venv_info_platlib(NULL) == NULL && venv_info_scripts(NULL) == NULL &&
              venv_info_include(NULL) == NULL && venv_info_is_venv(NULL) == 0 &&
              venv_info_include_system_site_packages(NULL) == 0 && venv_info_site_packages_count(NULL) == 0 &&
              venv_info_site_packages_at(NULL, 0) == NULL,
          "accessors accept NULL");
    venv_info_free(NULL);
    venv_string_free(NULL);

    /* The base interpreter itself. */
    CHECK(venv_resolve(&info, python) == VENV_OK, "resolve the base");
    if (!info) return;
    CHECK(venv_info_is_venv(info) == 0 && venv_info_home(info) == NULL && venv_info_prompt(info) == NULL, "a base is no venv");
    venv_info_free(info);
}

static void test_activation(void) {
    const char *env = path_in("env");
    char expected_path[8400];
    const char *envp[] = {"HOME=/somewhere", "PATH=/usr/local/bin:/usr/bin", "PATH=/ignored", NULL};
    venv_activation *a = (venv_activation *)0x1;
    CHECK(venv_activation_env(&a, NULL, envp) == VENV_EINVALID && a == NULL, "NULL env_dir");
    CHECK(venv_activation_env(NULL, env, envp) == VENV_EINVALID, "NULL out");
    CHECK(venv_activation_env(&a, "", envp) == VENV_EINVALID, "empty env_dir");
    CHECK(venv_activation_env(&a, "\xff", envp) == VENV_EINVALID, "non-UTF-8 env_dir");
    CHECK(venv_activation_env(&a, path_in("foreign"), envp) == VENV_ENOTVENV, "not a venv");
    const char *bad_path[] = {"PATH=/usr/bin:\xff", NULL};
    CHECK(venv_activation_env(&a, env, bad_path) == VENV_EINVALID, "non-UTF-8 PATH");

    CHECK(venv_activation_env(&a, env, envp) == VENV_OK && a != NULL, "activation");
    if (!a) return;
    CHECK(venv_activation_set_count(a) == 3 && venv_activation_unset_count(a) == 1, "counts");
    snprintf(expected_path, sizeof expected_path, "%s/bin:/usr/local/bin:/usr/bin", env);
    CHECK(strcmp(venv_activation_set_name(a, 0), "VIRTUAL_ENV") == 0 && strcmp(venv_activation_set_value(a, 0), env) == 0, "VIRTUAL_ENV");
    CHECK(strcmp(venv_activation_set_name(a, 1), "VIRTUAL_ENV_PROMPT") == 0 && strcmp(venv_activation_set_value(a, 1), "c prompt") == 0, "VIRTUAL_ENV_PROMPT");
    CHECK(strcmp(venv_activation_set_name(a, 2), "PATH") == 0 && strcmp(venv_activation_set_value(a, 2), expected_path) == 0, "PATH first definition, bin first");
    CHECK(strcmp(venv_activation_unset_name(a, 0), "PYTHONHOME") == 0, "PYTHONHOME unset");
    CHECK(venv_activation_set_name(a, 3) == NULL && venv_activation_set_value(a, 3) == NULL && venv_activation_unset_name(a, 1) == NULL, "past the end");
    venv_activation_free(a);

    CHECK(venv_activation_env(&a, env, NULL) == VENV_OK, "NULL envp: this process's environment");
    const char *path = getenv("PATH");
    snprintf(expected_path, sizeof expected_path, "%s/bin%s%s", env, path && *path ? ":" : "", path && *path ? path : "");
    CHECK(a && strcmp(venv_activation_set_value(a, 2), expected_path) == 0, "PATH from environ");
    venv_activation_free(a);
    const char *no_path[] = {NULL};
    CHECK(venv_activation_env(&a, env, no_path) == VENV_OK, "no PATH");
    snprintf(expected_path, sizeof expected_path, "%s/bin", env);
    CHECK(a && strcmp(venv_activation_set_value(a, 2), expected_path) == 0, "PATH is bin alone");
    venv_activation_free(a);

    CHECK(venv_activation_set_count(NULL) == 0 && venv_activation_unset_count(NULL) == 0 &&
              venv_activation_set_name(NULL, 0) == NULL && venv_activation_set_value(NULL, 0) == NULL &&
              venv_activation_unset_name(NULL, 0) == NULL,
          "activation accessors accept NULL");
    venv_activation_free(NULL);
}

/* Each thread fails on its own path and must read its own message. */
#define THREADS 8
static pthread_barrier_t barrier;

static void *error_thread(void *arg) {
    long id = (long)arg;
    char name[64];
    snprintf(name, sizeof name, "thread-%ld:colon", id);
    const char *path = path_in(name);
    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.with_pip = 0;
    pthread_barrier_wait(&barrier);
    int rc = venv_create(path, &opts);
    pthread_barrier_wait(&barrier); /* every thread has failed before any reads */
    CHECK(rc == VENV_EINVALID, "thread fails");
    CHECK(contains(venv_error_last()->message, name), "thread reads its own message");
    if (id % 2 == 0) {
        int major;
        venv_create_options scratch_opts;
        venv_create_options_init(&scratch_opts, VENV_CREATE_OPTIONS_VERSION); /* success clears this thread only */
        venv_version(&major, NULL, NULL);
        CHECK(venv_error_last()->code == VENV_OK, "cleared on this thread");
    }
    pthread_barrier_wait(&barrier);
    if (id % 2 == 1) CHECK(contains(venv_error_last()->message, name), "others' success leaves it");
    return NULL;
}

/* Creates the environment `name` (below the scratch directory) and checks
 * that it resolves to itself. */
static void create_and_resolve(const char *name, const char *what) {
    char env[4200];
    snprintf(env, sizeof env, "%s", path_in(name));
    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.python = python;
    opts.with_pip = 0;
    CHECK(venv_create(env, &opts) == VENV_OK, what);
    venv_info *info = NULL;
    CHECK(venv_resolve(&info, env) == VENV_OK && info && strcmp(venv_info_prefix(info), env) == 0, what);
    venv_info_free(info);
}

static void *create_thread(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < 3; i++) {
        char name[64];
        snprintf(name, sizeof name, "threads/env-%ld-%d", id, i);
        create_and_resolve(name, "threaded create and resolve");
    }
    return NULL;
}

/* Runs body(0) ... body(count - 1) in `count` threads at once. */
static void run_threads(void *(*body)(void *), int count) {
    pthread_t threads[64];
    for (long i = 0; i < count; i++) pthread_create(&threads[i], NULL, body, (void *)i);
    for (int i = 0; i < count; i++) pthread_join(threads[i], NULL);
}

/* Stress: 16 threads x stress_rounds creations and resolutions of distinct
 * environments, half of them in one shared directory. */
#define STRESS_THREADS 16
static int stress_rounds = 50;

static void *stress_thread(void *arg) {
    long id = (long)arg;
    for (int i = 0; i < stress_rounds; i++) {
        char name[64];
        snprintf(name, sizeof name, i % 2 ? "stress/shared/env-%ld-%d" : "stress/t%ld/env-%d", id, i);
        create_and_resolve(name, "stress create and resolve");
    }
    return NULL;
}

static int stress(void) {
    run_threads(stress_thread, STRESS_THREADS);
    printf("%d threads x %d creations through the C ABI: %d passed, %d failed\n", STRESS_THREADS, stress_rounds, passed, failed);
    return failed ? 1 : 0;
}

int main(int argc, char **argv) {
    int threads_only = argc == 4 && strcmp(argv[3], "--threads") == 0;
    if (argc == 5) stress_rounds = atoi(argv[4]);
    if (argc < 3 || argc > 5 || (argc >= 4 && !threads_only && strcmp(argv[3], "--stress") != 0)
        || (threads_only && argc != 4) || stress_rounds < 1) {
        fprintf(stderr, "usage: %s PYTHON SCRATCH_DIR [--threads | --stress [ROUNDS]]\n", argv[0]);
        return 2;
    }
    python = argv[1];
    if (!realpath(argv[2], scratch)) {
        perror(argv[2]);
        return 2;
    }
    if (argc >= 4 && !threads_only) return stress();
    if (!threads_only) {
        test_version_and_initial_error();
        test_options_init();
        test_create_errors();
        test_error_fields();
        test_options_read_by_version();
        test_create_and_resolve();
        test_activation();
    }
    pthread_barrier_init(&barrier, NULL, THREADS);
    run_threads(error_thread, THREADS);
    pthread_barrier_destroy(&barrier);
    run_threads(create_thread, THREADS);
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
