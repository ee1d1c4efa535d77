# Activation of this virtual environment for csh and tcsh.
# Source this file, do not run it:   source bin/activate.csh
# It puts the environment's bin directory first on PATH, sets VIRTUAL_ENV
# and VIRTUAL_ENV_PROMPT, sets PYTHONHOME aside and shows the environment's
# name in front of the prompt (unless VIRTUAL_ENV_DISABLE_PROMPT is set).
# The alias deactivate puts all of it back and removes itself;
# "deactivate nondestructive" puts it back and stays defined.
#
# Written by swift-venv. Every value below was written for csh when the
# environment was created: each character but letters, digits and a few
# marks escaped by a backslash outside quotes (which holds whatever
# backslash_quote and histchars say), non-ASCII text between quotes.
# Only builtins run here: any PATH works, and no program in bin/ can stand
# in for a command this file or deactivate uses. Why each line holds
# against a hostile path or prompt: the threat model in Templates/README.md.

# csh cannot say which file it is reading, so even a relocatable
# environment (swift-venv --relocatable) is activated at the path it was
# made at; if it is no longer there, nothing changes (a goto to the end).
# (The path is set outside the if: csh skipping a block does not honour a
# backslash, so a literal there could unbalance its quotes.)
set _VIRTUAL_ENV_MADE_AT={{VIRTUAL_ENV}}
if ({{RELOCATABLE}} == yes) then
    if (-f "$_VIRTUAL_ENV_MADE_AT:q/pyvenv.cfg") then
    else
        unset _VIRTUAL_ENV_MADE_AT
        echo "activate.csh: the environment is no longer at the path it was made at, and csh cannot say where this file is: activate it from bash, zsh, ksh93 or fish, or move it with swift-venv move" >> /dev/stderr
        goto _virtual_env_activate_end
    endif
endif
unset _VIRTUAL_ENV_MADE_AT

# Leave whichever environment is active now, by its own alias (ours or
# another tool's), so that it undoes exactly what it did.
# (An alias runs from the block form of if only.)
if ( "`alias deactivate`" != "" ) then
    deactivate nondestructive
endif

# The saved state stays defined for as long as the alias is: csh
# substitutes every variable of a line before it runs any of it.
set _VIRTUAL_ENV_ACTIVE=0
alias deactivate 'if ($_VIRTUAL_ENV_ACTIVE) setenv PATH "$_OLD_VIRTUAL_PATH:q"; if ($_VIRTUAL_ENV_HAD_PYTHONHOME) setenv PYTHONHOME "$_OLD_VIRTUAL_PYTHONHOME:q"; if ($_VIRTUAL_ENV_PROMPT_STATE == 2) set prompt="$_OLD_VIRTUAL_PROMPT:q"; if ($_VIRTUAL_ENV_PROMPT_STATE == 1) unset prompt; if ($_VIRTUAL_ENV_ACTIVE) unsetenv VIRTUAL_ENV; if ($_VIRTUAL_ENV_ACTIVE) unsetenv VIRTUAL_ENV_PROMPT; set _VIRTUAL_ENV_ACTIVE=0; set _VIRTUAL_ENV_HAD_PYTHONHOME=0; set _VIRTUAL_ENV_PROMPT_STATE=0; rehash; if ("\!:*" != nondestructive) unset _VIRTUAL_ENV_ACTIVE _OLD_VIRTUAL_PATH _VIRTUAL_ENV_HAD_PYTHONHOME _OLD_VIRTUAL_PYTHONHOME _VIRTUAL_ENV_PROMPT_STATE _OLD_VIRTUAL_PROMPT; if ("\!:*" != nondestructive) unalias deactivate'

set _OLD_VIRTUAL_PATH="$PATH:q"
set _VIRTUAL_ENV_HAD_PYTHONHOME=0
set _OLD_VIRTUAL_PYTHONHOME=""
set _VIRTUAL_ENV_PROMPT_STATE=0
set _OLD_VIRTUAL_PROMPT=""
set _VIRTUAL_ENV_ACTIVE=1

setenv VIRTUAL_ENV {{VIRTUAL_ENV}}
setenv VIRTUAL_ENV_PROMPT {{VIRTUAL_ENV_PROMPT}}

# An empty PATH gets the bin directory alone: a trailing colon would put the
# current directory on PATH.
if ("x$PATH:q" == "x") then
    setenv PATH "$VIRTUAL_ENV:q/"{{BIN_NAME}}
else
    setenv PATH "$VIRTUAL_ENV:q/"{{BIN_NAME}}":$PATH:q"
endif

if ($?PYTHONHOME) then
    set _OLD_VIRTUAL_PYTHONHOME="$PYTHONHOME:q"
    set _VIRTUAL_ENV_HAD_PYTHONHOME=1
    unsetenv PYTHONHOME
endif

set _VIRTUAL_ENV_SHOW_PROMPT=1
if ($?VIRTUAL_ENV_DISABLE_PROMPT) then
    if ("x$VIRTUAL_ENV_DISABLE_PROMPT:q" != "x") unset _VIRTUAL_ENV_SHOW_PROMPT
endif
if ($?_VIRTUAL_ENV_SHOW_PROMPT) then
    if ($?prompt) then
        set _OLD_VIRTUAL_PROMPT="$prompt:q"
        set _VIRTUAL_ENV_PROMPT_STATE=2
    else
        set _VIRTUAL_ENV_PROMPT_STATE=1
        set prompt=""
    endif
    # "(name) " with every character tcsh's prompt gives a meaning shown as
    # an underscore, so the prefix is plain text (Templates/README.md).
    set prompt={{PROMPT_PREFIX_CSH}}"$prompt:q"
endif
unset _VIRTUAL_ENV_SHOW_PROMPT

rehash
_virtual_env_activate_end:
