#!/usr/bin/env bash
# NativeAOT hale beside the framework-dependent build (issue 12's targets, not timed tests):
#  - idle RSS of `hale run` with 20 checks and 5 services, 15 s after its first HTTP answer (target AOT <= 25 MB),
#    and the time from exec to that first answer (bench/idle-over-time.sh follows it for minutes);
#  - `hale status` wall time, median of 20 (target <= 30 ms), with `supervisorctl status` beside it (a private
#    supervisord with 5 programs, when supervisord is installed).
# Publishes the AOT binary (scripts/publish.sh) and builds the framework-dependent one; appends to bench/RESULTS.md.
# Independent of scripts/test.sh. Usage: bench/aot.sh [AOT_BINARY] (an AOT binary already published, e.g. artifacts/hale:
# not published again).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/Hale.Cli -c Release -nologo -clp:ErrorsOnly -o bench/out/hale >/dev/null
aot=${1:-./bench/out/hale-aot}
[ $# -gt 0 ] || ./scripts/publish.sh "$aot" >/dev/null
fdd=./bench/out/hale/hale
work=$(mktemp -d)
supervisord_pid=""
cleanup() {
  kill $(jobs -p) 2>/dev/null || true
  [ -n "$supervisord_pid" ] && kill "$supervisord_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
port=18091
bench/idle-config.sh "$port" "$work/state" > "$work/hale.yaml"

now_ns() { date +%s%N; }
# median_ms COMMAND...: runs it 20 times (after 2 warm-ups), prints the median wall time in ms (nothing else).
median_ms() {
  local i t0 times=()
  for i in 1 2; do "$@" >/dev/null 2>&1 || true; done
  for i in $(seq 20); do
    t0=$(now_ns)
    "$@" >/dev/null 2>&1 || true
    times+=($(( $(now_ns) - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", (a[10]+a[11])/2/1e6}'
}

# wait_answer: until hale answers HTTP (any status) on the port.
wait_answer() {
  for _ in $(seq 3000); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/tcp1" 2>/dev/null)" != 000 ] && return 0
    sleep 0.005
  done
  echo "hale did not answer on port $port; its log:" >&2; cat "$work/hale.log" >&2; return 1
}
stop_hale() { kill -TERM "$1"; wait "$1" || true; }
rss_mb() { awk '/VmRSS/ {printf "%.1f", $2/1024}' "/proc/$1/status"; }
# breakdown PID: "anon A MB, file F MB, N threads" (RssAnon: heap, stacks, rehydrated data; RssFile: mapped files' pages).
breakdown() { awk '/RssAnon/ {a=$2} /RssFile/ {f=$2} /Threads/ {t=$2} END {printf "anon %.1f MB, file %.1f MB, %d threads", a/1024, f/1024, t}' "/proc/$1/status"; }

rows=""
status_rows=""
for variant in aot fdd; do
  binary=$aot; name="NativeAOT (scripts/publish.sh)"
  [ "$variant" = fdd ] && { binary=$fdd; name="framework-dependent (dotnet build)"; }
  t0=$(now_ns)
  "$binary" run -c "$work/hale.yaml" --log-level warning 2>>"$work/hale.log" &
  pid=$!
  wait_answer
  startup=$(( ($(now_ns) - t0) / 1000000 ))
  sleep 15
  rss=$(rss_mb "$pid")
  parts=$(breakdown "$pid")
  sleep 45
  rows+="| $name | $rss MB ($parts) | $(rss_mb "$pid") MB ($(breakdown "$pid")) | $startup ms |"$'\n'
  if [ "$variant" = aot ]; then
    # Both clients against the same (AOT) daemon: only the client differs.
    status_rows+="| \`hale status\`, NativeAOT | $(median_ms "$aot" status -c "$work/hale.yaml") ms |"$'\n'
    status_rows+="| \`hale status\`, framework-dependent apphost | $(median_ms "$fdd" status -c "$work/hale.yaml") ms |"$'\n'
    status_rows+="| \`hale ctl restart s1\`, NativeAOT | $(median_ms "$aot" ctl restart s1 -c "$work/hale.yaml") ms |"$'\n'
    status_rows+="| \`hale check\` (this file), NativeAOT | $(median_ms "$aot" check -c "$work/hale.yaml") ms |"$'\n'
  fi
  stop_hale "$pid"
done

# supervisord with 5 programs, its socket private to this run.
if command -v supervisord >/dev/null && command -v supervisorctl >/dev/null; then
  mkdir -p "$work/supervisor"
  {
    echo "[unix_http_server]"; echo "file=$work/supervisor/supervisor.sock"
    echo "[supervisord]"; echo "logfile=$work/supervisor/supervisord.log"; echo "pidfile=$work/supervisor/supervisord.pid"
    echo "childlogdir=$work/supervisor"; echo "nodaemon=true"
    echo "[rpcinterface:supervisor]"; echo "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface"
    echo "[supervisorctl]"; echo "serverurl=unix://$work/supervisor/supervisor.sock"
    for i in 1 2 3 4 5; do echo "[program:s$i]"; echo "command=sleep 3000"; echo "startsecs=0"; done
  } > "$work/supervisor/supervisord.conf"
  supervisord -n -c "$work/supervisor/supervisord.conf" >/dev/null 2>&1 &
  supervisord_pid=$!
  for _ in $(seq 100); do supervisorctl -c "$work/supervisor/supervisord.conf" status >/dev/null 2>&1 && break; sleep 0.1; done
  status_rows+="| \`supervisorctl status\` (supervisor $(supervisord --version), 5 programs) | $(median_ms supervisorctl -c "$work/supervisor/supervisord.conf" status) ms |"$'\n'
  status_rows+="| supervisord's idle RSS beside it | $(rss_mb "$supervisord_pid") MB |"$'\n'
else
  status_rows+="| \`supervisorctl status\` | (supervisord not installed) |"$'\n'
fi

size=$(stat -c %s "$aot")
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "$rows$status_rows"
{
  echo
  echo "### NativeAOT hale beside framework-dependent (bench/aot.sh), $(date -u +%Y-%m-%d) — $(nproc) cores, $cpu, load average $(cut -d' ' -f1-3 /proc/loadavg), .NET $(dotnet --version), kernel $(uname -r)"
  echo "\`hale run\` with 20 checks (10 TCP every 2 s, 5 commands every 5 s, 5 services) and 5 services (\`sleep\`);"
  echo "RSS 15 s and 60 s after the first HTTP answer (target NativeAOT <= 25 MB; anon = heap, stacks, rehydrated data; file ="
  echo "mapped pages of the binary and libraries); start-up = exec to the first HTTP answer."
  echo "NativeAOT binary: $(( size / 1024 / 1024 )) MiB ($size bytes)."
  echo
  echo "| build | idle RSS at 15 s | at 60 s | start-up |"
  echo "|---|---|---|---|"
  printf '%s' "$rows"
  echo
  echo "Wall time of one command, median of 20 (after 2 warm-ups), against the NativeAOT daemon above (target <= 30 ms):"
  echo
  echo "| command | median |"
  echo "|---|---|"
  printf '%s' "$status_rows"
} >> bench/RESULTS.md
