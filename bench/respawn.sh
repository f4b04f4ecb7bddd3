#!/usr/bin/env bash
# Respawn latency: kill -9 an owned child 50 times (initial backoff 0); median and p95 from the kill to the new child's
# exec and to Ready. Target: median <= 20 ms to respawn. Appends the result to bench/RESULTS.md.
# Usage: bench/respawn.sh [HALE...]: each HALE (a NativeAOT binary such as artifacts/hale, or a framework-dependent
# bench/out/hale/hale) is measured as a `hale run` process too (bench/respawn_run.py: the same kills, Ready = its
# `service:` check answering 200 again).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Respawn -c Release -nologo -clp:ErrorsOnly -o bench/out/respawn >/dev/null
out="in-process library (bench/Respawn):"$'\n'"$(./bench/out/respawn/Respawn 50)"
for hale in "$@"; do
  out+=$'\n'"hale run process ($hale):"
  out+=$'\n'"$(python3 bench/respawn_run.py 50 "$hale")"
done
echo "$out"
{
  echo
  echo "### Respawn after kill -9, $(date -u +%Y-%m-%d) — $(nproc) cores, .NET $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "50 kills of an owned child with backoff initial 0 and start window 0 (target: median <= 20 ms to respawn)."
  echo
  echo '```'
  echo "$out"
  echo '```'
} >> bench/RESULTS.md
