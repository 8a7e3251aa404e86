"""Rebound's own rows for a generated store: a case per OpenCart return, with its line, history, photos and
surveys, plus photos on reviews and NPS answers on delivered orders. Written with INSERT … SELECT from the
store's rows, so 100,000 returns take seconds, and with a known distribution analytics can be checked against:

- case status from the return: Pending → requested; Awaiting Products → approved (every 4th: received);
  Complete → refunded, credited or exchanged by its action (Refunded, Credit Issued, Replacement Sent);
- the case's value: (price + tax) × quantity of the order line, as refund (also what open cases ask for),
  credit or exchange value by the outcome; every 40th case of a registered customer was held as a serial
  returner; every 3rd was auto-approved;
- history: requested at the return's date; approved (case_id mod 60) hours later (so 11 in 60 exceed a
  48-hour SLA), never after the case closed; received a day before it closed; closed at the return's last change;
- a photo on every case line whose reason is Dead On Arrival or Faulty;
- review photos: one on every 4th review, a second on every 8th (a 25 % photo rate), approved when the
  review is;
- CSAT on every 3rd closed case, two days after it closed, scores cycling 5 5 4 5 3 4 5 2 1 5 (average 3.9);
- NPS on every 10th delivered order (status Complete or Shipped), 15 days after the order, scores cycling
  10 9 9 8 7 10 6 3 9 10 (6 promoters, 2 passives, 2 detractors: NPS 40), none dated after the last order.
Times are the store's local times used as UTC (the generated store runs on UTC unless configured).
Only returns after the newest existing case are used, so it can follow `--append`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..db import Database
from ..migrate import migrate

CASES = """
INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, store_id, order_id, customer_id, email, language_id,
  status, comment, refund_amount, credit_amount, fee_amount, exchange_value, free_return_shipping, auto_approved,
  serial_returner, created_at, updated_at)
SELECT x.return_id, LPAD(CONV(x.return_id, 10, 36), 8, '0'), CONCAT('00000000-0000-4000-8000-', LPAD(x.return_id, 12, '0')),
  x.store_id, x.order_id, x.customer_id, x.email, 1, x.status, x.comment,
  IF(x.status IN ('refunded', 'requested', 'approved', 'received'), x.value, 0), IF(x.status = 'credited', x.value, 0),
  0, IF(x.status = 'exchanged', x.value, 0), 0, x.return_id %% 3 = 0, x.customer_id > 0 AND x.return_id %% 40 = 0,
  x.date_added, GREATEST(x.date_added, COALESCE(x.date_modified, x.date_added))
FROM (SELECT r.return_id, r.order_id, COALESCE(r.customer_id, 0) AS customer_id, COALESCE(r.email, '') AS email,
        r.comment, r.date_added, r.date_modified, COALESCE(o.store_id, 0) AS store_id,
        CASE WHEN r.return_status_id = 1 THEN 'requested'
             WHEN r.return_status_id = 2 THEN IF(r.return_id %% 4 = 0, 'received', 'approved')
             WHEN r.return_action_id = 2 THEN 'credited' WHEN r.return_action_id = 3 THEN 'exchanged'
             ELSE 'refunded' END AS status,
        COALESCE((SELECT ROUND((op.price + op.tax) * r.quantity, 2) FROM `{p}order_product` op
                  WHERE op.order_id = r.order_id AND op.product_id = r.product_id LIMIT 1), 0) AS value
      FROM `{p}return` r JOIN `{p}order` o ON o.order_id = r.order_id
      WHERE r.return_id > %s AND r.date_added IS NOT NULL) x
"""

LINES = """
INSERT INTO `{p}rebound_case_line` (case_line_id, case_id, order_id, order_product_id, product_id, quantity,
  reason_id, resolution, opened, photo_count, unit_price, refund, credit, return_id, active)
SELECT c.case_id, c.case_id, c.order_id,
  COALESCE((SELECT op.order_product_id FROM `{p}order_product` op WHERE op.order_id = r.order_id
            AND op.product_id = r.product_id LIMIT 1), 0),
  r.product_id, r.quantity, r.return_reason_id,
  CASE c.status WHEN 'credited' THEN 'store_credit' WHEN 'exchanged' THEN 'exchange' ELSE 'refund' END,
  COALESCE(r.opened, 0), r.return_reason_id IN (1, 4),
  ROUND((c.refund_amount + c.credit_amount + c.exchange_value) / GREATEST(r.quantity, 1), 4),
  c.refund_amount, c.credit_amount, r.return_id, 1
FROM `{p}rebound_case` c JOIN `{p}return` r ON r.return_id = c.case_id WHERE c.case_id > %s
"""

APPROVED_AT = "LEAST(c.created_at + INTERVAL (c.case_id %% 60) HOUR, c.updated_at)"
HISTORY = [
    ("requested", "submit", "c.created_at", "1 = 1"),
    ("approved", "approve", APPROVED_AT, "c.status <> 'requested'"),
    ("received", "receive", f"GREATEST({APPROVED_AT}, c.updated_at - INTERVAL 1 DAY)",
     "c.status IN ('refunded', 'credited', 'exchanged')"),
    ("received", "receive", f"{APPROVED_AT} + INTERVAL 1 DAY", "c.status = 'received'"),
    ("refunded", "refund", "c.updated_at", "c.status = 'refunded'"),
    ("credited", "credit", "c.updated_at", "c.status = 'credited'"),
    ("exchanged", "exchange", "c.updated_at", "c.status = 'exchanged'"),
]

RETURN_PHOTOS = """
INSERT INTO `{p}rebound_photo` (photo_id, kind, owner_id, store_id, customer_id, file, thumb, mime, width, height,
  bytes, status, created_at)
SELECT CONCAT('c', LPAD(HEX(l.case_id), 31, '0')), 'return', l.case_id, c.store_id, c.customer_id,
  CONCAT('demo/return-', l.case_id, '.jpg'), CONCAT('demo/return-', l.case_id, '-thumb.jpg'), 'image/jpeg',
  1600, 1200, 180000, 'approved', c.created_at
FROM `{p}rebound_case_line` l JOIN `{p}rebound_case` c ON c.case_id = l.case_id
WHERE l.case_id > %s AND l.photo_count > 0
"""

REVIEW_PHOTOS = """
INSERT IGNORE INTO `{p}rebound_photo` (photo_id, kind, owner_id, store_id, customer_id, file, thumb, mime, width,
  height, bytes, status, created_at)
SELECT CONCAT('v', LPAD(HEX(r.review_id), 30, '0'), n.k), 'review', r.review_id, 0, COALESCE(r.customer_id, 0),
  CONCAT('demo/review-', r.review_id, '-', n.k, '.jpg'), CONCAT('demo/review-', r.review_id, '-', n.k, '-thumb.jpg'),
  'image/jpeg', 1200, 900, 150000, IF(r.status = 1, 'approved', 'pending'), r.date_added
FROM `{p}review` r JOIN (SELECT 1 AS k UNION ALL SELECT 2) n ON r.review_id %% IF(n.k = 1, 4, 8) = 0
WHERE r.review_id > %s AND r.date_added IS NOT NULL
"""

CSAT = """
INSERT IGNORE INTO `{p}rebound_survey_answer` (email_id, kind, subject_key, recipient, store_id, case_id, order_id,
  score, comment, event_uuid, answered_at)
SELECT c.case_id, 'csat', CONCAT('case:', c.case_id), c.email, c.store_id, c.case_id, c.order_id,
  ELT(1 + (c.case_id DIV 3) %% 10, 5, 5, 4, 5, 3, 4, 5, 2, 1, 5), NULL,
  CONCAT('00000000-0000-4000-9000-', LPAD(c.case_id, 12, '0')), c.updated_at + INTERVAL 2 DAY
FROM `{p}rebound_case` c
WHERE c.case_id > %s AND c.case_id %% 3 = 0 AND c.status IN ('refunded', 'credited', 'exchanged')
  AND c.updated_at + INTERVAL 2 DAY <= %s
"""

NPS = """
INSERT IGNORE INTO `{p}rebound_survey_answer` (email_id, kind, subject_key, recipient, store_id, case_id, order_id,
  score, comment, event_uuid, answered_at)
SELECT 1000000000 + o.order_id, 'nps', CONCAT('order:', o.order_id), COALESCE(o.email, ''), COALESCE(o.store_id, 0),
  0, o.order_id, ELT(1 + (o.order_id DIV 10) %% 10, 10, 9, 9, 8, 7, 10, 6, 3, 9, 10), NULL,
  CONCAT('00000000-0000-4000-a000-', LPAD(o.order_id, 12, '0')), o.date_added + INTERVAL 15 DAY
FROM `{p}order` o
WHERE o.order_id > %s AND o.order_id %% 10 = 0 AND o.order_status_id IN (3, 5)
  AND o.date_added + INTERVAL 15 DAY <= %s
"""


@dataclass
class ReboundRows:
    cases: int = 0
    case_lines: int = 0
    case_history: int = 0
    photos: int = 0
    survey_answers: int = 0

    def __str__(self) -> str:
        return (f"{self.cases:,} cases, {self.case_lines:,} case lines, {self.case_history:,} history rows, "
                f"{self.photos:,} photos, {self.survey_answers:,} survey answers")


def _max(db: Database, sql: str) -> int:
    row = db.query_one(sql)
    return int(row["n"] or 0) if row else 0


def add_rebound_rows(db: Database) -> ReboundRows:
    """Add Rebound's rows for the returns, reviews and orders made since the last call (see the docstring)."""
    migrate(db)
    after_case = _max(db, "SELECT MAX(case_id) AS n FROM `{p}rebound_case`")
    after_review = _max(db, "SELECT MAX(owner_id) AS n FROM `{p}rebound_photo` WHERE kind = 'review'")
    after_order = _max(db, "SELECT MAX(order_id) AS n FROM `{p}rebound_survey_answer` WHERE kind = 'nps'")
    end = (db.query_one("SELECT MAX(date_added) AS t FROM `{p}order`") or {}).get("t")
    out = ReboundRows()
    if end is None:
        return out
    out.cases = db.execute(CASES, (after_case,))
    out.case_lines = db.execute(LINES, (after_case,))
    for status, action, at, when in HISTORY:
        out.case_history += db.execute(
            "INSERT INTO `{p}rebound_case_history` (case_id, status, action, actor, comment, created_at) "
            f"SELECT c.case_id, '{status}', '{action}', 'demo', NULL, {at} FROM `{{p}}rebound_case` c "
            f"WHERE c.case_id > %s AND {when} ORDER BY c.case_id", (after_case,))
    out.photos = db.execute(RETURN_PHOTOS, (after_case,)) + db.execute(REVIEW_PHOTOS, (after_review,))
    out.survey_answers = db.execute(CSAT, (after_case, end)) + db.execute(NPS, (after_order, end))
    return out
