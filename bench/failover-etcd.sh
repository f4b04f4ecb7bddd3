#!/usr/bin/env bash
# Failover time of a `coordinator: etcd` group (issue 9), beside keepalived's for the same faults.
#
# Hale: a real 3-member etcd 3.4 on loopback with etcd's default raft timings (--heartbeat-interval 100
# --election-timeout 1000), three `hale run` processes n1..n3 (priorities 1..3, lease_ttl 2s, preempt after 1s, check_every
# 100ms, the service's start limit lifted), one group whose service holds `flock -n` on a shared lock (a violation is recorded if it cannot: two actives)
# and whose promote command appends `date +%s%N` to an events file. Over ROUNDS rounds each (default 20):
#   1. the leader's Hale SIGKILLed -> the new leader's promote command ran       (target <= TTL + 0.5 s = 2.5 s)
#   2. the leader's service SIGKILLed, Hale alive -> the next promote command ran (target <= 300 ms)
#   3. the leader's `healthy:` check fails (a state file) -> the new leader's promote command ran (issue 9's test scenario)
# The clock starts just before the kill (CLOCK_REALTIME, one host). Each round restores the initial state: the killed Hale
# is restarted (or the check heals) and the round ends when n1 is active again (preemption) and n2, n3 stand by.
#
# keepalived 2.2.7, in the same run: two instances in two network namespaces joined by a veth pair (VRRP multicast,
# advert_int 1, priorities 150/100, preempt), notify_master appending `date +%s%N`:
#   1. kill -9 of the MASTER keepalived (parent and VRRP child) -> BACKUP's notify_master
#   2. the MASTER's tracked service killed (track_script, interval 1, fall 1) -> BACKUP's notify_master
#
# Needs root (netns), etcd-server, keepalived (installed when missing). Appends the results to bench/RESULTS.md.
# ROUNDS=N changes the number of rounds; HALE_BIN="dotnet path/to/hale.dll" LABEL=... measures another build;
# KEEP=1 keeps the work directory (logs) for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rounds=${ROUNDS:-20}
hale_bin=${HALE_BIN:-./bench/out/hale/hale}
label=${LABEL:-this tree}
py=/usr/bin/python3 # not the pyenv shim (PEERS.md §0)
ttl=2
for pkg in etcd:etcd-server keepalived:keepalived; do
  command -v "${pkg%%:*}" >/dev/null || apt-get -o DPkg::Lock::Timeout=300 install -y "${pkg#*:}" >/dev/null
done
[ -n "${HALE_BIN:-}" ] || dotnet build src/Hale.Cli -c Release -nologo -clp:ErrorsOnly -o bench/out/hale >/dev/null
hale_bin=$(realpath "${hale_bin%% *}")${hale_bin#"${hale_bin%% *}"}

work=$(mktemp -d /tmp/hale-failover-bench.XXXXXX)
ns_a="hale-bench-$$-a" ns_b="hale-bench-$$-b" if_a="hbk$$a" if_b="hbk$$b"
declare -A hale_pid=() etcd_pid=() ka_pid=()
other_pids=()

stop_pid() { kill "$1" 2>/dev/null || true; for _ in $(seq 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -9 "$1" 2>/dev/null || true; }
cleanup() {
  set +e
  for n in "${!hale_pid[@]}"; do kill "${hale_pid[$n]}" 2>/dev/null; done
  for n in "${!hale_pid[@]}"; do stop_pid "${hale_pid[$n]}"; done
  for k in "${!ka_pid[@]}"; do kill -- "-${ka_pid[$k]}" 2>/dev/null; stop_pid "${ka_pid[$k]}"; done
  for m in "${!etcd_pid[@]}"; do kill "${etcd_pid[$m]}" 2>/dev/null; done
  for m in "${!etcd_pid[@]}"; do stop_pid "${etcd_pid[$m]}"; done
  for p in "${other_pids[@]}"; do kill -9 "$p" 2>/dev/null; done
  # Leftovers whose command line names this run's directory (fences, services of SIGKILLed Hales): by pid, ours only.
  for d in /proc/[0-9]*; do
    [ "${d#/proc/}" = $$ ] && continue
    { tr '\0' ' ' < "$d/cmdline"; } 2>/dev/null | grep -qF "$work" && kill -9 "${d#/proc/}" 2>/dev/null
  done
  ip netns del "$ns_a" 2>/dev/null; ip netns del "$ns_b" 2>/dev/null
  wait 2>/dev/null
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ns() { date +%s%N; }
# wait_for SECONDS COMMAND...: polls every 20 ms.
wait_for() { local deadline=$(( $(date +%s) + $1 )); shift; until "$@"; do [ "$(date +%s)" -lt $deadline ] || return 1; sleep 0.02; done; }
free_port() { ! ss -Hltn "sport = :$1" | grep -q .; }

# ---------------------------------------------------------------- etcd, 3 members on loopback, default raft timings
etcd_flags=(--heartbeat-interval 100 --election-timeout 1000)
base=$(( 27000 + ($$ % 50) * 10 ))
for p in $(seq $base $((base + 8))); do free_port "$p" || { echo "port $p in use" >&2; exit 1; }; done
cluster="m1=http://127.0.0.1:$((base + 3)),m2=http://127.0.0.1:$((base + 4)),m3=http://127.0.0.1:$((base + 5))"
endpoints="http://127.0.0.1:$base, http://127.0.0.1:$((base + 1)), http://127.0.0.1:$((base + 2))"
for i in 1 2 3; do
  mkdir -p "$work/etcd/m$i"
  etcd --name "m$i" --data-dir "$work/etcd/m$i/data" \
    --listen-client-urls "http://127.0.0.1:$((base + i - 1))" --advertise-client-urls "http://127.0.0.1:$((base + i - 1))" \
    --listen-peer-urls "http://127.0.0.1:$((base + i + 2))" --initial-advertise-peer-urls "http://127.0.0.1:$((base + i + 2))" \
    --initial-cluster "$cluster" --initial-cluster-token "bench-$$" --initial-cluster-state new \
    "${etcd_flags[@]}" > "$work/etcd/m$i/etcd.log" 2>&1 &
  etcd_pid[m$i]=$!
done
etcd_healthy() { for i in 0 1 2; do curl -fs -m 1 "http://127.0.0.1:$((base + i))/health" | grep -q '"health":"true"' || return 1; done; }
wait_for 30 etcd_healthy || { echo "etcd did not become healthy" >&2; exit 1; }

# ---------------------------------------------------------------- three Hales
events="$work/events"      # "<ns> promote|demote <node>" lines, appended by the group's commands
: > "$events"
cat > "$work/service.py" <<'PY'
import fcntl, os, signal, sys, time
lock, violations, node, pidfile = sys.argv[1:5]
f = open(lock, "a")
try:
    fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
except OSError:
    with open(violations, "a") as v:
        v.write(f"{node} {time.time_ns()}\n")
    sys.exit(1)
with open(pidfile + ".tmp", "w") as p:
    p.write(str(os.getpid()))
os.rename(pidfile + ".tmp", pidfile)
signal.signal(signal.SIGTERM, lambda *_: (os.unlink(pidfile), sys.exit(0)))
while True:
    time.sleep(3600)
PY
hport=$((base + 6))
for i in 1 2 3; do
  n=n$i
  mkdir -p "$work/$n"
  cat > "$work/$n/hale.yaml" <<EOF
node: $n
http: { listen: "127.0.0.1:$((hport + i - 1))" }
state_dir: $work/$n/state
check_every: 100ms
etcd: { endpoints: [$endpoints], prefix: /bench/, lease_ttl: ${ttl}s }
checks:
  ok: { command: "test ! -e $work/sick-$n" }
services:
  app:
    run: ["$py", "$work/service.py", "$work/active.lock", "$work/violations", "$n", "$work/service-$n.pid"]
    stop: { timeout: 2s }
    # Lifted: every promotion is a start, and 10 within 150 s (the default) would hold the service (see RESULTS.md).
    restart: { limit: { starts: 10000, within: 150s } }
groups:
  db:
    coordinator: etcd
    priority: $i
    service: app
    healthy: ok
    preempt: { enabled: true, delay: 1s }
    promote: 'echo "\$(date +%s%N) promote \$HALE_NODE \$HALE_FENCING_TOKEN" >> $events'
    demote: 'echo "\$(date +%s%N) demote \$HALE_NODE" >> $events'
EOF
done
start_hale() { "$hale_bin" run -c "$work/$1/hale.yaml" --log-level info >>"$work/$1/hale.log" 2>&1 & hale_pid[$1]=$!; }
role() { curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$((hport + ${1#n} - 1))/db" || true; }
# up, and for 1.5 s: past its start window (1 s), so that Hale counts it as running (a crash inside the window: RESULTS.md)
service_up() {
  local f="$work/service-$1.pid"
  [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && [ $(( $(date +%s%3N) - $(stat -c %.3Y "$f" | tr -d .) )) -ge 1500 ]
}
stable() { [ "$(role n1)" = 200 ] && service_up n1 && [ "$(role n2)" = 503 ] && [ "$(role n3)" = 503 ]; }

start_hale n1
wait_for 60 eval '[ "$(role n1)" = 200 ] && service_up n1' || { echo "n1 did not lead" >&2; exit 1; }
start_hale n2; start_hale n3
wait_for 60 stable || { echo "the group did not settle" >&2; exit 1; }

# first_promote AFTER_LINE: prints "<ns> <node>" of the first promote line after line AFTER_LINE of the events file.
first_promote() { tail -n +"$(( $1 + 1 ))" "$events" | awk '$2 == "promote" { print $1, $3; exit }'; }
lines() { wc -l < "$events"; }

hale_round() { # hale_round FAULT -> "<ms> <new leader>" on stdout
  local fault=$1 before t0 got leader
  # stable, and still so a while later: the service has been running through at least two lease renewals
  wait_for 60 stable || { echo "not stable before a $fault round" >&2; return 1; }
  sleep 1.$(( RANDOM % 10 )) # also a random phase against the lease renewals (every TTL/4)
  wait_for 60 stable || { echo "not stable before a $fault round" >&2; return 1; }
  before=$(lines)
  t0=$(now_ns)
  case $fault in
    kill-hale) kill -9 "${hale_pid[n1]}" ;;
    kill-service) kill -9 "$(cat "$work/service-n1.pid")" ;;
    unhealthy) touch "$work/sick-n1" ;;
  esac
  wait_for 30 eval '[ -n "$(first_promote $before)" ]' || { echo "no promote after $fault" >&2; return 1; }
  read -r got leader < <(first_promote "$before")
  echo "$t0 $got $leader" >> "$work/rounds-$fault"
  # restore: n1 back, then it preempts (after 1 s healthy) and n2, n3 stand by
  case $fault in
    kill-hale) wait "${hale_pid[n1]}" 2>/dev/null || true; start_hale n1 ;;
    unhealthy) wait_for 30 eval '[ "$(role n1)" = 503 ]'; rm -f "$work/sick-n1" ;;
  esac
  wait_for 60 stable || { echo "not stable after a $fault round" >&2; return 1; }
  printf '%s %s\n' "$(( (got - t0) / 1000 ))" "$leader"
}

# ---------------------------------------------------------------- keepalived in two network namespaces
ka_setup() {
  ip netns add "$ns_a" && ip netns add "$ns_b" &&
  ip link add "$if_a" type veth peer name "$if_b" &&
  ip link set "$if_a" netns "$ns_a" && ip link set "$if_b" netns "$ns_b" &&
  ip -n "$ns_a" addr add 10.250.77.1/24 dev "$if_a" && ip -n "$ns_b" addr add 10.250.77.2/24 dev "$if_b" &&
  ip -n "$ns_a" link set "$if_a" up && ip -n "$ns_b" link set "$if_b" up &&
  ip -n "$ns_a" link set lo up && ip -n "$ns_b" link set lo up || return 1
  mkdir -p "$work/ka"
  printf '#!/bin/sh\necho "$(date +%%s%%N) $1 $2" >> %s\n' "$work/ka/events" > "$work/ka/notify.sh"
  # the tracked "service": alive unless killed (a zombie counts as dead: PID 1 reaps orphans late here)
  # (shell builtins only: on a loaded machine a check still running at the next interval puts the instance in FAULT)
  printf '#!/bin/sh\nread -r pid < %s/ka/service-$1.pid && read -r _ _ s _ < /proc/$pid/stat && [ "$s" != Z ]\n' "$work" > "$work/ka/check.sh"
  chmod 755 "$work/ka/notify.sh" "$work/ka/check.sh"
  : > "$work/ka/events"
  local k prio if
  for k in a b; do
    [ $k = a ] && prio=150 if=$if_a || prio=100 if=$if_b
    cat > "$work/ka/$k.conf" <<EOF
global_defs {
  router_id ka-$k
  script_user root
  enable_script_security
}
vrrp_script service {
  script "$work/ka/check.sh $k"
  interval 1
  fall 1
  rise 1
}
vrrp_instance VI {
  state BACKUP
  interface $if
  virtual_router_id 77
  priority $prio
  advert_int 1
  virtual_ipaddress { 10.250.77.100/24 }
  track_script { service }
  notify_master "$work/ka/notify.sh master $k"
  notify_backup "$work/ka/notify.sh backup $k"
  notify_fault "$work/ka/notify.sh fault $k"
}
EOF
    ka_service "$k"
    ka_start "$k"
  done
}
ka_service() { sleep 100000 & other_pids+=($!); echo $! > "$work/ka/service-$1.pid"; }
ka_start() {
  local ns; [ "$1" = a ] && ns=$ns_a || ns=$ns_b
  # in its own session, so that one kill -9 reaches the parent and its VRRP child at the same instant
  setsid ip netns exec "$ns" keepalived -n -l -D -P -f "$work/ka/$1.conf" -p "$work/ka/$1.pid" -r "$work/ka/$1-vrrp.pid" \
    -c "$work/ka/$1-checkers.pid" >> "$work/ka/$1.log" 2>&1 &
  ka_pid[$1]=$!
}
ka_last_state() { awk -v k="$1" '$3 == k { s = $2 } END { print s }' "$work/ka/events"; }
ka_stable() { [ "$(ka_last_state a)" = master ] && [ "$(ka_last_state b)" = backup ]; }
ka_first_master_b() { tail -n +"$(( $1 + 1 ))" "$work/ka/events" | awk '$2 == "master" && $3 == "b" { print $1; exit }'; }

ka_round() { # ka_round FAULT -> "<us>"
  local fault=$1 before t0 got
  wait_for 60 ka_stable || { echo "keepalived not stable before a $fault round" >&2; return 1; }
  sleep 1.$(( RANDOM % 10 )) # a random phase against the 1 s advertisement and check timers
  before=$(wc -l < "$work/ka/events")
  t0=$(now_ns)
  case $fault in
    kill-keepalived) kill -9 -- "-${ka_pid[a]}" ;;
    kill-service) kill -9 "$(cat "$work/ka/service-a.pid")" ;;
  esac
  local ok=1
  wait_for 30 eval '[ -n "$(ka_first_master_b $before)" ]' || { echo "no BACKUP master after $fault" >&2; ok=0; }
  got=$(ka_first_master_b "$before")
  case $fault in
    kill-keepalived) # its orphaned VRRP child must be reaped first, else the new one finds it "already running"
      wait "${ka_pid[a]}" 2>/dev/null || true
      wait_for 30 eval '! kill -0 -- "-${ka_pid[a]}" 2>/dev/null' || true
      ka_start a ;;
    kill-service) ka_service a ;;
  esac
  [ $ok = 1 ] || return 1
  printf '%s\n' "$(( (got - t0) / 1000 ))"
}

# ---------------------------------------------------------------- the run
declare -A results=()
for fault in kill-hale kill-service unhealthy; do
  : > "$work/result-$fault"
  for r in $(seq "$rounds"); do
    hale_round "$fault" >> "$work/result-$fault"
    echo "hale $fault round $r: $(tail -n1 "$work/result-$fault")" >&2
  done
done
ka_ok=1 ka_failed=0
if ka_setup 2>"$work/ka-setup.err"; then
  wait_for 30 ka_stable || ka_ok=0
  for fault in kill-keepalived kill-service; do
    [ $ka_ok = 1 ] || break
    : > "$work/ka-result-$fault"
    for r in $(seq "$rounds"); do
      ka_round "$fault" >> "$work/ka-result-$fault" || { ka_failed=$((ka_failed + 1)); [ $ka_failed -lt 3 ] || { ka_ok=0; break; }; }
      echo "keepalived $fault round $r: $(tail -n1 "$work/ka-result-$fault")" >&2
    done
  done
else
  ka_ok=0
  cat "$work/ka-setup.err" >&2
fi

violations=$( [ -f "$work/violations" ] && wc -l < "$work/violations" || echo 0)
# stats FILE TARGET_MS -> "n median_ms p95_ms max_ms meets" (nearest-rank p95)
stats() {
  "$py" - "$1" "$2" <<'PY'
import math, statistics, sys
xs = sorted(int(l.split()[0]) / 1000 for l in open(sys.argv[1]) if l.strip())
target = float(sys.argv[2]) if sys.argv[2] != "-" else None
p95 = xs[math.ceil(0.95 * len(xs)) - 1]
med = statistics.median(xs)
meets = "-" if target is None else ("yes" if p95 <= target else f"no (p95 +{p95 - target:.0f} ms)" if med <= target else f"no (median +{med - target:.0f} ms)")
print(len(xs), f"{med:.0f}", f"{p95:.0f}", f"{xs[-1]:.0f}", meets)
PY
}
# breakdown FAULT -> medians of: fault -> the new leader's "campaigns" log line -> its "promotes" line -> promote command ran
breakdown() {
  "$py" - "$work" "$1" <<'PY'
import datetime, statistics, sys
work, fault = sys.argv[1:3]
def stamp(line):
    return datetime.datetime.strptime(line[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(tzinfo=datetime.timezone.utc).timestamp() * 1000
logs = {}
parts = ([], [], [])
for row in open(f"{work}/rounds-{fault}"):
    t0, got, node = row.split()
    t0, got = int(t0) / 1e6, int(got) / 1e6
    lines = logs.setdefault(node, [l for l in open(f"{work}/{node}/hale.log") if l[:4].isdigit() and "Group db: " + node in l])
    campaign = next((stamp(l) for l in lines if " campaigns: " in l and stamp(l) >= t0 - 1), None)
    promote = next((stamp(l) for l in lines if " promotes: " in l and campaign is not None and stamp(l) >= campaign), None)
    if campaign is None or promote is None:
        continue
    parts[0].append(campaign - t0); parts[1].append(promote - campaign); parts[2].append(got - promote)
if parts[0]:
    print(f"fault -> campaign {statistics.median(parts[0]):.0f} ms (min {min(parts[0]):.0f}, max {max(parts[0]):.0f}), "
          f"campaign -> promotes {statistics.median(parts[1]):.0f} ms, promotes -> promote command ran {statistics.median(parts[2]):.0f} ms "
          f"(medians over {len(parts[0])} rounds, log timestamps in ms)")
PY
}
leaders() { awk '{ c[$2]++ } END { for (k in c) printf "%s%s x%d", sep, k, c[k]; sep = ", " }' "$1"; }

table="| fault | n | median | p95 | max | target | meets? | new leader |
|---|---|---|---|---|---|---|---|"
row() { # row LABEL FILE TARGET_MS TARGET_TEXT LEADERS
  local n med p95 max meets
  read -r n med p95 max meets < <(stats "$2" "$3")
  table+=$'\n'"| $1 | $n | $med ms | $p95 ms | $max ms | $4 | $meets | $5 |"
}
row "Hale: leader's Hale SIGKILLed → new leader's promote ran" "$work/result-kill-hale" 2500 "≤ 2500 ms" "$(leaders "$work/result-kill-hale")"
row "Hale: leader's service SIGKILLed, Hale alive → next promote ran" "$work/result-kill-service" 300 "≤ 300 ms" "$(leaders "$work/result-kill-service")"
row "Hale: leader's \`healthy:\` check fails → new leader's promote ran" "$work/result-unhealthy" 300 "(≤ 300 ms)" "$(leaders "$work/result-unhealthy")"
if [ $ka_ok = 1 ]; then
  row "keepalived: MASTER kill -9 → BACKUP notify_master" "$work/ka-result-kill-keepalived" - "-" "BACKUP"
  row "keepalived: MASTER's tracked service killed → BACKUP notify_master" "$work/ka-result-kill-service" - "-" "BACKUP"
fi
details=""
for fault in kill-hale kill-service unhealthy; do details+="- $fault: $(breakdown $fault)"$'\n'; done
echo "$table"
printf '%s' "$details"
echo "two actives seen by the flock observer: $violations"

machine="$(nproc) cores, $(awk -F: '/model name/ {gsub(/^ /,"",$2); print $2; exit}' /proc/cpuinfo), load average $(cut -d' ' -f1-3 /proc/loadavg), .NET $(dotnet --version), etcd $(etcd --version | awk '/etcd Version/ {print $3}'), keepalived $(keepalived --version 2>&1 | awk 'NR==1 {print $2}')"
{
  echo
  echo "### Failover of a \`coordinator: etcd\` group ($label) beside keepalived, $(date -u +%Y-%m-%d) — $machine"
  echo "$rounds rounds per fault. etcd: 3 members on loopback, ${etcd_flags[*]} (etcd's defaults). Hale: 3 \`hale run\`,"
  echo "priorities 1..3, lease_ttl ${ttl}s, preempt after 1s, check_every 100ms, start limit lifted; promote appends \`date +%s%N\`; clock started just"
  echo "before the fault; each round ends with n1 active again. keepalived: 2 instances in 2 netns over a veth pair, advert_int 1,"
  echo "priorities 150/100, track_script interval 1 fall 1; kill -9 of parent and VRRP child; notify_master appends \`date +%s%N\`."
  echo
  echo "$table"
  echo
  echo "Where the time goes (the new leader's log):"
  printf '%s' "$details"
  echo
  echo "Two actives seen by the \`flock -n\` observer over the Hale rounds: $violations."
  [ $ka_failed = 0 ] || echo "keepalived rounds that failed (no stable MASTER/BACKUP, or no takeover within 30 s; not counted): $ka_failed."
  [ $ka_ok = 1 ] || echo "keepalived could not run here: $(head -c 300 "$work/ka-setup.err" | tr '\n' ' ')"
} >> bench/RESULTS.md
