#!/usr/bin/env bash
# The Rust crates (bindings/rust, issue 24): builds and installs libvenv
# into a scratch prefix (as 50-capi does), then, against that copy found
# through pkg-config, `cargo test --offline` (libvenv-sys held to venv.h and
# to a C compiler's layout; libvenv's create, resolve, find, activation,
# packages and store against the interpreter of the matrix and swift-venv's
# own output), the crate linked against the build directory's libvenv.so
# through LIBVENV_LIB_DIR, and the editor-style example. Ends with cargo
# test's summary lines. Needs no network: the crates depend on std alone.
# apt: pkg-config gcc
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work=$(mktemp -d /tmp/swift-venv-rust-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

command -v cargo >/dev/null || PATH="$HOME/.cargo/bin:$PATH"
if ! command -v cargo >/dev/null; then
  echo "SKIP: no cargo on this machine (the Rust toolchain is not installed)"
  exit 0
fi
cargo --version

python=$(python3 Tests/support/interpreters.py --first)
echo "base interpreter for these tests: $python"
prefix="$work/prefix"
scripts/install "$prefix" >/dev/null

export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
export CARGO_TARGET_DIR="$root/.build-rust/target"
export CARGO_NET_OFFLINE=true
export LIBVENV_TEST_PYTHON="$python"
export LIBVENV_TEST_SCRATCH="$work"
export SWIFT_VENV_BIN="$prefix/bin/swift-venv"
export SWIFT_VENV_CACHE_DIR="${SWIFT_VENV_CACHE_DIR:-$work/cache}"
unset LIBVENV_LIB_DIR LIBVENV_INCLUDE_DIR LD_LIBRARY_PATH
manifest="$root/bindings/rust/Cargo.toml"

echo "-- the crate, linked against the build directory's libvenv.so (LIBVENV_LIB_DIR, no soname link there)"
bin=$(swift build -c release --disable-local-rpath --show-bin-path)
LIBVENV_LIB_DIR="$bin" cargo test --offline --no-fail-fast --manifest-path "$manifest" -p libvenv-sys > "$work/build-dir.log" 2>&1 \
  || { cat "$work/build-dir.log"; fail "libvenv-sys against $bin"; }
grep -E '^test result:' "$work/build-dir.log"

echo "-- the editor-style example on a project with a .venv"
mkdir -p "$work/project"
"$prefix/bin/swift-venv" --python "$python" --without-pip "$work/project/.venv"
cargo run --offline --manifest-path "$manifest" -q --example list_environments -- "$work/project" | tee "$work/example.out"
cargo run --offline --manifest-path "$manifest" -q --example list_environments -- --json "$work/project" > "$work/example.json"
head -2 "$work/example.json"
grep -q "^Python [0-9.]* (venv)	$work/project/.venv/bin/python\$" <(head -1 "$work/example.out") \
  || fail "the project's .venv is not the first toolchain"
grep -q "\"path\": \"$work/project/.venv/bin/python\", \"version\": \"[0-9.]*\", \"kind\": \"Venv\"" "$work/example.json" \
  || fail "the JSON list lacks the project's .venv"

echo "-- cargo test, against the installed copy (pkg-config)"
status=0
cargo test --offline --no-fail-fast --manifest-path "$manifest" > "$work/cargo-test.log" 2>&1 || status=$?
grep -vE '^test .* \.\.\. ok$' "$work/cargo-test.log" | grep -vE '^\s*$' | tail -40
echo "-- cargo test's summary"
grep -E '^(     Running|   Doc-tests|test result:)' "$work/cargo-test.log"
exit $status
