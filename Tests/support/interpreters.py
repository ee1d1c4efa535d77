"""The interpreter matrix of every test suite, in one place.

Debian's /usr/bin/python3.11 and the newest pyenv build of each of 3.8 to
3.13. Every suite asks this module (Python suites import it; the Swift tests
and shell suites run it), so they all agree on what is tested and on the
name an absent interpreter is skipped by.

    python3 Tests/support/interpreters.py            name<TAB>path of each present one
    python3 Tests/support/interpreters.py --all      also absent ones, path as looked for
    python3 Tests/support/interpreters.py --first    the path of the first present one
"""
import glob
import os
import sys

PYENV_ROOT = os.environ.get("PYENV_ROOT") or os.path.expanduser("~/.pyenv")
MINORS = range(8, 14)


def _version_key(path):
    version = path.split("/versions/")[1].split("/")[0]
    return [int(part) for part in version.split(".") if part.isdigit()]


def _pyenv(minor):
    """The newest ~/.pyenv/versions/3.M.*/bin/python3.M, or the pattern looked for."""
    pattern = f"{PYENV_ROOT}/versions/3.{minor}.*/bin/python3.{minor}"
    found = sorted((p for p in glob.glob(pattern) if "/envs/" not in p), key=_version_key)
    return found[-1] if found else pattern


#: Every interpreter the matrix wants, as (name, path).
WANTED = [("debian-3.11", "/usr/bin/python3.11")] + [(f"pyenv-3.{m}", _pyenv(m)) for m in MINORS]


def present(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


#: The ones on this machine, as (name, path).
PRESENT = [(name, path) for name, path in WANTED if present(path)]
#: The ones missing, as (name, path looked for).
ABSENT = [(name, path) for name, path in WANTED if not present(path)]


def path_of(name):
    return dict(WANTED)[name]


def pytest_params():
    """One pytest.param per wanted interpreter; an absent one skips, by name."""
    import pytest
    return [pytest.param(name, path, id=name,
                         marks=() if present(path) else pytest.mark.skip(reason=f"interpreter {name} absent ({path})"))
            for name, path in WANTED]


if __name__ == "__main__":
    if "--first" in sys.argv:
        if not PRESENT:
            sys.exit("no interpreter of the matrix is present: " + ", ".join(n for n, _ in WANTED))
        print(PRESENT[0][1])
    else:
        for name, path in (WANTED if "--all" in sys.argv else PRESENT):
            print(f"{name}\t{path}")
