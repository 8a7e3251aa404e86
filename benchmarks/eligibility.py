"""GET /v1/orders/<id>/eligibility on a 1,000,000-order store: p50/p99, and the ratio to the raw SQL that
loads the same order.

    python benchmarks/eligibility.py [--orders 1000000] [--samples 2000] [--catch-up sql|scans]
                                     [--database NAME] [--profile]

The store is generated (`rebound demo-data`), migrated and caught up. `--catch-up scans` runs the worker's
reconcile scans to the end, as a new install does (28 minutes for a million orders on 2 cores: the order
scan upserts one order at a time); `--catch-up sql` (the default) fills the same mirrors with set-based
INSERT … SELECT in about 2.5 minutes; `--check-fill ORDERS` shows both give the same rows on a small store.
`--database NAME` reuses a store made before (nothing is generated, filled or dropped).

The policy is a full one (reasons with photos, exchanges, store credit, a restocking fee, auto-approval,
the serial-returner signal) so every part of the loader and the engine runs. For `--samples` random
delivered orders (2,000 by default, after 200 not timed), each in turn:
  eligibility  the signed request through Flask's test client: signature, situation(), decide(), views;
  engine       situation() + decide() + views.eligibility() called directly, as the GET calls them;
  raw          the hand-written query set that loads the order: the order row by primary key, its lines,
               options and totals by order_id, with options from Rebound's by-order mirror
               (rebound_order_option, indexed) — what the eligibility answer shows of the order;
  raw (OC)     the same with options from OpenCart's own order_option, which has no index on order_id: a
               full scan per order, so it is timed on --oc-samples orders only.
Goal: p99 ≤ 20 ms and ≤ 2× raw. Databases are created on the server sidecar.devdb finds and dropped after.

The eligibility path takes two round trips (Store.order: the order and its lines; load.read_mirrors:
options, status times, returned quantities and the customer's account; the shopper's view reads no return
history), the raw path four; products come from the Store's 60 s cache. The machine is shared: compare the ratios within one run. Then `--list-pages` (200) order-history list
pages of a customer's 10 newest orders, one GET /v1/orders/eligibility each, against the raw SQL for the same
10 orders.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import os
import pstats
import random
import secrets
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sidecar import signing  # noqa: E402
from sidecar.app import create_app  # noqa: E402
from sidecar.db import Database  # noqa: E402
from sidecar.demo_data import generate  # noqa: E402
from sidecar.devdb import ensure_server  # noqa: E402
from sidecar.migrate import migrate  # noqa: E402
from sidecar.policy import decide  # noqa: E402
from sidecar.reconcile import reconcile_tick, set_watermark  # noqa: E402
from sidecar.returns import views  # noqa: E402
from sidecar.returns.load import POLICY_KEY, policies_for, situation  # noqa: E402
from sidecar.store import Store  # noqa: E402

SECRET = secrets.token_hex(32)
WARM_UP = 200
POLICY = {
    "version": 1,
    "window": {"days": 30, "groups": [{"customer_group_id": 2, "days": 60}]},
    "excluded": {"category_ids": [25]},
    "final_sale": {"min_discount_percent": "40"},
    "reasons": [{"reason_id": 1, "photos_required": True, "merchant_fault": True},
                {"reason_id": 3, "merchant_fault": True}, {"reason_id": 4}, {"reason_id": 5}],
    "resolutions": {"refund": True, "exchange": True, "store_credit": True, "store_credit_bonus_percent": "10"},
    "restocking_fee": {"percent": "10"},
    "auto_approve": {"enabled": True, "max_value": "150.00"},
    "text": "Return anything within 30 days of delivery.",
}

# -- catching up ---------------------------------------------------------------------------------------------

# What the worker's scans build, set-based. Store times are UTC in the generated store (checked below), so
# order_history.date_added is already the UTC the mirrors keep. Unconfirmed orders (status 0) are skipped,
# as refresh_orders() skips them.
FILL = [
    "INSERT INTO `{p}rebound_order_status_time` (order_id, order_status_id, first_at) "
    "SELECT h.order_id, h.order_status_id, MIN(h.date_added) FROM `{p}order_history` h "
    "JOIN `{p}order` o ON o.order_id = h.order_id AND o.order_status_id > 0 "
    "WHERE h.date_added IS NOT NULL GROUP BY h.order_id, h.order_status_id",
    "INSERT INTO `{p}rebound_order_state` (order_id, store_id, customer_id, order_status_id, last_history_id, "
    "status_changed_at, delivered_at, updated_at) "
    "SELECT o.order_id, COALESCE(o.store_id, 0), COALESCE(o.customer_id, 0), o.order_status_id, h.last_id, "
    "h.last_at, h.delivered_at, UTC_TIMESTAMP(6) FROM `{p}order` o JOIN ("
    "  SELECT order_id, MAX(order_history_id) AS last_id, MAX(date_added) AS last_at, "
    "  MIN(IF(FIND_IN_SET(order_status_id, %s), date_added, NULL)) AS delivered_at "
    "  FROM `{p}order_history` GROUP BY order_id) h ON h.order_id = o.order_id WHERE o.order_status_id > 0",
    "INSERT INTO `{p}rebound_order_option` (order_option_id, order_id, order_product_id, product_option_id, "
    "product_option_value_id, name, value, type) SELECT order_option_id, COALESCE(order_id, 0), "
    "COALESCE(order_product_id, 0), COALESCE(product_option_id, 0), COALESCE(product_option_value_id, 0), "
    "COALESCE(name, ''), value, COALESCE(type, '') FROM `{p}order_option`",
    "INSERT INTO `{p}rebound_return_state` (return_id, order_id, product_id, customer_id, quantity, "
    "return_status_id, last_history_id, created_at, updated_at) "
    "SELECT r.return_id, COALESCE(r.order_id, 0), COALESCE(r.product_id, 0), COALESCE(r.customer_id, 0), "
    "COALESCE(r.quantity, 0), COALESCE(r.return_status_id, 0), COALESCE(h.last_id, 0), r.date_added, "
    "UTC_TIMESTAMP(6) FROM `{p}return` r LEFT JOIN (SELECT return_id, MAX(return_history_id) AS last_id "
    "FROM `{p}return_history` GROUP BY return_id) h ON h.return_id = r.return_id",
    "INSERT INTO `{p}rebound_review_state` (review_id, product_id, customer_id, rating, status, updated_at) "
    "SELECT review_id, COALESCE(product_id, 0), COALESCE(customer_id, 0), COALESCE(rating, 0), "
    "COALESCE(status, 0), UTC_TIMESTAMP(6) FROM `{p}review`",
]
MARKS = {"order_history": ("order_history", "order_history_id"), "order_option": ("order_option", "order_option_id"),
         "return": ("return", "return_id"), "return_history": ("return_history", "return_history_id"),
         "review": ("review", "review_id")}


def fill_mirrors(db: Database, store: Store) -> None:
    if str(store.timezone(0)) != "UTC":
        raise SystemExit("--catch-up sql assumes the store's time zone is UTC; use --catch-up scans")
    complete = ",".join(str(i) for i in sorted(store.status_ids("config_complete_status", 0)))
    for statement in FILL:
        db.execute(statement, (complete,) if "%s" in statement else None)
    for name, (table, key) in MARKS.items():
        set_watermark(db, name, int(db.query_one(f"SELECT COALESCE(MAX(`{key}`), 0) AS m FROM `{{p}}{table}`")["m"]))


def run_scans(db: Database, store: Store) -> None:
    while max(reconcile_tick(db, store).values(), default=0):
        pass


MIRRORS = {
    "rebound_order_state": "order_id, store_id, customer_id, order_status_id, last_history_id, "
                           "status_changed_at, delivered_at",
    "rebound_order_status_time": "order_id, order_status_id, first_at",
    "rebound_order_option": "order_option_id, order_id, order_product_id, product_option_id, "
                            "product_option_value_id, name, value, type",
    "rebound_return_state": "return_id, order_id, product_id, customer_id, quantity, return_status_id, "
                            "last_history_id, created_at",
    "rebound_review_state": "review_id, product_id, customer_id, rating, status",
    "rebound_watermark": "name, value",
}


def mirror_checksums(db: Database) -> dict[str, tuple[int, str]]:
    out = {}
    for table, columns in MIRRORS.items():
        row = db.query_one(f"SELECT COUNT(*) AS n, COALESCE(SUM(CRC32(CONCAT_WS('|', {columns}))), 0) AS c "
                           f"FROM `{{p}}{table}`")
        out[table] = (int(row["n"]), str(row["c"]))
    return out


def check_fill(server, orders: int) -> None:
    """The set-based fill gives the mirrors the scans give (same rows, same values)."""
    with scratch(server) as db:
        generate(db, orders=orders, seed=1, progress=False)
        migrate(db)
        store = Store(db)
        run_scans(db, store)
        scanned = mirror_checksums(db)
        for table in MIRRORS:
            db.execute(f"DELETE FROM `{{p}}{table}`")
        fill_mirrors(db, store)
        filled = mirror_checksums(db)
    for table in MIRRORS:
        print(f"{table:<28} scans {scanned[table]}  sql {filled[table]}  "
              f"{'same' if scanned[table] == filled[table] else 'DIFFERENT'}")


class scratch:
    """A database made for this run and dropped after it."""

    def __init__(self, server) -> None:
        self.server, self.name = server, f"rebound_bench_{secrets.token_hex(4)}"

    def __enter__(self) -> Database:
        self.admin = Database(self.server).connect(database=False)
        with self.admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{self.name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        return Database(dataclasses.replace(self.server, database=self.name), read_timeout=3600)

    def __exit__(self, *exc: object) -> None:
        with self.admin.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS `{self.name}`")
        self.admin.close()


# -- measuring -----------------------------------------------------------------------------------------------


def set_policy(db: Database) -> None:
    db.execute("DELETE FROM `{p}setting` WHERE store_id = 0 AND `key` = %s", (POLICY_KEY,))
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
               "VALUES (0, 'module_rebound', %s, %s, 1)", (POLICY_KEY, json.dumps(POLICY)))


def delivered_orders(db: Database, count: int, rng: random.Random) -> list[tuple[int, int, str]]:
    """(order_id, customer_id, email) of random delivered orders, found by primary key."""
    top = int(db.query_one("SELECT MAX(order_id) AS m FROM `{p}rebound_order_state`")["m"])
    found: dict[int, tuple[int, int, str]] = {}
    while len(found) < count:
        ids = rng.sample(range(1, top + 1), min(top, 2 * count))
        marks = ", ".join(["%s"] * len(ids))
        for r in db.query(
            "SELECT s.order_id, s.customer_id, o.email FROM `{p}rebound_order_state` s "
            f"JOIN `{{p}}order` o ON o.order_id = s.order_id WHERE s.order_id IN ({marks}) "
            "AND s.delivered_at IS NOT NULL", ids,
        ):
            found[r["order_id"]] = (r["order_id"], r["customer_id"], r["email"])
    picked = list(found.values())[:count]
    rng.shuffle(picked)
    return picked


def raw_load(db: Database, order_id: int, options_table: str) -> int:
    """The order as plain SQL: row, lines, options, totals (what Store.order reads, without history)."""
    rows = len(db.query("SELECT * FROM `{p}order` WHERE order_id = %s", (order_id,)))
    rows += len(db.query("SELECT * FROM `{p}order_product` WHERE order_id = %s", (order_id,)))
    rows += len(db.query(f"SELECT * FROM `{{p}}{options_table}` WHERE order_id = %s", (order_id,)))
    rows += len(db.query("SELECT * FROM `{p}order_total` WHERE order_id = %s", (order_id,)))
    return rows


def quantiles(times: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(times, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[98] * 1000


METHODS = (("eligibility", "GET eligibility (test client)"), ("engine", "situation+decide+views"),
           ("raw", "raw SQL, options from the mirror"))


def measure_list(db: Database, client: Any, app_db: Database, pages: int) -> None:
    """The order history list: GET /v1/orders/eligibility for a customer's 10 newest orders against the raw
    SQL that loads the same 10 orders one by one (what a page showing their lines would read)."""
    rng = random.Random(11)
    customers = [r["customer_id"] for r in db.query(
        "SELECT customer_id FROM `{p}rebound_order_state` WHERE customer_id BETWEEN %s AND %s "
        "GROUP BY customer_id HAVING COUNT(*) >= 10 LIMIT %s", (rng.randint(1, 40_000), 10**9, 2 * pages + 20))]
    timed: dict[str, list[float]] = {"list": [], "raw": []}
    for i, customer_id in enumerate(customers):
        ids = [r["order_id"] for r in db.query(
            "SELECT order_id FROM `{p}rebound_order_state` WHERE customer_id = %s ORDER BY order_id DESC LIMIT 10",
            (customer_id,))]
        kind = "list" if i % 2 == 0 else "raw"  # each page's orders are read once, by one method (cold)
        started = time.perf_counter()
        if kind == "list":
            path = f"/v1/orders/eligibility?order_ids={','.join(map(str, ids))}&customer_id={customer_id}"
            answer = client.get(path, headers=signing.headers(SECRET, "GET", path))
            assert answer.status_code == 200 and all(o["found"] for o in answer.json["orders"]), answer.json
        else:
            for order_id in ids:
                raw_load(app_db, order_id, "rebound_order_option")
        if i >= 20:
            timed[kind].append(time.perf_counter() - started)
    (l50, l99), (r50, r99) = quantiles(timed["list"]), quantiles(timed["raw"])
    print(f"order list, {len(timed['list'])} pages of 10 orders, cold: p50 {l50:.1f} ms, p99 {l99:.1f} ms; "
          f"raw SQL for the same 10 orders p50 {r50:.1f} ms, p99 {r99:.1f} ms: {l50 / r50:.2f}x / {l99 / r99:.2f}x")


def measure(db: Database, samples: int, oc_samples: int, profile: bool, list_pages: int = 0) -> None:
    set_policy(db)
    app = create_app({"REBOUND_ENV": {"REBOUND_DB_URL": url_of(db), "REBOUND_SECRET": SECRET,
                                      "REBOUND_DB_PREFIX": db.prefix}})
    client, store = app.test_client(), app.extensions["rebound.store"]
    app_db = app.extensions["rebound.db"]
    policies = policies_for(store)
    orders = delivered_orders(db, WARM_UP + 3 * samples, random.Random(7))

    def request(order_id: int, customer_id: int, email: str) -> None:
        asker = f"customer_id={customer_id}" if customer_id else f"email={email}"
        path = f"/v1/orders/{order_id}/eligibility?{asker}"
        answer = client.get(path, headers=signing.headers(SECRET, "GET", path))
        assert answer.status_code == 200, answer.json

    def engine(order_id: int, customer_id: int, email: str) -> None:
        now = datetime.now(timezone.utc)
        sit = situation(app_db, store, policies, order_id, now, customer_id=customer_id or None,
                        email=None if customer_id else email, history=False)  # as the GET reads it
        views.eligibility(store, sit, decide(sit))

    def raw(order_id: int, customer_id: int, email: str) -> None:
        raw_load(app_db, order_id, "rebound_order_option")

    run = {"eligibility": request, "engine": engine, "raw": raw}
    for order in orders[:WARM_UP]:  # connections, caches, the catalogue tables
        for method in run.values():
            method(*order)
    # Each method gets its own orders, so each reads them first (cold: a random order of a big store is
    # rarely in the buffer pool), then again (warm: the cost of the work and the round trips alone).
    sets = {name: orders[WARM_UP + i * samples:WARM_UP + (i + 1) * samples] for i, name in enumerate(run)}
    timed: dict[str, dict[str, list[float]]] = {"cold": {n: [] for n in run}, "warm": {n: [] for n in run}}
    for state in ("cold", "warm"):
        for i in range(samples):
            for name, method in run.items():
                started = time.perf_counter()
                method(*sets[name][i])
                timed[state][name].append(time.perf_counter() - started)
    oc_times = []
    for order_id, _, _ in sets["raw"][:oc_samples]:
        started = time.perf_counter()
        raw_load(app_db, order_id, "order_option")
        oc_times.append(time.perf_counter() - started)

    print(f"{samples:,} random delivered orders per method, of {orders_in(db):,} orders; ms per order:")
    print(f"  {'':<34}{'cold p50':>9}{'p99':>8}{'/raw':>7}{'/raw':>7}{'warm p50':>10}{'p99':>8}{'/raw':>7}{'/raw':>7}")
    figures = {state: {name: quantiles(timed[state][name]) for name in run} for state in timed}
    for name, label in METHODS:
        row = f"  {label:<34}"
        for state in ("cold", "warm"):
            (p50, p99), (r50, r99) = figures[state][name], figures[state]["raw"]
            row += f"{p50:{9 if state == 'cold' else 10}.2f}{p99:8.2f}{p50 / r50:7.2f}{p99 / r99:7.2f}"
        print(row)
    oc50, oc_max = statistics.median(oc_times) * 1000, max(oc_times) * 1000
    print(f"  {'raw SQL, OpenCart order_option':<34}{oc50:9.2f}{oc_max:8.2f}  (median and max of {oc_samples}: "
          "a full scan of order_option per order)")
    (e50, e99), (r50, r99) = figures["cold"]["eligibility"], figures["cold"]["raw"]
    print(f"goal, cold: p99 {e99:.1f} ms <= 20 ms: {'met' if e99 <= 20 else 'MISSED'}; "
          f"<= 2x raw through the mirror: p99 {e99 / r99:.2f}x, p50 {e50 / r50:.2f}x; "
          f"against OpenCart's own tables: p50 {e50 / oc50:.3f}x")
    if list_pages:
        measure_list(db, client, app_db, list_pages)
    if profile:
        profiler = cProfile.Profile()
        profiler.enable()
        for order in sets["eligibility"][:500]:
            request(*order)
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)


def url_of(db: Database) -> str:
    url = db.url
    auth = url.user + (f":{url.password}" if url.password else "")
    return f"mysql://{auth}@{url.host}:{url.port}/{url.database}"


def orders_in(db: Database) -> int:
    return int(db.query_one("SELECT MAX(order_id) AS n FROM `{p}order`")["n"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--samples", type=int, default=2_000)
    parser.add_argument("--oc-samples", type=int, default=20)
    parser.add_argument("--catch-up", choices=("sql", "scans"), default="sql")
    parser.add_argument("--database", help="reuse this generated, caught-up store (kept afterwards)")
    parser.add_argument("--check-fill", type=int, metavar="ORDERS",
                        help="only compare the set-based fill with the scans on a store of ORDERS orders")
    parser.add_argument("--profile", action="store_true", help="cProfile 500 requests after measuring")
    parser.add_argument("--list-pages", type=int, default=200, help="order-list pages of 10 orders to time (0: none)")
    opts = parser.parse_args()
    server, private = ensure_server(os.environ)
    try:
        if opts.check_fill:
            check_fill(server, opts.check_fill)
        elif opts.database:
            measure(Database(dataclasses.replace(server, database=opts.database)), opts.samples, opts.oc_samples,
                    opts.profile, opts.list_pages)
        else:
            with scratch(server) as db:
                started = time.monotonic()
                print(f"generating {opts.orders:,} orders …", file=sys.stderr)
                generate(db, orders=opts.orders, seed=1, progress=False)
                migrate(db)
                generated = time.monotonic()
                (fill_mirrors if opts.catch_up == "sql" else run_scans)(db, Store(db))
                print(f"generated in {generated - started:.0f} s, mirrors caught up ({opts.catch_up}) in "
                      f"{time.monotonic() - generated:.0f} s", file=sys.stderr)
                measure(db, opts.samples, opts.oc_samples, opts.profile, opts.list_pages)
    finally:
        if private:
            private.stop()


if __name__ == "__main__":
    main()
