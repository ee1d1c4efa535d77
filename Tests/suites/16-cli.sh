#!/usr/bin/env bash
# apt: valgrind strace
#
# The command line itself: the creation fast path (no argument parser)
# against the argument parser on a corpus of command lines, exit status 2 for
# usage errors, the subcommand list the fast path knows, `--version`
# answered without the parser and an activating cd's process (counted by
# callgrind and strace). Tests/cli/, pytest.
. "$(dirname "$0")/../support/suite.sh"
run_pytest Tests/cli "$@"
