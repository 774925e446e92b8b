#Requires -Version 7
<#
.SYNOPSIS
  Publishes the app to an existing Function App with Azure Functions Core Tools, which builds the isolated-worker
  project itself (dotnet publish, Release), zips and uploads it. Twin of publish.sh.
.EXAMPLE
  ./scripts/publish.ps1 func-gb-abc123
#>
param(
    [Parameter(Mandatory, Position = 0, HelpMessage = 'The functionAppName output of the Bicep deployment.')]
    [string] $AppName
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# Checked first, so a missing tool fails in a second rather than halfway through.
if (-not (Get-Command func -ErrorAction SilentlyContinue)) {
    throw "Azure Functions Core Tools ('func', v4) is not on PATH. Install it: https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools"
}
if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
    throw "The .NET SDK ('dotnet') is not on PATH; Core Tools builds the project with it."
}

# From the project folder: Core Tools finds the .csproj there and knows it for a dotnet-isolated app.
Push-Location (Join-Path (Split-Path -Parent $PSScriptRoot) 'GeminiBalance.Functions')
try {
    func azure functionapp publish $AppName
    if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
}
finally {
    Pop-Location
}
