#!/usr/bin/env bash
# Idle RSS of `hale run` with 20 checks and 5 services (target <= 40 MB), under several runtime settings.
# Appends the table to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Hale.Cli -c Release -nologo -clp:ErrorsOnly -o bench/out/hale >/dev/null
# The self-contained trimmed single file (what scripts/publish.sh built before NativeAOT; bench/aot.sh measures that).
dotnet publish src/Hale.Cli -c Release -r linux-x64 --self-contained -nologo -clp:ErrorsOnly -p:PublishAot=false \
  -p:PublishTrimmed=true -p:PublishSingleFile=true \
  -p:UseSystemResourceKeys=true -p:EventSourceSupport=false -p:DebuggerSupport=false -p:MetricsSupport=false \
  -o bench/out/hale-trimmed >/dev/null
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
port=18090
bench/idle-config.sh "$port" "$work/state" > "$work/hale.yaml"

measure() { # name, binary, env...
  local name=$1 binary=$2; shift 2
  env "$@" "$binary" run -c "$work/hale.yaml" --log-level warning & local pid=$!
  for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/svc5" >/dev/null 2>&1 && break; sleep 0.1; done
  sleep 10
  local rss; rss=$(awk '/VmRSS/ {printf "%.1f", $2/1024}' /proc/$pid/status)
  kill -TERM $pid; wait $pid || true
  printf '| %s | %s MB |\n' "$name" "$rss"
}

fdd=./bench/out/hale/hale
trimmed=./bench/out/hale-trimmed/hale
rows=$(
  measure "framework-dependent, workstation non-concurrent GC (hale's runtimeconfig)" $fdd
  measure "framework-dependent, server GC" $fdd DOTNET_gcServer=1
  measure "framework-dependent, concurrent GC" $fdd DOTNET_gcConcurrent=1
  measure "framework-dependent, W^X off (no double-mapped code)" $fdd DOTNET_EnableWriteXorExecute=0
  measure "framework-dependent, 1 MiB gen0 + GCConserveMemory=5" $fdd DOTNET_GCgen0size=0x100000 DOTNET_GCConserveMemory=5
  measure "self-contained trimmed single file" $trimmed
  measure "trimmed, TieredCompilation off" $trimmed DOTNET_TieredCompilation=0
  measure "trimmed, 1 MiB gen0 + GCConserveMemory=5" $trimmed DOTNET_GCgen0size=0x100000 DOTNET_GCConserveMemory=5
)
echo "$rows"
{
  echo
  echo "### Idle RSS of hale run (20 checks, 5 services), $(date -u +%Y-%m-%d) — $(nproc) cores, .NET $(dotnet --version)"
  echo "RSS 10 s after the first answer; target <= 40 MB."
  echo
  echo "| runtime settings | RSS |"
  echo "|---|---|"
  echo "$rows"
} >> bench/RESULTS.md
