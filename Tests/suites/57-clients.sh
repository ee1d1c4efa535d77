#!/usr/bin/env bash
# virtualenv's plugins (issue 23): the clients environment (the pins of
# Tests/support/clients.txt, cached like scripts/tools-env's, and this
# tree's libvenv package installed into it) runs Tests/clients: creation
# without activation scripts, install-wheels against pip, and virtualenv's
# own tests/unit/create and tests/unit/seed from its sdist (fetched once,
# cached), unmodified, with our creator and seeder installed and selected.
# apt: python3.11-venv
. "$(dirname "$0")/../support/suite.sh"
base="${SWIFT_VENV_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-venv/test-tools}"
pins="$root/Tests/support/clients.txt"
want=$(grep -v '^\s*#' "$pins" | sed '/^\s*$/d' | sort)
clients="$base/clients-$(printf '%s\n' "$want" | sha256sum | cut -c1-16)"
mkdir -p "$base"
# One run at a time uses (and reinstalls libvenv into) the clients environment.
exec 8>"$clients.lock"
flock 8
if [ ! -f "$clients/.requirements" ]; then
  echo "== clients environment: $clients ($(echo $want) from PyPI)" >&2
  rm -rf "$clients"
  /usr/bin/python3 -m venv "$clients" >&2
  "$clients/bin/python" -m pip install --quiet --disable-pip-version-check -r "$pins" >&2 || { rm -rf "$clients"; exit 1; }
  echo "$want" > "$clients/.requirements"
fi
"$clients/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$root/python" >&2
version=$(sed -n 's/^virtualenv==//p' "$pins")
sdist=$("$clients/bin/python" "$root/Tests/clients/fetch_sdist.py" virtualenv "$version" "$base/sdists")
export CLIENTS_VIRTUALENV_SRC="$base/sdists/virtualenv-$version"
[ -d "$CLIENTS_VIRTUALENV_SRC/tests/unit" ] || tar -xzf "$sdist" -C "$base/sdists"
tools_bin="$clients/bin"
run_pytest Tests/clients "$@"
