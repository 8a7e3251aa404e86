"""How fast `rebound demo-data` fills a store, against a floor: bare `order` rows sent by a plain INSERT loop.

    python benchmarks/demo_data.py                     # 100,000 orders
    python benchmarks/demo_data.py --orders 1000000    # the requirement: under 10 minutes

Each run uses fresh databases (`rebound_bench_<hex>`) on the server sidecar.devdb finds (REBOUND_TEST_DB_URL,
REBOUND_DB_URL, else 127.0.0.1:3306, else a private mariadbd) and drops them afterwards. The baseline sends
the same number of `order` rows holding only their id, in the same batch size and one transaction per
batch, with no generation at all; the ratio is how much longer the real generator takes than that floor.

Measured on the development machine (Debian 12, 2 cores, 24 GB, Python 3.11, MariaDB 10.11 with stock
settings: 128 MB buffer pool, flush at every commit, doublewrite on), 2 writer connections:

    python benchmarks/demo_data.py --orders 100000
      generator 10.3 s: 9,700 orders/s, 115,000 rows/s (1.17 M rows); baseline 0.7 s; ratio 13.7x
    python benchmarks/demo_data.py --orders 1000000
      generator 99 s: 10,100 orders/s, 118,000 rows/s (11.7 M rows); baseline 7.6 s; ratio 13.0x
      (other work on the machine: load average ~2.5; an earlier run on an idle machine took 73 s,
      13,700 orders/s; with a second benchmark running it took 129 s)

1,000,000 orders make 1.66 M lines, 1.15 M options, 4 M totals, 3.69 M history rows, 100,000 customers,
25,800 returns and 70,000 reviews: 1.7 GB on disk. Generating them alone (no database) takes ~35 s of
Python; the rest of the wall time is MariaDB inserting, which the writer threads overlap with generation.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import secrets
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sidecar import opencart  # noqa: E402
from sidecar.config import DbUrl  # noqa: E402
from sidecar.db import Database  # noqa: E402
from sidecar.demo_data import BATCH_ORDERS, generate  # noqa: E402
from sidecar.devdb import ensure_server  # noqa: E402


@contextmanager
def fresh_database(server: DbUrl) -> Iterator[Database]:
    name = f"rebound_bench_{secrets.token_hex(4)}"
    admin = Database(server).connect(database=False)
    try:
        with admin.cursor() as cur:
            cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
        db = Database(dataclasses.replace(server, database=name), read_timeout=600)
        try:
            yield db
        finally:
            db.close()
            with admin.cursor() as cur:
                cur.execute(f"DROP DATABASE IF EXISTS `{name}`")
    finally:
        admin.close()


def baseline(db: Database, orders: int) -> float:
    """Seconds to INSERT `orders` bare order rows, BATCH_ORDERS per statement and transaction."""
    opencart.load(db)
    conn = db.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SET SESSION unique_checks = 0, foreign_key_checks = 0")
            started = time.perf_counter()
            for first in range(1, orders + 1, BATCH_ORDERS):
                values = ",".join(f"({i})" for i in range(first, min(first + BATCH_ORDERS, orders + 1)))
                conn.begin()
                cur.execute(f"INSERT INTO `{db.prefix}order` (order_id) VALUES {values}")
                conn.commit()
            return time.perf_counter() - started
    finally:
        conn.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--writers", type=int, default=2)
    args = parser.parse_args(argv)

    server, private = ensure_server(os.environ)
    try:
        with fresh_database(server) as db:
            summary = generate(db, args.orders, args.seed, progress=True, writers=args.writers)
        with fresh_database(server) as db:
            floor = baseline(db, args.orders)
    finally:
        if private is not None:
            private.stop()

    print(f"generator: {summary}")
    seconds = summary.seconds
    print(f"generator: {args.orders:,} orders in {seconds:.1f} s = {args.orders / seconds:,.0f} orders/s, "
          f"{summary.rows / seconds:,.0f} rows/s")
    print(f"baseline:  {args.orders:,} bare order rows in {floor:.1f} s = {args.orders / floor:,.0f} rows/s")
    print(f"ratio:     generator takes {summary.seconds / floor:.1f}x the baseline's time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
