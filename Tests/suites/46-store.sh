#!/usr/bin/env bash
# apt: bash zsh dash ksh mksh fish tcsh csh strace python3.11-venv python3-pip-whl
#
# The store (issue 15): environments in $WORKON_HOME as virtualenvwrapper
# keeps them. pytest in Tests/store/: `swift-venv shell-init` in real shells
# (bash, zsh, dash, fish, tcsh, csh) running whole workflows, its hooks firing in the
# order virtualenvwrapper 6.1.1 fires them (compared with it, run beside),
# completion; `list`, `remove`, mistyped subcommands and bad names; copy and
# move of environments made by venv, virtualenv, uv and swift-venv, each with
# pip, a console script, a .pth file and an editable install, checked at the
# new path (pip, the script, activation in bash, zsh, dash, fish and tcsh,
# `swift-venv info`, no file naming the old path, the source unchanged); and
# kill -9 at random moments during 100 copies and 100 moves, and at named
# moments (the debug build's SWIFT_VENV_FAIL_AT) of interrupted moves.
# pytest's summary is the last line.
. "$(dirname "$0")/../support/suite.sh"
export STORE_TOOLS="$tools_bin"
# Failure injection lives in debug builds only: the tests that stop a move at
# a named moment run this one.
debug_build swift-venv
export SWIFT_VENV_DEBUG_BIN="$debug/swift-venv"
echo "== tools: $("$tools_bin/virtualenv" --version | head -1 | awk '{print "virtualenv", $2}'), $("$tools_bin/uv" --version), virtualenvwrapper $("$tools_bin/python" -c 'import importlib.metadata as m; print(m.version("virtualenvwrapper"))'), virtualenv-clone $("$tools_bin/python" -c 'import importlib.metadata as m; print(m.version("virtualenv-clone"))')"
run_pytest Tests/store "$@"
