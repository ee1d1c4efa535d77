#!/usr/bin/env bash
# A short, bounded libFuzzer run over the pyvenv.cfg reader and the resolver
# (Tests/fuzz/Target/Fuzz.swift), under AddressSanitizer. For a long run:
#   swift build --product fuzz-venv --sanitize=fuzzer --sanitize=address \
#     -Xswiftc -DFUZZING --disable-index-store --scratch-path .build-fuzz
#   mkdir -p /tmp/venv-corpus
#   .build-fuzz/debug/fuzz-venv -max_total_time=3600 -jobs=2 /tmp/venv-corpus Tests/fuzz/corpus
# A crash leaves crash-<hash> in the current directory; replay it with
#   swift run fuzz-venv crash-<hash>
# FUZZ_SECONDS sets this run's length (default 30).
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${FUZZ_SECONDS:-30}
# The flags of 70-sanitizers' AddressSanitizer build, whose folder this is
# (VenvCore compiled with ASan once for both).
build=(--sanitize=fuzzer --sanitize=address -Xswiftc -DFUZZING --disable-index-store --scratch-path .build-fuzz)
swift build --product fuzz-venv "${build[@]}" 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\]' || true
bin=$(swift build "${build[@]}" --show-bin-path)
corpus=$(mktemp -d /tmp/swift-venv-corpus-XXXXXX)
work=$(mktemp -d /tmp/swift-venv-fuzz-XXXXXX)
trap 'rm -rf "$corpus" "$work"' EXIT
cd "$work"
"$bin/fuzz-venv" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 "$corpus" "$OLDPWD/Tests/fuzz/corpus" 2>&1 | tee "$work/log" | grep -E "^#[0-9]+ +(INITED|DONE)|ERROR|Done" || true
runs=$(sed -n 's/^Done \([0-9]*\) runs.*/\1/p' "$work/log")
if [ -z "$runs" ] || ls crash-* leak-* timeout-* >/dev/null 2>&1; then
  echo "FAIL: the fuzzer stopped early or found a crash:"; tail -30 "$work/log"; exit 1
fi
echo "fuzzing the pyvenv.cfg reader and resolver: $runs executions in ${seconds} s, no crash" | tee -a "${SWIFT_VENV_FIGURES:-/dev/null}"
