#!/usr/bin/env bash
# The command line itself: the creation fast path (no argument parser)
# against the argument parser on a corpus of command lines, exit status 2 for
# usage errors, and the subcommand list the fast path knows. Tests/cli/, pytest.
. "$(dirname "$0")/../support/suite.sh"
run_pytest Tests/cli "$@"
