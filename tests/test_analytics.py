"""Analytics against a hand-built store with known answers (docs/analytics-api.md).

Every number is either computed by hand below (the comments show the arithmetic) or by a hand-written SQL
over OpenCart's own tables, never through the summary tables the API reads.
"""

import csv
import io
import json

import pytest
from conftest import SECRET

from sidecar import signing
from sidecar.analytics.summary import refresh

BASE = "/v1/admin/analytics"
NOV = "from=2026-11-01&to=2026-11-30"
SOLD_SQL = "o.order_status_id > 0 AND o.order_status_id NOT IN (7, 8, 10, 12, 13, 14, 16)"
POLICY = {"version": 1, "serial_returner": {"min_returns": 2, "min_return_rate_percent": "50"}}


def get(client, path: str):
    return client.get(path, headers=signing.headers(SECRET, "GET", path))


def ok(client, path: str) -> dict:
    answer = get(client, path)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.json


def rows_of_csv(client, path: str) -> list[dict]:
    answer = get(client, path)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))


def _order(db, order_id, store_id, customer_id, email, status, added, lines, firstname="Ann"):
    db.execute(
        "INSERT INTO `{p}order` (order_id, store_id, store_name, customer_id, customer_group_id, firstname, lastname, "
        "email, total, order_status_id, language_id, currency_code, currency_value, date_added, date_modified) "
        "VALUES (%s, %s, 'Shop', %s, 1, %s, 'X', %s, 0, %s, 1, 'USD', 1, %s, %s)",
        (order_id, store_id, customer_id, firstname, email, status, added, added))
    for product_id, quantity, price in lines:
        db.execute("INSERT INTO `{p}order_product` (order_id, product_id, name, model, quantity, price, total, tax) "
                   "VALUES (%s, %s, 'P', 'M', %s, %s, %s, 0)", (order_id, product_id, quantity, price, price * quantity))
    if status:
        db.execute("INSERT INTO `{p}order_history` (order_id, order_status_id, notify, comment, date_added) "
                   "VALUES (%s, %s, 0, '', %s)", (order_id, status, added))


def _return(db, return_id, order_id, product_id, quantity, reason_id, status_id, added, comment=""):
    db.execute("INSERT INTO `{p}return` (return_id, order_id, product_id, quantity, return_reason_id, "
               "return_status_id, comment, date_added, date_modified) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
               (return_id, order_id, product_id, quantity, reason_id, status_id, comment, added, added))
    db.execute("INSERT INTO `{p}return_history` (return_id, return_status_id, notify, comment, date_added) "
               "VALUES (%s, %s, 0, '', %s)", (return_id, status_id, added))


def _case(db, case_id, order_id, customer_id, email, store_id, status, created, history, line, *, refund=0,
          credit=0, exchange=0, serial=0):
    db.execute(
        "INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, store_id, order_id, customer_id, email, "
        "status, refund_amount, credit_amount, exchange_value, serial_returner, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (case_id, f"REF{case_id:05d}", f"00000000-0000-4000-8000-{case_id:012d}", store_id, order_id, customer_id,
         email, status, refund, credit, exchange, serial, created, created))
    for state, at in [("requested", created), *history]:
        db.execute("INSERT INTO `{p}rebound_case_history` (case_id, status, action, actor, created_at) "
                   "VALUES (%s, %s, 'x', 'test', %s)", (case_id, state, at))
    product_id, quantity, return_id, resolution = line
    db.execute("INSERT INTO `{p}rebound_case_line` (case_id, order_id, order_product_id, product_id, quantity, "
               "reason_id, resolution, return_id) VALUES (%s, %s, 0, %s, %s, 1, %s, %s)",
               (case_id, order_id, product_id, quantity, resolution, return_id))


def _survey(db, email_id, kind, score, store_id, case_id, order_id, at):
    db.execute("INSERT INTO `{p}rebound_survey_answer` (email_id, kind, store_id, case_id, order_id, score, "
               "event_uuid, answered_at) VALUES (%s, %s, %s, %s, %s, %s, UUID(), %s)",
               (email_id, kind, store_id, case_id, order_id, score, at))


def _photo(db, photo_id, kind, owner_id, status="approved", at="2026-11-20 00:00:00"):
    db.execute("INSERT INTO `{p}rebound_photo` (photo_id, kind, owner_id, file, thumb, mime, width, height, bytes, "
               "status, created_at) VALUES (%s, %s, %s, 'f', 't', 'image/jpeg', 1, 1, 1, %s, %s)",
               (photo_id.ljust(32, "0"), kind, owner_id, status, at))


def build_shop(db):
    """The store the tests' comments describe: Berlin time, two stores, three products in a category tree."""
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) VALUES "
               "(0, 'config', 'config_timezone', 'Europe/Berlin', 0), "
               "(0, 'module_rebound', 'module_rebound_policy', %s, 1)", (json.dumps(POLICY),))
    db.execute("INSERT INTO `{p}return_status` (return_status_id, language_id, name) VALUES (4, 1, 'Rejected')")
    db.execute("INSERT INTO `{p}customer` (customer_id, customer_group_id, store_id, language_id, firstname, lastname, "
               "email, status, date_added) VALUES (1, 1, 0, 1, 'Ann', 'Lee', 'ann@example.com', 1, NOW()), "
               "(2, 1, 0, 1, '=Bob', 'Stone', 'bob@example.com', 1, NOW())")
    db.execute("INSERT INTO `{p}product` (product_id, model, price, status) VALUES (40, 'TEE', 10, 1), "
               "(41, 'MUG', 5, 1), (42, '-SHOE', 50, 1)")
    db.execute("INSERT INTO `{p}product_description` (product_id, language_id, name) VALUES (40, 1, 'Tee'), "
               "(41, 1, 'Mug'), (42, 1, '=Shoe &amp; sock')")
    db.execute("INSERT INTO `{p}category_description` (category_id, language_id, name) VALUES (20, 1, 'Clothing'), "
               "(21, 1, 'Tops'), (22, 1, 'Kitchen')")
    db.execute("INSERT INTO `{p}category_path` (category_id, path_id, level) VALUES (20, 20, 0), (21, 20, 0), "
               "(21, 21, 1), (22, 22, 0)")
    db.execute("INSERT INTO `{p}product_to_category` VALUES (40, 21), (41, 22), (42, 21)")
    db.execute("INSERT INTO `{p}product_to_store` VALUES (40, 0), (41, 0), (41, 1), (42, 0)")
    # Orders (store-local dates). Sold in November: 1, 2, 3, 7; 4 is Canceled, 5 is a missing order (status 0).
    _order(db, 1, 0, 1, "ann@example.com", 5, "2026-11-02 10:00:00", [(40, 2, 10), (41, 1, 5)])
    _order(db, 2, 0, 2, "bob@example.com", 5, "2026-11-03 12:00:00", [(40, 3, 10), (42, 1, 50)], "=Bob")
    _order(db, 3, 1, 0, "guest@example.com", 5, "2026-11-10 09:00:00", [(41, 4, 5)], "Gus")
    _order(db, 4, 0, 1, "ann@example.com", 7, "2026-11-10 15:00:00", [(40, 5, 10)])
    _order(db, 5, 0, 2, "bob@example.com", 0, "2026-11-11 08:00:00", [(40, 7, 10)], "=Bob")
    _order(db, 6, 0, 2, "bob@example.com", 5, "2026-10-20 10:00:00", [(40, 1, 10)], "=Bob")
    _order(db, 7, 0, 1, "ann@example.com", 5, "2026-11-20 10:00:00", [(41, 1, 5)])
    # Returns: 1, 2, 4 count in November's cohort; 3 is Rejected, 5 is on a cancelled order, 6 on October's.
    _return(db, 1, 1, 40, 1, 2, 3, "2026-11-15 10:00:00", "Runs small")
    _return(db, 2, 2, 40, 2, 1, 2, "2026-11-12 09:00:00", "=HYPERLINK(\"http://x\")")
    _return(db, 3, 2, 42, 1, 4, 4, "2026-11-13 11:00:00")
    _return(db, 4, 3, 41, 1, 2, 1, "2026-11-14 11:00:00")
    _return(db, 5, 4, 40, 1, 5, 1, "2026-11-16 11:00:00")
    _return(db, 6, 6, 40, 1, 5, 3, "2026-10-25 11:00:00")
    # Cases (UTC). Closed in November: 1 after 96 h, 3 after 12 h, 4 after 48 h; 2 is open and over two SLAs.
    _case(db, 1, 1, 1, "ann@example.com", 0, "refunded", "2026-11-15 09:00:00",
          [("approved", "2026-11-15 10:00:00"), ("received", "2026-11-18 09:00:00"), ("refunded", "2026-11-19 09:00:00")],
          (40, 1, 1, "refund"), refund=10)
    _case(db, 2, 2, 2, "bob@example.com", 0, "received", "2026-11-12 08:00:00",
          [("approved", "2026-11-15 08:00:00"), ("received", "2026-11-16 08:00:00")], (40, 2, 2, "exchange"),
          exchange=20)
    _case(db, 3, 2, 2, "bob@example.com", 0, "rejected", "2026-11-13 10:00:00",
          [("rejected", "2026-11-13 22:00:00")], (42, 1, 3, "refund"), serial=1)
    _case(db, 4, 3, 0, "Guest@example.com", 1, "credited", "2026-11-14 10:00:00",
          [("approved", "2026-11-14 11:00:00"), ("credited", "2026-11-16 10:00:00")], (41, 1, 4, "store_credit"),
          credit=6)
    _case(db, 5, 6, 2, "bob@example.com", 0, "refunded", "2026-10-25 10:00:00",
          [("refunded", "2026-10-26 10:00:00")], (40, 1, 6, "refund"), refund=10)
    # 23:30 UTC on 30 November is 00:30 on 1 December in Berlin: not November's.
    _case(db, 6, 7, 1, "ann@example.com", 0, "requested", "2026-11-30 23:30:00", [], (41, 1, 0, "refund"), refund=5)
    _survey(db, 1, "csat", 5, 0, 1, 1, "2026-11-20 10:00:00")
    _survey(db, 2, "csat", 2, 1, 4, 3, "2026-11-17 10:00:00")
    _survey(db, 3, "csat", 1, 0, 3, 2, "2026-11-14 10:00:00")
    _survey(db, 4, "csat", 4, 0, 5, 6, "2026-10-28 10:00:00")
    _survey(db, 5, "nps", 10, 0, 0, 1, "2026-11-18 10:00:00")
    _survey(db, 6, "nps", 9, 0, 0, 2, "2026-11-18 11:00:00")
    _survey(db, 7, "nps", 7, 0, 0, 7, "2026-11-25 10:00:00")
    _survey(db, 8, "nps", 3, 1, 0, 3, "2026-11-21 10:00:00")
    for review_id, product_id, rating, text, added in [
            (1, 40, 2, "Too small", "2026-11-05 10:00:00"), (2, 41, 5, "Lovely", "2026-11-06 10:00:00"),
            (3, 40, 4, "Fine", "2026-11-21 10:00:00"), (4, 42, 1, "Broke", "2026-11-22 10:00:00"),
            (5, 41, 3, "Meh", "2026-10-15 10:00:00")]:
        db.execute("INSERT INTO `{p}review` (review_id, product_id, customer_id, author, text, rating, status, "
                   "date_added, date_modified) VALUES (%s, %s, 0, 'A', %s, %s, 1, %s, %s)",
                   (review_id, product_id, text, rating, added, added))
    _photo(db, "a1", "review", 1)
    _photo(db, "a2", "review", 1)
    _photo(db, "a3", "review", 3, status="rejected")
    _photo(db, "a4", "review", 4)
    _photo(db, "b1", "return", 2, at="2026-11-21 00:00:00")
    refresh(db)
    return db


@pytest.fixture(scope="module")
def shop_app(make_database):
    """One shop for the tests that only read it (building a store takes seconds)."""
    from conftest import PREVIOUS_SECRET, url_string

    from sidecar import opencart
    from sidecar.app import create_app
    from sidecar.db import Database
    from sidecar.migrate import migrate

    db = Database(make_database(), prefix="oc_")
    opencart.load(db)
    migrate(db)
    build_shop(db)
    app = create_app({"REBOUND_ENV": {"REBOUND_DB_URL": url_string(db.url), "REBOUND_SECRET": SECRET,
                                      "REBOUND_SECRET_PREVIOUS": PREVIOUS_SECRET}})
    return db, app


@pytest.fixture
def shop(shop_app):
    return shop_app[0]


@pytest.fixture
def shop_client(shop_app):
    return shop_app[1].test_client()


@pytest.fixture
def own_shop(store_db):
    """A shop of the test's own, for tests that change it."""
    return build_shop(store_db)


# -- return rate ------------------------------------------------------------------------------------------

def test_return_rate_totals_by_order_cohort(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/return-rate?{NOV}")
    # sold 2+1 (order 1) + 3+1 (order 2) + 4 (order 3) + 1 (order 7) = 12; returned 1 + 2 + 1 = 4
    assert body["totals"] == {"units_sold": 12, "units_returned": 4, "return_rate": 33.33}
    hand = shop.query_one(
        "SELECT SUM(op.quantity) AS n FROM `{p}order` o JOIN `{p}order_product` op ON op.order_id = o.order_id "
        f"WHERE {SOLD_SQL} AND o.date_added >= '2026-11-01' AND o.date_added < '2026-12-01'")
    assert body["totals"]["units_sold"] == int(hand["n"])
    hand = shop.query_one(
        "SELECT SUM(r.quantity) AS n FROM `{p}return` r JOIN `{p}order` o ON o.order_id = r.order_id "
        f"WHERE {SOLD_SQL} AND r.return_status_id <> 4 AND o.date_added >= '2026-11-01' "
        "AND o.date_added < '2026-12-01'")
    assert body["totals"]["units_returned"] == int(hand["n"])
    assert body["filters"]["timezone"] == "Europe/Berlin"
    assert body["freshness"]["summary_refreshed_at"] is not None and body["as_of"]


def test_return_rate_by_week_matches_hand_sql(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/return-rate?{NOV}&period=week")
    # Every ISO week touching November, Mondays, oldest first, zeros included.
    assert [r["period"] for r in body["rows"]] == ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16",
                                                   "2026-11-23", "2026-11-30"]
    sold = {str(r["wk"]): int(r["n"]) for r in shop.query(
        "SELECT DATE(o.date_added) - INTERVAL WEEKDAY(o.date_added) DAY AS wk, SUM(op.quantity) AS n "
        "FROM `{p}order` o JOIN `{p}order_product` op ON op.order_id = o.order_id "
        f"WHERE {SOLD_SQL} AND o.date_added >= '2026-11-01' AND o.date_added < '2026-12-01' GROUP BY wk")}
    back = {str(r["wk"]): int(r["n"]) for r in shop.query(
        "SELECT DATE(o.date_added) - INTERVAL WEEKDAY(o.date_added) DAY AS wk, SUM(r.quantity) AS n "
        "FROM `{p}return` r JOIN `{p}order` o ON o.order_id = r.order_id "
        f"WHERE {SOLD_SQL} AND r.return_status_id <> 4 AND o.date_added >= '2026-11-01' "
        "AND o.date_added < '2026-12-01' GROUP BY wk")}
    for row in body["rows"]:
        assert row["units_sold"] == sold.get(row["period"], 0)
        assert row["units_returned"] == back.get(row["period"], 0)
    assert body["rows"][1] == {"period": "2026-11-02", "units_sold": 7, "units_returned": 3, "return_rate": 42.86}


def test_return_rate_by_month_and_day(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/return-rate?from=2026-10-01&to=2026-11-30&period=month")
    assert body["rows"] == [
        {"period": "2026-10", "units_sold": 1, "units_returned": 1, "return_rate": 100.0},
        {"period": "2026-11", "units_sold": 12, "units_returned": 4, "return_rate": 33.33}]
    body = ok(shop_client, f"{BASE}/return-rate?from=2026-11-02&to=2026-11-03&period=day")
    assert body["rows"] == [
        {"period": "2026-11-02", "units_sold": 3, "units_returned": 1, "return_rate": 33.33},
        {"period": "2026-11-03", "units_sold": 4, "units_returned": 2, "return_rate": 50.0}]


def test_return_rate_by_product_and_category(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/return-rate?{NOV}&by=product")
    assert body["rows"] == [
        {"product_id": 40, "name": "Tee", "model": "TEE", "units_sold": 5, "units_returned": 3, "return_rate": 60.0},
        {"product_id": 41, "name": "Mug", "model": "MUG", "units_sold": 6, "units_returned": 1, "return_rate": 16.67},
        {"product_id": 42, "name": "=Shoe & sock", "model": "-SHOE", "units_sold": 1, "units_returned": 0,
         "return_rate": 0.0}]
    body = ok(shop_client, f"{BASE}/return-rate?{NOV}&by=category")
    assert body["rows"] == [
        {"category_id": 21, "name": "Tops", "units_sold": 6, "units_returned": 3, "return_rate": 50.0},
        {"category_id": 22, "name": "Kitchen", "units_sold": 6, "units_returned": 1, "return_rate": 16.67}]
    assert ok(shop_client, f"{BASE}/return-rate?{NOV}&by=product&limit=1")["rows"][0]["product_id"] == 40


@pytest.mark.parametrize("query, expected", [
    ("store_id=0", (8, 3, 37.5)),  # orders 1, 2, 7: 3 + 4 + 1 sold; returns 1 and 2
    ("store_id=1", (4, 1, 25.0)),  # order 3
    ("category_id=20", (6, 3, 50.0)),  # the subtree: Tops holds 40 and 42
    ("category_id=21", (6, 3, 50.0)),
    ("category_id=22", (6, 1, 16.67)),
    ("store_id=0&category_id=22", (2, 0, 0.0)),
    ("category_id=999", (0, 0, 0.0)),
])
def test_filters_change_the_numbers(shop_client, shop, query, expected) -> None:
    totals = ok(shop_client, f"{BASE}/return-rate?{NOV}&{query}")["totals"]
    assert (totals["units_sold"], totals["units_returned"], totals["return_rate"]) == expected


def test_date_range_moves_the_cohort(shop_client, shop) -> None:
    # Orders of 1-3 November: 1 and 2. Return 4 (order of 10 November, asked on the 14th) is not theirs.
    totals = ok(shop_client, f"{BASE}/return-rate?from=2026-11-01&to=2026-11-03")["totals"]
    assert (totals["units_sold"], totals["units_returned"]) == (7, 3)
    totals = ok(shop_client, f"{BASE}/return-rate?from=2026-10-20&to=2026-10-20")["totals"]
    assert (totals["units_sold"], totals["units_returned"]) == (1, 1)


# -- reasons, unusual products, insight -------------------------------------------------------------------

def test_reasons_over_time(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/reasons?{NOV}&period=month")
    assert body["reasons"] == [
        {"reason_id": 1, "name": "Dead On Arrival", "units": 2, "share": 50.0},
        {"reason_id": 2, "name": "Received Wrong Item", "units": 2, "share": 50.0}]
    assert body["rows"] == [
        {"period": "2026-11", "reason_id": 1, "reason": "Dead On Arrival", "units": 2, "share": 50.0},
        {"period": "2026-11", "reason_id": 2, "reason": "Received Wrong Item", "units": 2, "share": 50.0}]
    hand = {int(r["return_reason_id"]): int(r["n"]) for r in shop.query(
        "SELECT r.return_reason_id, SUM(r.quantity) AS n FROM `{p}return` r JOIN `{p}order` o "
        f"ON o.order_id = r.order_id WHERE {SOLD_SQL} AND r.return_status_id <> 4 "
        "AND o.date_added >= '2026-11-01' AND o.date_added < '2026-12-01' GROUP BY r.return_reason_id")}
    assert {r["reason_id"]: r["units"] for r in body["reasons"]} == hand


def test_unusual_products(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/unusual-products?{NOV}")
    assert body["rows"] == [] and body["min_units"] == 30  # nothing sold 30 units
    body = ok(shop_client, f"{BASE}/unusual-products?{NOV}&min_units=5&margin=10")
    # store 4/12 = 33.33 %; Tee 3/5 = 60 % ≥ 43.33 %; excess 3 − 5 × 4/12 = 1.33 → 1. Mug 16.67 % is not.
    assert body["store_return_rate"] == 33.33
    assert body["rows"] == [{"product_id": 40, "name": "Tee", "model": "TEE", "units_sold": 5, "units_returned": 3,
                             "return_rate": 60.0, "excess_units": 1, "top_reason": "Dead On Arrival"}]
    assert ok(shop_client, f"{BASE}/unusual-products?{NOV}&min_units=5&margin=27")["rows"] == []  # 60 < 33.33 + 27


def test_product_insight(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/products/40/insight?{NOV}")
    assert body["product"] == {"product_id": 40, "name": "Tee", "model": "TEE"}
    assert (body["units_sold"], body["units_returned"], body["return_rate"], body["store_return_rate"]) == \
        (5, 3, 60.0, 33.33)
    assert body["reasons"] == [{"reason_id": 1, "name": "Dead On Arrival", "units": 2, "share": 66.67},
                               {"reason_id": 2, "name": "Received Wrong Item", "units": 1, "share": 33.33}]
    assert [(c["source"], c.get("return_id") or c.get("review_id"), c["text"]) for c in body["comments"]] == [
        ("return", 1, "Runs small"), ("return", 2, '=HYPERLINK("http://x")'), ("review", 1, "Too small")]
    assert body["comments"][0]["case_id"] == 1 and body["comments"][0]["reason"] == "Received Wrong Item"
    assert sorted((p["kind"], p["photo_id"][:2]) for p in body["photos"]) == [
        ("return", "b1"), ("review", "a1"), ("review", "a2")]  # a3 was rejected
    assert get(shop_client, f"{BASE}/products/999/insight").status_code == 404


def test_product_insight_leaves_hidden_photos_out_and_says_which_are_pending(client, own_shop) -> None:
    own_shop.execute("UPDATE `{p}rebound_photo` SET status = 'hidden' WHERE photo_id LIKE %s", ("a2%",))
    own_shop.execute("UPDATE `{p}rebound_photo` SET status = 'pending' WHERE photo_id LIKE %s", ("a1%",))
    photos = ok(client, f"{BASE}/products/40/insight?{NOV}")["photos"]
    assert sorted((p["kind"], p["photo_id"][:2], p["status"]) for p in photos) == [
        ("return", "b1", "approved"), ("review", "a1", "pending")]  # a2 hidden by the owner, a3 rejected


# -- cases ---------------------------------------------------------------------------------------------------

def test_resolutions(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/resolutions?{NOV}")
    assert body["rows"] == [
        {"resolution": "refund", "cases": 1, "units": 1, "value": "10.00"},
        {"resolution": "exchange", "cases": 0, "units": 0, "value": "0.00"},
        {"resolution": "store_credit", "cases": 1, "units": 1, "value": "6.00"},
        {"resolution": "rejected", "cases": 1, "units": 1, "value": "0.00"},
        {"resolution": "open", "cases": 1, "units": 2, "value": "20.00"}]
    assert (body["value_kept"], body["value_kept_share"]) == ("6.00", 37.5)  # 6 / (10 + 6)
    # The case of 23:30 UTC on 30 November belongs to 1 December in Berlin.
    december = ok(shop_client, f"{BASE}/resolutions?from=2026-12-01&to=2026-12-01")
    assert december["rows"][4] == {"resolution": "open", "cases": 1, "units": 1, "value": "5.00"}
    assert ok(shop_client, f"{BASE}/resolutions?{NOV}&store_id=1")["rows"][2]["cases"] == 1
    assert sum(r["cases"] for r in ok(shop_client, f"{BASE}/resolutions?{NOV}&category_id=22")["rows"]) == 1


def test_resolution_time_and_sla(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/resolution-time?{NOV}&period=month")
    # closed: case 3 after 12 h, 4 after 48 h, 1 after 96 h → nearest-rank median 48, p90 96, average 52
    assert (body["closed"], body["median_hours"], body["p90_hours"], body["average_hours"]) == (3, 48.0, 96.0, 52.0)
    # case 2: requested for 72 h (> 48 h) and received since 16 November (> 72 h), still open
    assert body["sla"] == {"requested_hours": 48, "approved_days": 14, "received_hours": 72, "breaches": 1,
                           "by_stage": {"requested": 1, "approved": 0, "received": 1}, "open_breaching": 1}
    assert body["rows"] == [{"period": "2026-11", "closed": 3, "median_hours": 48.0, "p90_hours": 96.0,
                             "breaches": 1}]


def test_returners_with_the_serial_signal(shop_client, shop) -> None:
    rows = ok(shop_client, f"{BASE}/returners?{NOV}")["rows"]
    assert rows == [
        # Bob: cases 2 and 3, 2 + 1 units; bought 3 + 1 in order 2 (order 5 is missing, order 6 is October's)
        {"customer_id": 2, "name": "=Bob Stone", "email": "bob@example.com", "cases": 2, "units_returned": 3,
         "units_bought": 4, "return_rate": 75.0, "value_returned": "20.00", "serial_returner": True,
         "flagged_cases": 1},
        # Ann: orders 1 and 7 (order 4 is cancelled); before the guest on the tie, her case came first
        {"customer_id": 1, "name": "Ann Lee", "email": "ann@example.com", "cases": 1, "units_returned": 1,
         "units_bought": 4, "return_rate": 25.0, "value_returned": "10.00", "serial_returner": False,
         "flagged_cases": 0},
        {"customer_id": 0, "name": "Gus X", "email": "Guest@example.com", "cases": 1, "units_returned": 1,
         "units_bought": 4, "return_rate": 25.0, "value_returned": "6.00", "serial_returner": False,
         "flagged_cases": 0}]
    assert [r["customer_id"] for r in ok(shop_client, f"{BASE}/returners?{NOV}&limit=1")["rows"]] == [2]


def test_returners_value_is_the_outcome_not_every_amount_computed(client, own_shop) -> None:
    db = own_shop
    # A case keeps the refund computed when it was asked: case 4 was asked as a refund (5) and closed as
    # credit (6); case 3 was asked as a refund (50) and rejected.
    db.execute("UPDATE `{p}rebound_case` SET refund_amount = 5 WHERE case_id = 4")
    db.execute("UPDATE `{p}rebound_case` SET refund_amount = 50 WHERE case_id = 3")
    refresh(db, full=True)
    rows = {r["customer_id"]: r["value_returned"] for r in ok(client, f"{BASE}/returners?{NOV}")["rows"]}
    # Bob: case 2 open with its exchange (20) + case 3 rejected (0); the guest: case 4's credit only
    assert rows == {2: "20.00", 1: "10.00", 0: "6.00"}
    outcomes = {r["resolution"]: r["value"] for r in ok(client, f"{BASE}/resolutions?{NOV}")["rows"]}
    assert sum(float(v) for v in outcomes.values()) == sum(float(v) for v in rows.values())


def test_repeat_purchase(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/repeat-purchase?{NOV}&period=month")
    # Ann (first case 15 Nov) ordered again on 20 Nov; Bob and the guest did not.
    assert (body["customers"], body["bought_again"], body["rate"]) == (3, 1, 33.33)
    assert body["rows"] == [{"period": "2026-11", "customers": 3, "bought_again": 1, "rate": 33.33}]


# -- surveys and reviews ---------------------------------------------------------------------------------

def test_satisfaction(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/satisfaction?{NOV}&period=month")
    assert body["csat"] == {"average": 2.67, "count": 3,  # (5 + 2 + 1) / 3
                            "distribution": {"1": 1, "2": 1, "3": 0, "4": 0, "5": 1}}
    # promoters 10, 9; passive 7; detractor 3 → 50 % − 25 %
    assert body["nps"] == {"score": 25.0, "count": 4, "promoters": 2, "passives": 1, "detractors": 1}
    assert body["rows"] == [{"period": "2026-11", "csat_average": 2.67, "csat_count": 3, "nps": 25.0, "nps_count": 4}]
    store1 = ok(shop_client, f"{BASE}/satisfaction?{NOV}&store_id=1")
    assert (store1["csat"]["average"], store1["nps"]["score"]) == (2.0, -100.0)
    # category 22 (Mug): case 4's CSAT and the NPS of orders 1, 3 and 7, which hold a mug
    kitchen = ok(shop_client, f"{BASE}/satisfaction?{NOV}&category_id=22")
    assert (kitchen["csat"]["count"], kitchen["nps"]["count"]) == (1, 3)


def test_survey_days_follow_the_offset_of_their_own_date_across_a_dst_change(client, own_shop) -> None:
    """Berlin: summer time (UTC+2) until 2026-10-25 01:00 UTC, then UTC+1. Each answer is put on its own local
    day; one offset for the whole range would move the summer one to the day before."""
    _survey(own_shop, 901, "csat", 5, 0, 0, 1, "2026-10-10 22:30:00")  # 00:30 on 11 October in Berlin
    _survey(own_shop, 902, "csat", 1, 0, 0, 1, "2026-10-30 23:30:00")  # 00:30 on 31 October
    body = ok(client, f"{BASE}/satisfaction?from=2026-10-01&to=2026-10-31&period=day")
    days = {r["period"]: r["csat_count"] for r in body["rows"] if r["csat_count"]}
    assert (days.get("2026-10-10"), days.get("2026-10-11"), days.get("2026-10-30"), days.get("2026-10-31")) == (
        None, 1, None, 1)


def test_reviews_photo_rate(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/reviews?{NOV}&period=month")
    # reviews 1-4; with a photo that is not rejected: 1 (two) and 4 (one)
    assert (body["count"], body["with_photos"], body["photos"], body["photo_rate"]) == (4, 2, 3, 50.0)
    assert ok(shop_client, f"{BASE}/reviews?{NOV}&store_id=1")["count"] == 1  # only the mug is sold in store 1
    clothing = ok(shop_client, f"{BASE}/reviews?{NOV}&category_id=20")
    assert (clothing["count"], clothing["with_photos"], clothing["photo_rate"]) == (3, 2, 66.67)


def test_overview_agrees_with_the_routes(shop_client, shop) -> None:
    body = ok(shop_client, f"{BASE}/overview?{NOV}")
    # sales value: 20 + 5 (order 1) + 30 + 50 (order 2) + 20 (order 3) + 5 (order 7)
    assert body["sales"] == {"units_sold": 12, "units_returned": 4, "return_rate": 33.33, "sales_value": "130.00"}
    assert body["cases"] == {"count": 4, "open": 1, "refund_value": "10.00", "credit_value": "6.00",
                             "exchange_value": "0.00", "value_kept": "6.00"}
    assert body["resolution_time"] == {"closed": 3, "median_hours": 48.0, "p90_hours": 96.0, "sla_breaches": 1}
    assert body["satisfaction"] == {"csat_average": 2.67, "csat_count": 3, "nps": 25.0, "nps_count": 4}
    assert body["reviews"] == {"count": 4, "with_photos": 2, "photo_rate": 50.0}
    assert body["unusual_products"] == 0


# -- CSV ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("route", ["return-rate?by=period", "return-rate?by=product", "return-rate?by=category",
                                   "reasons?period=day", "resolutions?", "resolution-time?", "returners?",
                                   "reviews?", "satisfaction?", "repeat-purchase?",
                                   "unusual-products?min_units=1&margin=0"])
def test_csv_matches_json(shop_client, shop, route) -> None:
    sep = "" if route.endswith("?") else "&"
    body = ok(shop_client, f"{BASE}/{route}{sep}{NOV}")
    table = rows_of_csv(shop_client, f"{BASE}/{route}{sep}{NOV}&format=csv")
    assert len(table) == len(body["rows"]) > 0
    for got, want in zip(table, body["rows"]):
        assert set(got) == set(want)  # the same columns (Flask sorts JSON keys; CSV keeps the doc's order)
        for key, value in want.items():
            text = got[key]
            if isinstance(value, bool):
                assert text == str(value).lower()
            elif isinstance(value, (int, float)):
                assert float(text) == value
            elif value is None:
                assert text == ""
            else:
                assert text.lstrip("'") == value


def test_csv_escapes_formula_cells(shop_client, shop) -> None:
    answer = get(shop_client, f"{BASE}/return-rate?{NOV}&by=product&format=csv")
    text = answer.get_data(as_text=True)
    assert "\r\n" in text and answer.headers["Content-Disposition"] == \
        'attachment; filename="rebound-return-rate-2026-11-01-2026-11-30.csv"'
    assert "42,'=Shoe & sock,'-SHOE,1,0,0.0" in text
    returners = get(shop_client, f"{BASE}/returners?{NOV}&format=csv").get_data(as_text=True)
    assert "2,'=Bob Stone,bob@example.com,2,3,4,75.0,20.00,true,1" in returners


# -- bad input, empty store, freshness ---------------------------------------------------------------------

@pytest.mark.parametrize("query, fields", [
    ("from=2026-13-01", {"from": "Use a date as YYYY-MM-DD."}),
    ("to=yesterday", {"to": "Use a date as YYYY-MM-DD."}),
    ("from=2026-11-30&to=2026-11-01", {"from": "Must not be after `to`."}),
    ("from=2020-01-01&to=2026-11-30", {"to": "The range may span at most 1096 days."}),
    ("store_id=-1&category_id=x", {"store_id": "Must be a whole number, 0 or more.",
                                   "category_id": "Must be a whole number, 0 or more."}),
    ("period=year", {"period": "Must be one of: day, week, month."}),
    ("by=customer", {"by": "Must be one of: period, product, category."}),
    ("limit=0", {"limit": "Must be a whole number from 1 to 1000."}),
    ("format=xml", {"format": "Must be one of: json, csv."}),
    ("colour=red", {"colour": "Unknown parameter."}),
])
def test_bad_parameters_answer_the_envelope(shop_client, shop, query, fields) -> None:
    answer = get(shop_client, f"{BASE}/return-rate?{query}")
    assert answer.status_code == 400
    assert answer.json == {"error": {"code": "bad_request", "message": "The analytics query is invalid.",
                                     "fields": fields}}


def test_bad_parameters_on_other_routes(shop_client, shop) -> None:
    assert get(shop_client, f"{BASE}/overview?format=csv").json["error"]["fields"] == \
        {"format": "This route has no table; only json."}
    assert get(shop_client, f"{BASE}/resolutions?period=week").json["error"]["fields"] == {"period": "Unknown parameter."}
    assert get(shop_client, f"{BASE}/unusual-products?margin=101&min_units=0").json["error"]["fields"] == \
        {"margin": "Must be a number from 0 to 100.", "min_units": "Must be a whole number from 1 to 100000."}
    unsigned = shop_client.get(f"{BASE}/overview")
    assert (unsigned.status_code, unsigned.json["error"]["code"]) == (401, "bad_signature")


ROUTES = ["overview", "return-rate", "return-rate?by=product", "return-rate?by=category", "reasons",
          "resolutions", "resolution-time", "returners", "reviews", "satisfaction", "repeat-purchase",
          "unusual-products"]


def test_empty_store_answers_zeros(client, store_db) -> None:
    assert get(client, f"{BASE}/return-rate").json["error"]["code"] == "analytics_not_ready"
    assert get(client, f"{BASE}/satisfaction").status_code == 200  # live routes need no summary
    refreshed = client.post(f"{BASE}/refresh", headers=signing.headers(SECRET, "POST", f"{BASE}/refresh"))
    assert refreshed.status_code == 200 and refreshed.json["mode"] == "full"
    for route in ROUTES:
        body = ok(client, f"{BASE}/{route}")
        assert "as_of" in body and "freshness" in body
    overview = ok(client, f"{BASE}/overview")
    assert overview["sales"] == {"units_sold": 0, "units_returned": 0, "return_rate": 0.0, "sales_value": "0.00"}
    assert overview["satisfaction"] == {"csat_average": 0.0, "csat_count": 0, "nps": 0.0, "nps_count": 0}
    assert overview["resolution_time"]["median_hours"] is None
    rows = ok(client, f"{BASE}/return-rate?period=day")["rows"]
    assert len(rows) == 90 and all(r["units_sold"] == 0 and r["return_rate"] == 0.0 for r in rows)


def test_incremental_refresh_follows_changes(client, own_shop) -> None:
    db = own_shop
    # A new November order, order 1 cancelled later, return 1 rejected, return 3 un-rejected.
    _order(db, 8, 0, 1, "ann@example.com", 5, "2026-11-25 10:00:00", [(42, 2, 50)])
    db.execute("UPDATE `{p}order` SET order_status_id = 7 WHERE order_id = 1")
    db.execute("INSERT INTO `{p}order_history` (order_id, order_status_id, notify, comment, date_added) "
               "VALUES (1, 7, 0, '', '2026-11-26 10:00:00')")
    for return_id, status in ((2, 4), (3, 2)):
        db.execute("UPDATE `{p}return` SET return_status_id = %s WHERE return_id = %s", (status, return_id))
        db.execute("INSERT INTO `{p}return_history` (return_id, return_status_id, notify, comment, date_added) "
                   "VALUES (%s, %s, 0, '', '2026-11-26 10:00:00')", (return_id, status))
    # Case 2 is exchanged: a history row, as every owner action writes.
    db.execute("UPDATE `{p}rebound_case` SET status = 'exchanged' WHERE case_id = 2")
    db.execute("INSERT INTO `{p}rebound_case_history` (case_id, status, action, actor, created_at) "
               "VALUES (2, 'exchanged', 'exchange', 'admin', '2026-11-26 08:00:00')")
    done = refresh(db)
    # re-read: order 8 (new), order 1, returns 2 and 3, case 2
    assert done is not None and done.mode == "incremental" and done.changes == 5
    rows = {r["resolution"]: r for r in ok(client, f"{BASE}/resolutions?{NOV}")["rows"]}
    assert (rows["exchange"]["cases"], rows["exchange"]["value"], rows["open"]["cases"]) == (1, "20.00", 0)
    assert ok(client, f"{BASE}/resolution-time?{NOV}")["closed"] == 4
    # sold 12 − 3 (order 1) + 2 (order 8) = 11; returned: 4 − 1 (return 1) − 2 (return 2) + 1 (return 3) = 2
    totals = ok(client, f"{BASE}/return-rate?{NOV}")["totals"]
    assert (totals["units_sold"], totals["units_returned"]) == (11, 2)
    incremental = {r: ok(client, f"{BASE}/return-rate?{NOV}&by={r}")["rows"] for r in ("period", "product")}
    assert refresh(db, full=True).mode == "full"
    assert {r: ok(client, f"{BASE}/return-rate?{NOV}&by={r}")["rows"] for r in ("period", "product")} == incremental


def test_freshness_reports_the_summary_age(client, own_shop) -> None:
    own_shop.execute("UPDATE `{p}rebound_watermark` SET updated_at = UTC_TIMESTAMP(6) - INTERVAL 10 MINUTE "
                 "WHERE name = 'analytics.refreshed'")
    body = ok(client, f"{BASE}/return-rate?{NOV}")
    assert 595 <= body["freshness"]["summary_lag_seconds"] <= 700
    assert body["as_of"] == body["freshness"]["summary_refreshed_at"]
    live = ok(client, f"{BASE}/satisfaction?{NOV}")
    assert live["as_of"] == live["freshness"]["live_at"] and live["freshness"]["summary_refreshed_at"] is None


def test_the_worker_refreshes_on_one_long_lived_thread(store_db) -> None:
    # A thread per tick would open a database connection per tick; one thread keeps its connection.
    import threading
    import time

    from sidecar.analytics.jobs import worker_jobs
    from sidecar.store import Store

    (job,) = worker_jobs(Store(store_db))
    deadline = time.monotonic() + 30
    while store_db.query_one("SELECT 1 AS x FROM `{p}rebound_watermark` WHERE name = 'analytics.refreshed'") is None:
        assert time.monotonic() < deadline, "the first tick did not refresh the summary tables"
        job(store_db)
        time.sleep(0.05)
    seen = set()
    for _ in range(5):
        job(store_db)
        seen.update(t for t in threading.enumerate() if t.name == "rebound-analytics")
        time.sleep(0.05)  # time for a per-tick thread to end, so a new one would show
    assert len(seen) == 1
    # The worker closes the job when it stops: the thread ends (a daemon thread left inside the MySQL
    # driver at interpreter shutdown crashed a stopping worker), and later ticks start nothing.
    job.close()
    assert not any(t.is_alive() for t in seen)
    job(store_db)
    assert not any(t.name == "rebound-analytics" for t in threading.enumerate())
