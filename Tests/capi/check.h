/*
 * The check of the C tests that count: CHECK(cond, what) counts a pass, or
 * prints the failed condition with the library's last error and counts a
 * failure; the test closes with printf("%d passed, %d failed\n", passed, failed).
 * Also the scratch directory's paths, in(NAME).
 */
#ifndef SWIFT_VENV_TEST_CHECK_H
#define SWIFT_VENV_TEST_CHECK_H

#include <stdio.h>
#include <stdlib.h>

#include "venv.h"

static int passed, failed;

#define CHECK(cond, what) check((cond), #cond, __LINE__, what)

static void check(int ok, const char *expr, int line, const char *what) {
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL line %d: %s: %s (last error: %d %s)\n", line, what, expr, venv_error_last()->code,
               venv_error_last()->message);
    }
}

/*
 * The test's scratch directory (main fills it with realpath) and in(NAME),
 * a path inside it; four results may be in use at once.
 */
static char scratch[4096];

static char *in(const char *name) {
    static char buffers[4][4200];
    static int next;
    char *buffer = buffers[next++ % 4];
    snprintf(buffer, sizeof buffers[0], "%s/%s", scratch, name);
    return buffer;
}

/*
 * main's arguments, PYTHON SCRATCH_DIR: scratch filled with the directory's
 * real path, and *opts the options that create from PYTHON without pip.
 * 0 after a usage line on stderr (main then returns 2).
 */
static int start(int argc, char **argv, venv_create_options *opts) {
    if (argc != 3 || !realpath(argv[2], scratch)) {
        fprintf(stderr, "usage: %s PYTHON SCRATCH_DIR\n", argv[0]);
        return 0;
    }
    venv_create_options defaults = VENV_CREATE_OPTIONS_INIT;
    *opts = defaults;
    opts->python = argv[1];
    opts->with_pip = 0;
    return 1;
}

#endif
