#!/usr/bin/env bash
# The C ABI and the Python package: builds and installs libvenv into a
# scratch prefix, checks the library is self-contained and exports only
# venv_*, compiles the C tests and the C example against the installed copy
# via pkg-config (no Swift directory on the library path), runs the C tests
# under valgrind, installs the `libvenv` package with pip into a fresh
# environment and runs its pytest suite and the Python example.
# apt: valgrind pkg-config gcc g++
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d /tmp/swift-venv-capi-XXXXXX)
trap 'rm -rf "$work"' EXIT
# The first interpreter of the matrix (Tests/support/interpreters.py).
python=$(python3 Tests/support/interpreters.py --first)
echo "base interpreter for these tests: $python"
fail() { echo "FAIL: $*"; exit 1; }

prefix="$work/prefix"
scripts/install --python-package "$prefix" >/dev/null
lib="$prefix/lib/libvenv.so"

echo "-- self-contained: ldd names no Swift library"
ldd "$lib"
if ldd "$lib" | grep -qi swift; then fail "libvenv.so depends on a Swift library"; fi
echo "-- exports: only venv_*"
exported=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[A-Z]$/ {print $3}')
echo "$exported"
others=$( { echo "$exported" | grep -v '^venv_'; echo "$exported" | grep '^venv_sys_'; } || true)
[ -z "$others" ] || fail "exports other symbols: $others"
for f in $(grep -oE '\bvenv_[a-z_]+\(' include/venv.h | tr -d '(' | sort -u); do
  grep -qx "$f" <<<"$exported" || fail "$f is declared in venv.h but not exported"
done
grep -q 'SONAME.*libvenv.so.0' <<<"$(readelf -d "$lib")" || fail "no soname libvenv.so.0"

echo "-- the header compiles as C99 and as C++"
gcc -std=c99 -Wall -Wextra -Werror -fsyntax-only -x c include/venv.h
g++ -Wall -Wextra -Werror -fsyntax-only -x c++ include/venv.h

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
unset LD_LIBRARY_PATH
# Compiles Tests/capi/NAME.c against the installed copy and runs it under
# valgrind (no error, no definite leak) in a scratch directory of its own.
under_valgrind() {
  local name=$1
  gcc -std=gnu11 -Wall -Wextra -g "Tests/capi/$name.c" $(pkg-config --cflags --libs venv) -pthread -o "$work/$name"
  mkdir -p "$work/$name-scratch"
  SWIFT_VENV_CACHE_DIR="$work/cache" valgrind -q --error-exitcode=3 --leak-check=full \
    --errors-for-leak-kinds=definite --show-leak-kinds=definite \
    "$work/$name" "$python" "$work/$name-scratch"
}
echo "-- C tests, against the installed copy, under valgrind"
under_valgrind test_capi
echo "-- the store's functions (issue 15), under valgrind"
under_valgrind test_store
echo "-- the packages functions, under valgrind"
under_valgrind test_packages
echo "-- venv_doctor (issue 25), under valgrind"
under_valgrind test_doctor
echo "-- venv_repair and venv_rebuild (issue 25), under valgrind"
under_valgrind test_repair

echo "-- 16 threads x 50 creations through the C ABI"
mkdir -p "$work/stress"
SWIFT_VENV_CACHE_DIR="$work/cache" "$work/test_capi" "$python" "$work/stress" --stress | tee "$work/stress.out"
[ -n "${SWIFT_VENV_FIGURES:-}" ] && tail -1 "$work/stress.out" >> "$SWIFT_VENV_FIGURES"

echo "-- C example"
gcc -std=c99 -Wall -Wextra -Werror examples/create_and_resolve.c $(pkg-config --cflags --libs venv) -o "$work/example"
"$work/example" "$work/example-env" "$python" | tee "$work/example.out"
grep -q "site-packages: $work/example-env/lib/python3" "$work/example.out" || fail "the C example printed no site-packages"

echo "-- the Python package, installed with pip into a fresh environment"
"$prefix/bin/swift-venv" --python "$python" "$work/tools"
"$work/tools/bin/pip" install -q "$(grep '^pytest==' Tests/support/tools.txt)" "$root/python"
"$work/tools/bin/python" examples/create_and_resolve.py "$work/py-example-env" | tee "$work/py-example.out"
grep -q "site-packages: $work/py-example-env/lib/python3" "$work/py-example.out" || fail "the Python example printed no site-packages"
cd "$work" && SWIFT_VENV_BIN="$prefix/bin/swift-venv" "$work/tools/bin/python" -m pytest -q -rs -p no:cacheprovider "$root/python/tests/test_libvenv.py" "$root/python/tests/test_packages.py"
