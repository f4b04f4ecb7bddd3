#!/usr/bin/env bash
# The idle benchmark's configuration (issue 12's "20 checks and 5 services"), for bench/aot.sh and bench/idle-rss.sh:
# 5 services that sleep, 10 background TCP checks of Hale's own port every 2 s, 5 background command checks every 5 s,
# 5 service checks. Usage: bench/idle-config.sh PORT STATE_DIR > hale.yaml
set -euo pipefail
port=$1 state=$2
echo "http: { listen: \"127.0.0.1:$port\" }"
echo "state_dir: $state"
echo "services:"
for i in 1 2 3 4 5; do echo "  s$i: { run: \"exec sleep 3000\" }"; done
echo "checks:"
for i in $(seq 1 10); do echo "  tcp$i: { background: { every: 2s, check: { tcp: { host: 127.0.0.1, port: $port, timeout: 1s } } } }"; done
for i in $(seq 1 5); do echo "  cmd$i: { background: { every: 5s, check: { command: \"true\" } } }"; done
for i in $(seq 1 5); do echo "  svc$i: { service: s$i }"; done
