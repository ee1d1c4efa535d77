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

set -gx VIRTUAL_ENV {{VIRTUAL_ENV}}
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
