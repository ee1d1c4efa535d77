#!/usr/bin/env bash
# apt: git python3-venv
#
# freeze and packages (issue 16): for every interpreter of the matrix,
# `swift-venv freeze` byte for byte against the environment's own
# `pip freeze` (options included), `swift-venv packages` against `pip list`
# (table and JSON) and pip's own metadata layer, uv-made environments against
# `pip freeze --path`, the requirements round trip, and bad input. The
# pytest matrix is Tests/freeze/, run from the pinned tools environment.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)

if [ -z "${SWIFT_VENV_BIN:-}" ]; then
  swift build -c release --static-swift-stdlib --product swift-venv
  SWIFT_VENV_BIN="$(swift build -c release --show-bin-path)/swift-venv"
fi
export SWIFT_VENV_BIN
export SWIFT_VENV_CACHE_DIR="${SWIFT_VENV_CACHE_DIR:-$(mktemp -d)/cache}"

tools_bin=$(scripts/tools-env)
export FREEZE_TOOLS="$tools_bin"
echo "== tools: pytest $("$tools_bin/python" -m pytest --version 2>&1 | awk '{print $2}'), $("$tools_bin/uv" --version), $(git --version)"

cd "$root/Tests/freeze"
exec "$tools_bin/python" -m pytest -p no:cacheprovider -rs -q "$@"
