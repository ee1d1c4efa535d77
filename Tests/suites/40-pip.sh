#!/usr/bin/env bash
# pip in every environment without running pip (issue 6): for every
# interpreter present, swift-venv's seeded pip equals what the interpreter's
# own `python -m venv` (ensurepip) installs, and works as users expect.
# The driver prints "N passed, N failed" last.
# apt: python3.11-venv
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec python3 "$here/pip_suite.py" "$@"
