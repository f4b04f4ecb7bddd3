#!/usr/bin/env python3
"""Respawn latency of a `hale run` process (any build: NativeAOT binary, apphost, or `dotnet hale.dll`).

kill -9 an owned child N times (backoff initial 0, start window 0) and measure, per kill, the time to the new child's
exec (it writes `PID NANOSECONDS` first thing) and to its `service:` check answering 200 again (polled over HTTP).
Usage: respawn_run.py N HALE [ARGS...]   e.g. respawn_run.py 50 artifacts/hale   or   respawn_run.py 50 dotnet hale.dll
Prints two lines like bench/Respawn (the in-process library measurement).
"""
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

kills = int(sys.argv[1])
hale = sys.argv[2:]
port = 18095
work = tempfile.mkdtemp(prefix="hale-respawn-run-")
stamp = os.path.join(work, "exec")
config = os.path.join(work, "hale.yaml")
with open(config, "w") as f:
    f.write(f"""http: {{ listen: "127.0.0.1:{port}" }}
state_dir: {work}/state
services:
  victim:
    run: "echo $$ $(date +%s%N) > {stamp}.tmp && mv {stamp}.tmp {stamp}; exec sleep 3000"
    restart: {{ backoff: {{ initial: 0 }}, start_window: 0, limit: {{ starts: 100000, within: 1s }} }}
checks:
  victim: {{ service: victim }}
""")


def status():
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/victim", timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return 0


def read_stamp():
    try:
        with open(stamp) as f:
            pid, ns = f.read().split()
            return int(pid), int(ns)
    except (OSError, ValueError):
        return None


def wait(condition, what, limit=30):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.0002)
    raise SystemExit(f"timed out waiting for {what}")


def percentile(values, p):
    s = sorted(values)
    return s[min(max(-(-p * len(s) // 100) - 1, 0), len(s) - 1)]


daemon = subprocess.Popen(hale + ["run", "-c", config, "--log-level", "warning"], stderr=open(os.path.join(work, "hale.log"), "w"))
try:
    wait(lambda: status() == 200, "the first Ready")
    to_exec, to_ready = [], []
    for _ in range(kills):
        pid, _ = wait(read_stamp, "the child's stamp")
        os.remove(stamp)
        killed = time.time_ns()
        os.kill(pid, signal.SIGKILL)
        new_pid, exec_ns = wait(read_stamp, "the new child's exec")
        wait(lambda: status() == 200, "Ready again")
        ready_ns = time.time_ns()
        to_exec.append((exec_ns - killed) / 1e6)
        to_ready.append((ready_ns - killed) / 1e6)
        time.sleep(0.05)
finally:
    daemon.send_signal(signal.SIGTERM)
    daemon.wait(30)

name = os.path.basename(hale[-1])
print(f"kills {kills}; kill -> new child's exec: median {percentile(to_exec, 50):.1f} ms, p95 {percentile(to_exec, 95):.1f} ms")
print(f"kills {kills}; kill -> Ready (GET /victim 200): median {percentile(to_ready, 50):.1f} ms, p95 {percentile(to_ready, 95):.1f} ms")
