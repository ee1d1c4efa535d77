# Automatic activation (shell-init tcsh --auto): on entering a directory
# whose project has an environment, activate it; on leaving the project,
# deactivate what was activated here (never an environment activated by
# hand). tcsh's precmd alias compares $cwd with the last one seen before
# each prompt; only when it changed, one process, `swift-venv shell-auto`,
# finds the project, compares it with the one seen last and writes into a
# file of this shell (private directory) the csh code to source: nothing,
# the deactivation, or the activation script rendered from the
# environment's path (no file of the project is read as code), and
# bin/postactivate.csh only for a directory allowed with `swift-venv allow`.
# Loaded through eval like the rest: one command per line, no if-blocks.
# precmd is tcsh's (bsd-csh has none); a precmd alias of the user's, as
# defined when this is loaded, is kept and run after ours (its text, as
# `alias precmd` prints it, through eval); loading this again (a .tcshrc
# sourced twice) keeps the user's alias it saved, never our own, so the
# chain is never doubled.

set _swift_venv_auto_file={{RUN_DIR}}/$$.auto.csh
if ( ! $?_swift_venv_auto_pwd ) set _swift_venv_auto_pwd=''
if ( ! $?_swift_venv_auto_mark ) set _swift_venv_auto_mark=''
if ( ! $?_swift_venv_auto_env ) set _swift_venv_auto_env=''
# The command precmd runs when $cwd changed: text that eval reads again (an
# alias would not be expanded after a one-line if), every variable in it
# one word, even when empty, by "$name:q".
set _swift_venv_auto_cd='set _swift_venv_auto_pwd="$cwd:q" && "$_swift_venv:q" shell-auto {{SHELL_NAME}} "$cwd:q" "$_swift_venv_auto_file:q" "$_swift_venv_auto_mark:q" "$_swift_venv_auto_env:q" && source "$_swift_venv_auto_file:q"'
if ( ! $?_swift_venv_auto_user_precmd ) set _swift_venv_auto_user_precmd=''
set _swift_venv_auto_precmd="`alias precmd`"
if ( "$_swift_venv_auto_precmd:q" =~ *_swift_venv_auto_cd* ) set _swift_venv_auto_precmd="$_swift_venv_auto_user_precmd:q"
set _swift_venv_auto_user_precmd="$_swift_venv_auto_precmd:q"
unset _swift_venv_auto_precmd
alias precmd 'if ( "$cwd:q" != "$_swift_venv_auto_pwd:q" ) eval $_swift_venv_auto_cd:q; if ( "$_swift_venv_auto_user_precmd:q" != "" ) eval $_swift_venv_auto_user_precmd:q'
