#!/usr/bin/env bash
# Regenerates src/Hale.Cli/startup-order.txt: the methods an idle `hale run` executes, which the NativeAOT build lays out
# first and together (ILC's IlcOrderFile). An idle hale then maps ~5 MB less of its binary: the kernel maps 64 KiB around
# each page fault, and start-up code spread over the 9 MB of code touched nearly all of it (bench/RESULTS.md).
# 1. valgrind's callgrind runs an idle hale (bench/idle-config.sh) for PROFILE_SECONDS and lists every method that ran;
# 2. REFINE native runs (perf's page faults) add what ran natively but not under valgrind (CPU-specific code paths, e.g. AVX-512).
# Names that no longer exist are ignored by ILC, so a stale list only costs memory, never correctness.
# Needs valgrind, perf (linux-perf) and python3. Usage: scripts/startup-order.sh   (PROFILE_SECONDS=60 REFINE=2)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PROFILE_SECONDS=${PROFILE_SECONDS:-60}
REFINE=${REFINE:-2}
order=src/Hale.Cli/startup-order.txt
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=23480

publish() {  # publish ORDER_FILE DIR
  dotnet publish src/Hale.Cli -c Release -r linux-x64 -nologo -clp:ErrorsOnly -o "$2" -p:IlcOrderFile="$(realpath "$1")" >/dev/null
  nm -n --defined-only "$2/hale.dbg" > "$2/symbols.txt"
}

idle_config() { rm -rf "$work/state"; bench/idle-config.sh "$port" "$work/state" > "$work/hale.yaml"; }

echo "publishing with the current order" >&2
publish "$order" "$work/pub0"
# The binary alone in a folder: valgrind 3.19 cannot read its separate debug file (hale.dbg).
mkdir -p "$work/bare" && cp "$work/pub0/hale" "$work/bare/hale"
idle_config
echo "profiling an idle hale run under callgrind for ${PROFILE_SECONDS} s" >&2
timeout -s TERM "$((PROFILE_SECONDS + 30))" valgrind --tool=callgrind --dump-instr=yes --compress-pos=no \
  --callgrind-out-file="$work/callgrind.out" "$work/bare/hale" run -c "$work/hale.yaml" --log-level warning >"$work/valgrind.log" 2>&1 || true
python3 scripts/startup_order.py callgrind "$work/callgrind.out" "$work/pub0/symbols.txt" > "$work/order0.txt"

for ((i = 1; i <= REFINE; i++)); do
  echo "refining on a native run ($i of $REFINE)" >&2
  publish "$work/order$((i - 1)).txt" "$work/pub$i"
  idle_config
  cat "$work/pub$i/hale" > /dev/null   # in the page cache, as an installed binary is
  timeout -s INT 15 perf record -q -e page-faults -c 1 -d -o "$work/faults.data" "$work/pub$i/hale" run -c "$work/hale.yaml" --log-level warning >/dev/null 2>&1 || true
  # Link address 0 is the start of the binary's mapping at file offset 0.
  base=$(perf script -i "$work/faults.data" --show-mmap-events 2>/dev/null \
    | awk -v bin="$work/pub$i/hale" '!found && /PERF_RECORD_MMAP2/ && / @ 0 / && $NF == bin && $(NF-1) == "r--p" { found = 1; print }' \
    | sed -E 's/.*\[0x([0-9a-f]+)\(.*/\1/')
  [ -n "$base" ] || { echo "no mapping of $work/pub$i/hale in the perf data" >&2; exit 1; }
  perf script -i "$work/faults.data" -F addr,ip 2>/dev/null > "$work/faults.txt"
  python3 scripts/startup_order.py faults "$work/faults.txt" "$base" "$work/pub$i/symbols.txt" "$work/order$((i - 1)).txt" > "$work/order$i.txt"
done
cp "$work/order$REFINE.txt" "$order"
echo "wrote $order ($(wc -l < "$order") methods)" >&2
