#!/usr/bin/env bash
# pip in every environment without running pip (issue 6): for every
# interpreter of the matrix, swift-venv's seeded pip equals what the
# interpreter's own `python -m venv` (ensurepip) installs, and works as users
# expect. The tests are Tests/pip/ (pytest, from the pinned tools environment).
# apt: python3.11-venv
. "$(dirname "$0")/../support/suite.sh"
# swift-venv: the one scripts/test built, else build it here.
# -rs: every skipped interpreter or check is named in the summary.
run_pytest Tests/pip "$@"
