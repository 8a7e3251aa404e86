"""Analytics on a generated store (`rebound demo-data --return-rate 0.12 --rebound`): every number the API
returns equals a hand-written SQL over OpenCart's and Rebound's own tables, and the incremental refresh
after more orders, returns and cancellations agrees with a full rebuild."""

from datetime import datetime

import pytest
from conftest import PREVIOUS_SECRET, SECRET, url_string

from sidecar import opencart, signing
from sidecar.analytics.summary import refresh
from sidecar.app import create_app
from sidecar.db import Database
from sidecar.demo_data import generate
from sidecar.demo_data.rebound_rows import add_rebound_rows

BASE = "/v1/admin/analytics"
YEAR = "from=2025-11-27&to=2026-11-25"
SOLD = "o.order_status_id > 0 AND o.order_status_id NOT IN (7, 8, 10, 12, 13, 14, 16)"
IN_RANGE = "o.date_added >= '2025-11-27' AND o.date_added < '2026-11-26'"


@pytest.fixture(scope="module")
def gen(make_database):
    db = Database(make_database(), prefix="oc_")
    opencart.load(db)
    generate(db, 3000, 7, progress=False, now=datetime(2026, 11, 26), return_rate=0.12)
    rows = add_rebound_rows(db)
    assert rows.cases > 200 and rows.survey_answers > 100 and rows.photos > 50
    refresh(db)
    app = create_app({"REBOUND_ENV": {"REBOUND_DB_URL": url_string(db.url), "REBOUND_SECRET": SECRET,
                                      "REBOUND_SECRET_PREVIOUS": PREVIOUS_SECRET}})
    return db, app.test_client()


def ok(client, path: str) -> dict:
    answer = client.get(path, headers=signing.headers(SECRET, "GET", path))
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.json


def hand_by_month(db, extra: str = "", args: tuple = ()) -> dict[str, tuple[int, int]]:
    sold = {r["m"]: int(r["n"]) for r in db.query(
        "SELECT DATE_FORMAT(o.date_added, '%%Y-%%m') AS m, SUM(op.quantity) AS n FROM `{p}order` o "
        f"JOIN `{{p}}order_product` op ON op.order_id = o.order_id WHERE {SOLD} AND {IN_RANGE}{extra.format(t='op')} "
        "GROUP BY m", args)}
    back = {r["m"]: int(r["n"]) for r in db.query(
        "SELECT DATE_FORMAT(o.date_added, '%%Y-%%m') AS m, SUM(r.quantity) AS n FROM `{p}return` r "
        f"JOIN `{{p}}order` o ON o.order_id = r.order_id WHERE {SOLD} AND {IN_RANGE}{extra.format(t='r')} "
        "GROUP BY m", args)}
    return {m: (sold.get(m, 0), back.get(m, 0)) for m in set(sold) | set(back)}


def test_return_rate_by_month_equals_hand_sql(gen) -> None:
    db, client = gen
    body = ok(client, f"{BASE}/return-rate?{YEAR}&period=month")
    hand = hand_by_month(db)
    got = {r["period"]: (r["units_sold"], r["units_returned"]) for r in body["rows"] if r["units_sold"]}
    assert got == hand and len(got) >= 12
    assert body["totals"]["units_returned"] == sum(v[1] for v in hand.values()) > 200


def test_category_filter_equals_hand_sql(gen) -> None:
    db, client = gen
    parent = db.query_one("SELECT path_id FROM `{p}category_path` GROUP BY path_id ORDER BY COUNT(*) DESC LIMIT 1")
    category = int(parent["path_id"])
    subtree = (" AND {t}.product_id IN (SELECT pc.product_id FROM `{{p}}product_to_category` pc "
               "JOIN `{{p}}category_path` cp ON cp.category_id = pc.category_id WHERE cp.path_id = %s)")
    hand = hand_by_month(db, subtree, (category,))
    body = ok(client, f"{BASE}/return-rate?{YEAR}&period=month&category_id={category}")
    assert {r["period"]: (r["units_sold"], r["units_returned"]) for r in body["rows"] if r["units_sold"]} == hand
    everything = ok(client, f"{BASE}/return-rate?{YEAR}")["totals"]
    assert 0 < body["totals"]["units_sold"] < everything["units_sold"]


def test_store_filter(gen) -> None:
    _, client = gen
    everything = ok(client, f"{BASE}/return-rate?{YEAR}")["totals"]
    assert ok(client, f"{BASE}/return-rate?{YEAR}&store_id=0")["totals"] == everything  # one store
    assert ok(client, f"{BASE}/return-rate?{YEAR}&store_id=1")["totals"] == \
        {"units_sold": 0, "units_returned": 0, "return_rate": 0.0}


def test_by_product_and_reasons_equal_hand_sql(gen) -> None:
    db, client = gen
    body = ok(client, f"{BASE}/return-rate?{YEAR}&by=product&limit=1000")
    hand = {int(r["product_id"]): int(r["n"]) for r in db.query(
        "SELECT op.product_id, SUM(op.quantity) AS n FROM `{p}order` o JOIN `{p}order_product` op "
        f"ON op.order_id = o.order_id WHERE {SOLD} AND {IN_RANGE} GROUP BY op.product_id")}
    assert {r["product_id"]: r["units_sold"] for r in body["rows"]} == hand
    reasons = ok(client, f"{BASE}/reasons?{YEAR}&period=month")["reasons"]
    hand = {int(r["k"]): int(r["n"]) for r in db.query(
        "SELECT r.return_reason_id AS k, SUM(r.quantity) AS n FROM `{p}return` r JOIN `{p}order` o "
        f"ON o.order_id = r.order_id WHERE {SOLD} AND {IN_RANGE} GROUP BY k")}
    assert {r["reason_id"]: r["units"] for r in reasons} == hand


def test_cases_equal_hand_sql(gen) -> None:
    db, client = gen
    body = ok(client, f"{BASE}/resolutions?{YEAR}")
    hand = {r["status"]: r for r in db.query(
        "SELECT status, COUNT(*) AS n, SUM(refund_amount) AS refund, SUM(credit_amount) AS credit, "
        "SUM(exchange_value) AS exchange FROM `{p}rebound_case` "
        "WHERE created_at >= '2025-11-27' AND created_at < '2026-11-26' GROUP BY status")}
    rows = {r["resolution"]: r for r in body["rows"]}
    assert rows["refund"]["cases"] == hand["refunded"]["n"] and rows["refund"]["value"] == f"{hand['refunded']['refund']:.2f}"
    assert rows["store_credit"]["value"] == f"{hand['credited']['credit']:.2f}"
    assert rows["exchange"]["value"] == f"{hand['exchanged']['exchange']:.2f}"
    assert rows["open"]["cases"] == sum(hand[s]["n"] for s in ("requested", "approved", "received") if s in hand)
    durations = sorted(float(r["h"]) for r in db.query(
        "SELECT TIMESTAMPDIFF(SECOND, c.created_at, MIN(h.created_at)) / 3600 AS h FROM `{p}rebound_case` c "
        "JOIN `{p}rebound_case_history` h ON h.case_id = c.case_id AND h.status IN ('refunded', 'credited', "
        "'exchanged', 'rejected') WHERE c.created_at >= '2025-11-27' AND c.created_at < '2026-11-26' "
        "GROUP BY c.case_id"))
    times = ok(client, f"{BASE}/resolution-time?{YEAR}")
    assert times["closed"] == len(durations)
    assert times["median_hours"] == round(durations[(len(durations) + 1) // 2 - 1], 1)
    # The generator approves (case_id mod 60) hours after the request: 11 in 60 wait over 48 hours.
    late = db.query_one(
        "SELECT COUNT(*) AS n FROM `{p}rebound_case` c JOIN `{p}rebound_case_history` h ON h.case_id = c.case_id "
        "AND h.status = 'approved' WHERE TIMESTAMPDIFF(MICROSECOND, c.created_at, h.created_at) > 48 * 3600e6 "
        "AND c.created_at >= '2025-11-27' AND c.created_at < '2026-11-26'")
    assert times["sla"]["by_stage"]["requested"] == late["n"] > 0


def test_surveys_and_reviews_follow_the_known_distribution(gen) -> None:
    db, client = gen
    body = ok(client, f"{BASE}/satisfaction?{YEAR}")
    hand = db.query_one("SELECT AVG(score) AS a, COUNT(*) AS n FROM `{p}rebound_survey_answer` WHERE kind = 'csat' "
                        "AND answered_at >= '2025-11-27' AND answered_at < '2026-11-26'")
    assert (body["csat"]["count"], body["csat"]["average"]) == (hand["n"], round(float(hand["a"]), 2))
    assert 3.6 < body["csat"]["average"] < 4.2  # the cycle 5 5 4 5 3 4 5 2 1 5 averages 3.9
    nps = db.query_one("SELECT SUM(score >= 9) AS p, SUM(score BETWEEN 7 AND 8) AS m, SUM(score <= 6) AS d "
                       "FROM `{p}rebound_survey_answer` WHERE kind = 'nps' AND answered_at >= '2025-11-27' "
                       "AND answered_at < '2026-11-26'")
    assert (body["nps"]["promoters"], body["nps"]["passives"], body["nps"]["detractors"]) == \
        (int(nps["p"]), int(nps["m"]), int(nps["d"]))
    assert 30 <= body["nps"]["score"] <= 50  # 6 promoters, 2 passives, 2 detractors in every 10: NPS 40
    reviews = ok(client, f"{BASE}/reviews?{YEAR}")
    hand = db.query_one("SELECT COUNT(*) AS n, SUM(review_id % 4 = 0) AS p FROM `{p}review` "
                        "WHERE date_added >= '2025-11-27' AND date_added < '2026-11-26'")
    assert (reviews["count"], reviews["with_photos"]) == (int(hand["n"]), int(hand["p"]))


def test_incremental_refresh_equals_a_full_rebuild(gen, make_database) -> None:
    db, client = gen
    generate(db, 300, 8, progress=False, append=True, now=datetime(2026, 11, 26), return_rate=0.12)
    add_rebound_rows(db)
    db.execute("INSERT INTO `{p}order_history` (order_id, order_status_id, notify, comment, date_added) "
               "SELECT order_id, 7, 0, '', NOW() FROM `{p}order` WHERE order_id % 50 = 1")
    db.execute("UPDATE `{p}order` SET order_status_id = 7 WHERE order_id % 50 = 1")
    routes = [f"return-rate?{YEAR}&period=month", f"return-rate?{YEAR}&by=product&limit=1000",
              f"reasons?{YEAR}", f"unusual-products?{YEAR}&min_units=5&margin=2"]
    assert refresh(db).mode == "incremental"
    incremental = [ok(client, f"{BASE}/{r}")["rows"] for r in routes]
    assert refresh(db, full=True).mode == "full"
    assert [ok(client, f"{BASE}/{r}")["rows"] for r in routes] == incremental
    hand = hand_by_month(db)
    assert {r["period"]: (r["units_sold"], r["units_returned"]) for r in incremental[0] if r["units_sold"]} == hand


def test_sla_and_percentiles_in_sql_follow_the_pure_rule(gen) -> None:
    """resolution-time computes in SQL; compute.breached_stages and compute.nearest_rank state the rule."""
    from collections import defaultdict
    from datetime import date, timedelta, timezone
    from zoneinfo import ZoneInfo

    from sidecar.analytics import compute, reports, sql
    from sidecar.analytics.params import Filters
    from sidecar.store import Store

    db, _ = gen
    now = datetime(2026, 11, 20, 12, tzinfo=timezone.utc)  # some cases are still open then, some over their SLA
    f = Filters(date(2025, 11, 27), date(2026, 11, 25), None, None, ZoneInfo("UTC"), "json", "month", {})
    got = reports.resolution_time(reports.Ctx(db, Store(db), now), f)
    limits = {"requested": timedelta(hours=48), "approved": timedelta(days=14), "received": timedelta(hours=72)}
    by_stage, per, cases, open_cases, closed = defaultdict(int), defaultdict(int), 0, 0, defaultdict(list)
    for r in db.query(*sql.case_times(f)):
        case = compute.CaseTimes(r["status"], r["created_at"], r["approved_at"], r["received_at"], r["closed_at"])
        stages = compute.breached_stages(case, limits, now.replace(tzinfo=None))
        for stage in stages:
            by_stage[stage] += 1
        if stages:
            cases += 1
            per[compute.period_key(r["k"], "month")] += 1
            open_cases += case.status in compute.OPEN
        seconds = compute.resolution_seconds(case)
        if seconds is not None:
            closed[compute.period_key(r["k"], "month")].append(seconds)
    assert got["sla"]["by_stage"] == {s: by_stage[s] for s in ("requested", "approved", "received")}
    assert (got["sla"]["breaches"], got["sla"]["open_breaching"]) == (cases, open_cases) and cases > 0
    assert {r["period"]: r["breaches"] for r in got["rows"] if r["breaches"]} == dict(per)
    for row in got["rows"]:
        values = sorted(closed.get(row["period"], []))
        assert row["closed"] == len(values)
        assert row["median_hours"] == compute.hours(compute.median(values))
        assert row["p90_hours"] == compute.hours(compute.nearest_rank(values, 90))
