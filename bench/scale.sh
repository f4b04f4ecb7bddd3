#!/usr/bin/env bash
# Scale of scheduled checks (issue 12's target, not a timed test): N checks, half TCP and half HTTP (HTTP_PERCENT), `every: 1s`, against
# loopback targets (bench/scale_tcp_target.c, built with cc: 10 TCP listeners that accept and close; a second NativeAOT
# Hale whose `/ok`, a check that is always OK, is the HTTP target), run by
# the NativeAOT binary (scripts/publish.sh) for DURATION seconds each, for N in COUNTS. Sampled every SAMPLE seconds
# from /proc: CPU % of one core (utime+stime), RSS, open fds; TIME_WAIT sockets towards the targets (ss). Schedule lag
# p50/p99 from the hale_check_schedule_lag_seconds histogram (the difference of two scrapes: after WARMUP and at the end);
# runs per second from hale_probe_duration_seconds_count; checks not OK at the end from /-/status.
# Targets for N = 10,000: <= 30 % of one core, <= 150 MB RSS, lag p99 <= 100 ms, fds flat.
# Appends a dated section to bench/RESULTS.md (machine, load average before and after). Independent of scripts/test.sh.
# The floor: bench/scale_floor.c makes the same probe traffic from a bare C loop, FLOOR_SECONDS after each N, for comparison.
# Usage: bench/scale.sh   (DURATION=300 COUNTS="1000 10000" WARMUP=30 SAMPLE=10 FLOOR_SECONDS=30; NO_PUBLISH=1 uses bench/out/hale-aot as is;
# HTTP_PERCENT=50 is the share of HTTP checks, 0 for TCP only, 100 for HTTP only)
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
DURATION=${DURATION:-300}
COUNTS=${COUNTS:-"1000 10000"}
WARMUP=${WARMUP:-30}
SAMPLE=${SAMPLE:-10}
FLOOR_SECONDS=${FLOOR_SECONDS:-30}
HTTP_PERCENT=${HTTP_PERCENT:-50}
aot=./bench/out/hale-aot
[ -n "${NO_PUBLISH:-}" ] && [ -x "$aot" ] || ./scripts/publish.sh "$aot" >/dev/null
hale_port=23190 tcp_base=23200 tcp_count=10 target_port=23220
work=$(mktemp -d)
targets_pid="" target_hale_pid="" hale_pid=""
cleanup() {
  [ -n "$hale_pid" ] && kill -TERM "$hale_pid" 2>/dev/null && wait "$hale_pid" 2>/dev/null || true
  [ -n "$target_hale_pid" ] && kill -TERM "$target_hale_pid" 2>/dev/null && wait "$target_hale_pid" 2>/dev/null || true
  [ -n "$targets_pid" ] && kill -KILL "$targets_pid" 2>/dev/null && wait "$targets_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

cc -O2 -o "$work/tcp_target" bench/scale_tcp_target.c
cc -O2 -o "$work/scale_floor" bench/scale_floor.c
"$work/tcp_target" $tcp_base $tcp_count > "$work/targets.out" 2>&1 &
targets_pid=$!
for _ in $(seq 200); do grep -q ready "$work/targets.out" 2>/dev/null && break; sleep 0.05; done
grep -q ready "$work/targets.out" || { echo "targets did not start:" >&2; cat "$work/targets.out" >&2; exit 1; }
printf 'http: { listen: "127.0.0.1:%s" }\nstate_dir: %s/target-state\nchecks:\n  ok: { oneshot: { default: ok } }\n' \
  "$target_port" "$work" > "$work/target.yaml"
"$aot" run -c "$work/target.yaml" --log-level warning 2>>"$work/target.log" &
target_hale_pid=$!
for _ in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$target_port/ok" 2>/dev/null && break; sleep 0.1; done

# config N: N - N*HTTP_PERCENT/100 TCP checks then the rest HTTP checks, round-robin over the targets.
config() {
  local n=$1 i http=$(($1 * HTTP_PERCENT / 100))
  echo "http: { listen: \"127.0.0.1:$hale_port\", max_connections: 64 }"
  echo "state_dir: $work/state-$n"
  echo "yaml_limits: { max_nodes: 1000000 }"
  echo "checks:"
  for ((i = 0; i < n - http; i++)); do
    echo "  t$i: { tcp: { host: 127.0.0.1, port: $((tcp_base + i % tcp_count)), timeout: 2s }, every: 1s }"
  done
  for ((i = 0; i < http; i++)); do
    echo "  h$i: { http: { url: \"http://127.0.0.1:$target_port/ok?h=$i\", timeout: 2s }, every: 1s }"
  done
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
fds() { ls "/proc/$1/fd" | wc -l; }
time_wait() { ss -Htan state time-wait "( dport >= :$tcp_base and dport <= :$target_port )" | wc -l; }
connections() { ss -Htn state established "( dport = :$target_port )" | wc -l; }
scrape() { curl -sf -m 30 "http://127.0.0.1:$hale_port/metrics" > "$1"; }
hz=$(getconf CLK_TCK)
now_s() { date +%s.%N; }

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
uptime_before=$(uptime)
rows=""
floors=""
samples_all=""
for n in $COUNTS; do
  config "$n" > "$work/hale-$n.yaml"
  "$aot" run -c "$work/hale-$n.yaml" --log-level warning 2>>"$work/hale-$n.log" &
  hale_pid=$!
  for _ in $(seq 600); do curl -sf -o /dev/null "http://127.0.0.1:$hale_port/-/status" 2>/dev/null && break; sleep 0.1; done
  start=$(now_s)
  t0=$start c0=$(ticks "$hale_pid")
  samples="" warm_scraped=""
  while :; do
    sleep "$SAMPLE"
    t1=$(now_s) c1=$(ticks "$hale_pid")
    elapsed=$(awk -v a="$start" -v b="$t1" 'BEGIN {printf "%.0f", b - a}')
    cpu=$(awk -v c0="$c0" -v c1="$c1" -v t0="$t0" -v t1="$t1" -v hz="$hz" 'BEGIN {printf "%.1f", (c1 - c0) / hz / (t1 - t0) * 100}')
    samples+="$elapsed $cpu $(rss_mb "$hale_pid") $(fds "$hale_pid") $(time_wait) $(connections)"$'\n'
    t0=$t1 c0=$c1
    if [ -z "$warm_scraped" ] && [ "$elapsed" -ge "$WARMUP" ]; then scrape "$work/warm-$n.prom"; warm_scraped=$elapsed; fi
    [ "$elapsed" -ge "$DURATION" ] && break
  done
  scrape "$work/end-$n.prom"
  curl -sf -m 30 "http://127.0.0.1:$hale_port/-/status" > "$work/status-$n.json"
  kill -TERM "$hale_pid"; wait "$hale_pid" || true; hale_pid=""
  # The same traffic from a bare C loop against the same targets: what the probes cost without Hale.
  read -r floor_cpu floor_rate floor_failures < <("$work/scale_floor" $tcp_base $tcp_count $target_port "$n" "$FLOOR_SECONDS" "$HTTP_PERCENT")
  floors+="| $(printf "%'d" "$n") | $floor_cpu % | $floor_rate/s | $floor_failures |"$'\n'
  samples_all+="N=$n: elapsed_s cpu_% rss_MB fds time_wait http_connections"$'\n'"$samples"
  rows+=$(python3 bench/scale_report.py "$n" "$work/warm-$n.prom" "$work/end-$n.prom" "$work/status-$n.json" "$warm_scraped" "$WARMUP" <<<"$samples")$'\n'
done

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "$rows"
printf '%s' "$floors"
printf '%s' "$samples_all"
{
  echo
  echo "### 10,000 checks in one Hale (bench/scale.sh), $(date -u +%Y-%m-%dT%H:%MZ) — $(nproc) cores, $cpu, kernel $(uname -r)"
  echo "Load: before \`${uptime_before# }\`; after \`$(uptime | sed 's/^ //')\`."
  echo "NativeAOT \`hale run\`; N checks, $((100 - HTTP_PERCENT)) % \`tcp\` (10 loopback listeners that accept and close, bench/scale_tcp_target.c) and $HTTP_PERCENT %"
  echo "\`http\` GET of a second NativeAOT Hale's \`/ok\` (one target), all \`every: 1s\`, timeout 2 s. Sampled every ${SAMPLE} s for ${DURATION} s; CPU and fds after a"
  echo "${WARMUP} s warm-up; lag and runs/s from the difference of the scrapes after the warm-up and at the end. Targets at 10,000:"
  echo "<= 30 % of one core, <= 150 MB RSS, lag p99 <= 100 ms, fds flat."
  echo
  echo "| checks | CPU (one core) | RSS end | fds | HTTP connections | lag p50 | lag p99 | runs | not OK at end | TIME_WAIT max | length |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "The floor: the same probe traffic from bench/scale_floor.c (one thread, blocking sockets, nothing scheduled or kept),"
  echo "${FLOOR_SECONDS} s against the same targets, right after each row; the kernel's loopback work for the connects and exchanges is"
  echo "charged to the prober in both."
  echo
  echo "| checks | floor CPU (one core) | probes | failed |"
  echo "|---|---|---|---|"
  printf '%s' "$floors"
  echo
  echo "<details><summary>samples (elapsed s, CPU %, RSS MB, fds, TIME_WAIT, HTTP connections)</summary>"
  echo
  echo '```'
  printf '%s' "$samples_all"
  echo '```'
  echo "</details>"
} >> bench/RESULTS.md
