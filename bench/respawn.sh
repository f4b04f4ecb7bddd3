#!/usr/bin/env bash
# Respawn latency: kill -9 an owned child 50 times (initial backoff 0); median and p95 from the kill to the new child's
# exec and to Ready. Target: median <= 20 ms to respawn. Appends the result to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build bench/Respawn -c Release -nologo -clp:ErrorsOnly -o bench/out/respawn >/dev/null
out=$(./bench/out/respawn/Respawn 50)
echo "$out"
{
  echo
  echo "### Respawn after kill -9, $(date -u +%Y-%m-%d) — $(nproc) cores, .NET $(dotnet --version)"
  echo "50 kills of an owned child with backoff initial 0 and start window 0 (target: median <= 20 ms to respawn)."
  echo
  echo '```'
  echo "$out"
  echo '```'
} >> bench/RESULTS.md
