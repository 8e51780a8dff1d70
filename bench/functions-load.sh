#!/usr/bin/env bash
# Load test of the Functions app under `serve` (the local host in front, the handler behind it, as in Azure):
# wrk for 60 s against POST /api/assess with a 50-row roster (CSV), 2 threads and 16 connections, latency
# distribution on. Prints throughput, p50/p99 and the errors (responses with status 400 or more, socket errors),
# which must all be zero, and a Markdown row for README.md.
#   bash bench/functions-load.sh [seconds (default 60)] [connections (default 16)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
connections=${2:-16}
out=bench/out/load
rm -rf "$out"
mkdir -p "$out"
command -v wrk >/dev/null || { echo "needs wrk (apt-get install -y wrk)" >&2; exit 1; }

dotnet build -c Release -v quiet src/ComplianceRisk.Cli >/dev/null
cli=src/ComplianceRisk.Cli/bin/Release/net10.0/complianceRisk
"$cli" generate --rows 50 --seed 1 --as-of 2026-11-22 --out "$out/roster-50.csv" 2>/dev/null

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port"
"$cli" serve --urls "$url" --data "$out/data" >"$out/serve.log" 2>&1 &
serve=$!
trap 'kill "$serve" 2>/dev/null; wait "$serve" 2>/dev/null || true' EXIT
for _ in $(seq 300); do curl -fs -o /dev/null "$url/api/catalog" && break; sleep 0.1; done
status=$(curl -s -o "$out/first.json" -w '%{http_code}' -H 'Content-Type: text/csv' -H 'X-ComplianceRisk-Request: 1' --data-binary @"$out/roster-50.csv" "$url/api/assess?asOf=2026-11-22")
[ "$status" = 200 ] || { echo "POST /api/assess answered $status: $(head -c 300 "$out/first.json")" >&2; exit 1; }

cat > "$out/assess.lua" <<'LUA'
local file = assert(io.open(os.getenv("ROSTER"), "rb"))
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "text/csv"
wrk.headers["X-ComplianceRisk-Request"] = "1"
file:close()

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f http_errors=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write + e.timeout))
end
LUA
ROSTER="$out/roster-50.csv" wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$out/assess.lua" \
  "$url/api/assess?asOf=2026-11-22" | tee "$out/wrk.txt"

result=$(grep '^RESULT' "$out/wrk.txt")
get() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<< "$result"; }
echo
echo "| POST api/assess, 50 rows (JSON, $(stat -c %s "$out/first.json") bytes) | wrk -t2 -c$connections, ${seconds} s | $(get rps) req/s | $(get p50_ms) ms | $(get p99_ms) ms | $(get http_errors) + $(get socket_errors) |"
echo "Machine: $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo), $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), .NET $(dotnet --version), $(date -u +%Y-%m-%d); wrk and serve on the same machine."
[ "$(get http_errors)" = 0 ] && [ "$(get socket_errors)" = 0 ] || { echo "errors during the load test" >&2; exit 1; }
