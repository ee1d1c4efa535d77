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
. "$(dirname "$0")/../support/suite.sh"
# swift-venv: the one scripts/test built, else build it here.
# The pinned tools (Tests/support/tools.txt), in their cached environment.
export RESOLVE_TOOLS="$tools_bin"
echo "== tools: pytest $("$tools_bin/python" -m pytest --version 2>&1 | awk '{print $2}'), virtualenv $("$tools_bin/virtualenv" --version | head -1 | awk "{print \$2}"), $("$tools_bin/uv" --version)"
# -rs: every skipped interpreter or tool is named in the summary.
run_pytest Tests/resolve "$@"
