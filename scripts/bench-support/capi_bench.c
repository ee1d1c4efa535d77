/*
 * In-process benchmark of libvenv through its C ABI, driven by scripts/bench.
 *
 *   capi_bench create DIR PYTHON N      N creations (no pip) into DIR/eNNN
 *   capi_bench bare DIR PYTHON N        the same system calls, made directly
 *   capi_bench resolve ENV N            N resolutions of ENV
 *
 * Prints one line: "<what> n=N median_us=M p25_us=A p75_us=B per_second=R".
 * Nothing is deleted between timed runs (deleting slows some file systems).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "venv.h"

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void report(const char *what, double *t, int n) {
    qsort(t, n, sizeof *t, compare);
    double total = 0;
    for (int i = 0; i < n; i++) total += t[i];
    printf("%s n=%d median_us=%.1f p25_us=%.1f p75_us=%.1f per_second=%.0f\n", what, n, t[n / 2], t[n / 4],
           t[3 * n / 4], n / (total / 1e6));
}

static void write_file(const char *path, const char *text) {
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0 || write(fd, text, strlen(text)) < 0) { perror(path); exit(1); }
    close(fd);
}

/* What a venv without pip is, made with the fewest calls: the directories,
 * the links, pyvenv.cfg and four activation scripts of typical size. */
static void bare_venv(const char *env, const char *python) {
    char p[4096], q[4096];
    static char script[2500];
    if (!script[0]) memset(script, '#', sizeof script - 1);
    mkdir(env, 0777);
    snprintf(p, sizeof p, "%s/bin", env); mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/include", env); mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/lib", env); mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/lib/python3.11", env); mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/lib/python3.11/site-packages", env); mkdir(p, 0777);
    snprintf(p, sizeof p, "%s/lib64", env); symlink("lib", p);
    snprintf(p, sizeof p, "%s/bin/python3", env); symlink(python, p);
    snprintf(p, sizeof p, "%s/bin/python", env); symlink("python3", p);
    snprintf(p, sizeof p, "%s/bin/python3.11", env); symlink("python3", p);
    snprintf(p, sizeof p, "%s/pyvenv.cfg", env);
    snprintf(q, sizeof q, "home = /usr/bin\ninclude-system-site-packages = false\nversion = 3.11.2\n");
    write_file(p, q);
    const char *names[] = {"activate", "activate.csh", "activate.fish", "Activate.ps1"};
    for (int i = 0; i < 4; i++) {
        snprintf(p, sizeof p, "%s/bin/%s", env, names[i]);
        write_file(p, script);
    }
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: see the comment at the top\n"); return 2; }
    const char *mode = argv[1];
    int n = atoi(argv[argc - 1]);
    double *t = calloc(n, sizeof *t);
    char env[4096];
    if (strcmp(mode, "resolve") == 0) {
        for (int i = 0; i < n; i++) {
            venv_info *info = NULL;
            double start = now_us();
            int rc = venv_resolve(&info, argv[2]);
            t[i] = now_us() - start;
            if (rc != VENV_OK) { fprintf(stderr, "%s\n", venv_error_last()->message); return 1; }
            venv_info_free(info);
        }
        report("resolve", t, n);
        return 0;
    }
    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.python = argv[3];
    opts.with_pip = 0;
    for (int i = 0; i < n; i++) {
        snprintf(env, sizeof env, "%s/e%05d", argv[2], i);
        double start = now_us();
        if (strcmp(mode, "bare") == 0) {
            bare_venv(env, argv[3]);
        } else if (venv_create(env, &opts) != VENV_OK) {
            fprintf(stderr, "%s\n", venv_error_last()->message);
            return 1;
        }
        t[i] = now_us() - start;
    }
    report(strcmp(mode, "bare") == 0 ? "bare-syscalls" : "create", t, n);
    return 0;
}
