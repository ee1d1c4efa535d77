# Sourced by the pytest suites of Tests/suites/: the repository's root as the
# working directory, the release swift-venv (the one scripts/test built, else
# built here) in SWIFT_VENV_BIN, a cache of the suite's own unless one is
# given, and the pinned tools environment's bin/ in $tools_bin.
#
#   . "$(dirname "$0")/../support/suite.sh"
#   run_pytest Tests/NAME [pytest arguments]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
if [ -z "${SWIFT_VENV_BIN:-}" ]; then
  swift build -c release --static-swift-stdlib --disable-local-rpath --product swift-venv >&2
  SWIFT_VENV_BIN="$(swift build -c release --disable-local-rpath --show-bin-path)/swift-venv"
fi
export SWIFT_VENV_BIN
export SWIFT_VENV_CACHE_DIR="${SWIFT_VENV_CACHE_DIR:-$(mktemp -d)/cache}"
tools_bin=$(scripts/tools-env)

# Runs pytest in DIR (relative to the root) from the tools environment; -rs
# names every skip and its reason in the summary.
run_pytest() {
  local dir=$1
  shift
  cd "$root/$dir"
  exec "$tools_bin/python" -m pytest -p no:cacheprovider -rs -q "$@"
}
