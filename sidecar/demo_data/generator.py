"""`generate`: one whole run, from the empty-store check to the product ratings."""

from __future__ import annotations

import random
import time
from datetime import datetime

import pymysql

from .. import opencart
from ..db import Database
from ..errors import ReboundError
from .aftercare import RETURN_RATE, update_ratings
from .catalog import CatalogBuilder, load_catalog
from .clock import Clock, store_now
from .customers import GUEST_SHARE, add_customer_groups, build_customers, make_person
from .orders import OrderMaker, store_settings
from .writer import BulkWriter, Ids, Progress, Summary


class StoreNotEmpty(ReboundError):
    """The store already has orders; pass --append to add more."""

    status = 409
    code = "store_not_empty"


class DemoDataFailed(ReboundError):
    """Writing the demo store failed."""


def generate(db: Database, orders: int, seed: int, progress: bool = True, *, append: bool = False,
             now: datetime | None = None, writers: int = 2, return_rate: float = RETURN_RATE) -> Summary:
    """Create the OpenCart tables if needed and fill them with a store of `orders` orders.

    Refuses (StoreNotEmpty) when the store already has orders, unless `append`: then customers, orders,
    returns and reviews are added against the existing catalog, with ids after the existing ones (their
    dates then interleave with the earlier orders'). `now` is when the history ends (default: the start of
    today in the store's time zone); nothing is dated later. `return_rate` is the share of delivered orders
    with a return (0.03; 0.12 gives about 100,000 returns on 1,000,000 orders).
    """
    if orders < 0 or writers < 1 or not 0 <= return_rate <= 1:
        raise ValueError("orders must be 0 or more, writers 1 or more, return_rate from 0 to 1")
    started = time.monotonic()
    opencart.load(db)
    if not append and db.query_one("SELECT order_id FROM `{p}order` LIMIT 1"):
        raise StoreNotEmpty(f"The store in database {db.url.database} already has orders; "
                            "pass --append to add more, or use an empty database.")
    store = store_settings(db)
    clock = Clock(store_now(store.timezone, now))
    reuse_catalog = append and db.query_one("SELECT product_id FROM `{p}product` WHERE status = 1 LIMIT 1")
    add_customer_groups(db)
    ids, rng, summary = Ids(db), random.Random(seed), Summary()
    bar = Progress(orders, progress)
    out = BulkWriter(db, writers, bar.update)
    try:
        if reuse_catalog:
            products = load_catalog(db)
        else:
            builder = CatalogBuilder(rng, ids, clock, out)
            products = builder.build()
            summary.products, summary.categories = len(products), len(builder.categories)
        customers, signups = build_customers(rng, orders // 10, ids, clock, out)
        guest_count = max(1, int(orders * GUEST_SHARE / 1.3))  # a few guests come back
        guests = [make_person(rng, 0, 1, n)[0] for n in range(1, guest_count + 1)]
        summary.customers = len(customers)
        out.flush()
        OrderMaker(rng, ids, clock, out, summary, store, products, (customers, signups, guests),
                   return_rate).run(orders)
        out.close()
    except pymysql.err.MySQLError as exc:
        out.close(abort=True)
        raise DemoDataFailed(f"Writing the demo store failed: {exc}") from exc
    except BaseException:
        out.close(abort=True)
        raise
    finally:
        bar.close()
    update_ratings(db)
    summary.seconds = time.monotonic() - started
    return summary
