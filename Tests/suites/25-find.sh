#!/usr/bin/env bash
# apt: python3-venv strace gcc valgrind
#
# find suite (issue 14): a home made in a temporary directory where the real
# tools (python -m venv, virtualenv, uv, virtualenvwrapper, pipenv, poetry,
# hatch, pipx, swift-venv) create their environments in their real places,
# pyenv's real versions reached through a PYENV_ROOT of the test's own, a
# pyenv-virtualenv layout, a uv-managed Python, conda-like prefixes and broken
# environments. `swift-venv find` is checked record by record against what
# each python prints and what each tool says; `find --python` and creation's
# --python against pyenv and the `packaging` library; the C ABI and libvenv
# against the command line; and a scale test with 2,000 environments.
# pytest in Tests/find/, from the pinned tools environment (Tests/support/tools.txt).
. "$(dirname "$0")/../support/suite.sh"

# libvenv.so for the C and Python checks, built as scripts/install builds it.
swift build -c release --static-swift-stdlib --disable-local-rpath --product venv >&2
export FIND_LIBVENV="$(swift build -c release --disable-local-rpath --show-bin-path)/libvenv.so"
export FIND_TOOLS="$tools_bin"
echo "== tools: $("$tools_bin/pipenv" --version), $("$tools_bin/poetry" --version), $("$tools_bin/hatch" --version), pipx $("$tools_bin/pipx" --version), $("$tools_bin/uv" --version), virtualenv $("$tools_bin/virtualenv" --version | awk '{print $2}')"
run_pytest Tests/find "$@"
