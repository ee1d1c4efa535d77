#!/usr/bin/env bash
# The creation transaction (issue 11): every step made to fail (debug builds
# honour SWIFT_VENV_FAIL_AT) for every kind of target, through the command
# line, the C ABI and libvenv, each checked against a snapshot of the user's
# files taken before the call; kill -9 at random moments while an existing
# directory is filled, then the next creation's recovery; the example
# docs/testing.md gives. Tests/transaction/, run by pytest from the tools environment.
. "$(dirname "$0")/../support/suite.sh"
# Failure injection lives in debug builds only: build the tool and the library so.
debug_build swift-venv venv
export SWIFT_VENV_DEBUG_BIN="$debug/swift-venv" LIBVENV_DEBUG="$debug/libvenv.so"
run_pytest Tests/transaction "$@"
