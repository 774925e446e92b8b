#Requires -Version 7
<#
.SYNOPSIS
  Builds the Functions package (Release: self-contained linux-x64, ReadyToRun, as the csproj sets) into a fresh
  folder and publishes it to an existing Function App with Azure Functions Core Tools. Twin of publish.sh.
.EXAMPLE
  ./scripts/publish.ps1 func-gb-abc123
#>
param(
    [Parameter(Mandatory, Position = 0, HelpMessage = 'The functionAppName output of the Bicep deployment.')]
    [string] $AppName,

    [Parameter(Position = 1, HelpMessage = 'A new or empty folder for the package; a temporary one by default.')]
    [string] $PackageFolder
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Checked before building, so a missing tool fails in a second rather than after a publish.
if (-not (Get-Command func -ErrorAction SilentlyContinue)) {
    throw "Azure Functions Core Tools ('func', v4) is not on PATH. Install it: https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools"
}
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    throw "The .NET SDK ('dotnet') is not on PATH."
}

$root = Split-Path -Parent $PSScriptRoot
$temporary = -not $PackageFolder
if ($temporary) {
    $PackageFolder = Join-Path ([System.IO.Path]::GetTempPath()) ("geminibalance-publish-" + [guid]::NewGuid().ToString('N'))
}
elseif ((Test-Path $PackageFolder) -and (Get-ChildItem -Force $PackageFolder | Select-Object -First 1)) {
    # A folder left from an older build could still hold function folders that no longer exist; they would be deployed.
    throw "$PackageFolder is not empty; give a new or empty folder."
}

try {
    dotnet publish (Join-Path $root 'GeminiBalance.Functions') -c Release -o $PackageFolder --nologo
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }

    Push-Location $PackageFolder
    try {
        # --custom: the package holds no local.settings.json, so Core Tools cannot read FUNCTIONS_WORKER_RUNTIME from it;
        # on Flex Consumption the value must match the app's functionAppConfig runtime ('custom'). Core Tools keeps the
        # executable's execute bit when it zips on Windows.
        func azure functionapp publish $AppName --custom
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    finally {
        Pop-Location
    }
}
finally {
    if ($temporary -and (Test-Path $PackageFolder)) {
        Remove-Item -Recurse -Force $PackageFolder
    }
}
