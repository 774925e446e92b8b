#!/usr/bin/env bash
# Measures the proxy's cost: builds the harness in Release and runs the emulated Gemini upstream, the proxy and a bare
# forwarder on loopback (Azurite for storage, started on free ports), prints one table and writes bench/results/.
#   ./scripts/bench.sh [--duration S] [--concurrency 1,16,64] …   (./scripts/bench.sh --help lists every option)
#   ./scripts/bench.sh --micro                                     the key-pool microbenchmark (BenchmarkDotNet)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

dotnet build GeminiBalance.Benchmarks -c Release --nologo -v quiet
harness=(dotnet GeminiBalance.Benchmarks/bin/Release/net10.0/GeminiBalance.Benchmarks.dll)
if [ "${1:-}" = "--micro" ]; then
  shift
  exec "${harness[@]}" micro "$@"
fi

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
exec "${harness[@]}" "$@"
