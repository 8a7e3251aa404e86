"""Signed events per second through POST /v1/events, against a bare Flask route on the same gunicorn.

    python benchmarks/intake.py [--events 3000] [--clients 32]

Both servers run under `sidecar.serve.run` with the same settings (gthread, 2 workers × 4 threads) on this
machine, one after the other, each driven by the same client threads over keep-alive connections. 32
clients stand for a busy store's PHP-FPM workers ringing at once; with few clients the figure measures
round-trip latency more than throughput (8 clients gave about 0.6 on the development machine). The
bare route reads its body and answers a small JSON object; ours verifies the signature, validates the
envelope, and applies the event at most once in a database transaction, marking the outbox row the
extension wrote before it rang (written here beforehand, as the extension would) (a generated store of 2,000 orders
on the server sidecar.devdb finds; the database is dropped afterwards). Goal: ratio ≥ 0.7.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sidecar import signing  # noqa: E402
from sidecar.db import Database  # noqa: E402
from sidecar.demo_data import generate  # noqa: E402
from sidecar.devdb import ensure_server, free_port  # noqa: E402
from sidecar.migrate import migrate  # noqa: E402

SECRET = secrets.token_hex(32)
WARM_UP = 200  # events sent first and not timed
BARE_APP = """
import sys
from flask import Flask, request
from sidecar.serve import run
app = Flask("bare")
@app.post("/v1/events")
def events():
    return {"status": "ok", "n": len(request.get_data())}
run(app, bind=sys.argv[1])
"""


def start(args: list[str], port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            requests.get(f"http://127.0.0.1:{port}/livez", timeout=1)
            return process
        except requests.RequestException:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("server did not start")


def bodies(count: int, orders: int) -> list[bytes]:
    return [
        json.dumps({"id": str(uuid.uuid4()), "type": "order.status_changed", "store_id": 0,
                    "created_at": "2026-11-26T12:00:00Z",
                    "data": {"order_id": 1 + i % orders, "order_status_id": 5}}).encode()
        for i in range(count)
    ]


def drive(port: int, payloads: list[bytes], clients: int) -> tuple[float, list[float]]:
    """Send every payload, signed, from `clients` threads; (events/s, latencies in ms)."""
    url = f"http://127.0.0.1:{port}/v1/events"
    sessions = [requests.Session() for _ in range(clients)]

    def send(i: int) -> float:
        body = payloads[i]
        headers = signing.headers(SECRET, "POST", "/v1/events", body)
        headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        answer = sessions[i % clients].post(url, data=body, headers=headers, timeout=10)
        elapsed = (time.perf_counter() - started) * 1000
        if answer.status_code != 200:
            raise SystemExit(f"unexpected answer {answer.status_code}: {answer.text[:200]}")
        return elapsed

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(send, range(WARM_UP)))  # connections, imports, caches
        started = time.perf_counter()
        latencies = list(pool.map(send, range(WARM_UP, len(payloads))))
        wall = time.perf_counter() - started
    return (len(payloads) - WARM_UP) / wall, latencies


def p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[98]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=32)
    opts = parser.parse_args()

    server, private = ensure_server(os.environ)
    name = f"rebound_bench_{secrets.token_hex(4)}"
    admin = Database(server).connect(database=False)
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    url = dataclasses.replace(server, database=name)
    try:
        db = Database(url)
        generate(db, orders=2000, seed=1, progress=False)
        migrate(db)
        env = {**os.environ, "REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{name}",
               "REBOUND_SECRET": SECRET}

        port = free_port()
        bare = start([sys.executable, "-c", BARE_APP, f"127.0.0.1:{port}"], port, env)
        try:
            bare_rate, bare_lat = drive(port, bodies(WARM_UP + opts.events, 2000), opts.clients)
        finally:
            bare.terminate()
            bare.wait()

        # As in a store: the extension writes each event to the outbox before it rings the sidecar.
        ours_bodies = bodies(WARM_UP + opts.events, 2000)
        with db.transaction() as tx:
            for body in ours_bodies:
                doc = json.loads(body)
                tx.execute("INSERT INTO `{p}rebound_event` (event_uuid, type, store_id, payload, status, created_at) "
                           "VALUES (%s, %s, 0, %s, 'pending', UTC_TIMESTAMP(6))", (doc["id"], doc["type"], body))
        port = free_port()
        ours = start([sys.executable, "-m", "sidecar.cli", "serve", "--bind", f"127.0.0.1:{port}"], port, env)
        try:
            rate, lat = drive(port, ours_bodies, opts.clients)
        finally:
            ours.terminate()
            ours.wait()
        applied = db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_event` WHERE status = 'delivered'")["n"]
    finally:
        with admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
        admin.close()
        if private:
            private.stop()

    print(f"{'':22}{'events/s':>10}{'p50 ms':>9}{'p99 ms':>9}")
    print(f"{'bare Flask route':22}{bare_rate:10.0f}{statistics.median(bare_lat):9.1f}{p99(bare_lat):9.1f}")
    print(f"{'POST /v1/events':22}{rate:10.0f}{statistics.median(lat):9.1f}{p99(lat):9.1f}")
    print(f"ratio {rate / bare_rate:.2f} (goal >= 0.7); {applied} events applied")


if __name__ == "__main__":
    main()
