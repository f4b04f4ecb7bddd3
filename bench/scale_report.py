#!/usr/bin/env python3
"""One row of bench/scale.sh's table, from its samples (stdin) and two Prometheus scrapes.

Usage: scale_report.py N WARM.prom END.prom STATUS.json WARM_AT_S WARMUP_S < samples
samples: one line per sample, "elapsed_s cpu_% rss_MB fds time_wait http_connections".
"""
import json
import re
import sys

LINE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)')


def series(path, name):
    out = {}
    for line in open(path):
        m = LINE.match(line)
        if m and m.group(1) == name:
            out[m.group(2) or ""] = float(m.group(3))
    return out


def quantiles(warm, end, qs):
    """Prometheus' histogram_quantile over the increase of the lag histogram between the two scrapes."""
    a = series(warm, "hale_check_schedule_lag_seconds_bucket")
    b = series(end, "hale_check_schedule_lag_seconds_bucket")
    buckets = []
    for labels, value in b.items():
        le = re.search(r'le="([^"]+)"', labels).group(1)
        buckets.append((float("inf") if le == "+Inf" else float(le), value - a.get(labels, 0)))
    buckets.sort()
    total = buckets[-1][1] if buckets else 0
    out = []
    for q in qs:
        rank, prev_le, prev_count, found = q * total, 0.0, 0.0, None
        for le, count in buckets:
            if count >= rank:
                found = prev_le if le == float("inf") else prev_le + (le - prev_le) * (rank - prev_count) / max(count - prev_count, 1e-9)
                break
            prev_le, prev_count = le, count
        out.append(found if found is not None else float("nan"))
    return total, out


def runs(path):
    return sum(series(path, "hale_probe_duration_seconds_count").values())


def main():
    n, warm, end, status = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    warm_at, warmup = float(sys.argv[5]), float(sys.argv[6])
    samples = [line.split() for line in sys.stdin.read().strip().splitlines()]
    total, (p50, p99) = quantiles(warm, end, [0.5, 0.99])
    last = float(samples[-1][0])
    span = last - warm_at
    rate = (runs(end) - runs(warm)) / span if span > 0 else 0.0
    doc = json.load(open(status))
    not_ok = sum(1 for c in doc.get("checks", []) if c.get("status") != "ok")
    steady = [s for s in samples if float(s[0]) > warmup] or samples
    cpu = [float(s[1]) for s in steady]
    rss = [float(s[2]) for s in samples]
    fds = [int(s[3]) for s in steady]
    tw = [int(s[4]) for s in samples]
    conns = [int(s[5]) for s in steady]
    print(f"| {n:,} | {sum(cpu) / len(cpu):.1f} % (max {max(cpu):.1f}) | {rss[-1]:.1f} MB (max {max(rss):.1f}) | {min(fds)}..{max(fds)} | {min(conns)}..{max(conns)} | "
          f"{p50 * 1000:.1f} ms | {p99 * 1000:.1f} ms ({total:,.0f} runs) | {rate:,.0f}/s ({rate / n:.2f} per check) | {not_ok} | {max(tw)} | {last:.0f} s |")


if __name__ == "__main__":
    main()
