# swift-venv's shell integration for fish: virtualenvwrapper's commands,
# options, messages and hooks, without starting Python (pip runs only for
# mkvirtualenv -i/-r and wipeenv). Load it with
#     swift-venv shell-init fish | source
# Hooks that virtualenvwrapper runs as programs (preactivate, premkvirtualenv,
# prermvirtualenv, ...) run as they are; hooks it sources into the shell
# (postactivate, predeactivate, postmkvirtualenv, ...) are sh code, which fish
# cannot source, so fish sources HOOK.fish beside them instead.

set -g _swift_venv {{SWIFT_VENV}}

if not set -q WORKON_HOME; or test -z "$WORKON_HOME"
    set -gx WORKON_HOME $HOME/.virtualenvs
end
switch $WORKON_HOME
    case '/*'
    case '~'
        set -gx WORKON_HOME $HOME
    case '~/*'
        set -gx WORKON_HOME $HOME/(string sub -s 3 -- $WORKON_HOME)
    case '*'
        set -gx WORKON_HOME $HOME/$WORKON_HOME
end
set -q VIRTUALENVWRAPPER_HOOK_DIR; or set -gx VIRTUALENVWRAPPER_HOOK_DIR $WORKON_HOME
set -q VIRTUALENVWRAPPER_PROJECT_FILENAME; or set -gx VIRTUALENVWRAPPER_PROJECT_FILENAME .project
set -q VIRTUALENVWRAPPER_WORKON_CD; or set -gx VIRTUALENVWRAPPER_WORKON_CD 1
set -g VIRTUALENVWRAPPER_ENV_BIN_DIR bin

function _swift_venv_run_hook
    test -f $argv[1]; or return 0
    # One that holds only comments would do nothing: it is not started.
    string match -qrv '^\s*(#|$)' < $argv[1]; or return 0
    if test -x $argv[1]
        fish -c 'builtin cd $argv[1]; and $argv[2..-1]' $WORKON_HOME $argv
    else
        echo "virtualenvwrapper.user_scripts could not run \"$argv[1]\": not executable" >&2
    end
    return 0
end

# WORKON_HOME made when missing, announced (unless -q) as virtualenvwrapper does.
function _swift_venv_verify_workon_home
    test -d $WORKON_HOME/; and return 0
    test "$argv[1]" = -q; or echo "NOTE: Virtual environments directory $WORKON_HOME does not exist. Creating..." >&2
    command mkdir -p $WORKON_HOME
end

# The first line of the file $argv[1] (a project file's path, as swift-venv
# and every shell's integration read it).
function _swift_venv_first_line
    read -l line < $argv[1]; or test -n "$line"; or return 1
    printf '%s\n' $line
end

function _swift_venv_source_hook
    test -f $argv[1].fish; and source $argv[1].fish
    return 0
end

function _swift_venv_check_name
    switch "$argv[1]"
        case '' . .. '*/*'
            echo "ERROR: '$argv[1]' is not an environment name: a name is one directory of $WORKON_HOME, without '/'." >&2
            return 1
    end
    return 0
end

function _swift_venv_names
    for a in $WORKON_HOME/*/bin/activate
        test -f $a; or continue
        basename (dirname (dirname $a))
    end
end

function _swift_venv_verify_active
    if not set -q VIRTUAL_ENV; or not test -d "$VIRTUAL_ENV"
        echo "ERROR: no virtualenv active, or active virtualenv is missing" >&2
        return 1
    end
end

function _swift_venv_site_packages
    for d in $VIRTUAL_ENV/lib/python*/site-packages
        test -d $d; and echo $d; and return 0
    end
    return 1
end

function workon --description 'list or change working virtualenvs'
    set -l cd_after $VIRTUALENVWRAPPER_WORKON_CD
    set -l name
    for a in $argv
        switch $a
            case -h --help
                echo "Usage: workon env_name"
                return 0
            case -n --no-cd
                set cd_after 0
            case -c --cd
                set cd_after 1
            case '*'
                test -z "$name"; and set name $a
        end
    end
    if test -z "$name"
        lsvirtualenv -b
        return 1
    else if test "$name" = .
        set name (basename $PWD)
    end
    _swift_venv_verify_workon_home; or return 1
    _swift_venv_check_name $name; or return 1
    if not test -d $WORKON_HOME/$name
        echo "ERROR: Environment '$name' does not exist. Create it with 'mkvirtualenv $name'." >&2
        set -l close ($_swift_venv list --closest $name 2>/dev/null)
        test -n "$close"; and echo "Did you mean: $close?" >&2
        return 1
    end
    set -l activate $WORKON_HOME/$name/bin/activate.fish
    if not test -f $activate
        echo "ERROR: Environment '$WORKON_HOME/$name' does not contain an activate script." >&2
        return 1
    end
    if set -q _SWIFT_VENV_WRAPPED; and functions -q _swift_venv_env_deactivate
        deactivate
    end
    _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/preactivate $name
    _swift_venv_run_hook $WORKON_HOME/$name/bin/preactivate $name
    source $activate
    functions -e _swift_venv_env_deactivate
    functions -c deactivate _swift_venv_env_deactivate
    set -g _SWIFT_VENV_WRAPPED 1
    function deactivate --description 'Leave the virtual environment (with virtualenvwrapper hooks)'
        _swift_venv_source_hook $VIRTUAL_ENV/bin/predeactivate
        _swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/predeactivate
        set -l old (basename $VIRTUAL_ENV)
        _swift_venv_env_deactivate $argv
        set -g VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV $WORKON_HOME/$old
        _swift_venv_source_hook $WORKON_HOME/$old/bin/postdeactivate
        _swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/postdeactivate
        set -e VIRTUALENVWRAPPER_LAST_VIRTUAL_ENV
        if test "$argv[1]" != nondestructive
            functions -e _swift_venv_env_deactivate deactivate
            set -e _SWIFT_VENV_WRAPPED
        end
    end
    _swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/postactivate
    _swift_venv_source_hook $VIRTUAL_ENV/bin/postactivate
    if test -f $VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME
        set -l p (_swift_venv_first_line $VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME)
        test "$cd_after" = 1; and builtin cd $p
    end
    return 0
end

function mkvirtualenv --description 'Create a new virtualenv in $WORKON_HOME'
    set -l project
    set -l packages
    set -l requirements
    set -l rest
    set -l i 1
    while test $i -le (count $argv)
        set -l a $argv[$i]
        switch $a
            case -a
                set i (math $i + 1)
                set project $argv[$i]
                if not test -d "$project"
                    echo "Cannot associate project with $project, it is not a directory" >&2
                    return 1
                end
                set project (builtin realpath -s $project)
            case -h --help
                echo "Usage: mkvirtualenv [-a project_path] [-i package] [-r requirements_file] [-p python_interpreter] [swift-venv options] env_name"
                return 0
            case -i
                set i (math $i + 1)
                set -a packages $argv[$i]
            case -r
                set i (math $i + 1)
                set requirements $argv[$i]
            case -p
                set i (math $i + 1)
                set -a rest --python $argv[$i]
            case '--python=*'
                set -a rest --python (string sub -s 10 -- $a)
            case '*'
                set -a rest $a
        end
        set i (math $i + 1)
    end
    if test (count $rest) -eq 0
        echo "ERROR: name the environment: mkvirtualenv [options] env_name" >&2
        return 2
    end
    set -l name $rest[-1]
    set -e rest[-1]
    # One environment: any other word is an option or an option's value.
    set -l value 0
    for a in $rest
        if test $value = 1
            set value 0
            continue
        end
        switch $a
            case --python --prompt
                set value 1
            case '-*'
            case '*'
                echo "ERROR: '$a' is not an option: mkvirtualenv [options] env_name makes one environment" >&2
                return 2
        end
    end
    _swift_venv_check_name $name; or return 1
    _swift_venv_verify_workon_home; or return 1
    # The default options of every new environment, split as words.
    set -l defaults (string split -n ' ' -- "$VIRTUALENVWRAPPER_VIRTUALENV_ARGS")
    $_swift_venv create $defaults $rest $WORKON_HOME/$name; or return $status
    test -d $WORKON_HOME/$name; or return 1
    for h in predeactivate postdeactivate postactivate
        test -e $WORKON_HOME/$name/bin/$h; or printf '#!%s\n# virtualenvwrapper hook, sourced by sh-family shells\n\n' /bin/sh > $WORKON_HOME/$name/bin/$h
    end
    _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/premkvirtualenv $name
    if test -n "$project"
        setvirtualenvproject $WORKON_HOME/$name $project; or return $status
    end
    workon $name
    test -n "$requirements"; and pip install -r $requirements
    for p in $packages
        pip install $p
    end
    _swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/postmkvirtualenv
    return 0
end

function rmvirtualenv --description 'Remove a virtualenv'
    _swift_venv_verify_workon_home; or return 1
    if test (count $argv) -eq 0
        echo "Please specify an environment." >&2
        return 1
    end
    for name in $argv
        echo "Removing $name..."
        _swift_venv_check_name $name; or return 1
        set -l dir $WORKON_HOME/$name
        if test "$VIRTUAL_ENV" = "$dir"
            echo "ERROR: You cannot remove the active environment ('$name')." >&2
            echo "Either switch to another environment, or run 'deactivate'." >&2
            return 1
        end
        test -d $dir; or echo "Did not find environment $dir to remove." >&2
        _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/prermvirtualenv $name
        test -d $dir; and $_swift_venv remove $dir
        _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/postrmvirtualenv $name
    end
    return 0
end

function cpvirtualenv --description 'duplicate the named virtualenv to make a new one'
    _swift_venv_verify_workon_home; or return 1
    set -l src_name $argv[1]
    set -l trg_name $argv[2]
    if test -z "$src_name"
        echo "Please provide a valid virtualenv to copy."
        return 1
    end
    set -l src $WORKON_HOME/$src_name
    # `.` and `..` are paths, never the store.
    if contains -- $src_name . ..; or not test -e $src
        set src $src_name
        if not test -e $src
            echo "Please provide a valid virtualenv to copy."
            return 1
        end
        set src_name (basename $src)
    end
    test -z "$trg_name"; and set trg_name $src_name
    _swift_venv_check_name $trg_name; or return 1
    if test -e $WORKON_HOME/$trg_name
        echo "$trg_name virtualenv already exists."
        return 1
    end
    echo "Copying $src_name as $trg_name..."
    $_swift_venv copy $src $WORKON_HOME/$trg_name; or return $status
    _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/precpvirtualenv $src $trg_name
    _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/premkvirtualenv $trg_name
    workon $trg_name
    _swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/postmkvirtualenv
    _swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/postcpvirtualenv
    return 0
end

function lsvirtualenv --description 'list virtualenvs'
    set -l long 1
    for a in $argv
        switch $a
            case -l
                set long 1
            case -b
                set long 0
            case -h
                printf 'lsvirtualenv [-blh]\n  -b -- brief mode\n  -l -- long mode\n  -h -- this help message\n'
                return 1
            case '*'
                echo "Invalid option: $a" >&2
                return 1
        end
    end
    _swift_venv_verify_workon_home; or return 1
    if test $long = 1
        # As allvirtualenv showvirtualenv, in this shell: a child fish has
        # the functions only if the integration is in config.fish.
        for d in (_swift_venv_names)
            echo $d
            string replace -ra . = -- $d
            begin
                set -lx VIRTUAL_ENV $WORKON_HOME/$d
                set -lx PATH $VIRTUAL_ENV/bin $PATH
                showvirtualenv $d
            end
            echo
        end
    else
        _swift_venv_names
    end
end

function showvirtualenv --description 'show details of a single virtualenv'
    set -l name $argv[1]
    if test -z "$name"
        if test -z "$VIRTUAL_ENV"
            echo "showvirtualenv [env]"
            return 1
        end
        set name (basename $VIRTUAL_ENV)
    end
    _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/get_env_details $name
    _swift_venv_run_hook $WORKON_HOME/$name/bin/get_env_details $name
    echo
end

function allvirtualenv --description 'run a command in all virtualenvs'
    _swift_venv_verify_workon_home; or return 1
    for d in (_swift_venv_names)
        echo $d
        string replace -ra . = -- $d
        # The child fish loads the integration, so its commands can be run.
        fish -c '$argv[1] shell-init fish | source; source $argv[2]/bin/activate.fish; builtin cd $VIRTUAL_ENV; $argv[3..-1]' $_swift_venv $WORKON_HOME/$d $argv
        echo
    end
end

function cdvirtualenv --description 'change to the $VIRTUAL_ENV directory'
    _swift_venv_verify_workon_home; or return 1
    _swift_venv_verify_active; or return 1
    if set -q argv[1]
        builtin cd $VIRTUAL_ENV/$argv[1]
    else
        builtin cd $VIRTUAL_ENV
    end
end

function cdsitepackages --description 'change to the site-packages directory'
    _swift_venv_verify_workon_home; or return 1
    _swift_venv_verify_active; or return 1
    set -l sp (_swift_venv_site_packages); or return 1
    if set -q argv[1]
        builtin cd $sp/$argv[1]
    else
        builtin cd $sp
    end
end

function lssitepackages --description 'list contents of the site-packages directory'
    _swift_venv_verify_workon_home; or return 1
    _swift_venv_verify_active; or return 1
    set -l sp (_swift_venv_site_packages); or return 1
    ls $argv $sp
    if test -f $sp/_virtualenv_path_extensions.pth
        echo
        echo "_virtualenv_path_extensions.pth:"
        cat $sp/_virtualenv_path_extensions.pth
    end
end

function add2virtualenv --description 'add directory to the import path'
    _swift_venv_verify_workon_home; or return 1
    _swift_venv_verify_active; or return 1
    set -l sp (_swift_venv_site_packages); or return 1
    set -l pth $sp/_virtualenv_path_extensions.pth
    if test (count $argv) -eq 0
        echo "Usage: add2virtualenv dir [dir ...]"
        return 1
    end
    set -l remove 0
    if test "$argv[1]" = -d
        set remove 1
        set -e argv[1]
    end
    if not test -f $pth
        echo "import sys; sys.__plen = len(sys.path)" > $pth
        echo "import sys; new=sys.path[sys.__plen:]; del sys.path[sys.__plen:]; p=getattr(sys,'__egginsert',0); sys.path[p:p]=new; sys.__egginsert = p+len(new)" >> $pth
    end
    for dir in $argv
        set -l abs (builtin realpath -s $dir)
        test "$abs" != "$dir"; and echo "Warning: Converting \"$dir\" to \"$abs\"" >&2
        set -l lines (cat $pth)
        if test $remove = 1
            printf '%s\n' $lines | string match -v -- $abs > $pth
        else
            printf '%s\n' $lines[1] $abs $lines[2..-1] > $pth
        end
    end
end

function setvirtualenvproject --description 'associate a project directory with a virtualenv'
    set -l env $argv[1]
    test -z "$env"; and set env $VIRTUAL_ENV
    set -l prj $PWD
    test -n "$argv[2]"; and set prj (builtin realpath -s $argv[2])
    test -d "$env"; or set env $WORKON_HOME/$env
    if not test -d $env
        echo "No virtualenv "(basename $env) >&2
        return 1
    end
    if not test -d $prj
        echo "Cannot associate virtualenv with \"$prj\", it is not a directory" >&2
        return 1
    end
    echo "Setting project for "(basename $env)" to $prj"
    echo $prj > $env/$VIRTUALENVWRAPPER_PROJECT_FILENAME
end

function mkproject --description 'create a new project directory and its associated virtualenv'
    set -l force 0
    set -l rest
    for a in $argv
        switch $a
            case -f --force
                set force 1
            case -t
                echo "ERROR: project templates are virtualenvwrapper plugins written in Python, which swift-venv does not run; create the project without -t" >&2
                return 1
            case '*'
                set -a rest $a
        end
    end
    set -l name $rest[-1]
    if test -z "$PROJECT_HOME"
        echo "ERROR: Set the PROJECT_HOME shell variable to the name of the directory where projects should be created." >&2
        return 1
    end
    if not test -d $PROJECT_HOME
        echo "ERROR: Project directory '$PROJECT_HOME' does not exist.  Create it or set PROJECT_HOME to an existing directory." >&2
        return 1
    end
    if test -d $PROJECT_HOME/$name; and test $force = 0
        echo "Project $name already exists." >&2
        return 1
    end
    mkvirtualenv $rest; or return 1
    builtin cd $PROJECT_HOME
    _swift_venv_run_hook $VIRTUALENVWRAPPER_HOOK_DIR/premkproject $name
    echo "Creating $PROJECT_HOME/$name"
    mkdir -p $PROJECT_HOME/$name
    setvirtualenvproject $VIRTUAL_ENV $PROJECT_HOME/$name
    builtin cd $PROJECT_HOME/$name
    _swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/postmkproject
end

function cdproject --description 'change directory to the active project'
    _swift_venv_verify_workon_home; or return 1
    _swift_venv_verify_active; or return 1
    if test -f $VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME
        builtin cd (_swift_venv_first_line $VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME)
    else
        echo "No project set in $VIRTUAL_ENV/$VIRTUALENVWRAPPER_PROJECT_FILENAME" >&2
        return 1
    end
end

function mktmpenv --description 'create a temporary virtualenv'
    set -l cd_tmp $VIRTUALENVWRAPPER_WORKON_CD
    set -l rest
    for a in $argv
        switch $a
            case -n --no-cd
                set cd_tmp 0
            case -c --cd
                set cd_tmp 1
            case '*'
                set -a rest $a
        end
    end
    set -l name tmp-(od -An -N16 -tx1 /dev/urandom | string replace -a ' ' '' | string join '')
    mkvirtualenv $rest $name; or return $status
    test $cd_tmp = 1; and cdvirtualenv
    echo "This is a temporary environment. It will be deleted when you run 'deactivate'." | tee $VIRTUAL_ENV/README.tmpenv
    printf 'if test -f %s/README.tmpenv\n    echo "Removing temporary environment:" %s\n    rmvirtualenv %s\nend\n' $VIRTUAL_ENV $name $name >> $VIRTUAL_ENV/bin/postdeactivate.fish
end

function wipeenv --description 'remove all packages installed in the current virtualenv'
    _swift_venv_verify_workon_home; or return 1
    _swift_venv_verify_active; or return 1
    set -l req (pip freeze | grep -E -v '(distribute|wsgiref|appdirs|packaging|pyparsing|six)')
    if test (count $req) -gt 0
        echo "Uninstalling packages:"
        echo
        for line in $req
            set -l pkg
            switch $line
                case '# Editable*(*==*)'
                    # An editable install pip names in a comment, `(NAME==VERSION)`,
                    # before its `-e PATH` (pip uninstalls names, not paths).
                    set pkg (string replace -r '.*\((.*)==.*' '$1' -- $line)
                case '-f*' '#*'
                    continue
                case '-e*'
                    # `-e URL#egg=NAME&...` gives NAME; `-e PATH` was named above.
                    string match -q '*egg=*' -- $line; or continue
                    set pkg (string replace -r '.*egg=' '' -- $line | string replace -r '&.*' '')
                case '*'
                    set pkg (string replace -r '[<>!=@ ].*' '' -- $line)
            end
            echo $pkg
            pip uninstall -y $pkg
        end
    else
        echo "Nothing to remove."
    end
end

complete -c workon -f -a '(_swift_venv_names)'
complete -c rmvirtualenv -f -a '(_swift_venv_names)'
complete -c cpvirtualenv -f -a '(_swift_venv_names)'
complete -c showvirtualenv -f -a '(_swift_venv_names)'

_swift_venv_verify_workon_home -q
test -d $VIRTUALENVWRAPPER_HOOK_DIR; or mkdir -p $VIRTUALENVWRAPPER_HOOK_DIR
_swift_venv_source_hook $VIRTUALENVWRAPPER_HOOK_DIR/initialize
