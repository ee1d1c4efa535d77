/* In-process driver of the `find` bench group: venv_find with a callback
 * that only counts, CALLS times; prints the median and p90 of one call in
 * microseconds and the records per call.
 *
 *   find_bench CALLS
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <venv.h>

static int count(const venv_python *python, void *payload) {
    (void)python;
    ++*(int *)payload;
    return 0;
}

static int compare(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int calls = argc > 1 ? atoi(argv[1]) : 20;
    double *us = calloc((size_t)calls, sizeof *us);
    int records = 0;
    for (int warm = 0; warm < 2; warm++) { records = 0; venv_find(count, &records, NULL); }
    for (int i = 0; i < calls; i++) {
        struct timespec a, b;
        int seen = 0;
        clock_gettime(CLOCK_MONOTONIC, &a);
        if (venv_find(count, &seen, NULL) != VENV_OK) { fprintf(stderr, "%s\n", venv_error_last()->message); return 1; }
        clock_gettime(CLOCK_MONOTONIC, &b);
        us[i] = (b.tv_sec - a.tv_sec) * 1e6 + (b.tv_nsec - a.tv_nsec) / 1e3;
        records = seen;
    }
    qsort(us, (size_t)calls, sizeof *us, compare);
    printf("%.1f %.1f %d\n", us[calls / 2], us[(calls * 9) / 10], records);
    free(us);
    return 0;
}
