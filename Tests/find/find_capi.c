/* The find functions of venv.h, run in the test home by test_api.py:
 * prints each record as venv_python_to_json writes it, then a line of the
 * same record read through the accessors (fields tab-separated, list items
 * separated by 0x1f), so the test can compare both with the command line.
 * Exits non-zero on the first contract it sees broken.
 *
 *   find_capi [-w WORKSPACE]... [-s SEARCH_PATH]...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <venv.h>

static int failures = 0;
#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, #cond, venv_error_last()->message); failures++; } } while (0)

static void put(const char *s) { fputs(s ? s : "(null)", stdout); }

static void put_list(const venv_python *p, size_t (*count)(const venv_python *),
                     const char *(*at)(const venv_python *, size_t)) {
    size_t n = count(p);
    for (size_t i = 0; i < n; i++) { if (i) putchar(0x1f); put(at(p, i)); }
    CHECK(at(p, n) == NULL);
}

static int print_record(const venv_python *p, void *payload) {
    int *seen = payload;
    char *json = NULL;
    CHECK(venv_python_to_json(&json, p) == VENV_OK && json != NULL);
    printf("J %s\n", json);
    venv_string_free(json);
    fputs("A ", stdout);
    const char *(*fields[])(const venv_python *) = {
        venv_python_kind, venv_python_executable, venv_python_prefix, venv_python_base_prefix,
        venv_python_version, venv_python_implementation, venv_python_manager, venv_python_creator,
        venv_python_name, venv_python_project, venv_python_error, venv_python_unsupported,
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) { put(fields[i](p)); putchar('\t'); }
    put_list(p, venv_python_site_packages_count, venv_python_site_packages_at); putchar('\t');
    put_list(p, venv_python_sources_count, venv_python_sources_at); putchar('\t');
    put_list(p, venv_python_symlinks_count, venv_python_symlinks_at); putchar('\t');
    put_list(p, venv_python_problems_count, venv_python_problems_at); putchar('\n');
    (*seen)++;
    return 0;
}

static int stop_after_two(const venv_python *p, void *payload) {
    (void)p;
    int *seen = payload;
    return ++*seen == 2 ? 7 : 0;
}

int main(int argc, char **argv) {
    const char *workspaces[16], *search_paths[16];
    size_t nw = 0, ns = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "-w") == 0 && nw < 16) workspaces[nw++] = argv[i + 1];
        else if (strcmp(argv[i], "-s") == 0 && ns < 16) search_paths[ns++] = argv[i + 1];
    }
    venv_find_options opts = VENV_FIND_OPTIONS_INIT;
    opts.workspaces = workspaces; opts.workspaces_count = nw;
    opts.search_paths = search_paths; opts.search_paths_count = ns;

    /* Options: versions 0 and current+1 refused, NULL refused, init fills defaults. */
    venv_find_options other;
    CHECK(venv_find_options_init(&other, 0) == VENV_EINVALID);
    CHECK(venv_find_options_init(&other, VENV_FIND_OPTIONS_VERSION + 1) == VENV_EINVALID);
    CHECK(venv_find_options_init(NULL, VENV_FIND_OPTIONS_VERSION) == VENV_EINVALID);
    CHECK(venv_find_options_init(&other, VENV_FIND_OPTIONS_VERSION) == VENV_OK);
    CHECK(other.version == VENV_FIND_OPTIONS_VERSION && other.workspaces_count == 0 && other.search_paths == NULL);
    other.version = 99;
    int seen = 0;
    CHECK(venv_find(print_record, &seen, &other) == VENV_EINVALID && seen == 0);
    CHECK(strstr(venv_error_last()->message, "version") != NULL);
    other.version = VENV_FIND_OPTIONS_VERSION;
    other.workspaces_count = 1;  /* with a NULL array */
    CHECK(venv_find(print_record, &seen, &other) == VENV_EINVALID && seen == 0);
    CHECK(venv_find(NULL, NULL, &opts) == VENV_EINVALID);

    /* A callback's non-zero value stops the search and is returned. */
    seen = 0;
    CHECK(venv_find(stop_after_two, &seen, &opts) == 7 && seen == 2);

    /* Every record. */
    seen = 0;
    CHECK(venv_find(print_record, &seen, &opts) == VENV_OK && seen > 0);
    fprintf(stderr, "%d records\n", seen);

    /* One Python by spec; a spec nothing matches. */
    venv_python *chosen = NULL;
    CHECK(venv_find_python(&chosen, "3", &opts) == VENV_OK && chosen != NULL);
    if (chosen) { printf("P "); put(venv_python_executable(chosen)); putchar('\n'); }
    venv_python_free(chosen);
    venv_python_free(NULL);
    chosen = (venv_python *)1;
    CHECK(venv_find_python(&chosen, ">=3.99", NULL) == VENV_ENOPYTHON && chosen == NULL);
    CHECK(venv_error_last()->code == VENV_ENOPYTHON && strstr(venv_error_last()->message, ">=3.99") != NULL);
    CHECK(venv_find_python(NULL, "3", NULL) == VENV_EINVALID);
    CHECK(venv_find_python(&chosen, "", NULL) == VENV_EINVALID);
    CHECK(venv_python_to_json(NULL, NULL) == VENV_EINVALID);
    CHECK(venv_python_kind(NULL) == NULL && venv_python_sources_count(NULL) == 0);
    return failures ? 1 : 0;
}
