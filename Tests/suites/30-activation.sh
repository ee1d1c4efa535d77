#!/usr/bin/env bash
# apt: bash zsh dash ksh fish tcsh csh locales-all
#
# Activation in the real shells (pytest, Tests/suites/activation/):
# round trips for hostile environment paths and prompts in every shell,
# the prompt as shown, switching from CPython's venv, activate-env,
# activate_this.py in every interpreter of the matrix, what creation refuses;
# and the matrix of issue 13: shells x settings changed after activation x
# locales x a corpus of hostile names, counted at the end.
#
# Run by scripts/test (which exports SWIFT_VENV_BIN); alone it builds swift-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
if [ -z "${SWIFT_VENV_BIN:-}" ]; then
  swift build -c release --static-swift-stdlib --product swift-venv >&2
  SWIFT_VENV_BIN="$(swift build -c release --show-bin-path)/swift-venv"
fi
export SWIFT_VENV_BIN
export SWIFT_VENV_CACHE_DIR="${SWIFT_VENV_CACHE_DIR:-$(mktemp -d)/cache}"

tools_bin=$(scripts/tools-env)
# -rs: anything skipped (an absent interpreter or locale) is named.
cd "$root/Tests/suites/activation"
exec "$tools_bin/python" -m pytest -p no:cacheprovider -rs -q "$@"
