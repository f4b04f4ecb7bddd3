#!/usr/bin/env bash
# HTTP throughput of `hale run` serving a background component, against a bare Kestrel app, with wrk
# (10 s, 2 threads, 32 connections). Target: Hale >= 0.8x the bare app's requests/s, p99 <= 5 ms.
# Prints both and the ratio, and appends the result to bench/RESULTS.md.
# Usage: bench/http-throughput.sh [HALE]: HALE is the hale to measure (e.g. artifacts/hale, the NativeAOT build);
# default the framework-dependent build (bench/out/hale/hale).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get -o DPkg::Lock::Timeout=300 install -y -qq wrk >/dev/null; }
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Hale.Cli -c Release -nologo -clp:ErrorsOnly -o bench/out/hale >/dev/null
dotnet build bench/BareKestrel -c Release -nologo -clp:ErrorsOnly -o bench/out/bare >/dev/null

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

wait_up() { for _ in $(seq 100); do curl -fs "$1" >/dev/null && return 0; sleep 0.1; done; echo "not up: $1" >&2; return 1; }

# measure URL -> "requests_per_second p99_ms"
measure() {
  wrk -t2 -c32 -d3s "$1" >/dev/null   # warm-up (JIT, tiered compilation)
  local out; out=$(wrk -t2 -c32 -d10s --latency "$1")
  local rps p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v*=1000}; print v}' <<<"$out")
  echo "$rps $p99"
}

hale=${1:-./bench/out/hale/hale}
"$hale" run -c bench/bench.yaml --log-level warning & pids+=($!)
wait_up http://127.0.0.1:18080/bench
read -r hale_rps hale_p99 < <(measure http://127.0.0.1:18080/bench)
cleanup; pids=()

./bench/out/bare/BareKestrel 18081 & pids+=($!)
wait_up http://127.0.0.1:18081/bench
read -r bare_rps bare_p99 < <(measure http://127.0.0.1:18081/bench)
cleanup; pids=()

ratio=$(awk -v a="$hale_rps" -v b="$bare_rps" 'BEGIN {printf "%.2f", a/b}')
verdict=$(awk -v r="$ratio" -v p="$hale_p99" 'BEGIN {print (r >= 0.8 && p <= 5) ? "meets target" : "MISSES target"}')
printf 'hale run (background component): %s req/s, p99 %s ms\n' "$hale_rps" "$hale_p99"
printf 'bare Kestrel (constant string):  %s req/s, p99 %s ms\n' "$bare_rps" "$bare_p99"
printf 'ratio %s (target >= 0.80, p99 <= 5 ms): %s\n' "$ratio" "$verdict"

machine="$(nproc) cores, $(awk -F: '/model name/ {gsub(/^ /,"",$2); print $2; exit}' /proc/cpuinfo), $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME"), .NET $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
{
  echo
  echo "### HTTP throughput, $(date -u +%Y-%m-%d) — $machine"
  echo "wrk -t2 -c32 -d10s --latency (after a 3 s warm-up), client and server on the same machine."
  echo
  echo "| server | requests/s | p99 latency |"
  echo "|---|---|---|"
  echo "| hale run ($hale), background component | $hale_rps | $hale_p99 ms |"
  echo "| bare Kestrel, constant string | $bare_rps | $bare_p99 ms |"
  echo
  echo "Ratio $ratio (target >= 0.80, p99 <= 5 ms): $verdict."
} >> bench/RESULTS.md
