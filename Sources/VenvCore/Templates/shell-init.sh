# swift-venv's shell integration for bash, zsh and POSIX sh: virtualenvwrapper's
# commands, options, messages and hooks, without starting Python (pip runs only
# for mkvirtualenv -i/-r and wipeenv). Load it with
#     eval "$(swift-venv shell-init bash)"      (or zsh, sh)
# in place of `source virtualenvwrapper.sh`.

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

# WORKON_HOME made when missing, announced (unless -q) as virtualenvwrapper does.
_swift_venv_verify_workon_home() {
    [ -d "$WORKON_HOME/" ] && return 0
    [ "${1:-}" = -q ] || echo "NOTE: Virtual environments directory $WORKON_HOME does not exist. Creating..." >&2
    command mkdir -p "$WORKON_HOME"
}

# Whether the hook file $1 holds a command (not only the comments it was made with).
_swift_venv_hook_has_commands() {
    while IFS= read -r _swift_venv_line || [ -n "$_swift_venv_line" ]; do
        _swift_venv_line=${_swift_venv_line#"${_swift_venv_line%%[! 	]*}"}
        case $_swift_venv_line in
            "" | "#"*) ;;
            *) unset _swift_venv_line; return 0 ;;
        esac
    done < "$1"
    unset _swift_venv_line
    return 1
}

# A hook virtualenvwrapper runs (a program, with arguments), from $WORKON_HOME.
# One that holds only comments would do nothing: it is not started.
_swift_venv_run_hook() {
    [ -f "$1" ] || return 0
    _swift_venv_hook_has_commands "$1" || return 0
    if [ -x "$1" ]; then
        (_swift_venv_cd "$WORKON_HOME" && "$@")
    else
        echo "virtualenvwrapper.user_scripts could not run \"$1\": not executable" >&2
    fi
    return 0
}

# Makes a hook file (once) as virtualenvwrapper does, for the user to fill.
_swift_venv_make_hook() {
    [ -e "$1" ] && return 0
    printf '#!%s\n# %s\n\n' "${SHELL:-/bin/sh}" "$2" > "$1" && chmod "$3" "$1"
}

_swift_venv_make_local_hooks() {
    _swift_venv_make_hook "$1/bin/predeactivate" "This hook is sourced before this virtualenv is deactivated." 644
    _swift_venv_make_hook "$1/bin/postdeactivate" "This hook is sourced after this virtualenv is deactivated." 644
    _swift_venv_make_hook "$1/bin/preactivate" "This hook is run before this virtualenv is activated." 755
    _swift_venv_make_hook "$1/bin/postactivate" "This hook is sourced after this virtualenv is activated." 644
    _swift_venv_make_hook "$1/bin/get_env_details" "This hook is run when the list of virtualenvs is printed in 'long' mode so each name can include details." 755
}

# _swift_venv_p: the first line of the file $1 (a project file's path, as
# swift-venv and every shell's integration read it).
_swift_venv_first_line() {
    _swift_venv_p=
    IFS= read -r _swift_venv_p < "$1" || [ -n "$_swift_venv_p" ]
}

# A name must be one directory of the store.
_swift_venv_check_name() {
    case $1 in
        "" | . | .. | */*)
            echo "ERROR: '$1' is not an environment name: a name is one directory of $WORKON_HOME, without '/'." >&2
            return 1 ;;
    esac
    return 0
}

# The environments: the directories of $WORKON_HOME with bin/activate, one a line.
_swift_venv_names() {
    [ -n "${ZSH_VERSION:-}" ] && setopt localoptions nullglob
    for _swift_venv_d in "$WORKON_HOME"/*/bin/activate; do
        [ -f "$_swift_venv_d" ] || continue
        _swift_venv_d=${_swift_venv_d%/bin/activate}
        printf '%s\n' "${_swift_venv_d##*/}"
    done
    unset _swift_venv_d
}

_swift_venv_verify_active() {
    if [ -z "${VIRTUAL_ENV:-}" ] || [ ! -d "$VIRTUAL_ENV" ]; then
        echo "ERROR: no virtualenv active, or active virtualenv is missing" >&2
        return 1
    fi
}

# Two helpers of virtualenvwrapper's that hooks and scripts written for it call.
virtualenvwrapper_cd() { _swift_venv_cd "$@"; }
virtualenvwrapper_verify_active_environment() { _swift_venv_verify_active; }

_swift_venv_site_packages() {
    [ -n "${ZSH_VERSION:-}" ] && setopt localoptions nullglob
    for _swift_venv_d in "$VIRTUAL_ENV"/lib/python*/site-packages; do
        [ -d "$_swift_venv_d" ] && { printf '%s\n' "$_swift_venv_d"; unset _swift_venv_d; return 0; }
    done
    unset _swift_venv_d
    return 1
}

# Defines _swift_venv_env_deactivate as the activation script's deactivate,
# every mention of the name renamed (as virtualenvwrapper does).
_swift_venv_rename_deactivate() {
    if [ -n "${ZSH_VERSION:-}" ]; then
        eval 'eval "_swift_venv_env_deactivate () { ${functions[deactivate]//deactivate/_swift_venv_env_deactivate} }"'
    elif [ -n "${BASH_VERSION:-}" ]; then
        _swift_venv_f=$(declare -f deactivate)
        eval '_swift_venv_f=${_swift_venv_f//deactivate/_swift_venv_env_deactivate}'
        eval "$_swift_venv_f"
        unset _swift_venv_f
    fi
}

#:help:workon: list or change working virtualenvs
workon() {
    _swift_venv_cd_after=$VIRTUALENVWRAPPER_WORKON_CD
    _swift_venv_name=
    while [ $# -gt 0 ]; do
        case $1 in
            -h | --help)
                echo "Usage: workon env_name"
                echo ""
                echo "           Deactivate any currently activated virtualenv"
                echo "           and activate the named environment, triggering"
                echo "           any hooks in the process."
                echo ""
                echo "       workon"
                echo ""
                echo "           Print a list of available environments."
                echo "           (See also lsvirtualenv -b)"
                echo ""
                echo "       workon (-h|--help)"
                echo ""
                echo "           Show this help message."
                echo ""
                echo "       workon (-c|--cd) envname"
                echo ""
                echo "           After activating the environment, cd to the associated"
                echo "           project directory if it is set."
                echo ""
                echo "       workon (-n|--no-cd) envname"
                echo ""
                echo "           After activating the environment, do not cd to the"
                echo "           associated project directory."
                echo ""
                return 0 ;;
            -n | --no-cd) _swift_venv_cd_after=0 ;;
            -c | --cd) _swift_venv_cd_after=1 ;;
            *) [ -z "$_swift_venv_name" ] && _swift_venv_name=$1 ;;
        esac
        shift
    done
    if [ -z "$_swift_venv_name" ]; then
        lsvirtualenv -b
        return 1
    elif [ "$_swift_venv_name" = . ]; then
        _swift_venv_name=${PWD##*/}
    fi
    _swift_venv_verify_workon_home || return 1
    _swift_venv_check_name "$_swift_venv_name" || return 1
    if [ ! -d "$WORKON_HOME/$_swift_venv_name" ]; then
        echo "ERROR: Environment '$_swift_venv_name' does not exist. Create it with 'mkvirtualenv $_swift_venv_name'." >&2
        _swift_venv_close=$("$_swift_venv" list --closest "$_swift_venv_name" 2>/dev/null)
        [ -n "$_swift_venv_close" ] && echo "Did you mean: $_swift_venv_close?" >&2
        unset _swift_venv_close
        return 1
    fi
    _swift_venv_activate="$WORKON_HOME/$_swift_venv_name/bin/activate"
    if [ ! -f "$_swift_venv_activate" ]; then
        echo "ERROR: Environment '$WORKON_HOME/$_swift_venv_name' does not contain an activate script." >&2
        return 1
    fi
    # Leave the current environment through our deactivate (its hooks run).
    if [ -n "${_SWIFT_VENV_WRAPPED:-}" ] && command -v _swift_venv_env_deactivate >/dev/null 2>&1; then
        deactivate
    fi

    _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/preactivate" "$_swift_venv_name"
    _swift_venv_run_hook "$WORKON_HOME/$_swift_venv_name/bin/preactivate" "$_swift_venv_name"

    if [ -n "${ZSH_VERSION:-}${BASH_VERSION:-}" ]; then
        . "$_swift_venv_activate"
        _swift_venv_rename_deactivate
    else
        # POSIX sh cannot print a function: rename it in the script's text.
        eval "$(sed 's/deactivate/_swift_venv_env_deactivate/g' "$_swift_venv_activate")"
    fi
    _SWIFT_VENV_WRAPPED=1

    deactivate() {
        # The environment's own hook first, so it can undo its postactivate.
        [ -f "$VIRTUAL_ENV/bin/predeactivate" ] && . "$VIRTUAL_ENV/bin/predeactivate"
        [ -f "$VIRTUALENVWRAPPER_HOOK_DIR/predeactivate" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/predeactivate"
        if [ -f "$VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME" ]; then
            _swift_venv_first_line "$VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME"
            [ -f "$_swift_venv_p/.virtualenvwrapper/predeactivate" ] && . "$_swift_venv_p/.virtualenvwrapper/predeactivate"
            unset _swift_venv_p
        fi
        _swift_venv_old=${VIRTUAL_ENV##*/}
        _swift_venv_env_deactivate "$1"
        VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV="$WORKON_HOME/$_swift_venv_old"
        [ -f "$WORKON_HOME/$_swift_venv_old/bin/postdeactivate" ] && . "$WORKON_HOME/$_swift_venv_old/bin/postdeactivate"
        [ -f "$VIRTUALENVWRAPPER_HOOK_DIR/postdeactivate" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/postdeactivate"
        unset VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV _swift_venv_old
        if [ "$1" != nondestructive ]; then
            unset -f _swift_venv_env_deactivate deactivate >/dev/null 2>&1
            unset _SWIFT_VENV_WRAPPED
        fi
        return 0
    }

    [ -f "$VIRTUALENVWRAPPER_HOOK_DIR/postactivate" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/postactivate"
    [ -f "$VIRTUAL_ENV/bin/postactivate" ] && . "$VIRTUAL_ENV/bin/postactivate"
    if [ -f "$VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME" ]; then
        _swift_venv_first_line "$VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME"
        [ "$_swift_venv_cd_after" = 1 ] && _swift_venv_cd "$_swift_venv_p"
        [ -f "$_swift_venv_p/.virtualenvwrapper/postactivate" ] && . "$_swift_venv_p/.virtualenvwrapper/postactivate"
        unset _swift_venv_p
    fi
    unset _swift_venv_cd_after _swift_venv_name _swift_venv_activate
    return 0
}

#:help:mkvirtualenv: Create a new virtualenv in $WORKON_HOME
mkvirtualenv() {
    _swift_venv_project= _swift_venv_packages= _swift_venv_requirements=
    # Options of our own are taken out; the rest go to swift-venv, in order.
    _swift_venv_n=$#
    while [ "$_swift_venv_n" -gt 0 ]; do
        _swift_venv_a=$1; shift; _swift_venv_n=$((_swift_venv_n - 1))
        case $_swift_venv_a in
            -a)
                _swift_venv_project=$1; shift; _swift_venv_n=$((_swift_venv_n - 1))
                if [ ! -d "$_swift_venv_project" ]; then
                    echo "Cannot associate project with $_swift_venv_project, it is not a directory" >&2
                    return 1
                fi
                _swift_venv_project=$(_swift_venv_cd "$_swift_venv_project" && pwd) ;;
            -h | --help)
                echo "Usage: mkvirtualenv [-a project_path] [-i package] [-r requirements_file] [-p python_interpreter] [swift-venv options] env_name"
                echo
                echo " -a project_path"
                echo
                echo "    Provide a full path to a project directory to associate with"
                echo "    the new environment."
                echo
                echo " -i package"
                echo
                echo "    Install a package after the environment is created."
                echo "    This option may be repeated."
                echo
                echo " -r requirements_file"
                echo
                echo "    Provide a pip requirements file to install a base set of packages"
                echo "    into the new environment."
                echo
                echo " -p python_interpreter, --python=python_interpreter"
                echo
                echo "    The Python interpreter to use for the new environment."
                echo "    This can be specified as -p python3.8 or --python=/path/to/python"
                echo
                return 0 ;;
            -i)
                _swift_venv_packages="$_swift_venv_packages
$1"; shift; _swift_venv_n=$((_swift_venv_n - 1)) ;;
            -r)
                _swift_venv_requirements=$1; shift; _swift_venv_n=$((_swift_venv_n - 1)) ;;
            -p)
                set -- "$@" --python "$1"; shift; _swift_venv_n=$((_swift_venv_n - 1)) ;;
            --python=*)
                set -- "$@" --python "${_swift_venv_a#--python=}" ;;
            *)
                set -- "$@" "$_swift_venv_a" ;;
        esac
    done
    if [ $# -eq 0 ]; then
        echo "ERROR: name the environment: mkvirtualenv [options] env_name" >&2
        return 2
    fi
    eval "_swift_venv_name=\${$#}"
    _swift_venv_check_name "$_swift_venv_name" || return 1
    # Drop the name: the rest are options for swift-venv.
    _swift_venv_n=$#; _swift_venv_i=0
    for _swift_venv_a in "$@"; do
        _swift_venv_i=$((_swift_venv_i + 1))
        [ "$_swift_venv_i" -eq 1 ] && set --
        [ "$_swift_venv_i" -lt "$_swift_venv_n" ] && set -- "$@" "$_swift_venv_a"
    done
    # One environment: any other word is an option or an option's value.
    _swift_venv_i=0
    for _swift_venv_a in "$@"; do
        if [ "$_swift_venv_i" = 1 ]; then _swift_venv_i=0; continue; fi
        case $_swift_venv_a in
            --python | --prompt) _swift_venv_i=1 ;;
            -*) ;;
            *) echo "ERROR: '$_swift_venv_a' is not an option: mkvirtualenv [options] env_name makes one environment" >&2
               return 2 ;;
        esac
    done
    _swift_venv_verify_workon_home || return 1
    (
        # The default options of every new environment, split as words.
        [ -n "${ZSH_VERSION:-}" ] && setopt shwordsplit
        _swift_venv_cd "$WORKON_HOME" &&
        "$_swift_venv" create ${VIRTUALENVWRAPPER_VIRTUALENV_ARGS:-} "$@" "$WORKON_HOME/$_swift_venv_name" &&
        [ -d "$WORKON_HOME/$_swift_venv_name" ] &&
        _swift_venv_make_local_hooks "$WORKON_HOME/$_swift_venv_name" &&
        _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/premkvirtualenv" "$_swift_venv_name"
    ) || return $?
    if [ -n "$_swift_venv_project" ]; then
        setvirtualenvproject "$WORKON_HOME/$_swift_venv_name" "$_swift_venv_project" || return $?
    fi
    workon "$_swift_venv_name"
    if [ -n "$_swift_venv_requirements" ]; then
        pip install -r "$_swift_venv_requirements"
    fi
    if [ -n "$_swift_venv_packages" ]; then
        printf '%s\n' "$_swift_venv_packages" | while IFS= read -r _swift_venv_a; do
            [ -n "$_swift_venv_a" ] && pip install "$_swift_venv_a"
        done
    fi
    unset _swift_venv_project _swift_venv_packages _swift_venv_requirements _swift_venv_n _swift_venv_i _swift_venv_a _swift_venv_name
    [ -f "$VIRTUALENVWRAPPER_HOOK_DIR/postmkvirtualenv" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/postmkvirtualenv"
    return 0
}

#:help:rmvirtualenv: Remove a virtualenv
rmvirtualenv() {
    _swift_venv_verify_workon_home || return 1
    if [ $# -eq 0 ]; then
        echo "Please specify an environment." >&2
        return 1
    fi
    for _swift_venv_name in "$@"; do
        echo "Removing $_swift_venv_name..."
        _swift_venv_check_name "$_swift_venv_name" || return 1
        _swift_venv_dir="$WORKON_HOME/$_swift_venv_name"
        if [ "${VIRTUAL_ENV:-}" = "$_swift_venv_dir" ]; then
            echo "ERROR: You cannot remove the active environment ('$_swift_venv_name')." >&2
            echo "Either switch to another environment, or run 'deactivate'." >&2
            return 1
        fi
        if [ ! -d "$_swift_venv_dir" ]; then
            echo "Did not find environment $_swift_venv_dir to remove." >&2
        fi
        _swift_venv_prior=$PWD
        _swift_venv_cd "$WORKON_HOME"
        _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/prermvirtualenv" "$_swift_venv_name"
        if [ -d "$_swift_venv_dir" ]; then
            "$_swift_venv" remove "$_swift_venv_dir"
        fi
        _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/postrmvirtualenv" "$_swift_venv_name"
        [ -d "$_swift_venv_prior" ] && _swift_venv_cd "$_swift_venv_prior"
    done
    unset _swift_venv_name _swift_venv_dir _swift_venv_prior
    return 0
}

#:help:cpvirtualenv: duplicate the named virtualenv to make a new one
cpvirtualenv() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_src_name=${1:-} _swift_venv_trg_name=${2:-}
    if [ -z "$_swift_venv_src_name" ]; then
        echo "Please provide a valid virtualenv to copy."
        return 1
    fi
    # `.` and `..` are paths (from here, not from $WORKON_HOME), never the store.
    if [ "$_swift_venv_src_name" != . ] && [ "$_swift_venv_src_name" != .. ] &&
        [ -e "$WORKON_HOME/$_swift_venv_src_name" ]; then
        _swift_venv_src="$WORKON_HOME/$_swift_venv_src_name"
    else
        case $_swift_venv_src_name in
            "~/"*) _swift_venv_src=$HOME/${_swift_venv_src_name#"~/"} ;;
            /*) _swift_venv_src=$_swift_venv_src_name ;;
            *) _swift_venv_src=$PWD/$_swift_venv_src_name ;;
        esac
        if [ ! -e "$_swift_venv_src" ]; then
            echo "Please provide a valid virtualenv to copy."
            return 1
        fi
        _swift_venv_src_name=${_swift_venv_src%/}
        _swift_venv_src_name=${_swift_venv_src_name##*/}
    fi
    [ -z "$_swift_venv_trg_name" ] && _swift_venv_trg_name=$_swift_venv_src_name
    _swift_venv_check_name "$_swift_venv_trg_name" || return 1
    if [ -e "$WORKON_HOME/$_swift_venv_trg_name" ]; then
        echo "$_swift_venv_trg_name virtualenv already exists."
        return 1
    fi
    echo "Copying $_swift_venv_src_name as $_swift_venv_trg_name..."
    (
        _swift_venv_cd "$WORKON_HOME" &&
        "$_swift_venv" copy "$_swift_venv_src" "$WORKON_HOME/$_swift_venv_trg_name" &&
        [ -d "$WORKON_HOME/$_swift_venv_trg_name" ] &&
        _swift_venv_make_local_hooks "$WORKON_HOME/$_swift_venv_trg_name" &&
        _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/precpvirtualenv" "$_swift_venv_src" "$_swift_venv_trg_name" &&
        _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/premkvirtualenv" "$_swift_venv_trg_name"
    ) || return $?
    [ -d "$WORKON_HOME/$_swift_venv_trg_name" ] || return 1
    workon "$_swift_venv_trg_name"
    unset _swift_venv_src_name _swift_venv_trg_name _swift_venv_src
    [ -f "$VIRTUALENVWRAPPER_HOOK_DIR/postmkvirtualenv" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/postmkvirtualenv"
    [ -f "$VIRTUALENVWRAPPER_HOOK_DIR/postcpvirtualenv" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/postcpvirtualenv"
    return 0
}

#:help:lsvirtualenv: list virtualenvs
lsvirtualenv() {
    _swift_venv_long=1
    OPTIND=1
    while getopts ":blh" _swift_venv_opt "$@"; do
        case $_swift_venv_opt in
            l) _swift_venv_long=1 ;;
            b) _swift_venv_long=0 ;;
            h)
                printf 'lsvirtualenv [-blh]\n  -b -- brief mode\n  -l -- long mode\n  -h -- this help message\n'
                return 1 ;;
            *)
                echo "Invalid option: -$OPTARG" >&2
                printf 'lsvirtualenv [-blh]\n  -b -- brief mode\n  -l -- long mode\n  -h -- this help message\n'
                return 1 ;;
        esac
    done
    _swift_venv_verify_workon_home || return 1
    if [ "$_swift_venv_long" = 1 ]; then
        allvirtualenv showvirtualenv
    else
        _swift_venv_names
    fi
    unset _swift_venv_long _swift_venv_opt
}

#:help:showvirtualenv: show details of a single virtualenv
showvirtualenv() {
    _swift_venv_name=${1:-}
    if [ -z "$_swift_venv_name" ]; then
        if [ -z "${VIRTUAL_ENV:-}" ]; then
            echo "showvirtualenv [env]"
            return 1
        fi
        _swift_venv_name=${VIRTUAL_ENV##*/}
    fi
    _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/get_env_details" "$_swift_venv_name"
    _swift_venv_run_hook "$WORKON_HOME/$_swift_venv_name/bin/get_env_details" "$_swift_venv_name"
    unset _swift_venv_name
    echo
}

#:help:allvirtualenv: run a command in all virtualenvs
allvirtualenv() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_names | while IFS= read -r _swift_venv_d; do
        [ -d "$WORKON_HOME/$_swift_venv_d" ] || continue
        echo "$_swift_venv_d"
        _swift_venv_u= _swift_venv_r=$_swift_venv_d
        while [ -n "$_swift_venv_r" ]; do _swift_venv_u="$_swift_venv_u="; _swift_venv_r=${_swift_venv_r#?}; done
        echo "$_swift_venv_u"
        (. "$WORKON_HOME/$_swift_venv_d/bin/activate"; _swift_venv_cd "$VIRTUAL_ENV"; "$@")
        echo
    done
}

#:help:cdvirtualenv: change to the $VIRTUAL_ENV directory
cdvirtualenv() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_verify_active || return 1
    _swift_venv_cd "$VIRTUAL_ENV/${1:-}"
}

#:help:cdsitepackages: change to the site-packages directory
cdsitepackages() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_verify_active || return 1
    _swift_venv_sp=$(_swift_venv_site_packages) || { echo "ERROR: currently-active virtualenv does not appear to have a site-packages directory" >&2; return 1; }
    _swift_venv_cd "$_swift_venv_sp/${1:-}"
    unset _swift_venv_sp
}

#:help:lssitepackages: list contents of the site-packages directory
lssitepackages() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_verify_active || return 1
    _swift_venv_sp=$(_swift_venv_site_packages) || { echo "ERROR: currently-active virtualenv does not appear to have a site-packages directory" >&2; return 1; }
    ls "$@" "$_swift_venv_sp"
    if [ -f "$_swift_venv_sp/_virtualenv_path_extensions.pth" ]; then
        echo
        echo "_virtualenv_path_extensions.pth:"
        cat "$_swift_venv_sp/_virtualenv_path_extensions.pth"
    fi
    unset _swift_venv_sp
}

#:help:add2virtualenv: add directory to the import path
add2virtualenv() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_verify_active || return 1
    _swift_venv_sp=$(_swift_venv_site_packages) || { echo "ERROR: currently-active virtualenv does not appear to have a site-packages directory" >&2; return 1; }
    _swift_venv_pth="$_swift_venv_sp/_virtualenv_path_extensions.pth"
    if [ $# -eq 0 ]; then
        echo "Usage: add2virtualenv dir [dir ...]"
        if [ -f "$_swift_venv_pth" ]; then
            echo
            echo "Existing paths:"
            grep -v "^import" "$_swift_venv_pth"
        fi
        return 1
    fi
    _swift_venv_remove=0
    if [ "$1" = "-d" ]; then _swift_venv_remove=1; shift; fi
    if [ ! -f "$_swift_venv_pth" ]; then
        {
            echo "import sys; sys.__plen = len(sys.path)"
            echo "import sys; new=sys.path[sys.__plen:]; del sys.path[sys.__plen:]; p=getattr(sys,'__egginsert',0); sys.path[p:p]=new; sys.__egginsert = p+len(new)"
        } > "$_swift_venv_pth" || return 1
    fi
    for _swift_venv_dir in "$@"; do
        if [ -d "$_swift_venv_dir" ]; then
            _swift_venv_abs=$(_swift_venv_cd "$_swift_venv_dir" && pwd)
        else
            case $_swift_venv_dir in /*) _swift_venv_abs=$_swift_venv_dir ;; *) _swift_venv_abs=$PWD/$_swift_venv_dir ;; esac
        fi
        if [ "$_swift_venv_abs" != "$_swift_venv_dir" ]; then
            echo "Warning: Converting \"$_swift_venv_dir\" to \"$_swift_venv_abs\"" >&2
        fi
        {
            # Lines are kept in the file's order; a new path goes after the first line.
            _swift_venv_first=1
            while IFS= read -r _swift_venv_line; do
                if [ "$_swift_venv_remove" = 1 ] && [ "$_swift_venv_line" = "$_swift_venv_abs" ]; then continue; fi
                printf '%s\n' "$_swift_venv_line"
                if [ "$_swift_venv_first" = 1 ] && [ "$_swift_venv_remove" = 0 ]; then printf '%s\n' "$_swift_venv_abs"; fi
                _swift_venv_first=0
            done < "$_swift_venv_pth"
        } > "$_swift_venv_pth.tmp" && mv -f "$_swift_venv_pth.tmp" "$_swift_venv_pth"
    done
    unset _swift_venv_sp _swift_venv_pth _swift_venv_remove _swift_venv_dir _swift_venv_abs _swift_venv_first _swift_venv_line
    return 0
}

#:help:setvirtualenvproject: associate a project directory with a virtualenv
setvirtualenvproject() {
    _swift_venv_env=${1:-${VIRTUAL_ENV:-}}
    if [ -z "${2:-}" ]; then
        _swift_venv_prj=$PWD
    elif [ -d "$2" ]; then
        _swift_venv_prj=$(_swift_venv_cd "$2" && pwd)
    else
        case $2 in /*) _swift_venv_prj=$2 ;; *) _swift_venv_prj=$PWD/$2 ;; esac
    fi
    [ -d "$_swift_venv_env" ] || _swift_venv_env="$WORKON_HOME/$_swift_venv_env"
    if [ ! -d "$_swift_venv_env" ]; then
        echo "No virtualenv ${_swift_venv_env##*/}" >&2
        return 1
    fi
    if [ ! -d "$_swift_venv_prj" ]; then
        echo "Cannot associate virtualenv with \"$_swift_venv_prj\", it is not a directory" >&2
        return 1
    fi
    echo "Setting project for ${_swift_venv_env##*/} to $_swift_venv_prj"
    printf '%s\n' "$_swift_venv_prj" > "$_swift_venv_env/$VIRTUALENVWRAPPER_PROJECT_FILENAME"
    unset _swift_venv_env _swift_venv_prj
}

#:help:mkproject: create a new project directory and its associated virtualenv
mkproject() {
    _swift_venv_force=0
    _swift_venv_n=$#
    while [ "$_swift_venv_n" -gt 0 ]; do
        _swift_venv_a=$1; shift; _swift_venv_n=$((_swift_venv_n - 1))
        case $_swift_venv_a in
            -h | --help)
                echo "Usage: mkproject [-f|--force] [-t template] [virtualenv options] project_name"
                echo
                echo "-f, --force    Create the virtualenv even if the project directory"
                echo "               already exists"
                return 0 ;;
            -f | --force) _swift_venv_force=1 ;;
            -t)
                echo "ERROR: project templates are virtualenvwrapper plugins written in Python, which swift-venv does not run; create the project without -t" >&2
                return 1 ;;
            *) set -- "$@" "$_swift_venv_a" ;;
        esac
    done
    eval "_swift_venv_pname=\${$#}"
    if [ -z "${PROJECT_HOME:-}" ]; then
        echo "ERROR: Set the PROJECT_HOME shell variable to the name of the directory where projects should be created." >&2
        return 1
    fi
    if [ ! -d "$PROJECT_HOME" ]; then
        echo "ERROR: Project directory '$PROJECT_HOME' does not exist.  Create it or set PROJECT_HOME to an existing directory." >&2
        return 1
    fi
    if [ -d "$PROJECT_HOME/$_swift_venv_pname" ] && [ "$_swift_venv_force" = 0 ]; then
        echo "Project $_swift_venv_pname already exists." >&2
        return 1
    fi
    mkvirtualenv "$@" || return 1
    _swift_venv_cd "$PROJECT_HOME"
    _swift_venv_run_hook "$VIRTUALENVWRAPPER_HOOK_DIR/premkproject" "$_swift_venv_pname"
    echo "Creating $PROJECT_HOME/$_swift_venv_pname"
    mkdir -p "$PROJECT_HOME/$_swift_venv_pname"
    setvirtualenvproject "$VIRTUAL_ENV" "$PROJECT_HOME/$_swift_venv_pname"
    _swift_venv_cd "$PROJECT_HOME/$_swift_venv_pname"
    unset _swift_venv_force _swift_venv_n _swift_venv_a _swift_venv_pname
    [ -f "$VIRTUALENVWRAPPER_HOOK_DIR/postmkproject" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/postmkproject"
    return 0
}

#:help:cdproject: change directory to the active project
cdproject() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_verify_active || return 1
    if [ -f "$VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME" ]; then
        _swift_venv_first_line "$VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME"
        if [ -n "$_swift_venv_p" ]; then
            _swift_venv_cd "$_swift_venv_p"
        else
            echo "Project directory $_swift_venv_p does not exist" >&2
            return 1
        fi
    else
        echo "No project set in $VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME" >&2
        return 1
    fi
    unset _swift_venv_p
    return 0
}

#:help:mktmpenv: create a temporary virtualenv
mktmpenv() {
    _swift_venv_cd_tmp=$VIRTUALENVWRAPPER_WORKON_CD
    _swift_venv_n=$#
    while [ "$_swift_venv_n" -gt 0 ]; do
        _swift_venv_a=$1; shift; _swift_venv_n=$((_swift_venv_n - 1))
        case $_swift_venv_a in
            -n | --no-cd) _swift_venv_cd_tmp=0 ;;
            -c | --cd) _swift_venv_cd_tmp=1 ;;
            *) set -- "$@" "$_swift_venv_a" ;;
        esac
    done
    _swift_venv_tmp=tmp-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    mkvirtualenv "$@" "$_swift_venv_tmp" || return $?
    [ "$_swift_venv_cd_tmp" = 1 ] && cdvirtualenv
    echo "This is a temporary environment. It will be deleted when you run 'deactivate'." | tee "$VIRTUAL_ENV/README.tmpenv"
    cat >> "$VIRTUAL_ENV/bin/postdeactivate" <<EOF
if [ -f "$VIRTUAL_ENV/README.tmpenv" ]
then
    echo "Removing temporary environment:" "$_swift_venv_tmp"
    rmvirtualenv "$_swift_venv_tmp"
fi
EOF
    unset _swift_venv_cd_tmp _swift_venv_n _swift_venv_a _swift_venv_tmp
}

#:help:wipeenv: remove all packages installed in the current virtualenv
wipeenv() {
    _swift_venv_verify_workon_home || return 1
    _swift_venv_verify_active || return 1
    _swift_venv_req=$(pip freeze | grep -E -v '(distribute|wsgiref|appdirs|packaging|pyparsing|six)')
    if [ -n "$_swift_venv_req" ]; then
        echo "Uninstalling packages:"
        echo
        printf '%s\n' "$_swift_venv_req" | while IFS= read -r _swift_venv_line; do
            case $_swift_venv_line in
                # An editable install pip names in a comment, `(NAME==VERSION)`,
                # before its `-e PATH` (pip uninstalls names, not paths).
                "# Editable"*"("*"=="*")")
                    _swift_venv_pkg=${_swift_venv_line##*(}
                    _swift_venv_pkg=${_swift_venv_pkg%%==*} ;;
                -f* | "#"*) continue ;;
                -e*)
                    # `-e URL#egg=NAME&...` gives NAME; `-e PATH` was named above.
                    case $_swift_venv_line in *egg=*) ;; *) continue ;; esac
                    _swift_venv_pkg=${_swift_venv_line##*egg=}
                    _swift_venv_pkg=${_swift_venv_pkg%%&*} ;;
                *)
                    _swift_venv_pkg=${_swift_venv_line%%[<>!=@ ]*} ;;
            esac
            echo "$_swift_venv_pkg"
            pip uninstall -y "$_swift_venv_pkg"
        done
    else
        echo "Nothing to remove."
    fi
    unset _swift_venv_req
}

#:help:virtualenvwrapper: show this help message
virtualenvwrapper() {
    printf '\nswift-venv shell integration: virtualenvwrapper'"'"'s commands, without Python.\n\n'
    printf 'swift-venv: %s\nWORKON_HOME: %s\nPROJECT_HOME: %s\n\nCommands available:\n\n' "$_swift_venv" "$WORKON_HOME" "${PROJECT_HOME:-}"
    for _swift_venv_c in add2virtualenv allvirtualenv cdproject cdsitepackages cdvirtualenv cpvirtualenv \
        lssitepackages lsvirtualenv mkproject mktmpenv mkvirtualenv rmvirtualenv setvirtualenvproject \
        showvirtualenv virtualenvwrapper wipeenv workon; do
        printf '  %s\n\n' "$_swift_venv_c"
    done
    unset _swift_venv_c
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

# Initialisation: the hook directory and its hooks (made once, for the user
# to fill), then the user's `initialize` hook.
[ -d "$WORKON_HOME" ] || command mkdir -p "$WORKON_HOME"
[ -d "$VIRTUALENVWRAPPER_HOOK_DIR" ] || command mkdir -p "$VIRTUALENVWRAPPER_HOOK_DIR"
if [ ! -e "$VIRTUALENVWRAPPER_HOOK_DIR/postdeactivate" ]; then
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/initialize" "This hook is sourced during the startup phase when loading virtualenvwrapper.sh." 644
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/premkvirtualenv" "This hook is run after a new virtualenv is created and before it is activated.
# argument: name of new environment" 755
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/postmkvirtualenv" "This hook is sourced after a new virtualenv is activated." 644
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/prermvirtualenv" "This hook is run before a virtualenv is deleted.
# argument: full path to environment directory" 755
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/postrmvirtualenv" "This hook is run after a virtualenv is deleted.
# argument: full path to environment directory" 755
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/predeactivate" "This hook is sourced before every virtualenv is deactivated." 644
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/preactivate" "This hook is run before every virtualenv is activated.
# argument: environment name" 755
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/postactivate" "This hook is sourced after every virtualenv is activated." 644
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/get_env_details" "This hook is run when the list of virtualenvs is printed so each name can include details.
# argument: environment name" 755
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/premkproject" "This hook is run after a new project is created and before it is activated." 755
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/postmkproject" "This hook is run after a new project is activated." 755
    _swift_venv_make_hook "$VIRTUALENVWRAPPER_HOOK_DIR/postdeactivate" "This hook is sourced after every virtualenv is deactivated." 644
fi
[ -f "$VIRTUALENVWRAPPER_HOOK_DIR/initialize" ] && . "$VIRTUALENVWRAPPER_HOOK_DIR/initialize"
:
