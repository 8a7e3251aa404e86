"""`rebound demo-data`: fill a database with a realistic OpenCart 4.1 store, fast.

A year of orders (more recent = more, with a weekly rhythm and holiday peaks) from registered customers in
three groups and from guests; a category tree with its closure rows; ~200 products (sized apparel and
shoes, electronics, home and personal care, some on clearance); order lines with options, totals and status
histories; core returns and reviews. All stored as OpenCart 4.1 would: text HTML-encoded like form input,
store-local timestamps, and ids that grow with time, as in a real store.

The same seed, `now` and starting database give the same rows. `now` defaults to the start of today in the
store's time zone, so two runs on the same day match.

Speed: 1,000,000 orders take 75–130 s on a 2-core machine, depending on its load (benchmarks/demo_data.py);
writer.py says how.

    generator.py   generate(): one whole run
    pools.py       OpenCart's seeded ids, word pools, the catalog plan, weights
    render.py      values as OpenCart stores them, as SQL literals
    clock.py       the store's clock; how many orders each day, and when
    catalog.py     categories, size options, products
    customers.py   registered customers and guests
    orders.py      orders, lines, options, totals, status histories
    aftercare.py   returns, store credit, reviews, product ratings
    writer.py      INSERT columns, next ids, the writer threads, progress
"""

from .generator import DemoDataFailed, StoreNotEmpty, generate
from .writer import BATCH_ORDERS, Summary

__all__ = ["BATCH_ORDERS", "DemoDataFailed", "StoreNotEmpty", "Summary", "generate"]
