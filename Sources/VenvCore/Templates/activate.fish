# Activation of this virtual environment for fish.
# Source this file, do not run it:   source bin/activate.fish
# It puts the environment's bin directory first on PATH, sets VIRTUAL_ENV
# and VIRTUAL_ENV_PROMPT, sets PYTHONHOME aside and shows the environment's
# name in front of the prompt (unless VIRTUAL_ENV_DISABLE_PROMPT is set).
# `deactivate` puts all of it back and removes itself;
# `deactivate nondestructive` puts it back and stays defined.
#
# Written by swift-venv. Every value below was quoted for fish when the
# environment was created. The prompt prints the name as data (printf %s),
# so nothing in it is ever interpreted.

# Where the environment is: the path it was made at, or, for a relocatable
# one (swift-venv --relocatable), the directory above the one holding this
# file, wherever that is now (`status filename`; fish 3.5 or later, for
# `path`; before 3.5, the path it was made at if this is its file, else a
# refusal, so a copy never activates its original). Found before anything
# changes, so a refusal changes nothing.
set -l _virtual_env_found {{VIRTUAL_ENV}}
if test {{RELOCATABLE}} = yes
    # Each substitution collected whole: a line break in a path is refused
    # below, not split into a list here.
    set -l here (status filename | string collect)
    # Only a file named activate.fish is this one (text piped to source is
    # named "-").
    if not string match -q -r -- '(^|/)activate\.fish$' $here
        echo 'activate.fish: fish cannot say which file this text comes from (piped to source?), so it cannot' \
            'tell this environment from a copy of it: source the activate.fish in its bin directory by its path' >&2
        return 1
    else if builtin -q path
        set here (path dirname -- $here | string collect)
        string match -q -- '/*' $here; or set here $PWD/$here
        set _virtual_env_found (path normalize -- $here/.. | string collect)
    else if not test "$here" -ef "$_virtual_env_found/"{{BIN_NAME}}/activate.fish
        echo 'activate.fish: this is not the activate.fish of the environment at the path it was made at (a' \
            'copy, or moved), and fish before 3.5 cannot find the environment from it: activate it from fish 3.5' \
            'or later, bash, zsh or ksh93' >&2
        return 1
    end
    if not test -f "$_virtual_env_found/pyvenv.cfg"
        echo 'activate.fish: no environment holds this file (no pyvenv.cfg in the directory above its own):' \
            'source the activate.fish in the bin directory of an environment' >&2
        return 1
    end
    # What creation refuses in a path, refused here too: PATH cannot hold
    # ':', dash reads '%' on PATH as an option, and a control character
    # would reach the terminal (Templates/README.md).
    if string match -q -r -- '[:%\x00-\x1f\x7f-\x9f]' $_virtual_env_found
        echo 'activate.fish: the environment has been moved to a path holding \':\', \'%\' or a control' \
            'character, which PATH cannot hold safely: move it to a path without them' >&2
        return 1
    end
end

# Leave whichever environment is active now, by its own deactivate function
# (ours or another tool's), so that it undoes exactly what it did.
if functions -q deactivate
    deactivate nondestructive
end

function deactivate --description 'Leave the virtual environment'
    if set -q _OLD_VIRTUAL_PATH
        set -gx PATH $_OLD_VIRTUAL_PATH
        set -e _OLD_VIRTUAL_PATH
    end
    if set -q _OLD_VIRTUAL_PYTHONHOME
        set -gx PYTHONHOME $_OLD_VIRTUAL_PYTHONHOME
        set -e _OLD_VIRTUAL_PYTHONHOME
    end
    if set -q _VIRTUAL_ENV_FISH_PROMPT
        set -e _VIRTUAL_ENV_FISH_PROMPT
        functions -e fish_prompt
        if functions -q _virtual_env_old_fish_prompt
            functions -c _virtual_env_old_fish_prompt fish_prompt
            functions -e _virtual_env_old_fish_prompt
        end
    end
    set -e VIRTUAL_ENV
    set -e VIRTUAL_ENV_PROMPT
    if test "$argv[1]" != nondestructive
        functions -e deactivate
    end
end

# And whatever an earlier activation left behind without its function.
deactivate nondestructive

set -gx VIRTUAL_ENV $_virtual_env_found
set -gx VIRTUAL_ENV_PROMPT {{VIRTUAL_ENV_PROMPT}}

# The old values are kept in global, unexported variables: they are this
# shell's business, not its children's.
set -g _OLD_VIRTUAL_PATH $PATH
set -gx PATH $VIRTUAL_ENV/{{BIN_NAME}} $PATH

if set -q PYTHONHOME
    set -g _OLD_VIRTUAL_PYTHONHOME $PYTHONHOME
    set -e PYTHONHOME
end

if test -z "$VIRTUAL_ENV_DISABLE_PROMPT"
    set -g _VIRTUAL_ENV_FISH_PROMPT 1
    if functions -q fish_prompt
        functions -c fish_prompt _virtual_env_old_fish_prompt
    end
    function fish_prompt --description 'The prompt, after the virtual environment\'s name'
        # The old prompt may show the last command's status: give it back.
        set -l last_status $status
        printf '(%s) ' $VIRTUAL_ENV_PROMPT
        if functions -q _virtual_env_old_fish_prompt
            echo "exit $last_status" | source
            _virtual_env_old_fish_prompt
        end
    end
end
