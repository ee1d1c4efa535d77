#!/usr/bin/env bash
# Builds the harness for one CPython: build.sh PYTHON OUTPUT
#
# PYTHON is a base interpreter (/usr/bin/python3.11, ~/.pyenv/versions/3.12.1/bin/python3.12).
# Debian's system Python links through pkg-config (python-X.Y-embed, package
# python3-dev); any other CPython through its own pythonX.Y-config --embed,
# with an RPATH (not RUNPATH, so LD_LIBRARY_PATH cannot override it) to its
# lib/, because Debian's and pyenv's 3.11 share the soname libpython3.11.so.1.0.
set -euo pipefail
python=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
version=$("$python" -I -S -c 'import sys; print("%d.%d" % sys.version_info[:2])')
prefix=$("$python" -I -S -c 'import sys; print(sys.base_prefix)')

if [ "$prefix" = /usr ]; then
  flags=$(pkg-config --cflags --libs "python-$version-embed")
else
  config="$(dirname "$(realpath "$python")")/python$version-config"
  [ -x "$config" ] || config="$prefix/bin/python$version-config"
  libdir="$prefix/lib"
  flags="$("$config" --includes) $("$config" --ldflags --embed) -Wl,--disable-new-dtags -Wl,-rpath,$libdir"
fi
# shellcheck disable=SC2086
${CC:-cc} -O1 -o "$out" "$here/harness.c" $flags
