/*
 * Creates a virtual environment with libvenv, resolves it, and prints its
 * site-packages directories.
 *
 *   cc create_and_resolve.c $(pkg-config --cflags --libs venv) -o create_and_resolve
 *   ./create_and_resolve ENV_DIR [PYTHON]
 */
#include <stdio.h>
#include <venv.h>

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s ENV_DIR [PYTHON]\n", argv[0]);
        return 2;
    }
    venv_create_options opts = VENV_CREATE_OPTIONS_INIT;
    opts.with_pip = 0;
    opts.python = argc > 2 ? argv[2] : NULL;
    if (venv_create(argv[1], &opts) != VENV_OK) {
        fprintf(stderr, "create failed: %s\n", venv_error_last()->message);
        return 1;
    }
    venv_info *info = NULL;
    if (venv_resolve(&info, argv[1]) != VENV_OK) {
        fprintf(stderr, "resolve failed: %s\n", venv_error_last()->message);
        return 1;
    }
    printf("prefix: %s\n", venv_info_prefix(info));
    printf("python %s, based on %s\n", venv_info_version(info), venv_info_base_prefix(info));
    for (size_t i = 0; i < venv_info_site_packages_count(info); i++)
        printf("site-packages: %s\n", venv_info_site_packages_at(info, i));
    venv_info_free(info);
    return 0;
}
