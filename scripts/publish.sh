#!/usr/bin/env bash
# Builds the Functions package (Release: self-contained linux-x64, ReadyToRun, as the csproj sets) into a fresh
# folder and publishes it to an existing Function App with Azure Functions Core Tools.
#   scripts/publish.sh <function-app-name> [package-folder]
# The app must exist (infra/main.bicep creates it) and `az login` must have been run: Core Tools deploys with the
# Azure CLI's credentials. Without a package folder, a temporary one is used and removed afterwards.
set -euo pipefail

app=${1:-}
if [ -z "$app" ]; then
  echo "usage: scripts/publish.sh <function-app-name> [package-folder]" >&2
  echo "  the name is the functionAppName output of: az deployment group create -g <rg> -f infra/main.bicep ..." >&2
  exit 2
fi

# Checked before building, so a missing tool fails in a second rather than after a publish.
if ! command -v func >/dev/null 2>&1; then
  echo "publish.sh: Azure Functions Core Tools ('func', v4) is not on PATH." >&2
  echo "  install it: https://learn.microsoft.com/azure/azure-functions/functions-run-local#install-the-azure-functions-core-tools" >&2
  exit 127
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "publish.sh: the .NET SDK ('dotnet') is not on PATH." >&2
  exit 127
fi

root=$(cd "$(dirname "$0")/.." && pwd)
if [ -n "${2:-}" ]; then
  out=$2
  # A folder left from an older build could still hold function folders that no longer exist; they would be deployed.
  if [ -e "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
    echo "publish.sh: $out is not empty; give a new or empty folder." >&2
    exit 2
  fi
else
  out=$(mktemp -d)
  trap 'rm -rf "$out"' EXIT
fi

dotnet publish "$root/GeminiBalance.Functions" -c Release -o "$out" --nologo

cd "$out"
# --custom: the package holds no local.settings.json, so Core Tools cannot read FUNCTIONS_WORKER_RUNTIME from it and
# would refuse to publish; on Flex Consumption the value must match the app's functionAppConfig runtime ('custom').
# No --build/--no-build: a custom handler is uploaded as built (Core Tools keeps the executable's execute bit).
func azure functionapp publish "$app" --custom
