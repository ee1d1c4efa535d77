#!/usr/bin/env bash
# virtualenv's plugins (issue 23): the clients environment (scripts/clients-env:
# the pins of Tests/support/clients.txt and this tree's libvenv) runs
# Tests/clients: creation without activation scripts, install-wheels
# against pip, and virtualenv's own tests/unit/create and tests/unit/seed
# from its sdist (fetched once, cached), unmodified, with our creator and
# seeder installed and selected; nox's, pre-commit's and tox's own tests of
# the environments they make (tox's in an environment of their own,
# Tests/support/clients-tox.txt); tox (also with our tox runner), nox,
# pre-commit, hatch and poetry offline;
# the oldest virtualenv claimed (Tests/support/clients-oldest.txt).
# apt: python3.11-venv
. "$(dirname "$0")/../support/suite.sh"
base="${SWIFT_VENV_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-venv/test-tools}"
pins="$root/Tests/support/clients.txt"
clients=$(scripts/clients-env "$pins")
export CLIENTS_OLDEST_PYTHON="$(scripts/clients-env Tests/support/clients-oldest.txt)/bin/python"
export CLIENTS_TOX_PYTHON="$(scripts/clients-env Tests/support/clients-tox.txt)/bin/python"
# NAME's sdist at its pinned version, fetched once (cached), unpacked aside
# and renamed into place; prints the unpacked directory.
sdist() {
  local name=$1 version dir unpack
  version=$(sed -n "s/^$name==//p" "$pins")
  dir="$base/sdists/$name-$version"
  if [ ! -d "$dir/tests" ]; then
    local archive
    archive=$("$clients/bin/python" "$root/Tests/clients/fetch_sdist.py" "$name" "$version" "$base/sdists")
    unpack=$(mktemp -d "$base/sdists/.unpack-XXXXXX")
    tar -xzf "$archive" -C "$unpack"
    mv -T "$unpack/$name-$version" "$dir" 2>/dev/null || true
    rm -rf "$unpack"
  fi
  echo "$dir"
}
CLIENTS_VIRTUALENV_SRC=$(sdist virtualenv)
CLIENTS_NOX_SRC=$(sdist nox)
CLIENTS_TOX_SRC=$(sdist tox)
export CLIENTS_VIRTUALENV_SRC CLIENTS_NOX_SRC CLIENTS_TOX_SRC
tools_bin="$clients/bin"
run_pytest Tests/clients "$@"
