#!/usr/bin/env python3
"""Benchmark harness: the service against the hand-made path, on the same rows, in one run.

    infra/local/up.sh && infra/bench/run.sh [--rows N] [--scale] [--concurrent]

The hand-made baseline is what a user would do without the service:
    psql -c "\\copy (SELECT ... ORDER BY "timestamp", id) TO STDOUT WITH (FORMAT csv, HEADER)" | gzip -6 > f
followed by one PUT of f to the same object store. For JSON Lines the query is
row_to_json(...) instead. The service exports the same rows (all of public.logs) through the API,
timed from the POST to `completed`. Prints a table: rows/s, MB/s (of the output), ratio to the
baseline, the peak RSS of each worker, and the workers' per-stage time (database read, encode,
compress, upload) from their metrics.

Before the timed runs, one untimed warm-up export of 200k rows per format (not with --cold).

--scale      also 1, 2 and 3 workers on one CSV+gzip export (restarts the workers with up.sh)
--concurrent also 20 concurrent exports of ~100k rows, with API latency p50/p99 at 200 req/s
Environment: EXPORTER_ADMIN_TOKEN, EXPORTER_RUN_DIR, PGHOST/PGUSER/PGDATABASE (127.0.0.1,
postgres, exporter), GZIP_LEVEL (6), S3 settings as up.sh (EXPORTER_STORAGE_*).
"""

import argparse
import http.client
import json
import os
import re
import statistics
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
RUN_DIR = os.environ.get("EXPORTER_RUN_DIR", os.path.join(REPO, ".run"))
API = os.environ.get("EXPORTER_API", "http://127.0.0.1:8080/api/v1/export")
TOKEN = os.environ.get("EXPORTER_ADMIN_TOKEN", "dev-admin-token-change-me")
S3 = os.environ.get("EXPORTER_STORAGE_ENDPOINT", "http://127.0.0.1:9000")
S3_KEY = os.environ.get("EXPORTER_STORAGE_ACCESS_KEY", "minioadmin")
S3_SECRET = os.environ.get("EXPORTER_STORAGE_SECRET_KEY", "minioadmin")
BUCKET = os.environ.get("EXPORTER_STORAGE_BUCKET", "exports")
GZIP_LEVEL = os.environ.get("GZIP_LEVEL", "6")
PSQL = [
    "psql", "-X", "-q", "-At",
    "-h", os.environ.get("PGHOST", "127.0.0.1"),
    "-U", os.environ.get("PGUSER", "postgres"),
    "-d", os.environ.get("PGDATABASE", "exporter"),
]
COLUMNS = 'id, "timestamp", host, process, pid, level, message, source_ip, metadata'
ORDER = 'ORDER BY "timestamp", id'
WORK = os.path.join(RUN_DIR, "bench")


def log(msg):
    print(f"[bench] {msg}", flush=True)


def sql(query):
    return subprocess.run(PSQL + ["-c", query], check=True, capture_output=True, text=True).stdout.strip()


def api(method, path, body=None):
    req = urllib.request.Request(
        API + path,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def seed(rows):
    have = int(sql("SELECT count(*) FROM public.logs"))
    if have == rows:
        log(f"public.logs holds {rows} rows")
        return
    log(f"public.logs holds {have} rows; re-seeding it with {rows} (database {PSQL[-1]})")
    sql("TRUNCATE public.logs RESTART IDENTITY CASCADE")
    subprocess.run(
        PSQL + ["-v", f"logs={rows}", "-v", "anomalies=0", "-v", "ips=0",
                "-f", os.path.join(REPO, "infra", "db", "seed-demo.sql")],
        check=True, capture_output=True, text=True)
    sql("VACUUM ANALYZE public.logs")


# ------------------------------------------------------------------------------------ workers
def worker_pids():
    pids = {}
    if not os.path.isdir(RUN_DIR):
        return pids
    for name in sorted(os.listdir(RUN_DIR)):
        m = re.fullmatch(r"(worker-\d+)\.pid", name)
        if m:
            with open(os.path.join(RUN_DIR, name)) as f:
                pids[m.group(1)] = int(f.read().strip())
    return pids


def rss_kib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class RssSampler(threading.Thread):
    """Peak RSS of each worker, sampled every 100 ms while a run lasts."""

    def __init__(self):
        super().__init__(daemon=True)
        self.pids = worker_pids()
        self.peak = {name: 0 for name in self.pids}
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            for name, pid in self.pids.items():
                self.peak[name] = max(self.peak[name], rss_kib(pid))
            time.sleep(0.1)

    def result(self):
        self.stop.set()
        self.join()
        return {name: kib // 1024 for name, kib in self.peak.items()}


def worker_stage_seconds():
    """Sum over the workers of exporter_shard_stage_seconds_total, by stage."""
    totals = {}
    for name in worker_pids():
        port = 8080 + int(name.split("-")[1])
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/actuator/prometheus", timeout=5) as r:
                text = r.read().decode()
        except OSError:
            continue
        for m in re.finditer(r'^exporter_shard_stage_seconds_total\{[^}]*stage="(\w+)"[^}]*\}\s+(\S+)$', text, re.M):
            totals[m.group(1)] = totals.get(m.group(1), 0.0) + float(m.group(2))
    return totals


# ------------------------------------------------------------------------------------- runs
def baseline(kind, compress):
    """The hand-made path: psql \\copy (| gzip) > file, then one PUT. Returns (seconds, bytes)."""
    os.makedirs(WORK, exist_ok=True)
    if kind == "csv":
        copy = f"\\copy (SELECT {COLUMNS} FROM public.logs {ORDER}) TO STDOUT WITH (FORMAT csv, HEADER)"
    else:
        copy = f"\\copy (SELECT row_to_json(t) FROM (SELECT {COLUMNS} FROM public.logs {ORDER}) t) TO STDOUT"
    out = os.path.join(WORK, f"baseline.{kind}" + (".gz" if compress else ""))
    put = [
        "curl", "-fsS", "--aws-sigv4", "aws:amz:us-east-1:s3", "-u", f"{S3_KEY}:{S3_SECRET}",
        "-H", "x-amz-content-sha256: UNSIGNED-PAYLOAD",
        "-T", out, f"{S3}/{BUCKET}/bench/{os.path.basename(out)}",
    ]
    started = time.monotonic()
    with open(out, "wb") as sink:
        dump = subprocess.Popen(PSQL + ["-c", copy], stdout=subprocess.PIPE if compress else sink)
        if compress:
            gzip = subprocess.Popen(["gzip", f"-{GZIP_LEVEL}"], stdin=dump.stdout, stdout=sink)
            dump.stdout.close()
            if gzip.wait() != 0:
                raise SystemExit("gzip failed")
        if dump.wait() != 0:
            raise SystemExit("psql failed")
    dumped = time.monotonic()
    subprocess.run(put, check=True, stdout=subprocess.DEVNULL)
    done = time.monotonic()
    size = os.path.getsize(out)
    os.remove(out)
    return {"seconds": done - started, "upload_seconds": done - dumped, "bytes": size}


def await_end(export_id, poll):
    """Waits for the export to end: on its server-sent events (no polling load on the gateway),
    falling back to polling the status."""
    req = urllib.request.Request(
        f"{API}/{export_id}/events",
        headers={"Authorization": f"Bearer {TOKEN}", "Accept": "text/event-stream"},
    )
    try:
        with urllib.request.urlopen(req, timeout=3600) as stream:
            for raw in stream:
                line = raw.decode("utf-8", "replace").strip()
                if line.startswith("data:"):
                    state = json.loads(line[5:]).get("status")
                    if state in ("completed", "failed", "cancelled"):
                        break
    except (urllib.error.URLError, OSError, ValueError):
        pass
    while True:
        status = api("GET", f"/{export_id}/status")
        if status["status"] in ("completed", "failed", "cancelled"):
            return status
        time.sleep(poll)


def service(fmt, compress, request_extra=None, poll=0.25):
    """One export of all logs through the API, POST to completed. Returns its figures."""
    body = {"data_types": ["logs"], "output_format": fmt, "compression": compress, "batch_size": 5000}
    body.update(request_extra or {})
    stages_before = worker_stage_seconds()
    rss = RssSampler()
    rss.start()
    started = time.monotonic()
    export_id = api("POST", "/", body)["export_id"]
    status = await_end(export_id, poll)
    done = time.monotonic()
    peak = rss.result()
    if status["status"] != "completed":
        raise SystemExit(f"export {export_id} ended {status['status']}: {status.get('error_message')}")
    progress = api("GET", f"/{export_id}/progress")
    stages_after = worker_stage_seconds()
    stages = {k: stages_after.get(k, 0.0) - stages_before.get(k, 0.0) for k in stages_after}
    shard_ends = [s["completed_at"] for s in progress["shards"] if s.get("completed_at")]
    return {
        "export_id": export_id,
        "seconds": done - started,
        "records": progress["records_exported"],
        "bytes": status.get("total_size") or 0,
        "shards": len(progress["shards"]),
        "rss": peak,
        "stages": stages,
        "workers": sorted({s.get("worker_id") for s in progress["shards"]}),
        "last_shard_done": max(shard_ends) if shard_ends else None,
        "completed_at": status.get("completed_at"),
    }


def warm_up(rows=200_000):
    """Exports the oldest ~rows rows as CSV+gzip and as JSON Lines+gzip, untimed: a long-running
    service is measured with its JIT warm, as benchmarks measure after warm-up iterations."""
    end = sql("SELECT to_char(\"timestamp\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') "
              f"FROM public.logs ORDER BY \"timestamp\", id OFFSET {rows} LIMIT 1")
    extra = {"end_date": end} if end else {}
    started = time.monotonic()
    for fmt in ("csv", "jsonl"):
        service(fmt, True, extra)
    log(f"warm-up: {rows:,} rows as csv+gzip and jsonl+gzip in {time.monotonic() - started:.1f}s (untimed)")


# ---------------------------------------------------------------------------------- reports
def table(rows):
    head = ["run", "rows/s", "MB/s", "ratio", "seconds", "output MB", "peak RSS (MiB)", "stages (s): read / encode / compress / upload"]
    lines = [head] + rows
    widths = [max(len(str(r[i])) for r in lines) for i in range(len(head))]
    for i, r in enumerate(lines):
        print("  ".join(str(c).ljust(widths[j]) for j, c in enumerate(r)))
        if i == 0:
            print("  ".join("-" * w for w in widths))


def row(name, records, result, base=None):
    rate = records / result["seconds"]
    mb = result["bytes"] / 1e6
    ratio = f"{rate / (records / base['seconds']):.2f}x" if base else "1.00x"
    rss = ", ".join(f"{k}: {v}" for k, v in sorted(result.get("rss", {}).items())) or "-"
    st = result.get("stages")
    stages = " / ".join(f"{st.get(k, 0):.1f}" for k in ("read", "encode", "compress", "upload")) if st else "-"
    return [name, f"{rate:,.0f}", f"{mb / result['seconds']:.1f}", ratio, f"{result['seconds']:.2f}", f"{mb:.1f}", rss, stages]


def restart_workers(n):
    env = dict(os.environ, WORKERS=str(n))
    subprocess.run([os.path.join(REPO, "infra", "local", "down.sh")], check=True, env=env, capture_output=True)
    subprocess.run([os.path.join(REPO, "infra", "local", "up.sh")], check=True, env=env, capture_output=True)


def concurrent(n_exports=20, per_export=100_000, rps=200):
    """n exports of ~per_export rows each (disjoint time slices), all at once, with API load."""
    total = int(sql("SELECT count(*) FROM public.logs"))
    # n windows of per_export rows each, spread evenly (overlapping when the table is small)
    width = min(1.0, per_export / total)
    starts = [k * (1.0 - width) / max(1, n_exports - 1) for k in range(n_exports)]
    quantiles = sorted({round(q, 6) for q in starts + [min(1.0, q + width) for q in starts]})
    iso = "to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')"
    qs = ",".join(map(str, quantiles))
    # one sort for all quantiles: percentile_disc over an array of fractions
    rows = sql(
        f"SELECT string_agg({iso}, ',' ORDER BY n) FROM unnest(("
        f"SELECT percentile_disc(ARRAY[{qs}]::float8[]) WITHIN GROUP (ORDER BY \"timestamp\") "
        f"FROM public.logs)) WITH ORDINALITY AS x(t, n)"
    )
    at = dict(zip(quantiles, rows.split(",")))
    windows = []
    for q in starts:
        end = min(1.0, q + width)
        # the last window runs open-ended, so it has the table's newest rows too
        windows.append((at[round(q, 6)], None if end >= 1.0 else at[round(end, 6)]))
    latencies = []
    errors = [0]
    stop = threading.Event()
    ids = []

    base = urllib.parse.urlsplit(API)
    headers = {"Authorization": f"Bearer {TOKEN}"}

    def load():
        # one kept-alive connection per thread, as a browser or an API client holds one
        conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
        interval = threads / rps
        nxt = time.monotonic()
        i = 0
        while not stop.is_set():
            path = "/?limit=10" if i % 2 == 0 or not ids else f"/{ids[i % len(ids)]}/progress"
            t0 = time.monotonic()
            try:
                conn.request("GET", base.path + path, headers=headers)
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    raise OSError(f"HTTP {r.status}")
                latencies.append(time.monotonic() - t0)
            except (http.client.HTTPException, OSError):
                errors[0] += 1
                conn.close()
                conn = http.client.HTTPConnection(base.hostname, base.port, timeout=30)
            i += 1
            nxt += interval
            time.sleep(max(0.0, nxt - time.monotonic()))

    threads = 8
    loaders = [threading.Thread(target=load, daemon=True) for _ in range(threads)]
    for t in loaders:
        t.start()
    time.sleep(2)
    started = time.monotonic()
    for start, end in windows:
        body = {"data_types": ["logs"], "output_format": "csv", "compression": True, "start_date": start}
        if end:
            body["end_date"] = end
        ids.append(api("POST", "/", body)["export_id"])
    finished = {}
    while len(finished) < len(ids):
        for i in ids:
            if i not in finished:
                s = api("GET", f"/{i}/status")
                if s["status"] in ("completed", "failed", "cancelled"):
                    finished[i] = s["status"]
        time.sleep(0.2)
    elapsed = time.monotonic() - started
    stop.set()
    for t in loaders:
        t.join()
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
    return {
        "exports": len(ids),
        "completed": sum(1 for s in finished.values() if s == "completed"),
        "failed": sum(1 for s in finished.values() if s != "completed"),
        "seconds": elapsed,
        "requests": len(lat),
        "achieved_rps": len(lat) / (elapsed + 2),
        "errors": errors[0],
        "p50_ms": p(0.50),
        "p99_ms": p(0.99),
        "mean_ms": statistics.mean(lat) * 1000 if lat else float("nan"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--scale", action="store_true")
    parser.add_argument("--concurrent", action="store_true")
    parser.add_argument("--only", choices=["csv", "jsonl", "plain", "none"], action="append")
    parser.add_argument(
        "--cold", action="store_true",
        help="no warm-up export before the timed ones (nor after each restart of --scale)")
    parser.add_argument(
        "--memory", action="store_true",
        help="also fresh workers on 1M and on 10M rows: peak RSS and time, each against 1M")
    args = parser.parse_args()
    only = set(args.only or ["csv", "jsonl", "plain"])

    seed(args.rows)
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    log(f"{args.rows:,} rows, {cpu} cores, gzip level {GZIP_LEVEL}, workers {', '.join(worker_pids()) or 'none found'}")
    rows = []
    if not args.cold and only != {"none"}:
        warm_up()
    # (option, format, gzip, baseline's label)
    comparisons = [
        ("csv", "csv", True, "psql \\copy csv | gzip + PUT"),
        ("jsonl", "jsonl", True, "psql row_to_json | gzip + PUT"),
        ("plain", "csv", False, "psql \\copy csv + PUT"),
    ]
    for option, fmt, compress, label in comparisons:
        if option not in only:
            continue
        name = f"{fmt}+gzip" if compress else fmt
        base = baseline(fmt, compress)
        log(f"baseline {name}: {base['seconds']:.2f}s ({base['upload_seconds']:.2f}s of it the PUT)")
        svc = service(fmt, compress)
        log(f"service {name}: {svc['seconds']:.2f}s, {svc['shards']} shards on {svc['workers']}")
        rows += [row(label, args.rows, base), row(f"service {name}", svc["records"], svc, base)]
    print()
    table(rows)

    if args.scale:
        print()
        scale_rows = []
        base = baseline("csv", True)
        scale_rows.append(row("psql \\copy csv | gzip + PUT", args.rows, base))
        for n in (1, 2, 3):
            log(f"restarting with {n} worker(s)")
            restart_workers(n)
            if not args.cold:
                warm_up()
            svc = service("csv", True)
            scale_rows.append(row(f"service csv+gzip, {n} worker(s)", svc["records"], svc, base))
        restart_workers(2)
        table(scale_rows)

    if args.memory:
        print()
        figures = {}
        have = int(sql("SELECT count(*) FROM public.logs"))
        # the size the table already holds first: seeding 10M rows takes minutes
        for n in sorted((1_000_000, 10_000_000), key=lambda n: n != have):
            seed(n)
            log(f"restarting the workers for a clean peak RSS at {n:,} rows")
            restart_workers(2)
            svc = service("csv", True)
            figures[n] = (svc["seconds"], max(svc["rss"].values()))
            log(f"{n:,} rows: {svc['seconds']:.1f}s, peak worker RSS {figures[n][1]} MiB")
        (t1, m1), (t10, m10) = figures[1_000_000], figures[10_000_000]
        print(f"memory: peak worker RSS {m1} MiB at 1M, {m10} MiB at 10M ({m10 / m1:.2f}x, target <= 1.15x); "
              f"time {t1:.1f}s at 1M, {t10:.1f}s at 10M ({t10 / t1:.1f}x, target <= 11x)")

    if args.concurrent:
        print()
        c = concurrent()
        print(f"concurrent: {c['exports']} exports, {c['completed']} completed, {c['failed']} not, "
              f"in {c['seconds']:.1f}s; API under load: {c['requests']} requests "
              f"({c['achieved_rps']:.0f}/s), {c['errors']} errors, p50 {c['p50_ms']:.1f} ms, "
              f"p99 {c['p99_ms']:.1f} ms, mean {c['mean_ms']:.1f} ms")


if __name__ == "__main__":
    main()
