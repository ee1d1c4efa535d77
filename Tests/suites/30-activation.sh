#!/usr/bin/env bash
# apt: bash zsh dash ksh fish tcsh csh
#
# Activation in the real shells: for every shell and for environment paths
# and prompts made of hostile characters, source the activate script in a
# fresh shell and check PATH, python, the prompt (as the shell shows it), that
# nothing hidden in the path or prompt ran, and that deactivate restores the
# whole environment. Also activate_this.py in several interpreters, and
# `swift-venv activate-env` against what sourcing activate in bash does.
# The driver prints one line per failure and closes with "N passed, N failed".
#
# Run by scripts/test (which exports SWIFT_VENV_BIN); alone it builds swift-venv.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${SWIFT_VENV_BIN:-}" ]; then
  swift build --product swift-venv >&2
  SWIFT_VENV_BIN="$(swift build --show-bin-path)/swift-venv"
  export SWIFT_VENV_BIN
fi
exec /usr/bin/python3 Tests/suites/activation/driver.py "$@"
