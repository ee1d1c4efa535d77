#!/usr/bin/env bash
# The Swift tests and the C ABI tests again, built with AddressSanitizer and
# with ThreadSanitizer (each in its own build folder). The Swift tests run
# the sanitized swift-venv too. A sanitizer report fails the run.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# The first interpreter of the matrix (Tests/support/interpreters.py).
python=$(python3 Tests/support/interpreters.py --first)
clang=$(dirname "$(command -v swift)")/clang
status=0

for sanitizer in address thread; do
  scratch=".build-$sanitizer"
  echo "-- $sanitizer: building"
  swift build --build-tests --sanitize=$sanitizer --scratch-path "$scratch" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]|Cannot export local symbol' || true
  bin=$(swift build --sanitize=$sanitizer --scratch-path "$scratch" --show-bin-path)

  echo "-- $sanitizer: swift test"
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 TSAN_OPTIONS=halt_on_error=1
  if ! SWIFT_VENV_BIN="$bin/swift-venv" SWIFT_VENV_FIGURES= swift test --skip-build --sanitize=$sanitizer --scratch-path "$scratch" \
       > "/tmp/swift-venv-$sanitizer.log" 2>&1 || grep -qE "ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer" "/tmp/swift-venv-$sanitizer.log"; then
    grep -E "✘|Sanitizer|SUMMARY" "/tmp/swift-venv-$sanitizer.log" | head -40
    echo "FAIL: swift test under $sanitizer"; status=1
  else
    grep -E "Test run with" "/tmp/swift-venv-$sanitizer.log"
  fi

  echo "-- $sanitizer: the C ABI tests"
  work=$(mktemp -d /tmp/swift-venv-$sanitizer-XXXXXX)
  flag=$([ $sanitizer = address ] && echo -fsanitize=address || echo -fsanitize=thread)
  # The library is found by its soname, libvenv.so.0.
  mkdir -p "$work/lib" "$work/a" "$work/b"
  ln -s "$bin/libvenv.so" "$work/lib/libvenv.so.0"
  # A debug libvenv uses the toolchain's Swift runtime; TSan's runtime also
  # wants libdispatch and BlocksRuntime from it.
  swiftlib=$(dirname "$clang")/../lib/swift/linux
  "$clang" -std=gnu11 -g $flag Tests/capi/test_capi.c -I include -L"$bin" -Wl,-rpath,"$work/lib" -lvenv \
    -L"$swiftlib" -Wl,-rpath,"$swiftlib" -ldispatch -lBlocksRuntime -pthread \
    -o "$work/test_capi" 2>&1 | grep -v "Cannot export local symbol" || true
  export SWIFT_VENV_CACHE_DIR="$work/cache"
  if ! "$work/test_capi" "$python" "$work/a" > "$work/out" 2>&1 || ! "$work/test_capi" "$python" "$work/b" --stress >> "$work/out" 2>&1 \
     || grep -qE "ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer" "$work/out"; then
    grep -E "FAIL|Sanitizer|SUMMARY|passed|error" "$work/out" | head -40
    tail -5 "$work/out"
    echo "FAIL: the C ABI tests under $sanitizer"; status=1
  else
    grep -E "passed" "$work/out"
  fi
  unset SWIFT_VENV_CACHE_DIR
  rm -rf "$work"
done
[ $status = 0 ] && echo "sanitizers: swift test and the C ABI tests clean under AddressSanitizer and ThreadSanitizer" | tee -a "${SWIFT_VENV_FIGURES:-/dev/null}"
exit $status
