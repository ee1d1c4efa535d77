# swift-venv's shell integration for bash, zsh and POSIX sh: virtualenvwrapper's
# commands, options, messages and hooks, without starting Python (pip runs only
# for mkvirtualenv -i/-r and wipeenv). Load it with
#     eval "$(swift-venv shell-init bash)"      (or zsh, sh)
# in place of `source virtualenvwrapper.sh`.
#
# Each command is a one-line function that runs `swift-venv shell-do`: the
# commands are written once, in swift-venv (VenvCore's Wrapper), which does
# what a process can do (create, copy, remove, print, run the hooks
# virtualenvwrapper runs as programs) and writes the code this shell must
# run itself (activation, cd, the hooks virtualenvwrapper sources), every
# path and name in it one single-quoted word; the function evaluates it.

_swift_venv={{SWIFT_VENV}}
_swift_venv_shell={{SHELL_NAME}}

# WORKON_HOME as virtualenvwrapper derives it: default ~/.virtualenvs, a
# relative value taken from $HOME.
WORKON_HOME=${WORKON_HOME:-$HOME/.virtualenvs}
case $WORKON_HOME in
    /*) ;;
    "~") WORKON_HOME=$HOME ;;
    "~/"*) WORKON_HOME=$HOME/${WORKON_HOME#"~/"} ;;
    *) WORKON_HOME=$HOME/$WORKON_HOME ;;
esac
export WORKON_HOME
VIRTUALENVWRAPPER_HOOK_DIR=${VIRTUALENVWRAPPER_HOOK_DIR:-$WORKON_HOME}
export VIRTUALENVWRAPPER_HOOK_DIR
VIRTUALENVWRAPPER_ENV_BIN_DIR=bin
VIRTUALENVWRAPPER_PROJECT_FILENAME=${VIRTUALENVWRAPPER_PROJECT_FILENAME:-.project}
export VIRTUALENVWRAPPER_PROJECT_FILENAME
VIRTUALENVWRAPPER_WORKON_CD=${VIRTUALENVWRAPPER_WORKON_CD:-1}
export VIRTUALENVWRAPPER_WORKON_CD

# The functions, from here to the end marker, are not defined when the shell
# starts: `shell-init` prints in their place one line per function that
# loads them all (`shell-init SHELL --functions`) the first time any of them
# runs, so that starting a shell parses a few lines, not all of them.
#:functions:
# cd itself, never a function or alias of the user's (rvm, autoenv and
# zoxide define one), as virtualenvwrapper's `builtin cd`.
_swift_venv_cd() {
    if [ -n "${ZSH_VERSION:-}" ]; then builtin \cd -q "$@"; else command \cd "$@"; fi
}

# Runs the command "$@" of swift-venv's virtualenvwrapper: its output goes
# where this function's goes; the code it writes to its file descriptor 3
# (only when it succeeds) is evaluated here. The variables it reads are
# given as this shell sees them, exported or not (exported only in the
# command substitution's subshell; one that is unset stays unset).
_swift_venv_do() {
    { _swift_venv_code=$(
        export WORKON_HOME VIRTUALENVWRAPPER_HOOK_DIR VIRTUALENVWRAPPER_PROJECT_FILENAME \
            VIRTUALENVWRAPPER_WORKON_CD VIRTUALENVWRAPPER_VIRTUALENV_ARGS PROJECT_HOME VIRTUAL_ENV
        "$_swift_venv" shell-do "$_swift_venv_shell${_SWIFT_VENV_WRAPPED:+:1}" '&3' "$@" 3>&1 >&4 4>&-
    ); } 4>&1 || {
        set -- "$?"
        unset _swift_venv_code
        return "$1"
    }
    set --
    eval "$_swift_venv_code"
}

# Activates the environment $1 for workon: its activation script, whose
# deactivate is kept as _swift_venv_env_deactivate (every mention of the
# name renamed, as virtualenvwrapper does), then the wrapper's deactivate.
_swift_venv_activate() {
    _swift_venv_a=$1
    set --
    if [ -n "${ZSH_VERSION:-}" ]; then
        . "$_swift_venv_a/bin/activate"
        eval 'eval "_swift_venv_env_deactivate () { ${functions[deactivate]//deactivate/_swift_venv_env_deactivate} }"'
    elif [ -n "${BASH_VERSION:-}" ]; then
        . "$_swift_venv_a/bin/activate"
        _swift_venv_f=$(declare -f deactivate)
        eval '_swift_venv_f=${_swift_venv_f//deactivate/_swift_venv_env_deactivate}'
        eval "$_swift_venv_f"
        unset _swift_venv_f
    else
        # POSIX sh cannot print a function: rename it in the script's text.
        eval "$(sed 's/deactivate/_swift_venv_env_deactivate/g' "$_swift_venv_a/bin/activate")"
    fi
    unset _swift_venv_a
    _SWIFT_VENV_WRAPPED=1
    deactivate() { _swift_venv_do deactivate "$@"; }
}

# The environments, one a line (for completion).
_swift_venv_names() {
    "$_swift_venv" shell-do "$_swift_venv_shell" - names
}

# Two helpers of virtualenvwrapper's that hooks and scripts written for it call.
virtualenvwrapper_cd() {
    _swift_venv_cd "$@"
}
virtualenvwrapper_verify_active_environment() {
    _swift_venv_do verify-active
}

# The commands.
#:help:workon: list or change working virtualenvs
workon() {
    _swift_venv_do workon "$@"
}
#:help:mkvirtualenv: Create a new virtualenv in $WORKON_HOME
mkvirtualenv() {
    _swift_venv_do mkvirtualenv "$@"
}
#:help:rmvirtualenv: Remove a virtualenv
rmvirtualenv() {
    _swift_venv_do rmvirtualenv "$@"
}
#:help:cpvirtualenv: duplicate the named virtualenv to make a new one
cpvirtualenv() {
    _swift_venv_do cpvirtualenv "$@"
}
#:help:lsvirtualenv: list virtualenvs
lsvirtualenv() {
    _swift_venv_do lsvirtualenv "$@"
}
#:help:showvirtualenv: show details of a single virtualenv
showvirtualenv() {
    _swift_venv_do showvirtualenv "$@"
}
#:help:allvirtualenv: run a command in all virtualenvs
allvirtualenv() {
    _swift_venv_do allvirtualenv "$@"
}
#:help:cdvirtualenv: change to the $VIRTUAL_ENV directory
cdvirtualenv() {
    _swift_venv_do cdvirtualenv "$@"
}
#:help:cdsitepackages: change to the site-packages directory
cdsitepackages() {
    _swift_venv_do cdsitepackages "$@"
}
#:help:lssitepackages: list contents of the site-packages directory
lssitepackages() {
    _swift_venv_do lssitepackages "$@"
}
#:help:add2virtualenv: add directory to the import path
add2virtualenv() { _swift_venv_do add2virtualenv "$@"; }
#:help:setvirtualenvproject: associate a project directory with a virtualenv
setvirtualenvproject() {
    _swift_venv_do setvirtualenvproject "$@"
}
#:help:mkproject: create a new project directory and its associated virtualenv
mkproject() {
    _swift_venv_do mkproject "$@"
}
#:help:cdproject: change directory to the active project
cdproject() {
    _swift_venv_do cdproject "$@"
}
#:help:mktmpenv: create a temporary virtualenv
mktmpenv() {
    _swift_venv_do mktmpenv "$@"
}
#:help:wipeenv: remove all packages installed in the current virtualenv
wipeenv() {
    _swift_venv_do wipeenv "$@"
}
#:help:virtualenvwrapper: show this help message
virtualenvwrapper() {
    _swift_venv_do virtualenvwrapper "$@"
}
_swift_venv_loaded=1
#:end functions:

# Completion of environment names, as virtualenvwrapper sets it up (in
# strings, so POSIX sh never parses the arrays).
if [ -n "${BASH_VERSION:-}" ]; then
    eval '
    _swift_venv_complete_envs() {
        local cur="${COMP_WORDS[COMP_CWORD]}"
        local IFS="
"
        COMPREPLY=( $(compgen -W "$(_swift_venv_names)" -- "$cur") )
    }
    _swift_venv_complete_cdvirtualenv() {
        COMPREPLY=( $(cdvirtualenv && compgen -d -- "$2") )
    }
    _swift_venv_complete_cdsitepackages() {
        COMPREPLY=( $(cdsitepackages && compgen -d -- "$2") )
    }
    complete -o nospace -F _swift_venv_complete_cdvirtualenv -S/ cdvirtualenv
    complete -o nospace -F _swift_venv_complete_cdsitepackages -S/ cdsitepackages
    complete -o default -o nospace -F _swift_venv_complete_envs workon rmvirtualenv cpvirtualenv showvirtualenv
    '
elif [ -n "${ZSH_VERSION:-}" ]; then
    eval '
    _swift_venv_complete_envs() {
        reply=( ${(f)"$(_swift_venv_names)"} )
    }
    _swift_venv_complete_cdvirtualenv() {
        reply=( $(cdvirtualenv && ls -d ${1}*) )
    }
    _swift_venv_complete_cdsitepackages() {
        reply=( $(cdsitepackages && ls -d ${1}*) )
    }
    if (( $+functions[compdef] )); then
        _swift_venv_compsys_envs() { local -a reply; _swift_venv_complete_envs; compadd -a reply; }
        compdef _swift_venv_compsys_envs workon rmvirtualenv cpvirtualenv showvirtualenv
    fi
    if zmodload -e zsh/compctl || zmodload zsh/compctl 2>/dev/null; then
        compctl -K _swift_venv_complete_envs workon rmvirtualenv cpvirtualenv showvirtualenv
        compctl -K _swift_venv_complete_cdvirtualenv cdvirtualenv
        compctl -K _swift_venv_complete_cdsitepackages cdsitepackages
    fi
    '
fi

# Initialisation: WORKON_HOME, the hook directory and its hooks (made once,
# for the user to fill, by swift-venv), then the user's `initialize` hook.
if [ ! -d "$WORKON_HOME" ] || [ ! -e "$VIRTUALENVWRAPPER_HOOK_DIR/postdeactivate" ]; then
    _swift_venv_do initialize
fi
[ -f "$VIRTUALENVWRAPPER_HOOK_DIR/initialize" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/initialize"
:
