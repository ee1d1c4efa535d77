#!/usr/bin/env bash
# The Python package (issue 17): `pip wheel ./python`, `pip install ./python`
# and `python -m build python` build libvenv.so through the package's own
# backend; the wheel's tag is checked with auditwheel; for every interpreter
# of the matrix, `python -m libvenv` makes a fresh environment whose pip
# installs the wheel, and there: libvenv.EnvBuilder against the
# interpreter's own venv (python/tests/check_builder.py), `python -m libvenv`
# against `python -m venv`, and the interpreter's own Lib/test/test_venv.py
# with venv.EnvBuilder and venv.create replaced by libvenv's.
# apt: libpython3.11-testsuite python3-venv binutils gcc valgrind
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
if [ -z "${SWIFT_VENV_CACHE_DIR:-}" ]; then  # a cache of its own, removed at the end
  SWIFT_VENV_CACHE_DIR="$(mktemp -d /tmp/swift-venv-suite-XXXXXX)/cache"
  trap 'rm -rf "$(dirname "$SWIFT_VENV_CACHE_DIR")"' EXIT
fi
export SWIFT_VENV_CACHE_DIR
unset LIBVENV_PATH PYTHONPATH

# The pinned tools (Tests/support/tools.txt): pytest, build, auditwheel.
tools_bin=$(scripts/tools-env)
"$tools_bin/python" -c 'import importlib.metadata as m; print("== tools:", ", ".join("%s %s" % (n, m.version(n)) for n in ("pytest", "build", "auditwheel")))'

cd "$root/python/tests"
"$tools_bin/python" -m pytest -p no:cacheprovider -rs -q \
  test_packaging.py test_builder.py test_capi_builder.py test_cpython_venv.py test_sdist.py "$@"
