# Activates the virtual environment {{VIRTUAL_ENV}}
# in fish. Source it, do not run it:
#     source {{VIRTUAL_ENV}}/bin/activate.fish
# `deactivate` undoes it; `deactivate nondestructive` keeps the function.

function deactivate --description "Leave the virtual environment"
    if set -q _OLD_VIRTUAL_PATH
        set -gx PATH $_OLD_VIRTUAL_PATH
        set -e _OLD_VIRTUAL_PATH
    end
    if set -q _OLD_VIRTUAL_PYTHONHOME
        set -gx PYTHONHOME $_OLD_VIRTUAL_PYTHONHOME
        set -e _OLD_VIRTUAL_PYTHONHOME
    end
    if set -q _OLD_FISH_PROMPT_OVERRIDE
        set -e _OLD_FISH_PROMPT_OVERRIDE
        if functions -q _old_fish_prompt
            functions -e fish_prompt
            functions -c _old_fish_prompt fish_prompt
            functions -e _old_fish_prompt
        end
    end
    set -e VIRTUAL_ENV
    set -e VIRTUAL_ENV_PROMPT
    if test "$argv[1]" != "nondestructive"
        functions -e deactivate
    end
end

deactivate nondestructive

set -gx VIRTUAL_ENV {{VIRTUAL_ENV}}
set -gx VIRTUAL_ENV_PROMPT {{VIRTUAL_ENV_PROMPT}}

set -gx _OLD_VIRTUAL_PATH $PATH
set -gx PATH "$VIRTUAL_ENV/"{{BIN_NAME}} $PATH

if set -q PYTHONHOME
    set -gx _OLD_VIRTUAL_PYTHONHOME $PYTHONHOME
    set -e PYTHONHOME
end

if test -z "$VIRTUAL_ENV_DISABLE_PROMPT"
    if functions -q fish_prompt
        functions -c fish_prompt _old_fish_prompt
    end
    function fish_prompt
        # Keep the status of the last command for the original prompt.
        set -l old_status $status
        printf "(%s) " $VIRTUAL_ENV_PROMPT
        echo "exit $old_status" | source
        if functions -q _old_fish_prompt
            _old_fish_prompt
        end
    end
    set -gx _OLD_FISH_PROMPT_OVERRIDE "$VIRTUAL_ENV"
end
