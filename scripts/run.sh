#!/usr/bin/env bash
# Runs the proxy standalone on Kestrel (http://localhost:7071, as `func start` would), with Azurite for storage.
# Settings come from the environment, then local.settings.json (created from the sample on first run).
# If AzureWebJobsStorage is already set in the environment, that storage is used and Azurite is not started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

[ -d node_modules/azurite ] || npm ci --no-audit --no-fund
if [ ! -f local.settings.json ]; then
  cp local.settings.sample.json local.settings.json
  echo "Created local.settings.json from local.settings.sample.json: put your Gemini keys in API_KEYS and your client tokens in ALLOWED_TOKENS." >&2
fi

if [ -z "${AzureWebJobsStorage:-}" ] && [ -z "${AzureWebJobsStorage__accountName:-}" ]; then
  free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
  blob=$(free_port); queue=$(free_port); table=$(free_port)
  mkdir -p .azurite
  node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --location .azurite \
    --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" --tableHost 127.0.0.1 --tablePort "$table" &
  azurite_pid=$!
  trap 'kill "$azurite_pid" 2>/dev/null || true' EXIT
  # Azurite's published development account key; not a secret.
  key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
  echo "Azurite (pid $azurite_pid) on 127.0.0.1: blob $blob, queue $queue, table $table; data in .azurite/" >&2
fi

# The built executable itself, not `dotnet run`: the Worker SDK makes `dotnet run` start Core Tools (`func start`).
# Started without --functions-uri it serves standalone; the content root says where local.settings.json is.
dotnet build GeminiBalance.Functions --nologo -v quiet
dotnet GeminiBalance.Functions/bin/Debug/net10.0/GeminiBalance.Functions.dll --contentRoot "$root" "$@"
