#!/usr/bin/env python3
"""Health endpoint latency while a wrong-password storm runs (issue 8).

usage: auth_storm.py HEALTH_URL POST_URL USER CLIENTS SECONDS [--many-addresses]

Polls HEALTH_URL every 20 ms for SECONDS while CLIENTS threads POST wrong passwords for USER to POST_URL as fast as
they are answered (keep-alive; with --many-addresses each client binds its own 127.0.0.N source address, so the
per-client failure budget does not stop them). CLIENTS 0 measures idle. Prints one line of results.
"""
import http.client
import sys
import threading
import time
import base64
from urllib.parse import urlsplit


def connect(url, source=None):
    parts = urlsplit(url)
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=60,
                                      source_address=(source, 0) if source else None), parts.path


def main():
    health_url, post_url, user, clients, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
    many = "--many-addresses" in sys.argv
    stop = threading.Event()
    codes = {}
    lock = threading.Lock()

    def storm(i):
        source = f"127.0.0.{i + 2}" if many else None
        conn, path = connect(post_url, source)
        auth = "Basic " + base64.b64encode(f"{user}:wrong{i}".encode()).decode()
        while not stop.is_set():
            try:
                conn.request("POST", path, headers={"Authorization": auth})
                response = conn.getresponse()
                response.read()
                with lock:
                    codes[response.status] = codes.get(response.status, 0) + 1
            except (OSError, http.client.HTTPException):
                conn.close()
                conn, path = connect(post_url, source)

    threads = [threading.Thread(target=storm, args=(i,), daemon=True) for i in range(clients)]
    for t in threads:
        t.start()
    conn, path = connect(health_url)
    latencies = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        sent = time.monotonic()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        latencies.append((time.monotonic() - sent) * 1000)
        if response.status != 200:
            print(f"health answered {response.status}", file=sys.stderr)
        time.sleep(0.02)
    stop.set()
    for t in threads:
        t.join(timeout=70)
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))]
    answers = ", ".join(f"{k}: {v}" for k, v in sorted(codes.items())) or "none"
    print(f"health GETs {len(latencies)}: p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {latencies[-1]:.1f} ms; storm answers {answers}")


if __name__ == "__main__":
    main()
