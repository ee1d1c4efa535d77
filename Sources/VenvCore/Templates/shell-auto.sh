# Automatic activation (shell-init bash --auto, zsh too): on entering a
# directory whose project has an environment, activate it; on leaving the
# project, deactivate what was activated here (never an environment
# activated by hand). Before each prompt, one comparison of $PWD with the
# last one seen; only when it changed, a walk up the directories with
# builtins for the nearest one holding a .venv or a .python-version, or
# named by the .project of an environment of $WORKON_HOME; and only when
# that directory changed, one process, `swift-venv shell-auto`, which
# decides and prints the code to evaluate: a call of
# _swift_venv_auto_activate (the activation template as a function,
# below, never a file of the project) with the environment's
# path and prompt, and the environment's bin/postactivate only for a
# directory allowed with `swift-venv allow`. Under a network or FUSE mount
# (_swift_venv_auto_netmounts, named by shell-init and again by
# `shell-auto --mounts` whenever the mount table read by a builtin
# changed), the shell tests no file: the process, whose lookup is bounded,
# walks and decides instead.

# _swift_venv_auto_activate, the activation template as a function, is
# not parsed at the shell's start: this stand-in defines it the first time
# an environment is activated, from its copy in swift-venv's cache
# directory (written by shell-init, named by its contents; sourced only if
# it and its directory are still the user's alone), else from
# `swift-venv shell-auto SHELL --function`, and then runs it.
_swift_venv_auto_functions={{AUTO_FUNCTIONS}}
_swift_venv_auto_activate() {
    unset -f _swift_venv_auto_activate
    if [ -n "$_swift_venv_auto_functions" ] && [ -f "$_swift_venv_auto_functions" ] &&
        [ ! -h "$_swift_venv_auto_functions" ] && [ -O "$_swift_venv_auto_functions" ] &&
        [ -O "${_swift_venv_auto_functions%/*}" ]; then
        . "$_swift_venv_auto_functions"
    fi
    if ! typeset -f _swift_venv_auto_activate >/dev/null 2>&1; then
        _swift_venv_auto_f=$("$_swift_venv" shell-auto "$_swift_venv_shell" --function) &&
            eval "$_swift_venv_auto_f"
        unset _swift_venv_auto_f
    fi
    if ! typeset -f _swift_venv_auto_activate >/dev/null 2>&1; then
        echo "swift-venv: could not load the activation function from $_swift_venv; nothing activated" >&2
        return 1
    fi
    _swift_venv_auto_activate "$@"
}

# The mount table as last read; its remote mount points are set above.
{ _swift_venv_auto_mounts=$(</proc/self/mountinfo); } 2>/dev/null

_swift_venv_auto_hook() {
    _swift_venv_auto_status=$?
    if [ "${_swift_venv_auto_pwd-}" != "$PWD" ]; then
        _swift_venv_auto_pwd=$PWD
        _swift_venv_auto_cd
    fi
    return $_swift_venv_auto_status
}

_swift_venv_auto_cd() {
    { _swift_venv_auto_m=$(</proc/self/mountinfo); } 2>/dev/null
    if [ "$_swift_venv_auto_m" != "${_swift_venv_auto_mounts-}" ]; then
        _swift_venv_auto_mounts=$_swift_venv_auto_m
        _swift_venv_auto_code=$("$_swift_venv" shell-auto "$_swift_venv_shell" --mounts) &&
            eval "$_swift_venv_auto_code"
    fi
    unset _swift_venv_auto_m
    # An environment activated by hand (or inherited) is the user's: left alone.
    _swift_venv_auto_theirs && return 0
    # Under a remote mount (this directory, the environment activated here,
    # or $WORKON_HOME, whose projects the walk reads): no test here, the
    # bounded process walks, compares with the project seen last and says.
    if [ "${#_swift_venv_auto_netmounts[@]}" -gt 0 ] && { _swift_venv_auto_remote "$PWD" ||
        _swift_venv_auto_remote "${_swift_venv_auto_env-}" || _swift_venv_auto_remote "${WORKON_HOME-}"; }; then
        _swift_venv_auto_code=$("$_swift_venv" shell-auto "$_swift_venv_shell" "$PWD" - \
            "${_swift_venv_auto_mark-}" "${_swift_venv_auto_env-}") && eval "$_swift_venv_auto_code"
        unset _swift_venv_auto_code
        return 0
    fi
    # The environment activated here, removed since: left, said once.
    if [ -n "${_swift_venv_auto_env-}" ] && [ "${VIRTUAL_ENV-}" = "$_swift_venv_auto_env" ] &&
        [ ! -f "$_swift_venv_auto_env/pyvenv.cfg" ]; then
        printf 'swift-venv: %s is no longer an environment (removed?); deactivated\n' "$_swift_venv_auto_env" >&2
        _swift_venv_auto_off
        _swift_venv_auto_mark=/dev/null/
    fi
    # Still active though no longer one (no deactivate function): the user's.
    _swift_venv_auto_theirs && return 0
    _swift_venv_auto_find
    [ "$_swift_venv_auto_found" = "${_swift_venv_auto_mark-}" ] && return 0
    _swift_venv_auto_mark=$_swift_venv_auto_found
    if [ -z "$_swift_venv_auto_found" ]; then
        _swift_venv_auto_off
        return 0
    fi
    if _swift_venv_auto_ask "$_swift_venv_auto_found"; then
        eval "$_swift_venv_auto_code"
    else
        # (No remote mount in the table read above: the process need not read it again.)
        set -- "$_swift_venv_auto_found"
        [ "${#_swift_venv_auto_netmounts[@]}" -gt 0 ] || set -- "$1" --no-remote-mounts
        _swift_venv_auto_code=$("$_swift_venv" shell-auto "$_swift_venv_shell" "$@") && eval "$_swift_venv_auto_code"
    fi
    unset _swift_venv_auto_code
}

# The lookup server: asks the shell's own `swift-venv shell-auto SHELL
# --serve` for the code of project directory $1 (the same answer as
# `shell-auto SHELL DIR`, without a process per cd), starting it on the
# first cd that needs it; its lines are said here, its code is left in
# _swift_venv_auto_code. Fails (the caller starts the process instead) in
# a subshell (only the shell that started the server talks to it, so no
# two read each other's answers), when the server cannot be started, or
# does not answer within the bound and 2 s more (a server so held is
# killed, and another started at the next cd), or asks for the process.
# The server's directory is checked to be this user's alone at every
# request; the server ends with the shell (also on kill -9 or `exec`).
_swift_venv_auto_ask() {
    _swift_venv_auto_code=
    if [ -n "${ZSH_VERSION-}" ]; then
        [ "${ZSH_SUBSHELL:-0}" = 0 ] || return 1
    else
        [ "${BASHPID-}" = "$$" ] || return 1
    fi
    if [ -n "${_swift_venv_auto_srv-}" ] && [ "${_swift_venv_auto_srv%% *}" != "$$" ]; then
        _swift_venv_auto_srv=
    fi
    if [ -z "${_swift_venv_auto_srv-}" ]; then
        _swift_venv_auto_srv=$("$_swift_venv" shell-auto "$_swift_venv_shell" --serve "$$" 2>/dev/null) &&
            [ -n "$_swift_venv_auto_srv" ] || { _swift_venv_auto_srv=; return 1; }
        _swift_venv_auto_srv="$$ $_swift_venv_auto_srv"
    fi
    _swift_venv_auto_q=${_swift_venv_auto_srv#* * }
    if [ -h "$_swift_venv_auto_q" ] || [ ! -O "$_swift_venv_auto_q" ]; then
        # Ended (or not ours): another one at the next cd.
        _swift_venv_auto_srv=
        unset _swift_venv_auto_q
        return 1
    fi
    _swift_venv_auto_n=$(( ${_swift_venv_auto_n:-0} + 1 ))
    # (The variables the lookup reads, each "${NAME+=$NAME}": AutoActivation.requestVariables.)
    printf '%s\0' "$_swift_venv_auto_n" "$1" {{AUTO_REQUEST_VARIABLES}} "${#_swift_venv_auto_netmounts[@]}" \
        2>/dev/null 1<>"$_swift_venv_auto_q/q" ||
        { unset _swift_venv_auto_q; return 1; }
    # (The bound's milliseconds and 2 s more, in seconds; the variable is
    # read as digits only, never as arithmetic, which would run its $(...).)
    case ${SWIFT_VENV_AUTO_TIMEOUT_MS-} in
        '' | *[!0-9]*) _swift_venv_auto_t=2050 ;;
        ??????????*) _swift_venv_auto_t=1000000000 ;;
        *) _swift_venv_auto_t=$(( 10#$SWIFT_VENV_AUTO_TIMEOUT_MS + 2000 )) ;;
    esac
    _swift_venv_auto_t=$(( _swift_venv_auto_t / 1000 )).$(( _swift_venv_auto_t % 1000 / 100 ))$(( _swift_venv_auto_t % 100 / 10 ))$(( _swift_venv_auto_t % 10 ))
    # The answer's token, one field: RS (a byte in no token but at its
    # start), the request's number, a space, the flags, a space, and the
    # lines when the server ended. What a cd interrupted by Ctrl-C left
    # unread is passed over: a token of another number, or what is left
    # of one whose start was read (no RS). The token is short (a FIFO is
    # read a byte at a time); the code and lines are files, read whole.
    while :; do
        if ! IFS= read -r -d '' -t "$_swift_venv_auto_t" _swift_venv_auto_i; then
            _swift_venv_auto_stop
            unset _swift_venv_auto_q _swift_venv_auto_t _swift_venv_auto_i
            return 1
        fi
        case $_swift_venv_auto_i in
            $'\036'"$_swift_venv_auto_n "*) break ;;
        esac
    done 0<>"$_swift_venv_auto_q/a"
    _swift_venv_auto_i=${_swift_venv_auto_i#* }
    _swift_venv_auto_e=${_swift_venv_auto_i%% *}
    _swift_venv_auto_l=${_swift_venv_auto_i#* }
    case $_swift_venv_auto_e in
        *a*) unset _swift_venv_auto_q _swift_venv_auto_t _swift_venv_auto_i _swift_venv_auto_e _swift_venv_auto_l
            return 1 ;;
    esac
    case $_swift_venv_auto_e in
        *l*) { _swift_venv_auto_l=$(<"$_swift_venv_auto_q/lines"); } 2>/dev/null ;;
    esac
    # (Each line ends with a line break, which `$(<file)` dropped.)
    [ -z "$_swift_venv_auto_l" ] || printf '%s\n' "${_swift_venv_auto_l%$'\n'}" >&2
    case $_swift_venv_auto_e in
        # The server ended (after a lookup that passed its bound): its
        # lines came with the token, its directory is gone.
        *e*) _swift_venv_auto_srv= ;;
        *) { _swift_venv_auto_code=$(<"$_swift_venv_auto_q/code"); } 2>/dev/null ;;
    esac
    unset _swift_venv_auto_q _swift_venv_auto_t _swift_venv_auto_i _swift_venv_auto_e _swift_venv_auto_l
}

# Kills a server that did not answer (if the process is still the server
# this shell started) and removes its directory.
_swift_venv_auto_stop() {
    _swift_venv_auto_p=${_swift_venv_auto_srv#* }
    _swift_venv_auto_p=${_swift_venv_auto_p%% *}
    { _swift_venv_auto_c=$(</proc/"$_swift_venv_auto_p"/cmdline); } 2>/dev/null
    case ${_swift_venv_auto_c-} in
        # (bash drops the NUL bytes between the arguments, zsh keeps them.)
        *shell-auto*--serve"$$" | *shell-auto*--serve?"$$"?) kill -9 "$_swift_venv_auto_p" 2>/dev/null ;;
    esac
    command rm -f -- "$_swift_venv_auto_q/q" "$_swift_venv_auto_q/a" "$_swift_venv_auto_q/code" \
        "$_swift_venv_auto_q/lines" 2>/dev/null
    command rmdir -- "$_swift_venv_auto_q" 2>/dev/null
    _swift_venv_auto_srv=
    unset _swift_venv_auto_p _swift_venv_auto_c
}

# Whether the active environment is not the one activated here (the user's,
# by hand or inherited); if so, what was activated here is forgotten.
_swift_venv_auto_theirs() {
    [ -n "${VIRTUAL_ENV-}" ] && [ "$VIRTUAL_ENV" != "${_swift_venv_auto_env-}" ] || return 1
    unset _swift_venv_auto_env _swift_venv_auto_mark
}

# Whether $1 is under a mount point of _swift_venv_auto_netmounts (its text).
_swift_venv_auto_remote() {
    [ -n "$1" ] || return 1
    for _swift_venv_auto_r in "${_swift_venv_auto_netmounts[@]}"; do
        case $1/ in
            "${_swift_venv_auto_r%/}"/*) unset _swift_venv_auto_r; return 0 ;;
        esac
    done
    unset _swift_venv_auto_r
    return 1
}

# The nearest directory, this one or a parent, with a .venv (or a link of
# that name) or a .python-version, or that is an environment's project; ''
# when there is none. Builtins only; the walk is on the text of $PWD.
_swift_venv_auto_find() {
    [ -n "${ZSH_VERSION-}" ] && setopt localoptions nonomatch noksharrays
    _swift_venv_auto_found=
    _swift_venv_auto_projects='
'
    for _swift_venv_auto_d in "$WORKON_HOME"/*/.project; do
        [ -f "$_swift_venv_auto_d" ] || continue
        _swift_venv_auto_p=
        IFS= read -r _swift_venv_auto_p <"$_swift_venv_auto_d" 2>/dev/null
        [ -n "$_swift_venv_auto_p" ] || continue
        case $PWD/ in
            "${_swift_venv_auto_p%/}"/*) _swift_venv_auto_projects=$_swift_venv_auto_projects${_swift_venv_auto_p%/}'
' ;;
        esac
    done
    _swift_venv_auto_d=$PWD
    while :; do
        if [ -e "$_swift_venv_auto_d/.venv" ] || [ -h "$_swift_venv_auto_d/.venv" ] ||
            [ -e "$_swift_venv_auto_d/.python-version" ]; then
            break
        fi
        case $_swift_venv_auto_projects in
            *'
'"${_swift_venv_auto_d:-/}"'
'*) break ;;
        esac
        if [ -z "$_swift_venv_auto_d" ]; then
            unset _swift_venv_auto_d _swift_venv_auto_p _swift_venv_auto_projects
            return 0
        fi
        _swift_venv_auto_d=${_swift_venv_auto_d%/*}
    done
    _swift_venv_auto_found=${_swift_venv_auto_d:-/}
    unset _swift_venv_auto_d _swift_venv_auto_p _swift_venv_auto_projects
}

# Leaves the environment activated here, if it is still the active one, by
# its deactivate function.
_swift_venv_auto_off() {
    if [ -n "${_swift_venv_auto_env-}" ] && [ "${VIRTUAL_ENV-}" = "$_swift_venv_auto_env" ] &&
        typeset -f deactivate >/dev/null 2>&1; then
        deactivate
    fi
    unset _swift_venv_auto_env
}

# Hooked once, however many times this is loaded (a .bashrc sourced again):
# first in bash's PROMPT_COMMAND, or in zsh's precmd_functions.
if [ -n "${ZSH_VERSION-}" ]; then
    eval 'typeset -ga precmd_functions
    (( ${precmd_functions[(Ie)_swift_venv_auto_hook]} )) ||
        precmd_functions=(_swift_venv_auto_hook $precmd_functions)'
else
    case ${PROMPT_COMMAND-} in
        *_swift_venv_auto_hook*) ;;
        *) PROMPT_COMMAND="_swift_venv_auto_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;;
    esac
fi
