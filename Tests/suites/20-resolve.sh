#!/usr/bin/env bash
# apt: python3-dev pkg-config python3-venv
#
# Resolution suite (issue 3): for every CPython on the machine, environments
# made by swift-venv, python -m venv, virtualenv and uv, plus hand-made edge
# cases, resolved three ways that must agree field by field:
# `swift-venv info --json` (files only), the harness (CPython embedded as the
# environment's python, Tests/harness/) and the environment's own bin/python.
# The matrix is Tests/resolve/, run by pytest from a tools environment that
# this set-up fills from PyPI (pytest, virtualenv, uv).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

# swift-venv: the one scripts/test built, else build it here.
if [ -z "${SWIFT_VENV_BIN:-}" ]; then
  swift build -c release --static-swift-stdlib --product swift-venv
  SWIFT_VENV_BIN="$(swift build -c release --show-bin-path)/swift-venv"
fi
export SWIFT_VENV_BIN
export SWIFT_VENV_CACHE_DIR="${SWIFT_VENV_CACHE_DIR:-$(mktemp -d)/cache}"

# The pinned tools (Tests/support/tools.txt), in their cached environment.
tools_bin=$(scripts/tools-env)
export RESOLVE_TOOLS="$tools_bin"
echo "== tools: pytest $("$tools_bin/python" -m pytest --version 2>&1 | awk '{print $2}'), virtualenv $("$tools_bin/virtualenv" --version | head -1 | awk "{print \$2}"), $("$tools_bin/uv" --version)"

# -rs: every skipped interpreter or tool is named in the summary.
cd "$root/Tests/resolve"
exec "$tools_bin/python" -m pytest -p no:cacheprovider -rs -q "$@"
