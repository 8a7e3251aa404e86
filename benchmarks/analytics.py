"""The owner's analytics page on a 1,000,000-order store with about 100,000 returns: every query the page
makes, against one raw GROUP BY over the same OpenCart tables.

    python benchmarks/analytics.py [--orders 1000000] [--return-rate 0.12] [--rounds 5] [--shared-server]
    python benchmarks/analytics.py --db-url mysql://root@127.0.0.1:PORT/big   # a store generated before

The store is generated (`rebound demo-data --return-rate 0.12 --rebound`: returns, cases, history, photos,
survey answers), migrated and its summary tables built once (timed: the worker's first full refresh). Then,
per round and per range (the page's default 90 days, and a whole year):
- the dashboard: all twelve routes the page can show (overview, return rate by week, product and category,
  reasons, resolutions, resolution time, returners, reviews, satisfaction, repeat purchase, unusual
  products), through the signed HTTP API in-process (Flask's test client: routing, signature, JSON);
- the baseline: ONE raw GROUP BY, units sold per week straight from `order` ⋈ `order_product` for the
  range, the least any live return-rate chart must do (OpenCart has no index on order.date_added).
Goal: dashboard ≤ 1.5 × baseline. Also timed: an incremental refresh after 100 status changes and 100 new
returns (the worker's 5-minute job), whose cost should follow the changes.

A private mariadbd with a 2 GB buffer pool holds the store, as a production server for it would;
`--shared-server` uses the server sidecar.devdb finds instead.

Measured on the development machine (2 cores, other helpers' work running; 1,000,000 orders, 1,655,787
lines, 103,575 returns and cases, 70,407 reviews, 120,955 survey answers), medians of 3, two runs:
- 90 days: whole page 2.62 s / 2.37 s vs one raw GROUP BY 3.56 s / 3.51 s: ratio 0.74 / 0.67;
- a year:  whole page 5.36 s / 6.01 s vs 3.86 s / 4.75 s: ratio 1.39 / 1.27 (slowest route, repeat
  purchase, 0.34 / 0.48);
- incremental refresh after 100 status changes + 100 returns: 166 / 123 ms; a full rebuild 37–76 s
  (checkout-like writes meanwhile: a few ms, not held up).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import secrets
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.reconcile import settle  # noqa: E402
from sidecar import signing  # noqa: E402
from sidecar.analytics.summary import refresh  # noqa: E402
from sidecar.app import create_app  # noqa: E402
from sidecar.db import Database  # noqa: E402
from sidecar.demo_data import generate  # noqa: E402
from sidecar.demo_data.rebound_rows import add_rebound_rows  # noqa: E402
from sidecar.devdb import PrivateServer, ensure_server  # noqa: E402
from sidecar.migrate import migrate  # noqa: E402

SECRET = "5e" * 32
NOW = datetime(2026, 11, 26)
ROUTES = ["overview", "return-rate?period=week", "return-rate?by=product", "return-rate?by=category",
          "reasons?period=week", "resolutions", "resolution-time?period=week", "returners", "reviews?period=week",
          "satisfaction?period=week", "repeat-purchase?period=week", "unusual-products"]
RAW = ("SELECT DATE(o.date_added) - INTERVAL WEEKDAY(o.date_added) DAY AS wk, SUM(op.quantity) AS units "
       "FROM `{p}order` o JOIN `{p}order_product` op ON op.order_id = o.order_id "
       "WHERE o.order_status_id > 0 AND o.order_status_id NOT IN (7, 8, 10, 12, 13, 14, 16) "
       "AND o.date_added >= %s AND o.date_added < %s GROUP BY wk")


def url_of(db: Database) -> str:
    u = db.url
    return f"mysql://{u.user}{':' + u.password if u.password else ''}@{u.host}:{u.port}/{u.database}"


def dashboard(client, first: date, last: date) -> float:
    started = time.perf_counter()
    for route in ROUTES:
        sep = "&" if "?" in route else "?"
        path = f"/v1/admin/analytics/{route}{sep}from={first}&to={last}"
        answer = client.get(path, headers=signing.headers(SECRET, "GET", path))
        assert answer.status_code == 200, (path, answer.get_data(as_text=True)[:300])
    return time.perf_counter() - started


def raw(db: Database, first: date, last: date) -> float:
    started = time.perf_counter()
    db.query(RAW, (first, last + timedelta(days=1)))
    return time.perf_counter() - started


def changes(db: Database, rng: random.Random) -> None:
    top = int(db.query_one("SELECT MAX(order_id) AS m FROM `{p}order`")["m"])
    with db.transaction() as tx:
        for order_id in rng.sample(range(1, top + 1), 100):
            tx.execute("UPDATE `{p}order` SET order_status_id = 7 WHERE order_id = %s", (order_id,))
            tx.execute("INSERT INTO `{p}order_history` (order_id, order_status_id, notify, comment, date_added) "
                       "VALUES (%s, 7, 0, '', NOW())", (order_id,))
        for order_id in rng.sample(range(1, top + 1), 100):
            tx.execute("INSERT INTO `{p}return` (order_id, product_id, quantity, return_reason_id, return_status_id, "
                       "date_added, date_modified) SELECT order_id, product_id, 1, 2, 1, NOW(), NOW() "
                       "FROM `{p}order_product` WHERE order_id = %s LIMIT 1", (order_id,))


def prepare(server, name: str, orders: int, return_rate: float) -> Database:
    admin = Database(server).connect(database=False)
    with admin.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
    admin.close()
    db = Database(dataclasses.replace(server, database=name), read_timeout=3600)
    print(f"generating {orders:,} orders …", file=sys.stderr)
    summary = generate(db, orders=orders, seed=1, progress=False, now=NOW, return_rate=return_rate)
    migrate(db)
    extra = add_rebound_rows(db)
    print(f"{summary.orders:,} orders, {summary.order_products:,} lines, {summary.returns:,} returns, "
          f"{summary.reviews:,} reviews; Rebound: {extra}")
    settle(db)
    started = time.perf_counter()
    built = refresh(db, full=True)
    print(f"first full refresh (the worker's): {time.perf_counter() - started:.1f} s, {built.days} order days")
    settle(db)
    return db


def routes(client, first: date, last: date) -> dict[str, float]:
    times = {}
    for route in ROUTES:
        sep = "&" if "?" in route else "?"
        path = f"/v1/admin/analytics/{route}{sep}from={first}&to={last}"
        started = time.perf_counter()
        client.get(path, headers=signing.headers(SECRET, "GET", path))
        times[route] = time.perf_counter() - started
    return times


def measure(db: Database, rounds: int) -> None:
    client = create_app({"REBOUND_ENV": {"REBOUND_DB_URL": url_of(db), "REBOUND_SECRET": SECRET}}).test_client()
    last = NOW.date() - timedelta(days=1)
    for label, days in (("90 days", 90), ("a year", 365)):
        first = last - timedelta(days=days - 1)
        ours, base, each = [], [], []
        for i in range(rounds + 1):
            d, r = dashboard(client, first, last), raw(db, first, last)
            if i:  # the first round warms connections and the pool
                ours.append(d)
                base.append(r)
                each.append(routes(client, first, last))
        o, b = statistics.median(ours), statistics.median(base)
        slowest = {route: statistics.median(t[route] for t in each) for route in ROUTES}
        worst = max(slowest, key=slowest.__getitem__)
        print(f"{label:>8}: whole page (12 routes) {o * 1000:8.1f} ms, one raw GROUP BY {b * 1000:8.1f} ms, "
              f"ratio {o / b:.2f}; slowest route {worst} {slowest[worst] * 1000:.1f} ms, ratio "
              f"{slowest[worst] / b:.2f} (goal <= 1.5), medians of {rounds}")
        if os.environ.get("DEBUG"):
            for route, t in slowest.items():
                print(f"    {route:32} {t * 1000:8.1f} ms")


def run(db: Database, rounds: int) -> None:
    measure(db, rounds)
    rng, ticks = random.Random(3), []
    for _ in range(rounds):
        changes(db, rng)
        started = time.perf_counter()
        done = refresh(db)
        ticks.append(time.perf_counter() - started)
        assert done is not None and done.mode == "incremental"
    print(f"incremental refresh after 100 status changes + 100 returns: "
          f"median {statistics.median(ticks) * 1000:.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--return-rate", type=float, default=0.12)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shared-server", action="store_true")
    parser.add_argument("--db-url", help="measure a store generated before (skips generation; changes it)")
    opts = parser.parse_args()
    if opts.db_url:
        from sidecar.config import parse_db_url

        run(Database(parse_db_url(opts.db_url), read_timeout=3600), opts.rounds)
        return
    if opts.shared_server:
        server, private = ensure_server(os.environ)
    else:
        private = PrivateServer(buffer_pool="2G", start_timeout=120).start()
        server = private.url
    name = f"rebound_bench_{secrets.token_hex(4)}"
    try:
        run(prepare(server, name, opts.orders, opts.return_rate), opts.rounds)
    finally:
        if private:
            private.stop()
        else:
            admin = Database(server).connect(database=False)
            with admin.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
            admin.close()


if __name__ == "__main__":
    main()
