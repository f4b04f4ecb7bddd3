#!/usr/bin/env bash
# Builds the deployable `hale`: one self-contained, trimmed file (no .NET install needed on the host; ~40 MB idle RSS
# instead of ~68 MB framework-dependent, see bench/RESULTS.md). Usage: scripts/publish.sh [OUTPUT_DIR] (default ./artifacts/hale)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-artifacts/hale}
dotnet publish src/Hale.Cli -c Release -r linux-x64 --self-contained -nologo \
  -p:PublishTrimmed=true -p:PublishSingleFile=true \
  -p:UseSystemResourceKeys=true -p:EventSourceSupport=false -p:DebuggerSupport=false -p:MetricsSupport=false \
  -o "$out"
echo "built $out/hale"
