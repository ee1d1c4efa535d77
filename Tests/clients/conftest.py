"""Fixtures of the clients suite (issue 23, Tests/suites/57-clients.sh): the
swift-venv under test, the base interpreter, and wheels written here.

The suite runs in the clients environment (Tests/support/clients.txt, with
the libvenv package of this tree installed), so `import libvenv` and
virtualenv with our plugins are there."""
import os
import sys

import pytest

# pre-commit's own tests, run by test_own_tests.py in a pytest of their own.
collect_ignore = ["pre-commit"]

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "Tests", "support"))
sys.path.insert(0, os.path.join(ROOT, "Tests", "pip"))
import interpreters  # noqa: E402
import pip_compare  # noqa: E402
import testkit  # noqa: E402

BIN = testkit.swift_venv_bin()
PYTHON = interpreters.PRESENT[0][1]
CLEAN = {k: v for k, v in os.environ.items()
         if k not in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PIP_CONFIG_FILE", "PIP_INDEX_URL",
                      "PIP_FIND_LINKS", "VIRTUALENV_CREATOR", "VIRTUALENV_SEEDER")}
CLEAN.update(PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1", PIP_NO_CACHE_DIR="1")


def run(*args, check=True, env=None, cwd=None):
    """testkit.run with CLEAN as the default environment, stderr in stdout."""
    return testkit.run(args, env=env or CLEAN, cwd=cwd, check=check, merge=True)


def run_shadowed(tmp_path, package, code):
    """CODE's output, run by this python with an empty package PACKAGE first
    on sys.path: a tool of another shape than the one a plugin knows."""
    fake = tmp_path / "fake" / package
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    return run(sys.executable, "-c", "import sys; sys.path.insert(0, %r)\n" % str(tmp_path / "fake") + code).stdout


def write_wheel(directory, name="demo", version="1.0", tag="py3-none-any"):
    """A wheel with everything pip's installer treats: a package, a module,
    console and gui scripts, .data/scripts with `#!python` and without,
    .data/headers and .data/data, an executable member."""
    data = "%s-%s.data" % (name, version)
    files = {
        "%s/__init__.py" % name: "import sys\n\ndef main():\n    print('%s', sys.prefix)\n" % name,
        "%s/tool.sh" % name: "#!/bin/sh\necho tool\n",
        "%s_single.py" % name: "VALUE = 1\n",
        data + "/scripts/%s-fixed" % name: "#!python\nprint('fixed')\n",
        data + "/scripts/%s-plain" % name: "#!/bin/sh\necho plain\n",
        data + "/headers/%s.h" % name: "/* header */\n",
        data + "/data/share/%s/data.txt" % name: "data\n",
    }
    executable = ["%s/tool.sh" % name, data + "/scripts/%s-fixed" % name, data + "/scripts/%s-plain" % name]
    main = "%s:main" % name
    return str(testkit.write_wheel(directory, name, version, files=files, executable=executable, tag=tag,
                                   scripts={name: main, name + "-extra": main}, gui_scripts={name + "-gui": main}))


@pytest.fixture
def wheels(tmp_path):
    directory = tmp_path / "wheels"
    directory.mkdir()
    return [write_wheel(str(directory)), write_wheel(str(directory), "other", "2.0")]


def same_as(ours, reference):
    """pip_compare (the pip suite's file-by-file comparison) says no difference."""
    import io
    out = io.StringIO()
    saved, sys.stdout = sys.stdout, out
    try:
        status = pip_compare.main(os.path.abspath(str(ours)), os.path.abspath(str(reference)))
    finally:
        sys.stdout = saved
    assert status == 0, "differs from pip's install:\n" + out.getvalue()[:3000]
