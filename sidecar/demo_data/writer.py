"""Rows out: the columns each INSERT names, the next free ids, the writer threads and their progress.

Speed: the generating thread renders multi-row INSERT text with every id already assigned (children need
no lastrowid), while writer threads, one connection each, send it in one transaction per batch. A bounded
queue keeps the two in step.
"""

from __future__ import annotations

import math
import queue
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, fields

import pymysql
from tqdm import tqdm

from ..db import Database

BATCH_ORDERS = 2_000  # orders per writer transaction
MAX_STATEMENT_BYTES = 4_000_000  # well under the 16 MB max_allowed_packet default

COLUMNS = {  # the columns each INSERT names, in the order rows are rendered
    "category": "category_id, image, parent_id, sort_order, status",
    "category_description": "category_id, language_id, name, description, meta_title, meta_description, "
                            "meta_keyword",
    "category_path": "category_id, path_id, level",
    "option": "option_id, type, validation, sort_order",
    "option_description": "option_id, language_id, name",
    "option_value": "option_value_id, option_id, image, sort_order",
    "option_value_description": "option_value_id, language_id, option_id, name",
    "product": "product_id, master_id, model, location, variant, override, quantity, stock_status_id, "
               "image, manufacturer_id, shipping, price, points, tax_class_id, date_available, weight, "
               "weight_class_id, length, width, height, length_class_id, subtract, minimum, rating, "
               "sort_order, status, date_added, date_modified",
    "product_description": "product_id, language_id, name, description, tag, meta_title, meta_description, "
                           "meta_keyword",
    "product_to_category": "product_id, category_id",
    "product_to_store": "product_id, store_id",
    "product_option": "product_option_id, product_id, option_id, value, required",
    "product_option_value": "product_option_value_id, product_option_id, product_id, option_id, "
                            "option_value_id, quantity, subtract, price, price_prefix, points, "
                            "points_prefix, weight, weight_prefix",
    "customer": "customer_id, customer_group_id, store_id, language_id, firstname, lastname, email, "
                "telephone, password, custom_field, newsletter, ip, status, safe, commenter, token, code, "
                "date_added",
    "order": "order_id, subscription_id, invoice_no, invoice_prefix, store_id, store_name, store_url, "
             "customer_id, customer_group_id, firstname, lastname, email, telephone, custom_field, "
             "payment_address_id, payment_firstname, payment_lastname, payment_company, payment_address_1, "
             "payment_address_2, payment_city, payment_postcode, payment_country, payment_country_id, "
             "payment_zone, payment_zone_id, payment_address_format, payment_custom_field, "
             "shipping_address_id, shipping_firstname, shipping_lastname, shipping_company, "
             "shipping_address_1, shipping_address_2, shipping_city, shipping_postcode, shipping_country, "
             "shipping_country_id, shipping_zone, shipping_zone_id, shipping_address_format, "
             "shipping_custom_field, ip, user_agent, payment_method, shipping_method, comment, total, "
             "order_status_id, affiliate_id, commission, marketing_id, tracking, language_id, "
             "language_code, currency_id, currency_code, currency_value, forwarded_ip, accept_language, "
             "date_added, date_modified",
    "order_product": "order_product_id, order_id, product_id, master_id, name, model, quantity, price, "
                     "total, tax, reward",
    "order_option": "order_option_id, order_id, order_product_id, product_option_id, "
                    "product_option_value_id, name, value, type",
    "order_total": "order_total_id, order_id, extension, code, title, value, sort_order",
    "order_history": "order_history_id, order_id, order_status_id, notify, comment, date_added",
    "return": "return_id, order_id, customer_id, firstname, lastname, email, telephone, product_id, "
              "product, model, quantity, opened, return_reason_id, return_action_id, return_status_id, "
              "comment, date_ordered, date_added, date_modified",
    "return_history": "return_history_id, return_id, return_status_id, notify, comment, date_added",
    "customer_transaction": "customer_transaction_id, customer_id, order_id, description, amount, "
                            "date_added",
    "review": "review_id, product_id, customer_id, author, text, rating, status, date_added, date_modified",
}
ID_COLUMNS = {  # table → id column; generated rows continue after the largest existing id
    "category": "category_id", "option": "option_id", "option_value": "option_value_id",
    "product": "product_id", "product_option": "product_option_id",
    "product_option_value": "product_option_value_id", "customer": "customer_id", "order": "order_id",
    "order_product": "order_product_id", "order_option": "order_option_id", "order_total": "order_total_id",
    "order_history": "order_history_id", "return": "return_id", "return_history": "return_history_id",
    "customer_transaction": "customer_transaction_id", "review": "review_id",
}


class Ids:
    """The next free id per table, after whatever the store already has."""

    def __init__(self, db: Database) -> None:
        self.next = {table: self._max(db, table, col) + 1 for table, col in ID_COLUMNS.items()}
        self.next["invoice"] = self._max(db, "order", "invoice_no") + 1

    @staticmethod
    def _max(db: Database, table: str, column: str) -> int:
        row = db.query_one(f"SELECT COALESCE(MAX(`{column}`), 0) AS n FROM `{{p}}{table}`")
        return int(row["n"]) if row else 0

    def take(self, table: str, count: int = 1) -> int:
        value = self.next[table]
        self.next[table] = value + count
        return value


@dataclass
class Summary:
    """Rows written per table, and how long it took."""

    orders: int = 0
    order_products: int = 0
    order_options: int = 0
    order_totals: int = 0
    order_histories: int = 0
    customers: int = 0
    products: int = 0
    categories: int = 0
    returns: int = 0
    return_histories: int = 0
    customer_transactions: int = 0
    reviews: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "seconds")

    def __str__(self) -> str:
        counts = ", ".join(f"{getattr(self, f.name):,} {f.name}" for f in fields(self) if f.name != "seconds")
        seconds = max(self.seconds, 1e-9)
        return (f"{counts}: {self.rows:,} rows in {self.seconds:.1f} s "
                f"({self.orders / seconds:,.0f} orders/s, {self.rows / seconds:,.0f} rows/s)")


class BulkWriter:
    """Buffers rendered rows per table; `flush` queues them as one transaction for a writer thread."""

    RETRYABLE = {1205, 1213}  # lock wait timeout, deadlock: the whole batch can be replayed

    def __init__(self, db: Database, threads: int, on_commit: Callable[[int], None]) -> None:
        self._rows: dict[str, list[str]] = {table: [] for table in COLUMNS}
        self._heads = {t: f"INSERT INTO `{db.prefix}{t}` ({c}) VALUES\n" for t, c in COLUMNS.items()}
        self._queue: queue.Queue[tuple[list[str], int] | None] = queue.Queue(maxsize=threads + 1)
        self._errors: list[BaseException] = []
        self._aborted = self._closed = False
        self._on_commit = on_commit
        writer_db = Database(db.url, db.prefix, read_timeout=600)  # a big batch may wait on a busy server
        self._threads = [threading.Thread(target=self._run, args=(writer_db,), name=f"demo-writer-{i}",
                                          daemon=True) for i in range(threads)]
        for thread in self._threads:
            thread.start()

    def rows(self, table: str) -> list[str]:
        """The live buffer for `table`; callers append rendered `(…)` tuples to it."""
        return self._rows[table]

    def flush(self, orders: int = 0) -> None:
        """Queue everything buffered as one transaction; `orders` is reported to on_commit once it lands."""
        statements: list[str] = []
        for table, rows in self._rows.items():
            if rows:
                statements.extend(self._statements(table, rows))
                rows.clear()
        if statements or orders:
            self._raise_if_failed()
            self._queue.put((statements, orders))

    def close(self, *, abort: bool = False) -> None:
        """Send what is left (unless aborting), wait for every writer, and raise the first failure."""
        if self._closed:
            return
        self._closed, self._aborted = True, abort
        try:
            if not abort:
                self.flush()
        finally:
            for _ in self._threads:
                self._queue.put(None)
            for thread in self._threads:
                thread.join()
        if not abort:
            self._raise_if_failed()

    def _statements(self, table: str, rows: list[str]) -> list[str]:
        parts = math.ceil((sum(map(len, rows)) + 2 * len(rows)) / MAX_STATEMENT_BYTES)
        step = math.ceil(len(rows) / parts)
        head = self._heads[table]
        return [head + ",\n".join(rows[i:i + step]) for i in range(0, len(rows), step)]

    def _raise_if_failed(self) -> None:
        if self._errors:
            raise self._errors[0]

    def _run(self, db: Database) -> None:
        conn = None
        try:
            conn = db.connect()
            with conn.cursor() as cur:
                # Ids are explicit and there are no foreign keys: skip both checks. A known sql_mode makes
                # `lit` exact and keeps strict checking of lengths and types.
                cur.execute("SET SESSION unique_checks = 0, foreign_key_checks = 0, "
                            "sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'")
        except BaseException as exc:  # reported to the producer by flush/close
            self._errors.append(exc)
        while (item := self._queue.get()) is not None:
            if self._errors or self._aborted or conn is None:
                continue  # keep draining so the producer never blocks on a dead writer
            try:
                self._write(conn, *item)
            except BaseException as exc:
                self._errors.append(exc)
        if conn is not None:
            conn.close()

    def _write(self, conn: pymysql.connections.Connection, statements: list[str], orders: int) -> None:
        for attempt in range(3):
            try:
                conn.begin()
                with conn.cursor() as cur:
                    for statement in statements:
                        cur.execute(statement)
                conn.commit()
                break
            except pymysql.err.OperationalError as exc:
                try:
                    conn.rollback()
                except pymysql.err.MySQLError:
                    pass  # the connection is gone; the original error says why
                if exc.args[0] not in self.RETRYABLE or attempt == 2:
                    raise
        self._on_commit(orders)


class Progress:
    """A tqdm bar on a terminal; otherwise a line on stderr for every tenth of the work."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled, 0
        self.started = time.monotonic()
        self._next_line = max(1, total // 10)
        self._lock = threading.Lock()
        tty = enabled and sys.stderr.isatty()
        self._bar = tqdm(total=total, unit="order", unit_scale=True, file=sys.stderr, disable=not tty)

    def update(self, orders: int) -> None:
        if not orders:
            return
        with self._lock:  # called from the writer threads
            self.done += orders
            self._bar.update(orders)
            if self.enabled and self._bar.disable and self.done >= min(self._next_line, self.total):
                rate = self.done / max(time.monotonic() - self.started, 1e-9)
                print(f"demo-data: {self.done:,}/{self.total:,} orders written ({rate:,.0f}/s)",
                      file=sys.stderr, flush=True)
                self._next_line = self.done + max(1, self.total // 10)

    def close(self) -> None:
        self._bar.close()

