#!/usr/bin/env bash
# pip in every environment without running pip (issue 6): for every
# interpreter of the matrix, swift-venv's seeded pip equals what the
# interpreter's own `python -m venv` (ensurepip) installs, and works as users
# expect. The tests are Tests/pip/ (pytest, from the pinned tools environment).
# apt: python3.11-venv
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

# swift-venv: the one scripts/test built, else build it here.
if [ -z "${SWIFT_VENV_BIN:-}" ]; then
  swift build -c release --static-swift-stdlib --disable-local-rpath --product swift-venv
  SWIFT_VENV_BIN="$(swift build -c release --disable-local-rpath --show-bin-path)/swift-venv"
fi
export SWIFT_VENV_BIN
export SWIFT_VENV_CACHE_DIR="${SWIFT_VENV_CACHE_DIR:-$(mktemp -d)/cache}"

tools_bin=$(scripts/tools-env)
# -rs: every skipped interpreter or check is named in the summary.
cd "$root/Tests/pip"
exec "$tools_bin/python" -m pytest -p no:cacheprovider -rs -q "$@"
