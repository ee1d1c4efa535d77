#!/usr/bin/env bash
# apt: python3.11-venv python3-pip-whl util-linux
#
# `swift-venv doctor` (issue 25, item 1): pytest in Tests/doctor. Bases copied
# from pyenv's versions to a place of their own, environments made from them
# by venv, virtualenv, uv and swift-venv (with pip and a console script), then
# the base removed, moved, upgraded in place (patch and minor); environments
# copied by hand, pyvenv.cfg damaged, RECORD lost, a move and a creation
# killed half way (the debug build's SWIFT_VENV_FAIL_AT); doctor's records
# compared with what each environment's python says; no Python started.
# pytest's summary is the last line.
. "$(dirname "$0")/../support/suite.sh"
export STORE_TOOLS="$tools_bin"
# Failure injection lives in debug builds only.
debug_build swift-venv
export SWIFT_VENV_DEBUG_BIN="$debug/swift-venv"
run_pytest Tests/doctor "$@"
