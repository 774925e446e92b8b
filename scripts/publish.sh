#!/usr/bin/env bash
# Publishes the app to an existing Function App with Azure Functions Core Tools, which builds the isolated-worker
# project itself (dotnet publish, Release: ReadyToRun for linux-x64 as the csproj sets), zips and uploads it.
#   scripts/publish.sh <function-app-name>
# The app must exist (infra/main.bicep creates it) and `az login` must have been run: Core Tools deploys with the
# Azure CLI's credentials. Without Core Tools, see the zip-deploy alternative in docs/deploy.md.
set -euo pipefail

app=${1:-}
if [ -z "$app" ]; then
  echo "usage: scripts/publish.sh <function-app-name>" >&2
  echo "  the name is the functionAppName output of: az deployment group create -g <rg> -f infra/main.bicep ..." >&2
  exit 2
fi

# Checked first, so a missing tool fails in a second rather than halfway through.
if ! command -v func >/dev/null 2>&1; then
  echo "publish.sh: Azure Functions Core Tools ('func', v4) is not on PATH." >&2
  echo "  install it: https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools" >&2
  exit 127
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "publish.sh: the .NET SDK ('dotnet') is not on PATH; Core Tools builds the project with it." >&2
  exit 127
fi

root=$(cd "$(dirname "$0")/.." && pwd)
# From the project folder: Core Tools finds the .csproj there and knows it for a dotnet-isolated app.
cd "$root/GeminiBalance.Functions"
func azure functionapp publish "$app"
