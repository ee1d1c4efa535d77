# Activation of this virtual environment for csh and tcsh.
# Source this file, do not run it:   source bin/activate.csh
# It puts the environment's bin directory first on PATH, sets VIRTUAL_ENV
# and VIRTUAL_ENV_PROMPT, sets PYTHONHOME aside and shows the environment's
# name in front of the prompt (unless VIRTUAL_ENV_DISABLE_PROMPT is set).
# The alias deactivate puts all of it back and removes itself;
# "deactivate nondestructive" puts it back and stays defined.
#
# Written by swift-venv. Every value below was quoted for csh when the
# environment was created, with each exclamation mark escaped: csh applies
# history substitution even between single quotes and in sourced files.
# The prompt prefixes are also escaped for the prompt's own expansion.

alias deactivate 'test $?_OLD_VIRTUAL_PATH = 0 || setenv PATH "$_OLD_VIRTUAL_PATH:q"; unset _OLD_VIRTUAL_PATH; test $?_OLD_VIRTUAL_PYTHONHOME = 0 || setenv PYTHONHOME "$_OLD_VIRTUAL_PYTHONHOME:q"; unset _OLD_VIRTUAL_PYTHONHOME; test $?_OLD_VIRTUAL_PROMPT = 0 || set prompt="$_OLD_VIRTUAL_PROMPT:q"; unset _OLD_VIRTUAL_PROMPT; test $?_VIRTUAL_ENV_PROMPT_UNSET = 0 || unset prompt; unset _VIRTUAL_ENV_PROMPT_UNSET; unsetenv VIRTUAL_ENV; unsetenv VIRTUAL_ENV_PROMPT; rehash; test "\!:*" = nondestructive || unalias deactivate'

# Leave whichever environment is active now (ours or another tool's).
deactivate nondestructive

setenv VIRTUAL_ENV {{VIRTUAL_ENV}}
setenv VIRTUAL_ENV_PROMPT {{VIRTUAL_ENV_PROMPT}}

# An empty PATH gets the bin directory alone: a trailing colon would put the
# current directory on PATH.
set _OLD_VIRTUAL_PATH="$PATH:q"
if ("x$PATH:q" == "x") then
    setenv PATH "$VIRTUAL_ENV:q/"{{BIN_NAME}}
else
    setenv PATH "$VIRTUAL_ENV:q/"{{BIN_NAME}}":$PATH:q"
endif

if ($?PYTHONHOME) then
    set _OLD_VIRTUAL_PYTHONHOME="$PYTHONHOME:q"
    unsetenv PYTHONHOME
endif

set _VIRTUAL_ENV_SHOW_PROMPT=1
if ($?VIRTUAL_ENV_DISABLE_PROMPT) then
    if ("x$VIRTUAL_ENV_DISABLE_PROMPT:q" != "x") unset _VIRTUAL_ENV_SHOW_PROMPT
endif
if ($?_VIRTUAL_ENV_SHOW_PROMPT) then
    if ($?prompt) then
        set _OLD_VIRTUAL_PROMPT="$prompt:q"
    else
        set _VIRTUAL_ENV_PROMPT_UNSET=1
        set prompt=""
    endif
    # The prefix "(name) ", escaped for the prompt expansion of tcsh or of csh.
    if ($?tcsh) then
        set prompt={{PROMPT_PREFIX_TCSH}}"$prompt:q"
    else
        set prompt={{PROMPT_PREFIX_CSH}}"$prompt:q"
    endif
endif
unset _VIRTUAL_ENV_SHOW_PROMPT

rehash
