#!/usr/bin/env bash
# Health endpoint p99 of `hale run` idle and during a wrong-password storm (20 clients, 10 s, bcrypt cost 10) against an
# htpasswd-protected oneshot: with the default auth_limits (clients from 20 addresses), and with both failure budgets
# lifted (only the verifier pool protects the endpoint). Target: p99 < 1 s (the bound AuthStormTests asserts).
# HALE=path/to/hale.dll LABEL=... NO_AUTH_LIMITS=1 measures another build (e.g. main before issue 8). Appends to bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
if [ -z "${HALE:-}" ]; then
  dotnet build src/Hale.Cli -c Release -nologo -clp:ErrorsOnly -o bench/out/hale >/dev/null
  HALE=bench/out/hale/hale.dll
fi
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$work"; }
trap cleanup EXIT
htpasswd -cbB -C 10 "$work/users" operator 's3cret' 2>/dev/null

run() { # $1: extra top-level YAML; prints the result of auth_storm.py "${@:2}"
  cat > "$work/hale.yaml" <<YAML
http: { listen: 127.0.0.1:18090 }
state_dir: $work/state
$1
checks:
  health: { background: { check: { command: "true" }, every: 1s } }
  failback: { oneshot: { auth: { htpasswd: $work/users } }, on_post: failback }
YAML
  dotnet "$HALE" run -c "$work/hale.yaml" --log-level error & pid=$!
  for _ in $(seq 100); do curl -fs http://127.0.0.1:18090/health >/dev/null && break; sleep 0.1; done
  python3 bench/auth_storm.py http://127.0.0.1:18090/health http://127.0.0.1:18090/failback operator 4 2 >/dev/null  # warm-up
  python3 bench/auth_storm.py http://127.0.0.1:18090/health http://127.0.0.1:18090/failback operator "${@:2}"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
}

idle=$(run "" 0 10)
storm_defaults=$(run "" 20 10 --many-addresses)
# NO_AUTH_LIMITS=1: a build without the auth_limits section (main before issue 8)
storm_pool_only=$([ -n "${NO_AUTH_LIMITS:-}" ] && echo "(no auth_limits in this build)" || run "auth_limits: { failures_per_client: 1000000, failures_total: 1000000 }" 20 10)
printf 'idle:                    %s\nstorm, default limits:   %s\nstorm, budgets lifted:   %s\n' "$idle" "$storm_defaults" "$storm_pool_only"
{
  echo
  echo "### Health p99 during a wrong-password storm, $(date -u +%Y-%m-%d) — $(nproc) cores, $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), .NET $(dotnet --version), ${LABEL:-this branch}"
  echo "GET /health (background check) every 20 ms for 10 s; storm: 20 clients POSTing wrong passwords to an htpasswd oneshot (bcrypt cost 10) back to back. Target: p99 < 1 s."
  echo
  echo '```'
  echo "idle:                    $idle"
  echo "storm, default limits:   $storm_defaults   (20 source addresses)"
  echo "storm, budgets lifted:   $storm_pool_only   (verifier pool only)"
  echo '```'
} >> bench/RESULTS.md
