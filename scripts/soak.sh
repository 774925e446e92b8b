#!/usr/bin/env bash
# The fault soak: a few thousand mixed requests through the proxy while the emulated Gemini upstream fails on most of the
# pool's keys (Azurite for storage, started on free ports). Prints sent / succeeded / failed correctly / lost and
# exits 1 if anything was lost. The test suite runs a short version (GeminiBalance.Tests/Soak).
# --chaos: the upstream misbehaves instead, beyond Google's documented errors (docs/reliability.md, "Faults").
#   ./scripts/soak.sh [--chaos] [--requests 3000] [--concurrency 32]
# The quota soak: the same traffic reactive, then quota-aware (KEY_MODEL_LIMITS), against an upstream that enforces
# per-key per-model quotas; prints the 429 rate and successes a minute of each (docs/models-and-quotas.md).
#   ./scripts/soak.sh --quota [--requests 320] [--per-minute 160] [--keys 8] [--rpm 10] [--attempts 3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
dotnet build GeminiBalance.Benchmarks -c Release --nologo -v quiet
exec dotnet GeminiBalance.Benchmarks/bin/Release/net10.0/GeminiBalance.Benchmarks.dll soak "$@"
