# swift-venv's shell integration for tcsh and csh: virtualenvwrapper's
# commands, options, messages and hooks as aliases, without starting Python
# (pip runs only for mkvirtualenv -i/-r and wipeenv). Load it with
#     eval "`swift-venv shell-init tcsh`"
# in ~/.tcshrc (or ~/.cshrc; `csh` for bsd-csh).
#
# csh has no functions, so each command is an alias that runs
# `swift-venv shell-do SHELL FILE COMMAND ARGS`: the program does the work
# it can do itself (creating, copying, removing, running the hooks
# virtualenvwrapper runs as programs) and writes into FILE, a file of this
# shell in a private directory, the csh code that must run in this shell
# (activation, cd, the hooks it sources); the alias then sources FILE. The
# arguments reach the program as the words the user typed, never as text a
# shell parses again. Commands that only print (lsvirtualenv,
# showvirtualenv, rmvirtualenv...) run the program alone, so they can be
# piped. Every value below and in FILE is one csh word written by the csh
# quoting of ActivationQuoting.swift (escaped outside quotes).
#
# Hooks: those virtualenvwrapper runs as programs run as they are; those it
# sources are sh code, which csh cannot source, so HOOK.csh beside each is
# sourced instead (postactivate.csh, predeactivate.csh, ...).
#
# This text is loaded through eval, which joins its lines into one: the
# comments are dropped and each line ends with ";" when it is rendered, so
# every command here is one line (no if-blocks, no foreach).

set _swift_venv={{SWIFT_VENV}}
set _swift_venv_do={{RUN_DIR}}/$$.csh
setenv WORKON_HOME {{WORKON_HOME}}
setenv VIRTUALENVWRAPPER_HOOK_DIR {{HOOK_DIR}}
setenv VIRTUALENVWRAPPER_PROJECT_FILENAME {{PROJECT_FILENAME}}
setenv VIRTUALENVWRAPPER_WORKON_CD {{WORKON_CD}}
set VIRTUALENVWRAPPER_ENV_BIN_DIR=bin

# Commands whose work changes this shell: the program writes the code, the
# alias sources it (only when the program succeeded). _swift_venv_shell_do
# and _swift_venv_run are aliases too (csh expands an alias's first word
# again when it names an alias). The program is told whether the active
# environment was activated by workon (SHELL:1), so that the code it writes
# never holds an if-block to be skipped: csh skips the lines of a block
# without honouring backslashes, so a quoted path there could unbalance it.
alias _swift_venv_shell_do '$_swift_venv:q shell-do {{SHELL_NAME}}:$?_swift_venv_wrapped $_swift_venv_do:q'
alias _swift_venv_run '$_swift_venv:q shell-do {{SHELL_NAME}} -'
alias workon '_swift_venv_shell_do workon \!* && source $_swift_venv_do:q'
alias mkvirtualenv '_swift_venv_shell_do mkvirtualenv \!* && source $_swift_venv_do:q'
alias mktmpenv '_swift_venv_shell_do mktmpenv \!* && source $_swift_venv_do:q'
alias cpvirtualenv '_swift_venv_shell_do cpvirtualenv \!* && source $_swift_venv_do:q'
alias mkproject '_swift_venv_shell_do mkproject \!* && source $_swift_venv_do:q'
alias cdvirtualenv '_swift_venv_shell_do cdvirtualenv \!* && source $_swift_venv_do:q'
alias cdsitepackages '_swift_venv_shell_do cdsitepackages \!* && source $_swift_venv_do:q'
alias cdproject '_swift_venv_shell_do cdproject \!* && source $_swift_venv_do:q'
alias allvirtualenv '_swift_venv_shell_do allvirtualenv \!* && source $_swift_venv_do:q'

# Commands that only print or change files: the program alone.
alias rmvirtualenv '_swift_venv_run rmvirtualenv \!*'
alias lsvirtualenv '_swift_venv_run lsvirtualenv \!*'
alias showvirtualenv '_swift_venv_run showvirtualenv \!*'
alias lssitepackages '_swift_venv_run lssitepackages \!*'
alias add2virtualenv '_swift_venv_run add2virtualenv \!*'
alias setvirtualenvproject '_swift_venv_run setvirtualenvproject \!*'
alias wipeenv '_swift_venv_run wipeenv \!*'
alias virtualenvwrapper '_swift_venv_run virtualenvwrapper \!*'

# Completion of environment names (tcsh's complete; bsd-csh has none). The
# names come from `swift-venv shell-do SHELL - names` when completing.
if ( $?tcsh ) complete workon 'p/*/`$_swift_venv:q shell-do {{SHELL_NAME}} - names`/'
if ( $?tcsh ) complete rmvirtualenv 'p/*/`$_swift_venv:q shell-do {{SHELL_NAME}} - names`/'
if ( $?tcsh ) complete cpvirtualenv 'p/*/`$_swift_venv:q shell-do {{SHELL_NAME}} - names`/'
if ( $?tcsh ) complete showvirtualenv 'p/*/`$_swift_venv:q shell-do {{SHELL_NAME}} - names`/'

# The user's initialize hook (swift-venv shell-init made the hook files).
if ( -f {{HOOK_DIR}}/initialize.csh ) source {{HOOK_DIR}}/initialize.csh
