#!/usr/bin/env bash
# apt: python3-venv strace
#
# editor suite (issue 24): swift-venv answering as PET, the locator VS Code's
# Python extensions start. A client replaying what VS Code's client
# (nativePythonFinder.ts) sends (configure, refresh, resolve, find) against
# `pet server`, every message checked against PET's schema; malformed frames
# (no header, wrong lengths, invalid JSON, a 100 MB body, a pipe closed
# mid-message, a client gone); records against what each python prints and
# kinds against the ones PET's locators give the same layouts; the command
# line VS Code falls back to (`pet find --json`, `pet resolve --json`,
# `pet --version`), through a link named `pet`; 2,000 environments streamed.
# The home is the find suite's (Tests/find/home.py); pytest in Tests/editor/.
. "$(dirname "$0")/../support/suite.sh"
export FIND_TOOLS="$tools_bin"
run_pytest Tests/editor "$@"
