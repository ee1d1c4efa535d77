/*
 * The packages functions of venv.h (venv_packages_*, venv_freeze_options_init,
 * venv_install_wheels) through the built libvenv.so: an environment seeded
 * with pip is read, each accessor checked on every distribution and past the
 * end, JSON and freeze written, a wheel (written by PYTHON) installed and
 * read back, and the NULL and bad-version paths refused. Run under valgrind by
 * Tests/suites/50-capi.sh and under the sanitizers by 70-sanitizers.sh.
 *
 *   test_packages PYTHON SCRATCH_DIR
 *
 * Prints one line per failure and closes with "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "venv.h"
#include "check.h"

/* A pure wheel demo_c 1.0 (one module, its RECORD hashed), written by
 * PYTHON into DIRECTORY; returns its path or NULL. */
static const char *write_wheel(const char *python, const char *directory) {
    static char path[4300];
    char script[4400], command[13000];
    snprintf(path, sizeof path, "%s/demo_c-1.0-py3-none-any.whl", directory);
    snprintf(script, sizeof script, "%s/write_wheel.py", directory);
    FILE *out = fopen(script, "w");
    if (!out) return NULL;
    fputs("import base64, hashlib, sys, zipfile\n"
          "info = 'demo_c-1.0.dist-info/'\n"
          "files = {'demo_c.py': b'X = 1\\n',\n"
          "         info + 'METADATA': b'Metadata-Version: 2.1\\nName: demo-c\\nVersion: 1.0\\n',\n"
          "         info + 'WHEEL': b'Wheel-Version: 1.0\\nGenerator: test_packages\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}\n"
          "rows = ['%s,sha256=%s,%d' % (n, base64.urlsafe_b64encode(hashlib.sha256(d).digest()).rstrip(b'=').decode(), len(d))\n"
          "        for n, d in files.items()] + [info + 'RECORD,,']\n"
          "with zipfile.ZipFile(sys.argv[1], 'w') as whl:\n"
          "    for n, d in files.items(): whl.writestr(n, d)\n"
          "    whl.writestr(info + 'RECORD', '\\n'.join(rows) + '\\n')\n", out);
    fclose(out);
    snprintf(command, sizeof command, "'%s' '%s' '%s'", python, script, path);
    int status = system(command);
    return status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0 ? path : NULL;
}

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

    /* venv_install_wheels: a wheel into an environment without pip, read back. */
    char bare[4300];
    snprintf(bare, sizeof bare, "%s/bare", argv[2]);
    opts.with_pip = 0;
    CHECK(venv_create(bare, &opts) == VENV_OK, "create without pip");
    const char *wheel = write_wheel(argv[1], argv[2]);
    CHECK(wheel != NULL, "the wheel written");
    if (wheel) {
        const char *wheels[] = {wheel};
        CHECK(venv_install_wheels(bare, wheels, 1) == VENV_OK, "install a wheel");
        CHECK(venv_install_wheels(bare, wheels, 1) == VENV_EEXISTS, "installed already");
        venv_packages *installed = NULL;
        CHECK(venv_packages_read(&installed, bare) == VENV_OK && venv_packages_count(installed) == 1, "read back");
        CHECK(installed && strcmp(venv_packages_normalized_name(installed, 0), "demo-c") == 0 &&
              strcmp(venv_packages_version(installed, 0), "1.0") == 0 &&
              strcmp(venv_packages_installer(installed, 0), "pip") == 0, "demo-c 1.0, installer pip");
        venv_packages_free(installed);
        CHECK(venv_install_wheels(bare, wheels, 0) == VENV_EINVALID, "no wheel");
        CHECK(venv_install_wheels(NULL, wheels, 1) == VENV_EINVALID, "NULL env_dir");
        CHECK(venv_install_wheels(argv[2], wheels, 1) == VENV_ENOTVENV, "the scratch directory is no environment");
    }

    venv_packages *none = NULL;
    char missing[4300];
    snprintf(missing, sizeof missing, "%s/missing", argv[2]);
    CHECK(venv_packages_read(&none, missing) != VENV_OK && none == NULL, "a missing environment");
    CHECK(venv_packages_read(NULL, env) == VENV_EINVALID, "NULL out");

    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
