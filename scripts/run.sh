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
  # A random admin token, so the console at / works at once; it stays in local.settings.json (git-ignored).
  token=$(node -e "console.log(require('crypto').randomBytes(24).toString('base64url'))")
  node -e "const f='local.settings.json',j=JSON.parse(require('fs').readFileSync(f,'utf8'));j.Values.AUTH_TOKEN=process.argv[1];require('fs').writeFileSync(f,JSON.stringify(j,null,2)+'\n')" "$token"
  echo "Created local.settings.json from local.settings.sample.json with a random AUTH_TOKEN: put your client tokens in ALLOWED_TOKENS; add Gemini keys in the console." >&2
fi
listen=$(node -e "const a=process.argv.slice(1),i=a.indexOf('--urls');console.log(i>=0&&a[i+1]?a[i+1].split(';')[0]:(process.env.ASPNETCORE_URLS||'http://localhost:7071').split(';')[0])" -- "$@")
echo "Console: ${listen%/}/  (log in with AUTH_TOKEN from local.settings.json)" >&2

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
