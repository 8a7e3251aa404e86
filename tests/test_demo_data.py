"""The demo store generator, against real MariaDB: deterministic, internally consistent, OpenCart-shaped."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from sidecar import opencart
from sidecar.config import DbUrl
from sidecar.db import Database
from sidecar.demo_data import DemoDataFailed, StoreNotEmpty, Summary, generate

ORDERS = 2_000
SEED = 7
# An hour into today: the partial last day is generated too, and every store here shares this `now`.
NOW = datetime.now().replace(minute=0, second=0, microsecond=0)
GENERATED = ("order", "order_product", "order_option", "order_total", "order_history", "customer", "product",
             "product_option_value", "category_path", "return", "return_history", "review",
             "customer_transaction")
COMPLETE = 5


def make_store(make_database, seed: int, prefix: str = "oc_") -> tuple[Database, Summary]:
    db = Database(make_database(), prefix=prefix)
    return db, generate(db, ORDERS, seed, progress=False, now=NOW)


@pytest.fixture(scope="module")
def store(make_database) -> tuple[Database, Summary]:
    return make_store(make_database, SEED)


@pytest.fixture(scope="module")
def db(store) -> Database:
    return store[0]


def checksum(db: Database, table: str) -> str:
    rows = db.query(f"SELECT * FROM `{{p}}{table}`")
    return hashlib.sha256(repr(sorted(tuple(r.values()) for r in rows)).encode()).hexdigest()


def scalar(db: Database, sql: str, *args: object) -> object:
    row = db.query_one(sql, args or None)
    assert row is not None
    return next(iter(row.values()))


def url_string(url: DbUrl) -> str:
    auth = url.user + (f":{url.password}" if url.password else "")
    return f"mysql://{auth}@{url.host}:{url.port}/{url.database}"


# -- determinism ---------------------------------------------------------------------------------------------

def test_same_seed_gives_the_same_rows_whatever_the_prefix(db, make_database):
    twin, _ = make_store(make_database, SEED, prefix="rb_")
    assert {t: checksum(twin, t) for t in GENERATED} == {t: checksum(db, t) for t in GENERATED}


def test_another_seed_gives_other_rows(db, make_database):
    other, _ = make_store(make_database, SEED + 1)
    for table in ("order", "order_product"):
        assert checksum(other, table) != checksum(db, table)


# -- orders and their history --------------------------------------------------------------------------------

def test_summary_matches_the_tables(store):
    db, summary = store
    assert summary.orders == ORDERS == scalar(db, "SELECT COUNT(*) FROM `{p}order`")
    assert summary.order_products == scalar(db, "SELECT COUNT(*) FROM `{p}order_product`")
    assert summary.order_histories == scalar(db, "SELECT COUNT(*) FROM `{p}order_history`")
    assert summary.returns == scalar(db, "SELECT COUNT(*) FROM `{p}return`") > 0
    assert summary.reviews == scalar(db, "SELECT COUNT(*) FROM `{p}review`") > 0
    assert summary.customers == ORDERS // 10
    assert f"{ORDERS:,} orders" in str(summary)


def test_no_order_is_missing_its_status_or_history(db):
    assert scalar(db, "SELECT COUNT(*) FROM `{p}order` WHERE NOT order_status_id > 0") == 0
    assert scalar(db, "SELECT COUNT(*) FROM `{p}order` o WHERE NOT EXISTS "
                      "(SELECT 1 FROM `{p}order_history` h WHERE h.order_id = o.order_id)") == 0


def test_order_status_is_its_last_history_row(db):
    histories: dict[int, list[dict]] = defaultdict(list)
    for h in db.query("SELECT * FROM `{p}order_history` ORDER BY order_history_id"):
        histories[h["order_id"]].append(h)
    for order in db.query("SELECT order_id, order_status_id, date_added FROM `{p}order`"):
        rows = histories[order["order_id"]]
        assert rows[-1]["order_status_id"] == order["order_status_id"]
        assert (rows[0]["order_status_id"], rows[0]["date_added"]) == (1, order["date_added"])  # Pending


def test_history_times_increase_with_ids(db):
    last: dict[int, datetime] = {}
    for h in db.query("SELECT order_id, date_added FROM `{p}order_history` ORDER BY order_history_id"):
        assert h["date_added"] > last.get(h["order_id"], datetime.min)
        last[h["order_id"]] = h["date_added"]


@pytest.mark.parametrize("table", ["order", "order_history", "return", "review"])
def test_ids_grow_with_dates_as_in_a_real_store(db, table):
    dates = [r["date_added"] for r in db.query(f"SELECT date_added FROM `{{p}}{table}` ORDER BY {table}_id")]
    assert dates == sorted(dates)


def test_order_totals_add_up(db):
    totals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for t in db.query("SELECT order_id, code, value FROM `{p}order_total`"):
        assert t["code"] not in totals[t["order_id"]]
        totals[t["order_id"]][t["code"]] = t["value"]
    lines: dict[int, list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0)])
    for line in db.query("SELECT order_id, price, quantity, total, tax FROM `{p}order_product`"):
        assert line["total"] == line["price"] * line["quantity"]
        lines[line["order_id"]][0] += line["total"]
        lines[line["order_id"]][1] += line["tax"] * line["quantity"]
    for order in db.query("SELECT order_id, total FROM `{p}order`"):
        t = totals[order["order_id"]]
        subtotal, line_tax = lines[order["order_id"]]
        shipping_tax = (t["shipping"] * Decimal("0.08")).quantize(Decimal("0.01"))
        assert order["total"] == t["total"] == t["sub_total"] + t["shipping"] + t["tax"]
        assert (t["sub_total"], t["tax"]) == (subtotal, line_tax + shipping_tax)


def test_every_sized_line_has_its_option(db):
    rows = db.query(
        "SELECT op.order_product_id, po.product_option_id, oo.product_option_id AS chosen_option, "
        "  pov.product_option_id AS value_option, "
        "  (SELECT COUNT(*) FROM `{p}order_option` x "
        "   WHERE x.order_product_id = op.order_product_id) AS options "
        "FROM `{p}order_product` op "
        "LEFT JOIN `{p}product_option` po ON po.product_id = op.product_id "
        "LEFT JOIN `{p}order_option` oo ON oo.order_product_id = op.order_product_id "
        "LEFT JOIN `{p}product_option_value` pov ON pov.product_option_value_id = oo.product_option_value_id")
    sized = [r for r in rows if r["product_option_id"] is not None]
    assert sized and len(sized) < len(rows)  # both kinds of product are sold
    for r in rows:
        if r["product_option_id"] is None:
            assert r["options"] == 0
        else:
            assert r["options"] == 1
            assert r["chosen_option"] == r["value_option"] == r["product_option_id"]


def test_dates_are_within_the_past_year(db):
    for table in ("order", "order_history", "return", "return_history", "review", "customer_transaction"):
        row = db.query_one(f"SELECT MIN(date_added) AS low, MAX(date_added) AS high FROM `{{p}}{table}`")
        assert row is not None
        assert NOW - timedelta(days=366) <= row["low"] <= row["high"] <= NOW, table


def test_customers_sign_up_before_they_order(db):
    assert scalar(db, "SELECT COUNT(*) FROM `{p}order` o "
                      "JOIN `{p}customer` c ON c.customer_id = o.customer_id "
                      "WHERE c.date_added > o.date_added OR c.email <> o.email "
                      "OR c.customer_group_id <> o.customer_group_id") == 0
    assert scalar(db, "SELECT COUNT(*) FROM `{p}order` o WHERE o.customer_id > 0 AND NOT EXISTS "
                      "(SELECT 1 FROM `{p}customer` c WHERE c.customer_id = o.customer_id)") == 0


def test_the_store_looks_like_a_store(db):
    statuses = {r["order_status_id"]: r["n"] for r in db.query(
        "SELECT order_status_id, COUNT(*) AS n FROM `{p}order` GROUP BY order_status_id")}
    assert statuses[COMPLETE] > ORDERS * 0.7
    assert {1, 2, 3, 5, 7} <= set(statuses)  # recent Pending and Processing, Shipped, Canceled
    guests = scalar(db, "SELECT COUNT(*) FROM `{p}order` WHERE customer_id = 0")
    assert ORDERS * 0.1 < guests < ORDERS * 0.3
    groups = {r["customer_group_id"] for r in db.query("SELECT customer_group_id FROM `{p}customer`")}
    assert groups == {1, 2, 3}
    assert 150 <= scalar(db, "SELECT COUNT(*) FROM `{p}product`") <= 250
    recent = scalar(db, "SELECT COUNT(*) FROM `{p}order` WHERE date_added >= %s", NOW - timedelta(days=90))
    assert recent > ORDERS * 0.3  # more recent = more orders; a flat year would give ~25 %


# -- returns, reviews, catalog -------------------------------------------------------------------------------

def test_returns_are_for_lines_that_were_delivered(db):
    returns = db.query(
        "SELECT r.*, o.customer_id AS order_customer, DATE(o.date_added) AS order_date, "
        "  (SELECT SUM(op.quantity) FROM `{p}order_product` op "
        "   WHERE op.order_id = r.order_id AND op.product_id = r.product_id) AS ordered, "
        "  (SELECT MIN(h.date_added) FROM `{p}order_history` h "
        "   WHERE h.order_id = r.order_id AND h.order_status_id = 5) AS delivered "
        "FROM `{p}return` r JOIN `{p}order` o ON o.order_id = r.order_id")
    assert returns
    for r in returns:
        assert r["ordered"] is not None and 1 <= r["quantity"] <= r["ordered"]
        assert r["delivered"] is not None and r["date_added"] > r["delivered"]
        assert (r["customer_id"], r["date_ordered"]) == (r["order_customer"], r["order_date"])
        assert r["date_modified"] >= r["date_added"]
        if r["return_status_id"] == 3:  # Complete: refunded, credited or replaced
            assert r["return_action_id"] in (2, 3, 4)
    completed = scalar(db, "SELECT COUNT(DISTINCT order_id) FROM `{p}order_history` "
                           "WHERE order_status_id = 5")
    assert 0.01 < len(returns) / completed < 0.06


def test_each_return_has_one_history_row_with_its_status(db):
    assert scalar(db, "SELECT COUNT(*) FROM `{p}return` r WHERE (SELECT COUNT(*) FROM `{p}return_history` h "
                      "WHERE h.return_id = r.return_id AND h.return_status_id = r.return_status_id "
                      "AND h.date_added = r.date_modified) <> 1") == 0
    histories = scalar(db, "SELECT COUNT(*) FROM `{p}return_history`")
    assert histories == scalar(db, "SELECT COUNT(*) FROM `{p}return`")


def test_store_credit_goes_to_the_returning_customer_with_order_id_zero(db):
    credits = db.query(
        "SELECT t.*, r.customer_id AS returner, r.return_action_id FROM `{p}customer_transaction` t "
        "JOIN `{p}return` r ON t.description = CONCAT('Store credit for return #', r.return_id)")
    assert len(credits) == scalar(db, "SELECT COUNT(*) FROM `{p}customer_transaction`")
    for c in credits:
        assert (c["order_id"], c["return_action_id"], c["customer_id"]) == (0, 2, c["returner"])
        assert c["customer_id"] > 0 and c["amount"] > 0


def test_product_rating_is_the_rounded_average_of_approved_reviews(db):
    approved: dict[int, list[int]] = defaultdict(list)
    for r in db.query("SELECT product_id, rating FROM `{p}review` WHERE status = 1"):
        approved[r["product_id"]].append(r["rating"])
    rated = 0
    for p in db.query("SELECT product_id, rating FROM `{p}product`"):
        ratings = approved.get(p["product_id"], [])
        expected = int(Decimal(sum(ratings)) / len(ratings) + Decimal("0.5")) if ratings else 0  # half up
        assert p["rating"] == expected
        rated += bool(ratings)
    assert rated > 20


def test_reviews_look_like_storefront_reviews(db):
    reviews = db.query("SELECT * FROM `{p}review`")
    ratings = [r["rating"] for r in reviews]
    assert set(ratings) <= {1, 2, 3, 4, 5}
    assert sum(r >= 4 for r in ratings) > 0.55 * len(ratings)  # skewed positive
    assert 0 < sum(r["status"] == 0 for r in reviews) < 0.3 * len(reviews)  # some await moderation
    for r in reviews:
        assert 3 <= len(r["author"]) <= 25 and 25 <= len(r["text"]) <= 1000  # the storefront's limits
    completed_lines = scalar(db, "SELECT COUNT(*) FROM `{p}order_product` op WHERE EXISTS "
                                 "(SELECT 1 FROM `{p}order_history` h "
                                 " WHERE h.order_id = op.order_id AND h.order_status_id = 5)")
    assert 0.02 < len(reviews) / completed_lines < 0.08


def test_text_is_stored_html_encoded_like_form_input(db):
    texts = [r["t"] for r in db.query(
        "SELECT text AS t FROM `{p}review` UNION ALL SELECT comment FROM `{p}return` "
        "UNION ALL SELECT name FROM `{p}product_description` "
        "UNION ALL SELECT description FROM `{p}product_description` "
        "UNION ALL SELECT name FROM `{p}category_description` UNION ALL SELECT lastname FROM `{p}customer`")]
    joined = "\n".join(texts)
    assert "&amp;" in joined and "&quot;" in joined and "&lt;" in joined
    assert "'" in joined and "&#039;" not in joined  # ENT_COMPAT leaves single quotes alone
    entities = ("&amp;", "&quot;", "&lt;", "&gt;")
    for text in texts:
        assert not set(text) & set('"<>')
        for entity in entities:
            text = text.replace(entity, "")
        assert "&" not in text


def test_category_path_is_the_closure_of_parent_ids(db):
    parents = {c["category_id"]: c["parent_id"] for c in db.query("SELECT * FROM `{p}category`")}
    expected = set()
    for category in parents:
        chain = [category]
        while parents[chain[-1]]:
            chain.append(parents[chain[-1]])
        expected |= {(category, ancestor, level) for level, ancestor in enumerate(reversed(chain))}
    rows = db.query("SELECT * FROM `{p}category_path`")
    actual = {(r["category_id"], r["path_id"], r["level"]) for r in rows}
    assert actual == expected
    assert max(level for _, _, level in actual) == 2


# -- running it again, and failures --------------------------------------------------------------------------

def demo_data_command(url: DbUrl, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REBOUND_DB_URL": url_string(url)}
    env.pop("REBOUND_DB_PREFIX", None)  # the default, oc_
    return subprocess.run([sys.executable, "-m", "sidecar.cli", "demo-data", *args], env=env,
                          capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)


def test_the_command_refuses_a_store_with_orders_unless_appending(make_database):
    url = make_database()
    done = demo_data_command(url, "--orders", "300")
    assert done.returncode == 0, done.stderr
    assert "300 orders" in done.stdout and "300/300 orders written" in done.stderr  # not a terminal

    again = demo_data_command(url, "--orders", "300")
    assert again.returncode == 1 and "already has orders" in again.stderr

    db = Database(url)
    with pytest.raises(StoreNotEmpty):
        generate(db, 10, 1, progress=False)
    more = generate(db, 100, 2, progress=False, now=NOW, append=True)
    assert (more.products, more.categories) == (0, 0)  # the existing catalog is reused
    assert scalar(db, "SELECT COUNT(*) FROM `{p}order`") == 400
    assert scalar(db, "SELECT MIN(order_id) FROM `{p}order` WHERE date_added < %s", NOW) == 1
    assert scalar(db, "SELECT COUNT(*) FROM `{p}order_product`") == \
        scalar(db, "SELECT MAX(order_product_id) FROM `{p}order_product`")  # ids continue, no gaps


def test_a_failed_write_is_one_clear_error_not_a_hang(make_database):
    db = Database(make_database())
    opencart.load(db)
    db.execute("CREATE TRIGGER refuse BEFORE INSERT ON `{p}order_total` FOR EACH ROW "
               "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'disk full'")
    with pytest.raises(DemoDataFailed, match="disk full"):
        generate(db, 5_000, 1, progress=False, now=NOW)


def test_loading_the_schema_twice_changes_nothing(db):
    tables = ("setting", "order_status", "return_status", "return_reason", "return_action", "language",
              "currency", "customer_group", "customer_group_description")
    before = {t: checksum(db, t) for t in tables}
    opencart.load(db)
    assert {t: checksum(db, t) for t in tables} == before
    keys = [r["key"] for r in db.query("SELECT `key` FROM `{p}setting` WHERE store_id = 0")]
    assert len(keys) == len(set(keys))
    row = db.query_one("SELECT value, serialized FROM `{p}setting` WHERE `key` = 'config_complete_status'")
    assert row == {"value": '["5","3"]', "serialized": 1}
