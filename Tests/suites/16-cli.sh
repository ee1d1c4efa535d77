#!/usr/bin/env bash
# The command line itself: the creation fast path (no argument parser)
# against the argument parser on a corpus of command lines, exit status 2 for
# usage errors, and the subcommand list the fast path knows. Tests/cli/, pytest.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
if [ -z "${SWIFT_VENV_BIN:-}" ]; then
  swift build -c release --static-swift-stdlib --disable-local-rpath --product swift-venv >&2
  SWIFT_VENV_BIN="$(swift build -c release --disable-local-rpath --show-bin-path)/swift-venv"
fi
export SWIFT_VENV_BIN
export SWIFT_VENV_CACHE_DIR="${SWIFT_VENV_CACHE_DIR:-$(mktemp -d)/cache}"
tools_bin=$(scripts/tools-env)
cd "$root/Tests/cli"
exec "$tools_bin/python" -m pytest -p no:cacheprovider -rs -q "$@"
