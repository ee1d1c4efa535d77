#!/usr/bin/env bash
# The one system layer, kept: no dirent's d_name copied whole anywhere in
# Sources (Syscall.utf8Names says why), and no Glibc file-system call outside
# Sources/VenvCore/System, nor any other Glibc call there (the process's
# identity, environment, exit, threads, memory: System's ThisProcess,
# Environment, Locked, BackgroundThread). Files not yet moved onto the layer
# are listed, with the reason, in Tests/lint/allowed.txt; an entry that matches nothing is
# said, so the list only shrinks. Plain greps over the code (comments skipped).
# Also: one version (include/venv.h's) in the CLI, the Python package and the
# Rust crates.
set -uo pipefail
cd "$(dirname "$0")/../.."
allowed=Tests/lint/allowed.txt
passed=0
failed=0

# A dirent's name array read whole (withUnsafeBytes(of: entry.pointee.d_name)).
d_name_pattern='withUnsafe[A-Za-z]*\((of|to): *[^)]*d_name|pointee\.d_name'
# The file-system calls of Glibc, called bare (not as a member, not declared).
fs_call_pattern='(^|[^.[:alnum:]_])(opendir|fdopendir|readdir|closedir|lstat|fstatat|stat|open|openat|creat|mkstemp|mkdtemp|getcwd|chdir|unlinkat|renameat2?|mkdir|mkdirat|rename|unlink|rmdir|symlink|readlink|realpath|chmod|fchmod|truncate|ftruncate|link|flock|access)\('

# Glibc's other calls, bare: the process, its environment, signals, threads,
# memory; and any call written Glibc.NAME(. (ArgumentParser's
# `exit(withError:)` is not Glibc's.)
process_call_pattern='Glibc\.[a-z_]+\(|(^|[^.[:alnum:]_])(getenv|setenv|unsetenv|putenv|isatty|getuid|geteuid|getgid|getegid|getpid|getppid|uname|umask|close|exit|_exit|abort|signal|sigaction|kill|raise|pthread_[a-z_]+|malloc|calloc|realloc|free|strdup|strndup|strlen|memcpy|memset|posix_spawn[a-z_]*|waitpid|sysconf|fork|execv[ep]?|pipe|dup2?|fcntl|ioctl|poll|nanosleep|usleep|clock_gettime|gettimeofday|sleep)\('

# file:line:text of each code line under $2 (Swift files) matching $1,
# comments and declarations left out.
matches() {
  grep -rnE "$1" "$2" --include='*.swift' 2>/dev/null \
    | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//' | grep -v 'func ' | grep -v 'exit(withError:'
}

# The reason $2 is allowed for check $1, or nothing.
reason() {
  sed -n "s|^$1 $2 -- ||p" "$allowed"
}

pass() { passed=$((passed + 1)); echo "ok: $*"; }
fail() { failed=$((failed + 1)); echo "FAILED: $*"; }

# One check: every match is in an allowed file (reported, with its reason),
# else the check fails naming it.
check() {
  local name=$1 pattern=$2 top=$3 what=$4 hits file bad=0
  hits=$(matches "$pattern" "$top")
  if [ "$name" != d_name ]; then hits=$(grep -v '^Sources/VenvCore/System/' <<<"$hits"); fi
  while IFS= read -r file; do
    [ -n "$file" ] || continue
    local why
    why=$(reason "$name" "$file")
    if [ -n "$why" ]; then
      echo "  allowed for now: $file ($(grep -c "^$file:" <<<"$hits") lines): $why"
    else
      grep "^$file:" <<<"$hits" | sed 's/^/  /'
      bad=1
    fi
  done < <(cut -d: -f1 <<<"$hits" | sort -u)
  if [ $bad = 0 ]; then pass "$what"; else fail "$what (above; move the call onto Sources/VenvCore/System)"; fi
}

# The patterns find what they are for (so a broken grep cannot pass).
sample=$(mktemp -d)
trap 'rm -rf "$sample"' EXIT
cat > "$sample/Bad.swift" <<'SWIFT'
let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in String(decoding: raw, as: UTF8.self) }
if lstat(path, &st) == 0 { _ = unlink(path) }
if isatty(2) == 1 { exit(1) }
let mask = Glibc.umask(0o022)
SWIFT
cat > "$sample/Good.swift" <<'SWIFT'
// lstat(path) is what FS.kind calls
try FS.remove(path)
if ThisProcess.isTerminal(2) { ThisProcess.exit(1) }
exit(withError: error)
static func rename(_ source: FilePath, to destination: FilePath) throws(VenvError) {}
SWIFT
if [ "$(matches "$d_name_pattern" "$sample" | wc -l)" = 1 ] \
   && [ "$(matches "$fs_call_pattern" "$sample" | wc -l)" = 1 ] \
   && [ "$(matches "$process_call_pattern" "$sample" | wc -l)" = 2 ]; then
  pass "the patterns find a d_name copy and bare calls, and pass comments, members and declarations"
else
  fail "the patterns: expected their hits in $sample/Bad.swift and none in Good.swift"
fi

check d_name "$d_name_pattern" Sources "no dirent's d_name copied whole in Sources"
check fs-call "$fs_call_pattern" Sources "no Glibc file-system call outside Sources/VenvCore/System"
check process-call "$process_call_pattern" Sources "no other Glibc call outside Sources/VenvCore/System"

# One version everywhere: the CLI's (--version, pet's), the Python
# package's, the Rust crates' (and libvenv's pin of libvenv-sys) are venv.h's
# VENV_VERSION_MAJOR.MINOR.PATCH, the library's own version.
header=$(awk '/#define VENV_VERSION_(MAJOR|MINOR|PATCH)/ {v = v (v == "" ? "" : ".") $3} END {print v}' include/venv.h)
declare -A versions=(
  [Sources/swift-venv/SwiftVenv.swift]=$(sed -n 's/^ *static let version = "\(.*\)"$/\1/p' Sources/swift-venv/SwiftVenv.swift)
  [python/pyproject.toml]=$(sed -n 's/^version = "\(.*\)"$/\1/p' python/pyproject.toml)
  [bindings/rust/Cargo.toml]=$(sed -n 's/^version = "\(.*\)"$/\1/p' bindings/rust/Cargo.toml)
  [bindings/rust/libvenv/Cargo.toml]=$(sed -n 's/^libvenv-sys = {.*version = "\([^"]*\)".*/\1/p' bindings/rust/libvenv/Cargo.toml)
)
disagree=""
for file in "${!versions[@]}"; do
  [ "${versions[$file]}" = "$header" ] || disagree+=" $file says '${versions[$file]}';"
done
if [[ "$header" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] && [ -z "$disagree" ]; then
  pass "one version, $header (include/venv.h's), in the CLI, the Python package and the Rust crates"
else
  fail "versions disagree with include/venv.h's '$header':$disagree"
fi

# scripts/test NAME chooses suites by name, not by substring: `cli` is
# 16-cli alone (not 57-clients), a number all its suites, a unique beginning
# its suite; a beginning of several names, or of none, is refused.
chosen=$(scripts/test --list cli 57 48 act vw 2>&1 | tr '\n' ' ')
if [ "$chosen" = "57-clients 48-repair 48-doctor 47-vwrapper 30-activation 16-cli " ] \
   && ! scripts/test --list re >/dev/null 2>&1 && ! scripts/test --list nosuch >/dev/null 2>&1; then
  pass "scripts/test chooses suites by name (cli: 16-cli alone)"
else
  fail "scripts/test --list cli 57 48 act vw chose '$chosen' (or took an ambiguous or unknown name)"
fi

# An allowed entry that matches nothing any more is said, so the list shrinks
# (said, not failed: the code is right, only the list is behind).
while read -r name file _; do
  case "$name" in ''|'#'*) continue ;; esac
  pattern=$d_name_pattern
  [ "$name" = fs-call ] && pattern=$fs_call_pattern
  [ "$name" = process-call ] && pattern=$process_call_pattern
  if [ -z "$(matches "$pattern" "$file")" ]; then
    echo "note: $allowed: '$name $file' matches nothing now: remove the entry"
  fi
done < "$allowed"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
