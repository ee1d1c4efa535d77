#!/usr/bin/env bash
# When the base Python changes (issue 25): repair against real breakages
# (a pyenv version copied, environments made from it by venv, virtualenv, uv
# and swift-venv with pip, a console script and an editable install, then
# the copy removed, moved or replaced), compared byte for byte with
# `python -m venv --upgrade`; its refusals; a kill at each of its fault
# points (debug builds honour SWIFT_VENV_FAIL_AT); libvenv.repair.
# Tests/repair/, run by pytest from the tools environment; offline only.
. "$(dirname "$0")/../support/suite.sh"
debug_build swift-venv venv
export SWIFT_VENV_DEBUG_BIN="$debug/swift-venv" LIBVENV_DEBUG="$debug/libvenv.so"
export REPAIR_TOOLS="$tools_bin"
run_pytest Tests/repair "$@"
