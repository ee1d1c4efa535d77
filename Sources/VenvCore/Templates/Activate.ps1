<#
.Synopsis
Activates the virtual environment {{VIRTUAL_ENV}} in PowerShell.

.Description
Puts the environment's scripts directory first on PATH, sets VIRTUAL_ENV and
VIRTUAL_ENV_PROMPT, hides PYTHONHOME and prefixes the prompt with the
environment's name. `deactivate` undoes it; `deactivate -NonDestructive`
undoes it but keeps the function. Dot-source it: . ./bin/Activate.ps1
#>
param()

function global:deactivate ([switch] $NonDestructive) {
    if (Test-Path -Path Variable:_OLD_VIRTUAL_PATH) {
        Copy-Item -Path Variable:_OLD_VIRTUAL_PATH -Destination Env:PATH
        Remove-Item -Path Variable:_OLD_VIRTUAL_PATH
    }
    if (Test-Path -Path Variable:_OLD_VIRTUAL_PYTHONHOME) {
        Copy-Item -Path Variable:_OLD_VIRTUAL_PYTHONHOME -Destination Env:PYTHONHOME
        Remove-Item -Path Variable:_OLD_VIRTUAL_PYTHONHOME
    }
    if (Test-Path -Path Function:_OLD_VIRTUAL_PROMPT) {
        Copy-Item -Path Function:_OLD_VIRTUAL_PROMPT -Destination Function:prompt
        Remove-Item -Path Function:_OLD_VIRTUAL_PROMPT
    }
    if (Test-Path -Path Env:VIRTUAL_ENV) { Remove-Item -Path Env:VIRTUAL_ENV }
    if (Test-Path -Path Env:VIRTUAL_ENV_PROMPT) { Remove-Item -Path Env:VIRTUAL_ENV_PROMPT }
    if (-not $NonDestructive) { Remove-Item -Path Function:deactivate }
}

deactivate -NonDestructive

$env:VIRTUAL_ENV = {{VIRTUAL_ENV}}
$env:VIRTUAL_ENV_PROMPT = {{VIRTUAL_ENV_PROMPT}}

Copy-Item -Path Env:PATH -Destination Variable:_OLD_VIRTUAL_PATH
$env:PATH = [System.IO.Path]::Combine($env:VIRTUAL_ENV, {{BIN_NAME}}) + [System.IO.Path]::PathSeparator + $env:PATH

if (Test-Path -Path Env:PYTHONHOME) {
    Copy-Item -Path Env:PYTHONHOME -Destination Variable:_OLD_VIRTUAL_PYTHONHOME
    Remove-Item -Path Env:PYTHONHOME
}

if (-not $env:VIRTUAL_ENV_DISABLE_PROMPT) {
    Copy-Item -Path Function:prompt -Destination Function:_OLD_VIRTUAL_PROMPT
    function global:prompt {
        Write-Host -NoNewline -ForegroundColor Green "($env:VIRTUAL_ENV_PROMPT) "
        _OLD_VIRTUAL_PROMPT
    }
}
