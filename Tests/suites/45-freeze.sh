#!/usr/bin/env bash
# apt: git python3-venv
#
# freeze and packages (issue 16): for every interpreter of the matrix,
# `swift-venv freeze` byte for byte against the environment's own
# `pip freeze` (options included), `swift-venv packages` against `pip list`
# (table and JSON) and pip's own metadata layer, uv-made environments against
# `pip freeze --path`, the requirements round trip, base interpreters, PEP 440
# spellings, and bad input. pytest in Tests/freeze/; its summary is the last line.
. "$(dirname "$0")/../support/suite.sh"
export FREEZE_TOOLS="$tools_bin"
echo "== tools: pytest $("$tools_bin/python" -m pytest --version 2>&1 | awk '{print $2}'), $("$tools_bin/uv" --version), $(git --version)"
run_pytest Tests/freeze "$@"
