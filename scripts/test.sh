#!/usr/bin/env bash
# Installs what the tests need and runs every test: Azurite, the client SDKs and agent CLIs (npm ci, from
# package-lock.json), and Debian's Chromium for the browser tests when it is missing (Playwright's own download is not used).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if ! command -v chromium >/dev/null; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update && $sudo apt-get install -y chromium
fi
npm ci --no-audit --no-fund
dotnet test GeminiBalance.slnx --logger "console;verbosity=normal" "$@"
