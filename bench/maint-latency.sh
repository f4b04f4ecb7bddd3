#!/usr/bin/env bash
# Kill a service's process 50 times; median and p95 from the kill to its HAProxy server showing MAINT, under Hale's
# own supervision and under supervisord + `hale supervisor-haproxy`. Target: median <= 50 ms. Appends to bench/RESULTS.md.
# Usage: bench/maint-latency.sh [HALE]: with HALE (a NativeAOT binary such as artifacts/hale, or a hale.dll), that build
# is the supervisor-haproxy listener and is measured as a `hale run` process too.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || apt-get -o DPkg::Lock::Timeout=300 install -y -qq haproxy supervisor >/dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Hale.Cli -c Release -nologo -clp:ErrorsOnly -o bench/out/hale >/dev/null
dotnet build bench/MaintLatency -c Release -nologo -clp:ErrorsOnly -o bench/out/maint >/dev/null
if [ $# -gt 0 ]; then
  out=$(./bench/out/maint/MaintLatency "$1" 50 --process)
else
  out=$(./bench/out/maint/MaintLatency bench/out/hale/hale.dll 50)
fi
echo "$out"
{
  echo
  echo "### Kill -> HAProxy MAINT, $(date -u +%Y-%m-%d) — $(nproc) cores, HAProxy $(haproxy -v 2>/dev/null | awk 'NR==1{print $3}'), .NET $(dotnet --version), load average $(cut -d' ' -f1-3 /proc/loadavg)${1:+, hale: $1}"
  echo "50 kills each; show servers state polled back to back over the admin socket (target: median <= 50 ms)."
  echo
  echo '```'
  echo "$out"
  echo '```'
} >> bench/RESULTS.md
