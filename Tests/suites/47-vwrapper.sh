#!/usr/bin/env bash
# apt: bash zsh
#
# virtualenvwrapper 6.1.1's own test suite (issue 21, item 15) against
# `swift-venv shell-init`: its sdist (pinned by version and sha256, fetched
# from PyPI once and cached beside the tools environment) run as its tox.ini
# runs it, in bash and in zsh (-o shwordsplit), with its shunit2 (2.1.5, in
# the sdist's tests/), a stand-in virtualenvwrapper.sh that only does
# `eval "$(swift-venv shell-init SHELL)"` placed where the tests source it
# (the tox environment's bin/). Tests that check only virtualenvwrapper's
# internals are listed, each with its reason, in Tests/vwrapper/internals.txt
# and skipped; every other test must pass. Its pip tests install IPy and
# WebTest from PyPI. The last line is 'N passed, N failed, N skipped'.
. "$(dirname "$0")/../support/suite.sh"
version=6.1.1
sha256=112e7ea34a9a3ce90aaea54182f0d3afef4d1a913eeb75e98a263b4978cd73c6
cache="${SWIFT_VENV_TEST_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-venv/test-tools}/virtualenvwrapper-$version"
sdist="$cache/virtualenvwrapper-$version.tar.gz"
if [ ! -f "$cache/.verified" ]; then
  mkdir -p "$cache"
  exec 9>"$cache/.lock"
  flock 9
  if [ ! -f "$cache/.verified" ]; then
    echo "== virtualenvwrapper $version sdist from PyPI" >&2
    rm -f "$sdist"
    "$tools_bin/python" -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
      "virtualenvwrapper==$version" -d "$cache" >&2
    echo "$sha256  $sdist" | sha256sum -c --quiet - || { rm -f "$sdist"; exit 1; }
    touch "$cache/.verified"
  fi
  exec 9>&-
fi

scratch=$(mktemp -d)
remove_at_exit "$scratch"
# Each shell runs in a directory of its own, the two side by side: the
# sdist's tests (run_tests points TMPDIR into the tox environment), the tox
# environment (ours, holding the stand-in where the tests source it), HOME.
for shell in bash zsh; do
  mkdir -p "$scratch/$shell/home"
  tar -xzf "$sdist" -C "$scratch/$shell"
  "$SWIFT_VENV_BIN" --without-pip "$scratch/$shell/tox" >/dev/null
  cat > "$scratch/$shell/tox/bin/virtualenvwrapper.sh" <<STANDIN
# virtualenvwrapper.sh replaced by swift-venv's shell integration.
if [ -n "\${ZSH_VERSION:-}" ]; then eval "\$("$SWIFT_VENV_BIN" shell-init zsh)"; else eval "\$("$SWIFT_VENV_BIN" shell-init bash)"; fi
STANDIN
done
src="$scratch/bash/virtualenvwrapper-$version"
echo "== virtualenvwrapper $version's tests (sha256 ${sha256:0:12}), shunit2 $(sed -n "s/^SHUNIT_VERSION='\(.*\)'/\1/p" "$src/tests/shunit2"), bash and zsh side by side"
for shell in bash zsh; do
  (
    start=$SECONDS
    cd "$scratch/$shell/virtualenvwrapper-$version"
    # As tox.ini: HOME and USER passed, USING_TOX=1, SHELL; virtualenv (for
    # the tests that make an environment by hand) after the tox environment.
    export HOME="$scratch/$shell/home" USING_TOX=1 SHELL="$(command -v "$shell")" PATH="$PATH:$tools_bin"
    export PIP_CACHE_DIR="$cache/pip" PIP_DISABLE_PIP_VERSION_CHECK=1
    unset VIRTUAL_ENV WORKON_HOME PROJECT_HOME
    if [ "$shell" = zsh ]; then
      test_shell_opts="-o shwordsplit" zsh -o shwordsplit ./tests/run_tests "$scratch/$shell/tox"
    else
      bash ./tests/run_tests "$scratch/$shell/tox"
    fi > "$scratch/$shell.log" 2>&1 || true
    echo "== $shell: $(grep -c '^Running ' "$scratch/$shell.log") test scripts in $((SECONDS - start)) s"
  ) &
done
wait
"$tools_bin/python" Tests/vwrapper/report.py Tests/vwrapper/internals.txt "$src/tests" \
  bash "$scratch/bash.log" zsh "$scratch/zsh.log"
