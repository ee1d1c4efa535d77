# swift-venv's shell integration for fish: virtualenvwrapper's commands,
# options, messages and hooks, without starting Python (pip runs only for
# mkvirtualenv -i/-r and wipeenv). Load it with
#     swift-venv shell-init fish | source
# Hooks that virtualenvwrapper runs as programs (preactivate, premkvirtualenv,
# prermvirtualenv, ...) run as they are; hooks it sources into the shell
# (postactivate, predeactivate, postmkvirtualenv, ...) are sh code, which fish
# cannot source, so fish sources HOOK.fish beside them instead.
#
# Each command is a one-line function that runs `swift-venv shell-do`: the
# commands are written once, in swift-venv (VenvCore's Wrapper), which does
# what a process can do and writes, to a pipe on its file descriptor 3, the
# fish code this shell must run itself (activation, cd, the hooks it
# sources), every path and name in it one single-quoted word; the function
# sources it.

set -g _swift_venv {{SWIFT_VENV}}

if not set -q WORKON_HOME; or test -z "$WORKON_HOME"
    set -gx WORKON_HOME $HOME/.virtualenvs
end
switch $WORKON_HOME
    case '/*'
    case '~'
        set -gx WORKON_HOME $HOME
    case '~/*'
        set -gx WORKON_HOME $HOME/(string sub -s 3 -- $WORKON_HOME)
    case '*'
        set -gx WORKON_HOME $HOME/$WORKON_HOME
end
set -q VIRTUALENVWRAPPER_HOOK_DIR; or set -gx VIRTUALENVWRAPPER_HOOK_DIR $WORKON_HOME
set -q VIRTUALENVWRAPPER_PROJECT_FILENAME; or set -gx VIRTUALENVWRAPPER_PROJECT_FILENAME .project
set -q VIRTUALENVWRAPPER_WORKON_CD; or set -gx VIRTUALENVWRAPPER_WORKON_CD 1
set -g VIRTUALENVWRAPPER_ENV_BIN_DIR bin

# Runs the command $argv of swift-venv's virtualenvwrapper: its output goes
# where this function's goes; the code it writes to its file descriptor 3
# (only when it succeeds) is sourced here. Its status is the command's. The
# variables it reads are given as this shell sees them, exported or not.
function _swift_venv_do
    set -l shell fish
    set -q _SWIFT_VENV_WRAPPED; and set shell fish:1
    set -q PROJECT_HOME; and set -lx PROJECT_HOME $PROJECT_HOME
    set -q VIRTUALENVWRAPPER_VIRTUALENV_ARGS; and set -lx VIRTUALENVWRAPPER_VIRTUALENV_ARGS $VIRTUALENVWRAPPER_VIRTUALENV_ARGS
    $_swift_venv shell-do $shell '&3' $argv 3>| source
    return $pipestatus[1]
end

# Activates the environment $argv[1] for workon: its activation script,
# whose deactivate is kept as _swift_venv_env_deactivate, then the
# wrapper's deactivate.
function _swift_venv_activate
    source $argv[1]/bin/activate.fish
    functions -e _swift_venv_env_deactivate
    functions -c deactivate _swift_venv_env_deactivate
    set -g _SWIFT_VENV_WRAPPED 1
    function deactivate --description 'Leave the virtual environment (with virtualenvwrapper hooks)'
        _swift_venv_do deactivate $argv
    end
end

function _swift_venv_names
    $_swift_venv shell-do fish - names
end

function workon --description 'list or change working virtualenvs'
    _swift_venv_do workon $argv
end
function mkvirtualenv --description 'Create a new virtualenv in $WORKON_HOME'
    _swift_venv_do mkvirtualenv $argv
end
function rmvirtualenv --description 'Remove a virtualenv'
    _swift_venv_do rmvirtualenv $argv
end
function cpvirtualenv --description 'duplicate the named virtualenv to make a new one'
    _swift_venv_do cpvirtualenv $argv
end
function lsvirtualenv --description 'list virtualenvs'
    _swift_venv_do lsvirtualenv $argv
end
function showvirtualenv --description 'show details of a single virtualenv'
    _swift_venv_do showvirtualenv $argv
end
function allvirtualenv --description 'run a command in all virtualenvs'
    _swift_venv_do allvirtualenv $argv
end
function cdvirtualenv --description 'change to the $VIRTUAL_ENV directory'
    _swift_venv_do cdvirtualenv $argv
end
function cdsitepackages --description 'change to the site-packages directory'
    _swift_venv_do cdsitepackages $argv
end
function lssitepackages --description 'list contents of the site-packages directory'
    _swift_venv_do lssitepackages $argv
end
function add2virtualenv --description 'add directory to the import path'
    _swift_venv_do add2virtualenv $argv
end
function setvirtualenvproject --description 'associate a project directory with a virtualenv'
    _swift_venv_do setvirtualenvproject $argv
end
function mkproject --description 'create a new project directory and its associated virtualenv'
    _swift_venv_do mkproject $argv
end
function cdproject --description 'change directory to the active project'
    _swift_venv_do cdproject $argv
end
function mktmpenv --description 'create a temporary virtualenv'
    _swift_venv_do mktmpenv $argv
end
function wipeenv --description 'remove all packages installed in the current virtualenv'
    _swift_venv_do wipeenv $argv
end
function virtualenvwrapper --description 'show this help message'
    _swift_venv_do virtualenvwrapper $argv
end

complete -c workon -f -a '(_swift_venv_names)'
complete -c rmvirtualenv -f -a '(_swift_venv_names)'
complete -c cpvirtualenv -f -a '(_swift_venv_names)'
complete -c showvirtualenv -f -a '(_swift_venv_names)'

# WORKON_HOME, the hook directory and its hooks (made once, for the user to
# fill, by swift-venv), then the user's `initialize.fish` hook.
if not test -d $WORKON_HOME; or not test -e $VIRTUALENVWRAPPER_HOOK_DIR/postdeactivate
    _swift_venv_do initialize
end
if test -f $VIRTUALENVWRAPPER_HOOK_DIR/initialize.fish
    source $VIRTUALENVWRAPPER_HOOK_DIR/initialize.fish
end
true    # loading succeeds, as bash's does, so `... | source; and X` goes on to X
