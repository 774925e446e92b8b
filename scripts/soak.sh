#!/usr/bin/env bash
# The fault soak: a few thousand mixed requests through the proxy while the emulated Gemini upstream fails on most of the
# pool's keys (Azurite for storage, started on free ports). Prints sent / succeeded / failed correctly / lost and
# exits 1 if anything was lost. The test suite runs a short version (GeminiBalance.Tests/Soak).
# --chaos: the upstream misbehaves instead, beyond Google's documented errors (docs/reliability.md, "Faults").
#   ./scripts/soak.sh [--chaos] [--requests 3000] [--concurrency 32]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
dotnet build GeminiBalance.Benchmarks -c Release --nologo -v quiet
exec dotnet GeminiBalance.Benchmarks/bin/Release/net10.0/GeminiBalance.Benchmarks.dll soak "$@"
