#!/usr/bin/env bash
# Builds the deployable `hale`: one NativeAOT binary (no .NET install needed on the host; see bench/RESULTS.md for its
# idle RSS and start-up time). Usage: scripts/publish.sh [BINARY] (default ./artifacts/hale).
# Needs a C toolchain for the link step (clang, or gcc; zlib1g-dev). Prints the binary's path and size.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
binary=${1:-artifacts/hale}
out=$(dirname "$binary")/.publish-$(basename "$binary")
# The csproj turns PublishAot on for `dotnet publish` (src/Hale.Cli/Hale.Cli.csproj); -r picks the native target.
dotnet publish src/Hale.Cli -c Release -r linux-x64 -nologo -clp:ErrorsOnly -o "$out"
mkdir -p "$(dirname "$binary")"
# Replace, never overwrite in place: a running hale keeps its (unlinked) executable.
cp "$out/hale" "$binary.new"
mv -f "$binary.new" "$binary"
# ILC ignores the order file's names that no longer exist (start-up code renamed or removed), and each costs idle RSS:
# say so, so that the list is regenerated (scripts/startup-order.sh; 19 stale names cost 1.7 MB, bench/RESULTS.md).
order=src/Hale.Cli/startup-order.txt
if command -v nm >/dev/null && [[ -f $out/hale.dbg ]]; then
  stale=$(comm -23 <(sort -u "$order") <(nm --defined-only "$out/hale.dbg" | awk '{print $3}' | sort -u) | wc -l)
  if ((stale > 0)); then
    printf 'note: %s of the %s methods in %s are not in the binary: run scripts/startup-order.sh to keep the idle RSS low\n' \
      "$stale" "$(wc -l < "$order")" "$order" >&2
  fi
fi
printf 'built %s (%s bytes, %s)\n' "$binary" "$(stat -c %s "$binary")" "$(du -h "$binary" | cut -f1)"
