#!/usr/bin/env bash
# Hale's whole test suite: installs what the tests need when it is missing, builds (warnings are errors),
# runs every test project, and ends with one line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use: htpasswd (apache2-utils) for real htpasswd files, wrk for the benchmark script,
# a real HAProxy and supervisord for Hale.HAProxy's integration tests, a real etcd (3.4, /usr/bin) for Hale.Etcd's;
# nft (nftables) and ip (iproute2) cut a failover group's leader off etcd in a network namespace;
# dash and curl run the restart script `hale autoheal script` writes (it must work under dash as well as bash);
# promtool and prometheus (Debian's prometheus, 2.42) check and scrape Hale's GET /metrics;
# chromium (driven headless by Playwright, never downloaded) shows the dashboard in Hale.Dashboard.Tests.
declare -A wanted=([chromium]=chromium [htpasswd]=apache2-utils [dash]=dash [curl]=curl [setsid]=util-linux [ps]=procps [haproxy]=haproxy [supervisord]=supervisor [supervisorctl]=supervisor [etcd]=etcd-server [etcdctl]=etcd-client [nft]=nftables [ip]=iproute2 [promtool]=prometheus)
missing=()
for tool in "${!wanted[@]}"; do
  # haproxy lives in /usr/sbin, which is not on every user's PATH.
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || missing+=("${wanted[$tool]}")
done
[ -x /usr/bin/python3 ] || missing+=(python3)   # helper servers and children in the process tests
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  # Packages must not start their services on the test machine (they would take default ports).
  if [ ! -x /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $sudo tee /usr/sbin/policy-rc.d >/dev/null
    $sudo chmod +x /usr/sbin/policy-rc.d
  fi
  echo "Installing ${missing[*]}"
  $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build Hale.slnx -c Release -nologo -clp:ErrorsOnly

# The NativeAOT hale, the binary operators install, is tested too (tests/Hale.Cli.Tests/NativeAot): published here, before
# the tests, so that its two or three minutes of compiling do not load the machine under the timed tests.
# HALE_AOT_BINARY=artifacts/hale reuses a published one; HALE_AOT_TESTS=0 skips them (reported as skipped).
export HALE_AOT_TESTS=${HALE_AOT_TESTS:-1}
if [ "$HALE_AOT_TESTS" = 1 ] && [ -z "${HALE_AOT_BINARY:-}" ]; then
  echo "Publishing the NativeAOT hale for its tests (scripts/publish.sh)"
  ./scripts/publish.sh artifacts/test/hale
  export HALE_AOT_BINARY=artifacts/test/hale
fi

log=$(mktemp)
sid_file=$(mktemp)
trap 'rm -f "$log" "$sid_file"' EXIT
status=0

# The suite's temporary files, and so the state directories of the Hales it starts (their children's HALE_OWNER marker),
# live in a folder of its own: a process marked with it is the suite's, whatever else runs on the machine.
suite_tmp=$(mktemp -d)
trap 'rm -f "$log" "$sid_file"; rm -rf "$suite_tmp"' EXIT
export TMPDIR="$suite_tmp"
marked() {
  # Marked by a Hale the suite started, or naming the suite's folder on its command line (a daemon a test started
  # through a start command: no marker, a session of its own).
  local pid
  for pid in $( { grep -lsz "^HALE_OWNER=$suite_tmp" /proc/[0-9]*/environ 2>/dev/null; grep -lsF "$suite_tmp" /proc/[0-9]*/cmdline 2>/dev/null; } \
      | cut -d/ -f3 | sort -u); do
    # Not the grep that read its own command line, nor anything gone since.
    [ -e "/proc/$pid" ] && [ "$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | cut -c1-5)" != "grep " ] && echo "$pid"
  done | sort || true
}
marked_before=$(marked)

# The suite runs in a session of its own, so that whatever it leaves behind can be found afterwards (MSBuild's node
# reuse would leave build nodes there by design: it is turned off for this run).
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
setsid -w bash -c 'echo $$ > "$1"; exec dotnet test Hale.slnx -c Release --no-build -nologo' _ "$sid_file" 2>&1 | tee "$log" || status=$?

passed=$(grep -Eo 'Passed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
failed=$(grep -Eo 'Failed: +[0-9]+' "$log" | awk '{s+=$2} END {print s+0}')
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1   # a test host crashed or a project did not run: count it, never report green
fi

# No process left behind: nothing still in the suite's session, nothing newly marked by a Hale the tests started.
sid=$(cat "$sid_file")
leftovers() {
  { ps -e -o pid=,sid= | awk -v s="$sid" '$2 == s { print $1 }'; comm -13 <(echo "$marked_before") <(marked); } | sort -nu
}
for _ in 1 2 3 4 5 6 7 8 9 10; do [ -z "$(leftovers)" ] && break; sleep 0.5; done
left=$(leftovers)
if [ -n "$left" ]; then
  echo "The suite left processes behind:"
  for pid in $left; do
    owner=$(tr '\0' '\n' < "/proc/$pid/environ" 2>/dev/null | grep '^HALE_OWNER=' || true)
    echo "  $pid $(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) ${owner:-(in the session of the suite)}"
    kill -9 "$pid" 2>/dev/null || true
  done
  failed=$((failed + 1))
  status=1
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
