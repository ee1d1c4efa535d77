#!/usr/bin/env bash
# The library built with AddressSanitizer (in 60-fuzz's build folder, with
# its flags) and with ThreadSanitizer (in a folder of its own), and the C
# tests run against it. Under ASan, all of
# them: together they call every function of include/venv.h, and through
# venv_create, venv_copy, venv_move and venv_remove every kind of target of
# the creation and store transactions, in process. Under TSan, the threaded
# ones (the library starts no thread, so a single-threaded test cannot race):
# test_capi's concurrent creations and errors (--threads: those alone), and
# --stress, 16 threads x 10 creations. The smallest set that covers each C
# entry point and the transaction: the Swift test targets are not built
# with the sanitizers (the code they drive is the library's, reached here
# through its C entry points).
# A sanitizer report fails the run.
# apt: gcc
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
# The first interpreter of the matrix (Tests/support/interpreters.py).
python=$(python3 Tests/support/interpreters.py --first)
# (swiftc: scripts/test puts a `swift` of its own first on PATH.)
clang=$(dirname "$(command -v swiftc)")/clang
# A debug libvenv uses the toolchain's Swift runtime; TSan's runtime also
# wants libdispatch and BlocksRuntime from it.
swiftlib=$(dirname "$clang")/../lib/swift/linux
status=0
reports="ERROR: (Address|Thread)Sanitizer|WARNING: ThreadSanitizer"

for sanitizer in address thread; do
  # AddressSanitizer's library is built in 60-fuzz's build folder with its
  # flags (ASan, and the fuzzer's coverage counters, which count and change
  # nothing the code does, their runtime ASan's), so that VenvCore is
  # compiled with ASan once for both suites (-DFUZZING reaches only the
  # fuzz target, Tests/fuzz/Target).
  # No index store (an editor's data, a fifth of a debug build's CPU time).
  if [ $sanitizer = address ]; then
    build=(--sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING --disable-index-store --scratch-path .build-fuzz)
  else
    build=(--sanitize=thread --disable-index-store --scratch-path .build-thread)
  fi
  echo "-- $sanitizer: building libvenv"
  swift build --product venv "${build[@]}" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]|Cannot export local symbol' || true
  bin=$(swift build "${build[@]}" --show-bin-path)
  work=$(mktemp -d /tmp/swift-venv-$sanitizer-XXXXXX)
  flag=$([ $sanitizer = address ] && echo -fsanitize=address || echo -fsanitize=thread)
  # The library is found by its soname, libvenv.so.0.
  mkdir -p "$work/lib"
  ln -s "$bin/libvenv.so" "$work/lib/libvenv.so.0"
  export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0 TSAN_OPTIONS=halt_on_error=1
  export SWIFT_VENV_CACHE_DIR="$work/cache"
  # name, source, arguments: each run in a scratch directory of its own.
  # AddressSanitizer: every C test, so every function of venv.h and every
  # kind of target of the transactions (a repair's replacement and a
  # rebuild's swap among them). ThreadSanitizer reports races between
  # threads only, and the library starts none: the tests that call it from
  # several threads at once (test_capi --threads, its concurrent errors and
  # creations alone, and --stress); under it the single-threaded ones could
  # report nothing.
  if [ $sanitizer = address ]; then
    tests=("capi Tests/capi/test_capi.c" "store Tests/capi/test_store.c" "builder Tests/capi/test_builder.c"
           "packages Tests/capi/test_packages.c" "doctor Tests/capi/test_doctor.c"
           "repair Tests/capi/test_repair.c" "find Tests/find/find_capi.c")
  else
    # TSan finds a race from the order the threads' accesses were seen in
    # (happens-before), not by chance: 16 threads x 10 creations each
    # overlap; 50-capi runs the 16 x 50 stress without a sanitizer.
    tests=("capi Tests/capi/test_capi.c --threads" "stress Tests/capi/test_capi.c --stress 10")
  fi
  for test in "${tests[@]}"; do
    set -- $test
    name=$1 source=$2; shift 2
    if [ ! -x "$work/$(basename "$source" .c)" ]; then
      "$clang" -std=gnu11 -g $flag "$source" -I include -L"$work/lib" -Wl,-rpath,"$work/lib" -l:libvenv.so.0 \
        -L"$swiftlib" -Wl,-rpath,"$swiftlib" -ldispatch -lBlocksRuntime -pthread \
        -o "$work/$(basename "$source" .c)" 2>&1 | grep -v "Cannot export local symbol" || true
    fi
    mkdir -p "$work/$name"
    if [ "$name" = find ]; then args=(); else args=("$python" "$work/$name"); fi
    if ! "$work/$(basename "$source" .c)" "${args[@]}" "$@" > "$work/$name.out" 2>&1 || grep -qE "$reports" "$work/$name.out"; then
      grep -E "FAIL|Sanitizer|SUMMARY|passed|failed|error" "$work/$name.out" | head -40
      tail -5 "$work/$name.out"
      echo "FAIL: $name under $sanitizer"; status=1
    else
      echo "$name: clean ($(grep -E "passed|ok," "$work/$name.out" | tail -1))"
    fi
  done
  unset SWIFT_VENV_CACHE_DIR
  rm -rf "$work"
done
[ $status = 0 ] && echo "sanitizers: the C tests clean under AddressSanitizer (every venv.h function) and ThreadSanitizer (concurrent calls, 16 threads x 10 creations)" | tee -a "${SWIFT_VENV_FIGURES:-/dev/null}"
exit $status
