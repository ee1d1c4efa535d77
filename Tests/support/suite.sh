# Sourced by the pytest suites of Tests/suites/: the repository's root as the
# working directory, the release swift-venv (the one scripts/test built, else
# built here) in SWIFT_VENV_BIN, a cache of the suite's own unless one is
# given (removed at the end), and the pinned tools environment's bin/ in
# $tools_bin; debug_build for the suites that need the debug build.
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

# Paths removed when the suite ends (a suite adds its own with
# remove_at_exit, rather than setting a trap of its own).
exit_paths=()
trap 'rm -rf "${exit_paths[@]}"' EXIT
remove_at_exit() { exit_paths+=("$@"); }
if [ -z "${SWIFT_VENV_CACHE_DIR:-}" ]; then
  SWIFT_VENV_CACHE_DIR="$(mktemp -d /tmp/swift-venv-suite-XXXXXX)/cache"
  remove_at_exit "$(dirname "$SWIFT_VENV_CACHE_DIR")"
fi
export SWIFT_VENV_CACHE_DIR
tools_bin=$(scripts/tools-env)

# The debug build (failure injection, SWIFT_VENV_FAIL_AT, lives there
# only): builds PRODUCT... in the folder scripts/test built the Swift tests
# in ($SWIFT_VENV_DEBUG_SCRATCH), else .build, and sets $debug to its bin/.
debug_build() {
  local scratch=(--scratch-path "${SWIFT_VENV_DEBUG_SCRATCH:-$root/.build}") product
  for product in "$@"; do swift build "${scratch[@]}" --product "$product" >&2; done
  debug=$(swift build "${scratch[@]}" --show-bin-path)
}

# Runs pytest in DIR (relative to the root) from the tools environment; -rs
# names every skip and its reason in the summary. The suite's status is
# pytest's.
run_pytest() {
  local dir=$1
  shift
  cd "$root/$dir"
  "$tools_bin/python" -m pytest -p no:cacheprovider -rs -q "$@"
}
