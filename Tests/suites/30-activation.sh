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
. "$(dirname "$0")/../support/suite.sh"
# -rs: anything skipped (an absent interpreter or locale) is named.
run_pytest Tests/suites/activation "$@"
