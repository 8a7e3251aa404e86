"""Every SQL statement analytics runs, by name. `{p}` is the table prefix; `%s` are parameters.

Summary tables (sidecar/sql/0007_analytics.sql): rebound_analytics_order/_return mirror OpenCart's orders and
returns keyed the way analytics reads them; rebound_analytics_sold/_returned hold units per order day
(the cohort), store and product (and reason). Everything else is read live from Rebound's own tables.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from .params import Filters

_ONE_DAY = timedelta(days=1)

# -- the rules, resolved by name ----------------------------------------------------------------------------

ORDER_STATUS_NAMES = "SELECT order_status_id AS id, name FROM `{p}order_status`"
RETURN_STATUS_NAMES = "SELECT return_status_id AS id, name FROM `{p}return_status`"


def id_list(ids: Iterable[int]) -> str:
    """Integers inlined into IN (…); -1 keeps an empty list valid SQL."""
    return ", ".join(str(int(i)) for i in ids) or "-1"


def order_counted(cancelled: Iterable[int]) -> str:
    return f"(COALESCE(order_status_id, 0) > 0 AND order_status_id NOT IN ({id_list(cancelled)}))"


def return_counted(rejected: Iterable[int]) -> str:
    return f"(COALESCE(return_status_id, 0) NOT IN ({id_list(rejected)}))"


# -- summary refresh ----------------------------------------------------------------------------------------

READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED"

MAX_IDS = (
    "SELECT (SELECT COALESCE(MAX(order_id), 0) FROM `{p}order`) AS `order`, "
    "(SELECT COALESCE(MAX(order_history_id), 0) FROM `{p}order_history`) AS order_history, "
    "(SELECT COALESCE(MAX(return_id), 0) FROM `{p}return`) AS `return`, "
    "(SELECT COALESCE(MAX(return_history_id), 0) FROM `{p}return_history`) AS return_history, "
    "(SELECT COALESCE(MAX(case_history_id), 0) FROM `{p}rebound_case_history`) AS case_history"
)
WATERMARKS = "SELECT name, value, updated_at FROM `{p}rebound_watermark` WHERE name LIKE %s"
SET_WATERMARK = (
    "INSERT INTO `{p}rebound_watermark` (name, value, updated_at) VALUES (%s, %s, UTC_TIMESTAMP(6)) "
    "ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)"
)
# The case mirror is never truncated: a full refresh overwrites every case (cases are never deleted).
TRUNCATE_MIRRORS = ("TRUNCATE TABLE `{p}rebound_analytics_order`", "TRUNCATE TABLE `{p}rebound_analytics_return`")
MAX_CASE = "SELECT COALESCE(MAX(case_id), 0) AS n FROM `{p}rebound_case`"
CHANGED_CASES = ("SELECT DISTINCT case_id FROM `{p}rebound_case_history` "
                 "WHERE case_history_id > %s AND case_history_id <= %s")


def case_facts(where: str) -> str:
    """What rebound_analytics_case keeps of each case (the local day and time are added in Python)."""
    def first(condition: str) -> str:
        return ("(SELECT MIN(h.created_at) FROM `{p}rebound_case_history` h WHERE h.case_id = c.case_id "
                f"AND h.status {condition})")

    approved, received = first("= 'approved'"), first("= 'received'")
    closed = first("IN ('rejected', 'refunded', 'credited', 'exchanged')")
    return (
        "SELECT c.case_id, c.store_id, c.created_at, c.status, c.customer_id, c.email, c.refund_amount AS refund, "
        "c.credit_amount AS credit, c.exchange_value AS `exchange`, c.serial_returner, "
        "(SELECT COALESCE(SUM(l.quantity), 0) FROM `{p}rebound_case_line` l WHERE l.case_id = c.case_id "
        f"AND l.active = 1) AS units, {approved} AS approved_at, {received} AS received_at, {closed} AS closed_at "
        f"FROM `{{p}}rebound_case` c WHERE {where}")


CASE_COLUMNS = ("case_id", "store_id", "day", "created_local", "created_at", "status", "customer_id", "email",
                "units", "refund", "credit", "exchange", "serial_returner", "approved_at", "received_at", "closed_at")
REPLACE_CASES = (f"REPLACE INTO `{{p}}rebound_analytics_case` (`{'`, `'.join(CASE_COLUMNS)}`) "
                 f"VALUES ({', '.join(['%s'] * len(CASE_COLUMNS))})")


def upsert_orders(counted: str, where: str) -> str:
    return (
        "INSERT INTO `{p}rebound_analytics_order` (order_id, store_id, day, placed, email, counted) "
        "SELECT order_id, COALESCE(store_id, 0), DATE(date_added), date_added, LEFT(COALESCE(email, ''), 96), "
        f"{counted} FROM `{{p}}order` WHERE date_added IS NOT NULL AND {where} "
        "ON DUPLICATE KEY UPDATE store_id = VALUES(store_id), day = VALUES(day), placed = VALUES(placed), "
        "email = VALUES(email), counted = VALUES(counted)"
    )


def upsert_returns(counted: str, where: str) -> str:
    return (
        "INSERT INTO `{p}rebound_analytics_return` (return_id, order_id, product_id, reason_id, quantity, counted) "
        "SELECT return_id, COALESCE(order_id, 0), COALESCE(product_id, 0), COALESCE(return_reason_id, 0), "
        f"COALESCE(quantity, 0), {counted} FROM `{{p}}return` WHERE {where} "
        "ON DUPLICATE KEY UPDATE order_id = VALUES(order_id), product_id = VALUES(product_id), "
        "reason_id = VALUES(reason_id), quantity = VALUES(quantity), counted = VALUES(counted)"
    )


CHANGED_ORDERS = ("SELECT DISTINCT order_id FROM `{p}order_history` "
                  "WHERE order_history_id > %s AND order_history_id <= %s")
CHANGED_RETURNS = ("SELECT DISTINCT return_id FROM `{p}return_history` "
                   "WHERE return_history_id > %s AND return_history_id <= %s")


def order_delta_sold(sign: int, where: str) -> str:
    """sign × the lines of counted mirrored orders matching `where` (alias a), into the daily sold table."""
    return (
        "INSERT INTO `{p}rebound_analytics_sold` (day, store_id, product_id, units, value) "
        f"SELECT a.day, a.store_id, COALESCE(op.product_id, 0), {int(sign)} * COALESCE(SUM(op.quantity), 0), "
        f"{int(sign)} * COALESCE(SUM(op.total), 0) FROM `{{p}}rebound_analytics_order` a "
        f"JOIN `{{p}}order_product` op ON op.order_id = a.order_id WHERE a.counted = 1 AND {where} "
        "GROUP BY a.day, a.store_id, COALESCE(op.product_id, 0) "
        "ON DUPLICATE KEY UPDATE units = units + VALUES(units), value = value + VALUES(value)")


def _returned_delta(sign: int, where: str) -> str:
    return (
        "INSERT INTO `{p}rebound_analytics_returned` (day, store_id, product_id, reason_id, units) "
        f"SELECT a.day, a.store_id, r.product_id, r.reason_id, {int(sign)} * SUM(r.quantity) "
        "FROM `{p}rebound_analytics_return` r JOIN `{p}rebound_analytics_order` a ON a.order_id = r.order_id "
        f"WHERE a.counted = 1 AND r.counted = 1 AND {where} GROUP BY a.day, a.store_id, r.product_id, r.reason_id "
        "ON DUPLICATE KEY UPDATE units = units + VALUES(units)")


def order_delta_returned(sign: int, where: str) -> str:
    """sign × the counted returns of counted mirrored orders matching `where` (alias a)."""
    return _returned_delta(sign, where)


def return_delta(sign: int, where: str) -> str:
    """sign × the mirrored returns matching `where` (alias r), when they and their order count."""
    return _returned_delta(sign, where)


DROP_EMPTY = ("DELETE FROM `{p}rebound_analytics_sold` WHERE units = 0 AND value = 0",
              "DELETE FROM `{p}rebound_analytics_returned` WHERE units = 0")


def delete_mirror(table: str, key: str, ids: Iterable[int]) -> str:
    return f"DELETE FROM `{{p}}rebound_analytics_{table}` WHERE {key} IN ({id_list(ids)})"


def day_filter(alias: str, days: list[Any] | None) -> tuple[str, list[Any]]:
    if days is None:
        return "", []
    return f" AND {alias}.day IN ({', '.join(['%s'] * len(days))})", list(days)


def clear_days(table: str, days: list[Any] | None) -> tuple[str, list[Any]]:
    if days is None:
        return f"DELETE FROM `{{p}}rebound_analytics_{table}`", []
    return (f"DELETE FROM `{{p}}rebound_analytics_{table}` WHERE day IN ({', '.join(['%s'] * len(days))})",
            list(days))


def aggregate_sold(days: list[Any] | None) -> tuple[str, list[Any]]:
    where, args = day_filter("a", days)
    return (
        "INSERT INTO `{p}rebound_analytics_sold` (day, store_id, product_id, units, value) "
        "SELECT a.day, a.store_id, COALESCE(op.product_id, 0), COALESCE(SUM(op.quantity), 0), "
        "COALESCE(SUM(op.total), 0) FROM `{p}rebound_analytics_order` a "
        f"JOIN `{{p}}order_product` op ON op.order_id = a.order_id WHERE a.counted = 1{where} "
        "GROUP BY a.day, a.store_id, COALESCE(op.product_id, 0)", args)


def aggregate_returned(days: list[Any] | None) -> tuple[str, list[Any]]:
    where, args = day_filter("a", days)
    return (
        "INSERT INTO `{p}rebound_analytics_returned` (day, store_id, product_id, reason_id, units) "
        "SELECT a.day, a.store_id, r.product_id, r.reason_id, SUM(r.quantity) "
        "FROM `{p}rebound_analytics_return` r JOIN `{p}rebound_analytics_order` a ON a.order_id = r.order_id "
        f"WHERE a.counted = 1 AND r.counted = 1{where} GROUP BY a.day, a.store_id, r.product_id, r.reason_id", args)


# -- reads: the filters ------------------------------------------------------------------------------------

IN_CATEGORY = ("SELECT pc.product_id FROM `{p}product_to_category` pc JOIN `{p}category_path` cp "
               "ON cp.category_id = pc.category_id WHERE cp.path_id = %s")


def summary_where(f: Filters, alias: str, product_id: int | None = None) -> tuple[str, list[Any]]:
    """Day range, store, category (subtree) and product on a summary table."""
    where, args = [f"{alias}.day BETWEEN %s AND %s"], [f.first, f.last]
    if f.store_id is not None:
        where.append(f"{alias}.store_id = %s")
        args.append(f.store_id)
    if f.category_id is not None:
        where.append(f"{alias}.product_id IN ({IN_CATEGORY})")
        args.append(f.category_id)
    if product_id is not None:
        where.append(f"{alias}.product_id = %s")
        args.append(product_id)
    return " AND ".join(where), args


def case_where(f: Filters, alias: str = "c") -> tuple[str, list[Any]]:
    """Cases (rebound_analytics_case) created on the local days, of the store, with a line in the category."""
    where, args = [f"{alias}.day BETWEEN %s AND %s"], [f.first, f.last]
    if f.store_id is not None:
        where.append(f"{alias}.store_id = %s")
        args.append(f.store_id)
    if f.category_id is not None:
        where.append(f"EXISTS (SELECT 1 FROM `{{p}}rebound_case_line` fl WHERE fl.case_id = {alias}.case_id "
                     f"AND fl.product_id IN ({IN_CATEGORY}))")
        args.append(f.category_id)
    return " AND ".join(where), args


def local_period(column: str, period: str, offsets: list[tuple[datetime | None, int]]) -> str:
    """A UTC DATETIME column as the local period's first day (a DATE), each time shifted by the offset in
    force then (Filters.utc_offsets: one, or more across a DST change)."""
    shift = str(int(offsets[-1][1]))
    for (_, before), (starts, _) in reversed(list(zip(offsets, offsets[1:]))):
        shift = f"IF({column} < '{starts:%Y-%m-%d %H:%M:%S}', {int(before)}, {shift})"
    return date_period(f"DATE({column} + INTERVAL {shift} SECOND)", period)


def date_period(day: str, period: str) -> str:
    if period == "day":
        return day
    if period == "week":
        return f"({day} - INTERVAL WEEKDAY({day}) DAY)"
    return f"({day} - INTERVAL (DAYOFMONTH({day}) - 1) DAY)"


# -- reads: sales and returns (summary) ---------------------------------------------------------------------

def sold_by(f: Filters, group: str, product_id: int | None = None) -> tuple[str, list[Any]]:
    where, args = summary_where(f, "s", product_id)
    key = {"period": date_period("s.day", f.period), "product": "s.product_id", "all": "0"}[group]
    return (f"SELECT {key} AS k, SUM(s.units) AS units, SUM(s.value) AS value "
            f"FROM `{{p}}rebound_analytics_sold` s WHERE {where} GROUP BY k", args)


def returned_by(f: Filters, group: str, product_id: int | None = None) -> tuple[str, list[Any]]:
    where, args = summary_where(f, "r", product_id)
    key = {"period": date_period("r.day", f.period), "product": "r.product_id", "all": "0",
           "reason": "r.reason_id"}[group]
    return (f"SELECT {key} AS k, SUM(r.units) AS units FROM `{{p}}rebound_analytics_returned` r "
            f"WHERE {where} GROUP BY k", args)


def returned_by_period_reason(f: Filters) -> tuple[str, list[Any]]:
    where, args = summary_where(f, "r")
    return (f"SELECT {date_period('r.day', f.period)} AS k, r.reason_id, SUM(r.units) AS units "
            f"FROM `{{p}}rebound_analytics_returned` r WHERE {where} GROUP BY k, r.reason_id", args)


def returned_by_product_reason(f: Filters, product_ids: list[int] | None = None) -> tuple[str, list[Any]]:
    where, args = summary_where(f, "r")
    if product_ids is not None:
        where += f" AND r.product_id IN ({id_list(product_ids)})"
    return (f"SELECT r.product_id, r.reason_id, SUM(r.units) AS units FROM `{{p}}rebound_analytics_returned` r "
            f"WHERE {where} GROUP BY r.product_id, r.reason_id", args)


def by_category(f: Filters, table: str) -> tuple[str, list[Any]]:
    """Units per category a product is directly in (a product in two categories counts in both)."""
    where, args = summary_where(f, "s")
    return (f"SELECT pc.category_id AS k, SUM(s.units) AS units FROM `{{p}}rebound_analytics_{table}` s "
            f"JOIN `{{p}}product_to_category` pc ON pc.product_id = s.product_id WHERE {where} "
            "GROUP BY pc.category_id", args)


PRODUCT_NAMES = (
    "SELECT p.product_id, p.model, pd.name FROM `{p}product` p LEFT JOIN `{p}product_description` pd "
    "ON pd.product_id = p.product_id AND pd.language_id = %s WHERE p.product_id IN ({ids})"
)
CATEGORY_NAMES = ("SELECT category_id, name FROM `{p}category_description` "
                  "WHERE language_id = %s AND category_id IN ({ids})")
REASON_NAMES = "SELECT return_reason_id AS id, name FROM `{p}return_reason` WHERE language_id = %s"

# -- reads: cases (live) -----------------------------------------------------------------------------------


def case_outcomes(f: Filters) -> tuple[str, list[Any]]:
    where, args = case_where(f)
    return ("SELECT c.status, COUNT(*) AS cases, SUM(c.refund) AS refund, SUM(c.credit) AS credit, "
            "SUM(c.`exchange`) AS `exchange`, SUM(c.units) AS units "
            f"FROM `{{p}}rebound_analytics_case` c WHERE {where} GROUP BY c.status", args)


def case_times(f: Filters) -> tuple[str, list[Any]]:
    """Each case's clock, for checking the SQL below against compute.breached_stages."""
    where, args = case_where(f)
    return (f"SELECT c.status, c.created_at, c.approved_at, c.received_at, c.closed_at, "
            f"{date_period('c.day', f.period)} AS k FROM `{{p}}rebound_analytics_case` c WHERE {where}", args)


def resolution_ranks(f: Filters, by_period: bool) -> tuple[str, list[Any]]:
    """Closed cases' resolution seconds with their rank in their period (or overall): the caller keeps the
    nearest-rank median and p90 rows. Window functions: MariaDB 10.2+, MySQL 8.0+."""
    where, args = case_where(f)
    key = date_period("c.day", f.period) if by_period else "'all'"
    seconds = "GREATEST(0, TIMESTAMPDIFF(MICROSECOND, c.created_at, c.closed_at)) / 1e6"
    return (
        "SELECT k, s, rn, n, total FROM (SELECT k, s, ROW_NUMBER() OVER (PARTITION BY k ORDER BY s) AS rn, "
        "COUNT(*) OVER (PARTITION BY k) AS n, SUM(s) OVER (PARTITION BY k) AS total "
        f"FROM (SELECT {key} AS k, {seconds} AS s FROM `{{p}}rebound_analytics_case` c "
        f"WHERE {where} AND c.closed_at IS NOT NULL) x) y "
        "WHERE rn = CEIL(n * 0.5) OR rn = CEIL(n * 0.9)", args)


def sla_breaches(f: Filters, limits_s: tuple[int, int, int], now: Any) -> tuple[str, list[Any]]:
    """Per period: cases with a stage over its limit (the rule of compute.breached_stages, in SQL)."""
    where, args = case_where(f)
    req, appr, recv = (int(x) * 1_000_000 for x in limits_s)

    def over(start: str, end: str, limit: int) -> str:
        return f"({start} IS NOT NULL AND TIMESTAMPDIFF(MICROSECOND, {start}, {end}) > {limit})"

    return (
        "SELECT k, SUM(req) AS req, SUM(appr) AS appr, SUM(recv) AS recv, SUM(req OR appr OR recv) AS cases, "
        "SUM((req OR appr OR recv) AND status IN ('requested', 'approved', 'received')) AS open_cases FROM ("
        f"SELECT {date_period('c.day', f.period)} AS k, c.status, "
        f"{over('c.created_at', 'COALESCE(c.approved_at, c.closed_at, %s)', req)} AS req, "
        f"{over('c.approved_at', 'COALESCE(c.received_at, c.closed_at, %s)', appr)} AS appr, "
        f"{over('c.received_at', 'COALESCE(c.closed_at, %s)', recv)} AS recv "
        f"FROM `{{p}}rebound_analytics_case` c WHERE {where}) x GROUP BY k", [now, now, now, *args])


def _email_key(column: str) -> str:
    """A 60-bit integer per address, case-insensitive: grouping by it keeps the temporary table small (a
    year of a big store's cases grouped by a VARCHAR spills to disk)."""
    return f"CAST(CONV(LEFT(MD5(LOWER({column})), 15), 16, 10) AS SIGNED)"


# A case's value is its outcome's, as resolutions counts it: a case keeps the refund computed when it was asked
# after it is credited or exchanged instead, so only the closing resolution's amount counts; open cases count
# what they would pay.
OUTCOME_VALUE = ("CASE c.status WHEN 'refunded' THEN c.refund WHEN 'credited' THEN c.credit "
                 "WHEN 'exchanged' THEN c.`exchange` WHEN 'rejected' THEN 0 "
                 "ELSE c.refund + c.credit + c.`exchange` END")


def returners(f: Filters, limit: int) -> tuple[str, list[Any]]:
    """Registered customers by customer_id, guests by address; ties: the earliest case first. Only integers
    go through the grouping; the top rows' address is read by primary key afterwards."""
    where, args = case_where(f)
    return (
        "SELECT x.*, k.customer_id, k.email FROM (SELECT MIN(c.case_id) AS any_case, COUNT(*) AS cases, "
        f"SUM(c.serial_returner) AS flagged, SUM({OUTCOME_VALUE}) AS value, SUM(c.units) AS units "
        f"FROM `{{p}}rebound_analytics_case` c WHERE {where} "
        f"GROUP BY IF(c.customer_id > 0, c.customer_id, -{_email_key('c.email')}) "
        "ORDER BY cases DESC, units DESC, any_case LIMIT %s) x "
        "JOIN `{p}rebound_analytics_case` k ON k.case_id = x.any_case ORDER BY x.cases DESC, x.units DESC, x.any_case",
        [*args, limit])


def bought_by_email(f: Filters, emails: list[str], cancelled: Iterable[int]) -> tuple[str, list[Any]]:
    """Units in sold orders placed in the range by these addresses (order.email is indexed in 4.1)."""
    marks = ", ".join(["%s"] * len(emails))
    store = " AND o.store_id = %s" if f.store_id is not None else ""
    return (
        "SELECT o.customer_id, LOWER(o.email) AS email, COALESCE(SUM(op.quantity), 0) AS units FROM `{p}order` o "
        "JOIN `{p}order_product` op ON op.order_id = o.order_id "
        f"WHERE o.email IN ({marks}) AND o.date_added >= %s AND o.date_added < %s "
        f"AND {order_counted(cancelled).replace('order_status_id', 'o.order_status_id')}{store} "
        "GROUP BY o.customer_id, LOWER(o.email)",
        [*emails, f.first, f.last + _ONE_DAY, *([f.store_id] if f.store_id is not None else [])])


CUSTOMER_NAMES = "SELECT customer_id, firstname, lastname FROM `{p}customer` WHERE customer_id IN ({ids})"
GUEST_NAMES = ("SELECT LOWER(o.email) AS email, MAX(o.firstname) AS firstname, MAX(o.lastname) AS lastname "
               "FROM `{p}order` o WHERE o.email IN ({marks}) AND o.customer_id = 0 GROUP BY LOWER(o.email)")


def repeat_purchase(f: Filters) -> tuple[str, list[Any]]:
    """Per customer (email) with a case in the range: the period of their first such case, and whether they
    placed a sold order after it (both times store-local), from the order mirror's covering index."""
    where, args = case_where(f)
    return (
        f"SELECT {date_period('DATE(x.first_local)', f.period)} AS k, COUNT(*) AS customers, "
        "SUM(EXISTS (SELECT 1 FROM `{p}rebound_analytics_order` o WHERE o.email = x.email "
        "AND o.placed > x.first_local AND o.counted = 1)) AS again "
        "FROM (SELECT k.email, y.first_local FROM (SELECT MIN(c.case_id) AS any_case, "
        f"MIN(c.created_local) AS first_local FROM `{{p}}rebound_analytics_case` c WHERE {where} AND c.email <> '' "
        f"GROUP BY {_email_key('c.email')}) y JOIN `{{p}}rebound_analytics_case` k ON k.case_id = y.any_case) x "
        "GROUP BY k", args)


# -- reads: surveys and reviews (live) ----------------------------------------------------------------------

def survey_where(f: Filters) -> tuple[str, list[Any]]:
    start, end = f.utc_range
    where, args = ["a.answered_at >= %s AND a.answered_at < %s"], [start, end]
    if f.store_id is not None:
        where.append("a.store_id = %s")
        args.append(f.store_id)
    if f.category_id is not None:
        where.append("(EXISTS (SELECT 1 FROM `{p}rebound_case_line` fl WHERE a.case_id > 0 AND fl.case_id = a.case_id "
                     f"AND fl.product_id IN ({IN_CATEGORY})) OR EXISTS (SELECT 1 FROM `{{p}}order_product` fo "
                     f"WHERE a.case_id = 0 AND fo.order_id = a.order_id AND fo.product_id IN ({IN_CATEGORY})))")
        args += [f.category_id, f.category_id]
    return " AND ".join(where), args


def survey_scores(f: Filters) -> tuple[str, list[Any]]:
    where, args = survey_where(f)
    return (f"SELECT {local_period('a.answered_at', f.period, f.utc_offsets)} AS k, a.kind, a.score, "
            f"COUNT(*) AS n FROM `{{p}}rebound_survey_answer` a WHERE {where} AND a.kind IN ('csat', 'nps') "
            "GROUP BY k, a.kind, a.score", args)


def _review_where(f: Filters) -> tuple[list[str], list[Any]]:
    where, args = ["r.date_added >= %s AND r.date_added < %s"], [f.first, f.last + _ONE_DAY]
    if f.store_id is not None:
        where.append("r.product_id IN (SELECT ps.product_id FROM `{p}product_to_store` ps WHERE ps.store_id = %s)")
        args.append(f.store_id)
    if f.category_id is not None:
        where.append(f"r.product_id IN ({IN_CATEGORY})")
        args.append(f.category_id)
    return where, args


def review_counts(f: Filters) -> tuple[str, list[Any]]:
    """Reviews written in the local days (review.date_added is store-local)."""
    where, args = _review_where(f)
    return (f"SELECT {date_period('DATE(r.date_added)', f.period)} AS k, COUNT(*) AS reviews FROM `{{p}}review` r "
            f"WHERE {' AND '.join(where)} GROUP BY k", args)


def review_photo_counts(f: Filters) -> tuple[str, list[Any]]:
    """The same reviews' photos that were not rejected: reviews with one or more, and photos."""
    where, args = _review_where(f)
    return (f"SELECT {date_period('DATE(r.date_added)', f.period)} AS k, COUNT(DISTINCT p.owner_id) AS with_photos, "
            "COUNT(*) AS photos FROM `{p}rebound_photo` p JOIN `{p}review` r ON r.review_id = p.owner_id "
            f"WHERE p.kind = 'review' AND p.status <> 'rejected' AND {' AND '.join(where)} GROUP BY k", args)


# -- reads: one product -------------------------------------------------------------------------------------

def return_comments(f: Filters, product_id: int, limit: int) -> tuple[str, list[Any]]:
    where = ["r.product_id = %s", "o.date_added >= %s", "o.date_added < %s", "COALESCE(r.comment, '') <> ''"]
    args: list[Any] = [product_id, f.first, f.last + _ONE_DAY]
    if f.store_id is not None:
        where.append("o.store_id = %s")
        args.append(f.store_id)
    return (
        "SELECT r.return_id, r.return_reason_id AS reason_id, r.comment, r.date_added, "
        "(SELECT l.case_id FROM `{p}rebound_case_line` l WHERE l.return_id = r.return_id LIMIT 1) AS case_id "
        "FROM `{p}return` r JOIN `{p}order` o ON o.order_id = r.order_id "
        f"WHERE {' AND '.join(where)} ORDER BY r.date_added DESC, r.return_id DESC LIMIT %s", [*args, limit])


def low_reviews(f: Filters, product_id: int, limit: int) -> tuple[str, list[Any]]:
    return ("SELECT review_id, rating, text, date_added FROM `{p}review` WHERE product_id = %s AND rating <= 3 "
            "AND date_added >= %s AND date_added < %s ORDER BY date_added DESC, review_id DESC LIMIT %s",
            [product_id, f.first, f.last + _ONE_DAY, limit])


def product_photos(product_id: int, limit: int) -> tuple[str, list[Any]]:
    """Photos the owner may look at here: approved and pending ones (marked by the page), never those the
    owner hid or rejected."""
    return (
        "SELECT photo_id, kind, owner_id, status, created_at FROM `{p}rebound_photo` "
        "WHERE status IN ('pending', 'approved') AND ("
        "(kind = 'return' AND owner_id IN (SELECT l.case_id FROM `{p}rebound_case_line` l WHERE l.product_id = %s)) "
        "OR (kind = 'review' AND owner_id IN (SELECT r.review_id FROM `{p}review` r WHERE r.product_id = %s))) "
        "ORDER BY created_at DESC, photo_id LIMIT %s", [product_id, product_id, limit])


PRODUCT_EXISTS = "SELECT product_id FROM `{p}product` WHERE product_id = %s"

