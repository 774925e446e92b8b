#!/usr/bin/env bash
# Rebuilds the console's vendored charting library from the version pinned in package.json (npm ci first).
# The built files are committed, so `dotnet build` needs neither npm nor a network.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/GeminiBalance.Functions/WebConsole/assets/vendor"
mkdir -p "$out"
cp "$root/node_modules/uplot/dist/uPlot.iife.min.js" "$out/uPlot.iife.min.js"
cp "$root/node_modules/uplot/dist/uPlot.min.css" "$out/uPlot.min.css"
cp "$root/node_modules/uplot/LICENSE" "$out/uPlot.LICENSE.txt"
echo "uPlot $(node -p "require('$root/node_modules/uplot/package.json').version") copied to $out"
