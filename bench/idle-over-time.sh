#!/usr/bin/env bash
# Idle RSS of `hale run` over minutes (issue 12's "20 checks and 5 services", bench/idle-config.sh), of one or more builds
# side by side: bench/aot.sh measures the first minute, and the GC's committed heap of an idle daemon can keep growing
# for ten minutes after it. Each build runs its own daemon on its own port; RSS (anonymous + file-backed) is read every
# minute. The binaries are read into the page cache first: file-backed RSS depends on what is cached.
# Appends a table to bench/RESULTS.md. Usage: bench/idle-over-time.sh MINUTES LABEL=BINARY... (e.g. 12 aot=artifacts/hale)
set -euo pipefail
cd "$(dirname "$0")/.."
(( $# >= 2 )) || { echo "usage: $0 MINUTES LABEL=BINARY..." >&2; exit 2; }
minutes=$1; shift
work=$(mktemp -d)
pids=()
cleanup() {
  ((${#pids[@]})) && kill -TERM "${pids[@]}" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

labels=() binaries=()
port=18191
for spec in "$@"; do
  label=${spec%%=*} binary=${spec#*=}
  [[ -x $binary ]] || { echo "$binary: not an executable" >&2; exit 2; }
  cat "$binary" > /dev/null
  mkdir -p "$work/$port"
  bench/idle-config.sh "$port" "$work/$port/state" > "$work/$port/hale.yaml"
  "$binary" run -c "$work/$port/hale.yaml" --log-level warning 2>>"$work/$port/hale.log" &
  pids+=($!) labels+=("$label") binaries+=("$binary")
  port=$((port + 1))
done

# rss PID: "total (anon + file)" in MB.
rss() { awk '/^VmRSS/ {t=$2} /^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {printf "%.1f (%.1f + %.1f)", t/1024, a/1024, f/1024}' "/proc/$1/status"; }

declare -A row
for ((m = 1; m <= minutes; m++)); do
  sleep 60
  for i in "${!pids[@]}"; do
    kill -0 "${pids[$i]}" 2>/dev/null || { echo "${labels[$i]} exited; its log:" >&2; cat "$work"/*/hale.log >&2; exit 1; }
    row[$i]+=" $(rss "${pids[$i]}") |"
  done
  echo "minute $m:$(for i in "${!pids[@]}"; do printf ' %s %s' "${labels[$i]}" "$(rss "${pids[$i]}")"; done)"
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
{
  echo
  echo "### Idle RSS over $minutes minutes (bench/idle-over-time.sh), $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $cpu, load average $(cut -d' ' -f1-3 /proc/loadavg), kernel $(uname -r)"
  echo "\`hale run\` of bench/idle-config.sh (20 checks, 5 services), the builds side by side; MB, total (anonymous + file-backed),"
  echo "every minute (target NativeAOT <= 25 MB)."
  echo
  printf '| build |'; for ((m = 1; m <= minutes; m++)); do printf ' %d min |' "$m"; done; echo
  printf '|---|'; for ((m = 1; m <= minutes; m++)); do printf -- '---|'; done; echo
  for i in "${!pids[@]}"; do echo "| ${labels[$i]} (\`${binaries[$i]}\`) |${row[$i]}"; done
} >> bench/RESULTS.md
tail -n $((6 + ${#pids[@]})) bench/RESULTS.md
