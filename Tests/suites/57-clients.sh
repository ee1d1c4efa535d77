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
mkdir -p "$base"

# pinned_env NAME PINS: the environment of PINS, cached by their hash (made
# once, under a lock), with this tree's libvenv installed, in $made. Its
# lock is held until the suite ends: one run at a time reinstalls libvenv.
lock_fd=7
pinned_env() {
  local want env
  want=$(grep -v '^\s*#' "$2" | sed '/^\s*$/d' | sort)
  env="$base/$1-$(printf '%s\n' "$want" | sha256sum | cut -c1-16)"
  eval "exec $lock_fd>\"\$env.lock\""
  flock "$lock_fd"
  lock_fd=$((lock_fd + 1))
  if [ ! -f "$env/.requirements" ]; then
    echo "== $1 environment: $env ($(echo $want) from PyPI)" >&2
    rm -rf "$env"
    /usr/bin/python3 -m venv "$env" >&2
    "$env/bin/python" -m pip install --quiet --disable-pip-version-check -r "$2" >&2 || { rm -rf "$env"; exit 1; }
    echo "$want" > "$env/.requirements"
  fi
  "$env/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --force-reinstall "$root/python" >&2
  made=$env
}
pins="$root/Tests/support/clients.txt"
pinned_env clients "$pins"
clients=$made
pinned_env clients-oldest "$root/Tests/support/clients-oldest.txt"
export CLIENTS_OLDEST_PYTHON="$made/bin/python"
version=$(sed -n 's/^virtualenv==//p' "$pins")
sdist=$("$clients/bin/python" "$root/Tests/clients/fetch_sdist.py" virtualenv "$version" "$base/sdists")
export CLIENTS_VIRTUALENV_SRC="$base/sdists/virtualenv-$version"
[ -d "$CLIENTS_VIRTUALENV_SRC/tests/unit" ] || tar -xzf "$sdist" -C "$base/sdists"
tools_bin="$clients/bin"
run_pytest Tests/clients "$@"
