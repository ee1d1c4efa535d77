
# Automatic activation (shell-init fish --auto): on entering a directory
# whose project has an environment, activate it; on leaving the project,
# deactivate what was activated here (never an environment activated by
# hand). Before each prompt, one comparison of $PWD with the last one seen;
# only when it changed, a walk up the directories with builtins for the
# nearest one holding a .venv or a .python-version, or named by the
# .project of an environment of $WORKON_HOME; and only when that directory
# changed, one process, `swift-venv shell-auto`, whose code is sourced: a
# call of _swift_venv_auto_activate (the activation template as a
# function, below, never a file of the project) with the
# environment's path and prompt, and bin/postactivate.fish only for a
# directory allowed with `swift-venv allow`. Under a network or FUSE mount
# (_swift_venv_auto_netmounts, named by shell-init and again by
# `shell-auto --mounts` whenever the mount table read by a builtin
# changed), the shell tests no file: the process, whose lookup is bounded,
# walks and decides instead. Defining the functions again (the integration
# loaded twice) replaces them and their event: one hook.

# _swift_venv_auto_activate, the activation template as a function, is
# not parsed at the shell's start: this stand-in defines it the first time
# an environment is activated, from its copy in swift-venv's cache
# directory (written by shell-init, named by its contents; sourced only if
# it and its directory are still the user's alone), else from
# `swift-venv shell-auto fish --function`, and then runs it.
set -g _swift_venv_auto_functions {{AUTO_FUNCTIONS}}
function _swift_venv_auto_activate
    functions -e _swift_venv_auto_activate
    set -l file $_swift_venv_auto_functions
    if test -n "$file"; and test -f "$file"; and not test -L "$file"; and test -O "$file"
        and test -O (string replace -r '/[^/]*$' '' -- $file)
        source $file
    end
    functions -q _swift_venv_auto_activate; or $_swift_venv shell-auto fish --function | source
    if not functions -q _swift_venv_auto_activate
        echo "swift-venv: could not load the activation function from $_swift_venv; nothing activated" >&2
        return 1
    end
    _swift_venv_auto_activate $argv
end

# The mount table as last read; its remote mount points are set above.
# (`read -z`: the whole file, faster than a command substitution.)
read -z -g _swift_venv_auto_mounts </proc/self/mountinfo 2>/dev/null

function _swift_venv_auto_hook --on-event fish_prompt
    test "$PWD" = "$_swift_venv_auto_pwd"; and return
    set -g _swift_venv_auto_pwd $PWD
    _swift_venv_auto_cd
end

function _swift_venv_auto_cd
    set -l mounts
    read -z mounts </proc/self/mountinfo 2>/dev/null
    # (contains: the same comparison, in less time than test.)
    if not contains -- "$mounts" "$_swift_venv_auto_mounts"
        set -g _swift_venv_auto_mounts $mounts
        $_swift_venv shell-auto fish --mounts | source
    end
    # An environment activated by hand (or inherited) is the user's: left alone.
    _swift_venv_auto_theirs; and return 0
    # Under a remote mount (this directory, the environment activated here,
    # or $WORKON_HOME, whose projects the walk reads): no test here, the
    # bounded process walks, compares with the project seen last and says.
    if set -q _swift_venv_auto_netmounts[1]; and begin; _swift_venv_auto_remote $PWD
            or _swift_venv_auto_remote "$_swift_venv_auto_env"; or _swift_venv_auto_remote "$WORKON_HOME"; end
        $_swift_venv shell-auto fish $PWD - "$_swift_venv_auto_mark" "$_swift_venv_auto_env" | source
        return 0
    end
    # The environment activated here, removed since: left, said once.
    if set -q _swift_venv_auto_env; and test "$VIRTUAL_ENV" = "$_swift_venv_auto_env"
        and not test -f "$_swift_venv_auto_env/pyvenv.cfg"
        printf 'swift-venv: %s is no longer an environment (removed?); deactivated\n' $_swift_venv_auto_env >&2
        _swift_venv_auto_off
        set -g _swift_venv_auto_mark /dev/null/
        # Still active though no longer one (no deactivate function): the user's.
        _swift_venv_auto_theirs; and return 0
    end
    _swift_venv_auto_find
    set -l found $_swift_venv_auto_found
    test "$found" = "$_swift_venv_auto_mark"; and return 0
    set -g _swift_venv_auto_mark $found
    if test -z "$found"
        _swift_venv_auto_off
        return 0
    end
    # (No remote mount in the table read above: the process need not read it again.)
    set -l none --no-remote-mounts
    set -q _swift_venv_auto_netmounts[1]; and set none
    $_swift_venv shell-auto fish $found $none | source
end

# Whether the active environment is not the one activated here (the user's,
# by hand or inherited); if so, what was activated here is forgotten.
function _swift_venv_auto_theirs
    set -q VIRTUAL_ENV; and test "$VIRTUAL_ENV" != "$_swift_venv_auto_env"; or return 1
    set -e _swift_venv_auto_env
    set -e _swift_venv_auto_mark
end

# Whether $argv[1] is under a mount point of _swift_venv_auto_netmounts (its text).
function _swift_venv_auto_remote
    test -n "$argv[1]"; or return 1
    for m in $_swift_venv_auto_netmounts
        # (A mount point holds no line break: shell-init gives / for one.
        # The directory may: `string collect` keeps its prefix one word.)
        set m (string replace -r '/$' '' -- $m)
        test (string sub -l (string length -- "$m/") -- "$argv[1]/" | string collect) = "$m/"; and return 0
    end
    return 1
end

# The nearest directory, this one or a parent, with a .venv (or a link of
# that name) or a .python-version, or that is an environment's project, in
# _swift_venv_auto_found ('' when there is none: a variable, as a command
# substitution of a function costs more than the walk). Builtins only; the
# walk is on the text of $PWD. (No command substitution but the one split:
# each costs about 0.1 ms, and one whose output holds a line break, from a
# directory's name, would be split into several words.)
function _swift_venv_auto_find
    set -g _swift_venv_auto_found
    # Every project of the store, as its .project names it; a directory
    # is one when it is named so, with or without a final /.
    set -l projects
    for f in $WORKON_HOME/*/.project
        # A regular file only: reading a FIFO would wait for a writer.
        test -f $f; or continue
        set -l p
        read -l p <$f 2>/dev/null
        test -n "$p"; and set -a projects $p
    end
    # This directory and its parents, nearest first, the root as '': from
    # one split of $PWD (`string split` last in a command substitution:
    # its pieces as they are, line breaks kept).
    set -l dirs ''
    set -l p
    for part in (string split -n / -- $PWD)
        set p "$p/$part"
        set -p dirs $p
    end
    for d in $dirs
        if test -e "$d/.venv"; or test -L "$d/.venv"; or test -e "$d/.python-version"
            or contains -- "$d" $projects; or contains -- $d/ $projects
            set -g _swift_venv_auto_found $d
            test -n "$d"; or set -g _swift_venv_auto_found /
            return 0
        end
    end
end

# Leaves the environment activated here, if it is still the active one, by
# its deactivate function.
function _swift_venv_auto_off
    if set -q _swift_venv_auto_env; and test "$VIRTUAL_ENV" = "$_swift_venv_auto_env"; and functions -q deactivate
        deactivate
    end
    set -e _swift_venv_auto_env
end
