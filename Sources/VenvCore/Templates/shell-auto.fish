
# Automatic activation (shell-init fish --auto): on entering a directory
# whose project has an environment, activate it; on leaving the project,
# deactivate what was activated here (never an environment activated by
# hand). Before each prompt, one comparison of $PWD with the last one seen;
# only when it changed, a walk up the directories with builtins for the
# nearest one holding a .venv or a .python-version, or named by the
# .project of an environment of $WORKON_HOME; and only when that directory
# changed, one process, `swift-venv shell-auto`, whose code is sourced: the
# activation script rendered from the environment's path (no file of the
# project is read as code), and bin/postactivate.fish only for a directory
# allowed with `swift-venv allow`. Defining the functions again (the
# integration loaded twice) replaces them and their event: one hook.

function _swift_venv_auto_hook --on-event fish_prompt
    test "$PWD" = "$_swift_venv_auto_pwd"; and return
    set -g _swift_venv_auto_pwd $PWD
    _swift_venv_auto_cd
end

function _swift_venv_auto_cd
    # The environment activated here, removed since: left, said once.
    if set -q _swift_venv_auto_env; and test "$VIRTUAL_ENV" = "$_swift_venv_auto_env"
        and not test -f "$_swift_venv_auto_env/pyvenv.cfg"
        printf 'swift-venv: %s is no longer an environment (removed?); deactivated\n' $_swift_venv_auto_env >&2
        _swift_venv_auto_off
        set -g _swift_venv_auto_mark /dev/null/
    end
    # An environment activated by hand (or inherited) is the user's: left alone.
    if set -q VIRTUAL_ENV; and test "$VIRTUAL_ENV" != "$_swift_venv_auto_env"
        set -e _swift_venv_auto_env
        set -e _swift_venv_auto_mark
        return 0
    end
    set -l found (_swift_venv_auto_find | string collect)
    test "$found" = "$_swift_venv_auto_mark"; and return 0
    set -g _swift_venv_auto_mark $found
    if test -z "$found"
        _swift_venv_auto_off
        return 0
    end
    $_swift_venv shell-auto fish $found | source
end

# The nearest directory, this one or a parent, with a .venv (or a link of
# that name) or a .python-version, or that is an environment's project;
# nothing when there is none. Builtins only; the walk is on the text of $PWD.
function _swift_venv_auto_find
    set -l projects
    for f in $WORKON_HOME/*/.project
        # A regular file only: reading a FIFO would wait for a writer.
        test -f $f; or continue
        set -l p
        read -l p <$f 2>/dev/null
        test -n "$p"; or continue
        set p (string replace -r '/$' '' -- $p)
        test (string sub -l (string length -- "$p/") -- "$PWD/") = "$p/"; and set -a projects $p
    end
    set -l d $PWD
    while true
        if test -e "$d/.venv"; or test -L "$d/.venv"; or test -e "$d/.python-version"
            break
        end
        set -l shown $d
        test -z "$d"; and set shown /
        contains -- $shown $projects; and break
        test -z "$d"; and return 0
        set d (string replace -r '/[^/]*$' '' -- $d)
    end
    test -z "$d"; and set d /
    printf '%s' $d
end

# Leaves the environment activated here, if it is still the active one, by
# its deactivate function.
function _swift_venv_auto_off
    if set -q _swift_venv_auto_env; and test "$VIRTUAL_ENV" = "$_swift_venv_auto_env"; and functions -q deactivate
        deactivate
    end
    set -e _swift_venv_auto_env
end
