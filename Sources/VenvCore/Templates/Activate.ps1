<#
.Synopsis
Activates this virtual environment in PowerShell.

.Description
Puts the environment's bin directory first on PATH, sets VIRTUAL_ENV and
VIRTUAL_ENV_PROMPT, sets PYTHONHOME aside and shows the environment's name in
front of the prompt (unless VIRTUAL_ENV_DISABLE_PROMPT is set). `deactivate`
puts all of it back and removes itself; `deactivate -NonDestructive` puts it
back and stays defined. Dot-source it:  . bin/Activate.ps1

Written by swift-venv. Every value below was quoted for PowerShell (single
quotes, each quote doubled) when the environment was created; no value is
written into this comment, which one could end.
#>
param()

function global:deactivate ([switch] $NonDestructive) {
    if (Test-Path -Path Variable:_OLD_VIRTUAL_PATH) {
        Copy-Item -Path Variable:_OLD_VIRTUAL_PATH -Destination Env:PATH
        Remove-Item -Path Variable:_OLD_VIRTUAL_PATH
    }
    elseif (Test-Path -Path Variable:_VIRTUAL_ENV_PATH_UNSET) {
        Remove-Item -Path Env:PATH -ErrorAction SilentlyContinue
    }
    Remove-Item -Path Variable:_VIRTUAL_ENV_PATH_UNSET -ErrorAction SilentlyContinue
    if (Test-Path -Path Variable:_OLD_VIRTUAL_PYTHONHOME) {
        Copy-Item -Path Variable:_OLD_VIRTUAL_PYTHONHOME -Destination Env:PYTHONHOME
        Remove-Item -Path Variable:_OLD_VIRTUAL_PYTHONHOME
    }
    if (Test-Path -Path Function:_OLD_VIRTUAL_PROMPT) {
        Copy-Item -Path Function:_OLD_VIRTUAL_PROMPT -Destination Function:prompt
        Remove-Item -Path Function:_OLD_VIRTUAL_PROMPT
    }
    Remove-Item -Path Env:VIRTUAL_ENV -ErrorAction SilentlyContinue
    Remove-Item -Path Env:VIRTUAL_ENV_PROMPT -ErrorAction SilentlyContinue
    if (-not $NonDestructive) {
        Remove-Item -Path Function:deactivate
    }
}

# Where the environment is: the path it was made at, or, for a relocatable
# one (swift-venv --relocatable), the directory above the one holding this
# script, wherever that is now. Found before anything changes.
$VirtualEnvDir = {{VIRTUAL_ENV}}
if (({{RELOCATABLE}} -eq 'yes') -and $PSScriptRoot) {
    $VirtualEnvDir = Split-Path -Parent -Path $PSScriptRoot
    if ($VirtualEnvDir.Contains([System.IO.Path]::PathSeparator) -or $VirtualEnvDir -match '[\x00-\x1f\x7f-\x9f]') {
        Remove-Variable -Name VirtualEnvDir
        Write-Error ("Activate.ps1: the environment has been moved to a path holding the path separator or a " +
                     "control character, which PATH cannot hold safely: move it to a path without them")
        return
    }
}

# Leave whichever environment is active now.
deactivate -NonDestructive

$env:VIRTUAL_ENV = $VirtualEnvDir
Remove-Variable -Name VirtualEnvDir
$env:VIRTUAL_ENV_PROMPT = {{VIRTUAL_ENV_PROMPT}}

# An empty or missing PATH gets the bin directory alone: a trailing separator
# would put the current directory on PATH.
$VirtualEnvBin = [System.IO.Path]::Combine($env:VIRTUAL_ENV, {{BIN_NAME}})
if (Test-Path -Path Env:PATH) {
    Copy-Item -Path Env:PATH -Destination Variable:_OLD_VIRTUAL_PATH
}
else {
    Set-Variable -Name _VIRTUAL_ENV_PATH_UNSET -Value $true
}
if ($env:PATH) {
    $env:PATH = $VirtualEnvBin + [System.IO.Path]::PathSeparator + $env:PATH
}
else {
    $env:PATH = $VirtualEnvBin
}
Remove-Variable -Name VirtualEnvBin

if (Test-Path -Path Env:PYTHONHOME) {
    Copy-Item -Path Env:PYTHONHOME -Destination Variable:_OLD_VIRTUAL_PYTHONHOME
    Remove-Item -Path Env:PYTHONHOME
}

# The prompt writes the name as data; PowerShell does not expand the value
# of a variable again.
if (-not $env:VIRTUAL_ENV_DISABLE_PROMPT) {
    Copy-Item -Path Function:prompt -Destination Function:_OLD_VIRTUAL_PROMPT
    function global:prompt {
        Write-Host -NoNewline -ForegroundColor Green "($env:VIRTUAL_ENV_PROMPT) "
        _OLD_VIRTUAL_PROMPT
    }
}
