# Activates the virtual environment {{VIRTUAL_ENV}}
# in csh or tcsh. Source it, do not run it:
#     source bin/activate.csh
# `deactivate` undoes it; `deactivate nondestructive` keeps the alias.

alias deactivate 'test $?_OLD_VIRTUAL_PATH != 0 && setenv PATH "$_OLD_VIRTUAL_PATH:q" && unset _OLD_VIRTUAL_PATH; rehash; test $?_OLD_VIRTUAL_PROMPT != 0 && set prompt="$_OLD_VIRTUAL_PROMPT:q" && unset _OLD_VIRTUAL_PROMPT; test $?_OLD_VIRTUAL_PYTHONHOME != 0 && setenv PYTHONHOME "$_OLD_VIRTUAL_PYTHONHOME:q" && unset _OLD_VIRTUAL_PYTHONHOME; unsetenv VIRTUAL_ENV; unsetenv VIRTUAL_ENV_PROMPT; test "\!:*" != "nondestructive" && unalias deactivate'

deactivate nondestructive

setenv VIRTUAL_ENV {{VIRTUAL_ENV}}
setenv VIRTUAL_ENV_PROMPT {{VIRTUAL_ENV_PROMPT}}

set _OLD_VIRTUAL_PATH="$PATH:q"
setenv PATH "$VIRTUAL_ENV:q/"{{BIN_NAME}}":$PATH:q"

if ($?PYTHONHOME) then
    set _OLD_VIRTUAL_PYTHONHOME="$PYTHONHOME:q"
    unsetenv PYTHONHOME
endif

if (! $?VIRTUAL_ENV_DISABLE_PROMPT) then
    if ($?prompt) then
        set _OLD_VIRTUAL_PROMPT="$prompt:q"
        set prompt = "($VIRTUAL_ENV_PROMPT:q) $prompt:q"
    endif
endif

rehash
