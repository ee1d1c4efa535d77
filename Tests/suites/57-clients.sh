#!/usr/bin/env bash
# virtualenv's plugins (issue 23): the clients environment (scripts/clients-env:
# the pins of Tests/support/clients.txt and this tree's libvenv) runs
# Tests/clients: creation without activation scripts, install-wheels
# against pip, and virtualenv's own tests/unit/create and tests/unit/seed from its sdist (fetched once,
# cached), unmodified, with our creator and seeder installed and selected;
# tox, nox, pre-commit, hatch and poetry offline; the oldest virtualenv
# claimed (Tests/support/clients-oldest.txt).
# apt: python3.11-venv
. "$(dirname "$0")/../support/suite.sh"
base="${SWIFT_VENV_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-venv/test-tools}"
pins="$root/Tests/support/clients.txt"
clients=$(scripts/clients-env "$pins")
export CLIENTS_OLDEST_PYTHON="$(scripts/clients-env Tests/support/clients-oldest.txt)/bin/python"
version=$(sed -n 's/^virtualenv==//p' "$pins")
sdist=$("$clients/bin/python" "$root/Tests/clients/fetch_sdist.py" virtualenv "$version" "$base/sdists")
export CLIENTS_VIRTUALENV_SRC="$base/sdists/virtualenv-$version"
if [ ! -d "$CLIENTS_VIRTUALENV_SRC/tests/unit" ]; then  # unpacked aside, renamed into place
  unpack=$(mktemp -d "$base/sdists/.unpack-XXXXXX")
  tar -xzf "$sdist" -C "$unpack"
  mv -T "$unpack/virtualenv-$version" "$CLIENTS_VIRTUALENV_SRC" 2>/dev/null || true
  rm -rf "$unpack"
fi
tools_bin="$clients/bin"
run_pytest Tests/clients "$@"
