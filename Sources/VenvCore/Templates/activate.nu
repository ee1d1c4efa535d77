# Activation of this virtual environment for nushell (0.90 or later).
# Load it as an overlay, do not run it:   overlay use bin/activate.nu
# It puts the environment's bin directory first on PATH, sets VIRTUAL_ENV
# and VIRTUAL_ENV_PROMPT, hides PYTHONHOME and shows the environment's name
# in front of the prompt (unless VIRTUAL_ENV_DISABLE_PROMPT is set).
# `deactivate` (the same as `overlay hide activate`) drops the overlay, and
# with it every change, so nushell itself restores the old values.
#
# Written by swift-venv. Every value below was quoted for nushell (a plain
# double-quoted string, not an interpolated one) when the environment was
# created. The prompt joins the name as data; nothing in it is evaluated.

export-env {
    let venv = {{VIRTUAL_ENV}}
    let name = {{VIRTUAL_ENV_PROMPT}}
    let bin = ($venv | path join {{BIN_NAME}})

    # PATH is a list once nushell has converted it, a string before.
    let old_path = ($env.PATH? | default [])
    let old_path = if ($old_path | describe) == 'string' {
        $old_path | split row (char esep) | where {|dir| $dir != '' }
    } else {
        $old_path
    }

    load-env {
        VIRTUAL_ENV: $venv
        VIRTUAL_ENV_PROMPT: $name
        PATH: ($old_path | prepend $bin)
    }
    hide-env --ignore-errors PYTHONHOME

    let disabled = (($env.VIRTUAL_ENV_DISABLE_PROMPT? | default '') | into string) != ''
    if not $disabled {
        let old_prompt = ($env.PROMPT_COMMAND? | default '')
        let prefix = ('(' + $name + ') ')
        $env.PROMPT_COMMAND = {||
            let rest = if ($old_prompt | describe) =~ '^closure' { do $old_prompt } else { $old_prompt }
            $prefix + ($rest | into string)
        }
    }
}

export alias deactivate = overlay hide activate
