#!/usr/bin/env bash
# apt: bash zsh fish tcsh
#
# Automatic activation (issue 26): `swift-venv shell-init SHELL --auto` in
# interactive bash, zsh, fish and tcsh on a pseudo-terminal (pytest,
# Tests/auto/): nested projects, two projects, leaving, an environment
# activated by hand, a hostile cloned project, allow and deny, refusals said
# once, other users' environments, .python-version and virtualenvwrapper
# projects, a removed environment, hostile directory names, a user's cd
# function, the integration loaded twice. No assertion depends on time: a
# session waits for the answer to each query. Costs are measured in
# scripts/bench (group auto), not here.
. "$(dirname "$0")/../support/suite.sh"
run_pytest Tests/auto "$@"
