"""The C functions of the builder steps (venv_builder_*, venv_create_configured),
from C: Tests/capi/test_builder.c compiled against the header and the
wheel's own libvenv.so, run under valgrind (no error, no definite leak)."""
import os
import shutil

import pytest

import interpreters
from conftest import ROOT, check


def test_builder_steps_from_c(unpacked, work):
    lib_dir = work / "c-lib"
    lib_dir.mkdir()
    os.symlink(str(unpacked / "libvenv" / "libvenv.so"), str(lib_dir / "libvenv.so.0"))
    program = work / "test_builder"
    check(["gcc", "-std=c99", "-Wall", "-Wextra", "-Werror", "-I", ROOT / "include", ROOT / "Tests" / "capi" / "test_builder.c",
           "-L", lib_dir, "-l:libvenv.so.0", "-Wl,-rpath," + str(lib_dir), "-o", program])
    assert interpreters.PRESENT, "no interpreter of the matrix is present"
    python = interpreters.PRESENT[0][1]
    scratch = work / "c-scratch"
    scratch.mkdir()
    valgrind = shutil.which("valgrind")
    assert valgrind, "valgrind is missing (the suite's apt line installs it)"
    out = check([valgrind, "-q", "--error-exitcode=3", "--leak-check=full", "--errors-for-leak-kinds=definite",
                 "--show-leak-kinds=definite", program, python, scratch]).stdout
    assert out.strip().splitlines()[-1].endswith(" failed") and " 0 failed" in out, out
