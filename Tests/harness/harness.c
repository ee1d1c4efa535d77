/*
 * The resolution harness: embeds CPython and lets it compute, as the
 * interpreter at PROGRAM would, sys.prefix, site.getsitepackages() and the
 * rest, then runs CODE (the probe, which prints them as JSON).
 *
 *   harness /ABSOLUTE/PATH/TO/ENV/bin/python CODE
 *
 * PyConfig as FACTS.md §5 says: program_name is the absolute path of the
 * python to impersonate, the environment is ignored (use_environment = 0,
 * so PYTHONHOME/PYTHONPATH cannot leak in), site is imported. One
 * interpreter per process. Built once per CPython version against that
 * version's libpython (see build.sh); exit status 0 when CODE ran.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3 || argv[1][0] != '/') {
        fprintf(stderr, "usage: %s /ABSOLUTE/PATH/TO/python CODE\n", argv[0]);
        return 2;
    }

    PyConfig config;
    PyConfig_InitPythonConfig(&config);
    config.use_environment = 0;
    config.parse_argv = 0;
    config.site_import = 1;

    PyStatus status = PyConfig_SetBytesString(&config, &config.program_name, argv[1]);
    if (PyStatus_Exception(status)) {
        goto fail;
    }
    status = Py_InitializeFromConfig(&config);
    if (PyStatus_Exception(status)) {
        goto fail;
    }
    PyConfig_Clear(&config);

    int rc = PyRun_SimpleString(argv[2]);
    if (Py_FinalizeEx() < 0) {
        return 120;
    }
    return rc == 0 ? 0 : 1;

fail:
    PyConfig_Clear(&config);
    if (PyStatus_IsExit(status)) {
        return status.exitcode;
    }
    Py_ExitStatusException(status);
}
