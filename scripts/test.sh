#!/usr/bin/env bash
# Installs what the tests need (Azurite and the Google Gen AI SDK from package-lock.json) and runs every test.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
npm ci --no-audit --no-fund
dotnet test GeminiBalance.slnx --logger "console;verbosity=normal" "$@"
