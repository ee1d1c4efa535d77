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

# A relocatable environment (swift-venv --relocatable) is found from where
# this file is. tcsh finds it among the files it has open (/proc/self/fd):
# the one named .../activate.csh that is this shell's own (the name is read
# in a child, by filetest -L on the parent's, then checked to be the same
# file); the environment is the directory above that name's, or the path it
# was made at if that is the same directory (its symbolic links kept). csh
# cannot say which file it is reading, nor tell a copy from its original:
# it refuses. A refusal changes nothing (a goto to the end).
# (The path is set outside the if: csh skipping a block does not honour a
# backslash, so a literal there could unbalance its quotes.)
set _VIRTUAL_ENV_MADE_AT={{VIRTUAL_ENV}}
unset _VIRTUAL_ENV_HERE
if ({{RELOCATABLE}} == yes) then
    set _VIRTUAL_ENV_HERE=""
    set _VIRTUAL_ENV_SEEN=""
    if ($?tcsh) then
        if (-d /proc/self/fd) then
            if ($?noglob) then
                set _VIRTUAL_ENV_NOGLOB
                unset noglob
            endif
            foreach _VIRTUAL_ENV_FD (/proc/self/fd/*)
                if (-L $_VIRTUAL_ENV_FD =~ */activate.csh) then
                    set _VIRTUAL_ENV_NAME="`filetest -L /proc/$$/fd/$_VIRTUAL_ENV_FD:t`"
                    if ($#_VIRTUAL_ENV_NAME == 1) then
                        if (-F "$_VIRTUAL_ENV_NAME:q" == -F $_VIRTUAL_ENV_FD) then
                            if ("$_VIRTUAL_ENV_HERE:q" != "$_VIRTUAL_ENV_NAME:h:h:q") set _VIRTUAL_ENV_SEEN="${_VIRTUAL_ENV_SEEN}1"
                            set _VIRTUAL_ENV_HERE="$_VIRTUAL_ENV_NAME:h:h:q"
                        endif
                    else
                        # A name holding a line break (a word per line):
                        # refused below as a path PATH cannot hold.
                        set _VIRTUAL_ENV_SEEN="${_VIRTUAL_ENV_SEEN}1"
                        set _VIRTUAL_ENV_HERE=":"
                    endif
                    unset _VIRTUAL_ENV_NAME
                endif
            end
            unset _VIRTUAL_ENV_FD
            if ($?_VIRTUAL_ENV_NOGLOB) then
                set noglob
                unset _VIRTUAL_ENV_NOGLOB
            endif
        endif
    endif
    if ("$_VIRTUAL_ENV_SEEN" != 1) then
        unset _VIRTUAL_ENV_MADE_AT _VIRTUAL_ENV_HERE _VIRTUAL_ENV_SEEN
        echo "activate.csh: this shell cannot say which file it is reading (csh never can; tcsh needs /proc, and no subshell), so it cannot tell this environment from a copy of it: activate it from tcsh, bash, zsh, ksh93 or fish" >> /dev/stderr
        goto _virtual_env_activate_end
    endif
    unset _VIRTUAL_ENV_SEEN
    # The same directory as the one it was made at: that path, as it was named.
    if (-d "$_VIRTUAL_ENV_MADE_AT:q") then
        if (-F "$_VIRTUAL_ENV_MADE_AT:q" == -F "$_VIRTUAL_ENV_HERE:q") unset _VIRTUAL_ENV_HERE
    endif
endif
unset _VIRTUAL_ENV_MADE_AT
if ($?_VIRTUAL_ENV_HERE) then
    # Anywhere else, a path of printable ASCII without a colon or a percent
    # sign: PATH cannot hold a colon, dash reads a percent sign on PATH as
    # an option, a control character would reach the terminal, and the
    # rules creation applies to other characters for tcsh cannot be checked
    # here (Templates/README.md). (A caret then a backslash is no history
    # reference, whatever histchars says.)
    if ("$_VIRTUAL_ENV_HERE:q" =~ *[:%]* || "$_VIRTUAL_ENV_HERE:q" =~ *[^\ -~]*) then
        unset _VIRTUAL_ENV_HERE
        echo "activate.csh: the environment is now at a path holding a colon, a percent sign or a character other than printable ASCII, which tcsh cannot put on PATH safely: move it to a path without them, or activate it from bash, zsh, ksh93 or fish" >> /dev/stderr
        goto _virtual_env_activate_end
    endif
    if (-f "$_VIRTUAL_ENV_HERE:q/pyvenv.cfg") then
    else
        unset _VIRTUAL_ENV_HERE
        echo "activate.csh: no environment holds this file (no pyvenv.cfg in the directory above its own): source the activate.csh in the bin directory of an environment" >> /dev/stderr
        goto _virtual_env_activate_end
    endif
endif

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
if ($?_VIRTUAL_ENV_HERE) then
    setenv VIRTUAL_ENV "$_VIRTUAL_ENV_HERE:q"
    unset _VIRTUAL_ENV_HERE
endif
setenv VIRTUAL_ENV_PROMPT {{VIRTUAL_ENV_PROMPT}}
# "(name) " for tcsh in a UTF-8 locale, for tcsh in any other, and for csh
# (PromptDisplay.swift), set here: csh skipping a block does not honour a
# backslash, so a literal inside an if could unbalance its quotes.
set _VIRTUAL_ENV_PROMPT_TCSH={{PROMPT_TCSH}}
set _VIRTUAL_ENV_PROMPT_ASCII={{PROMPT_TCSH_ASCII}}
set _VIRTUAL_ENV_PROMPT_CSH={{PROMPT_CSH}}

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
    # "(name) " as written, every mark escaped for the prompt (tcsh's %
    # sequences and backslash escapes, the history character): data. tcsh
    # shows non-ASCII characters as written in a UTF-8 locale (the name's
    # own encoding); in any other, as underscores (Templates/README.md).
    if ($?tcsh) then
        set _VIRTUAL_ENV_LOCALE=""
        # (Blocks: csh substitutes a one-line if's variables before it
        # tests, so an unset LANG would end this file there.)
        if ($?LANG) then
            set _VIRTUAL_ENV_LOCALE="$LANG:q"
        endif
        if ($?LC_CTYPE) then
            if ("x$LC_CTYPE:q" != "x") set _VIRTUAL_ENV_LOCALE="$LC_CTYPE:q"
        endif
        if ($?LC_ALL) then
            if ("x$LC_ALL:q" != "x") set _VIRTUAL_ENV_LOCALE="$LC_ALL:q"
        endif
        if ("$_VIRTUAL_ENV_LOCALE:q" =~ *[Uu][Tt][Ff]*8*) then
            set prompt="${_VIRTUAL_ENV_PROMPT_TCSH:q}${prompt:q}"
        else
            set prompt="${_VIRTUAL_ENV_PROMPT_ASCII:q}${prompt:q}"
        endif
        unset _VIRTUAL_ENV_LOCALE
    else
        set prompt="${_VIRTUAL_ENV_PROMPT_CSH:q}${prompt:q}"
    endif
endif
unset _VIRTUAL_ENV_SHOW_PROMPT _VIRTUAL_ENV_PROMPT_TCSH _VIRTUAL_ENV_PROMPT_ASCII _VIRTUAL_ENV_PROMPT_CSH

rehash
_virtual_env_activate_end:
