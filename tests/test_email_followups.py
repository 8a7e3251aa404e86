"""Follow-ups: review requests and their reminder, NPS, CSAT, the owner's alerts, the contact budget and
quiet hours, and survey answers coming back through the outbox."""

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from mailsink import SECRET_HEX, SinkServer, build_shop, emails, event, mail_context, make_due, set_email_settings

from sidecar.mail import contact, outbox, plan, tokens
from sidecar.mail.deliver import Sender
from sidecar.mail.settings import DEFAULTS
from sidecar.schedule import Job

NOW = datetime(2026, 11, 26, 12, 0)
BUDGET = {"window_days": 30, "max_per_window": 2, "min_gap_hours": 72}


@pytest.mark.parametrize(("count", "first", "last", "verdict"), [
    (0, None, None, contact.SEND),
    (1, NOW - timedelta(days=10), NOW - timedelta(days=10), contact.SEND),
    (1, NOW - timedelta(hours=10), NOW - timedelta(hours=10), contact.Verdict("defer", "min_gap", NOW + timedelta(hours=62))),
    (2, NOW - timedelta(days=20), NOW - timedelta(days=5), contact.Verdict("defer", "frequency_cap", NOW + timedelta(days=10))),
    (2, NOW - timedelta(days=29), NOW - timedelta(hours=1), contact.Verdict("defer", "min_gap", NOW + timedelta(hours=71))),
])
def test_the_contact_budget(count, first, last, verdict) -> None:
    assert contact.judge(NOW, count, first, last, BUDGET) == verdict


def test_over_budget_rules_defer_or_drop_by_kind() -> None:
    wait = contact.Verdict("defer", "min_gap", NOW + timedelta(days=2))
    assert contact.by_rule(wait, "review_request", NOW, DEFAULTS) == wait
    assert contact.by_rule(wait, "csat", NOW, DEFAULTS) == contact.Verdict("drop", "min_gap")
    late = contact.Verdict("defer", "frequency_cap", NOW + timedelta(days=20))  # beyond max_defer_days (14)
    assert contact.by_rule(late, "review_request", NOW, DEFAULTS) == contact.Verdict("drop", "frequency_cap")


@pytest.mark.parametrize(("utc", "until"), [
    (datetime(2026, 11, 26, 19, 59), None),
    (datetime(2026, 11, 26, 20, 0), datetime(2026, 11, 27, 7, 0)),  # 21:00 in Berlin (UTC+1) until 08:00
    (datetime(2026, 11, 27, 3, 0), datetime(2026, 11, 27, 7, 0)),
    (datetime(2026, 11, 27, 7, 0), None),
])
def test_quiet_hours_in_the_stores_time_zone(utc, until) -> None:
    quiet = {"start": "21:00", "end": "08:00"}
    assert contact.quiet_until(utc, quiet, ZoneInfo("Europe/Berlin")) == until
    assert contact.quiet_until(utc, None, ZoneInfo("Europe/Berlin")) is None


@pytest.fixture
def shop(store_db, oc_order):
    set_email_settings(store_db, {"quiet_hours": None})
    return build_shop(store_db, oc_order)


def run(db, server) -> None:
    sender = Sender(mail_context(db, server.url))
    try:
        sender.run(db)
    finally:
        sender.close()


def planned(db) -> dict[str, int]:
    return plan.plan(db, mail_context(db, None), datetime.now(timezone.utc).replace(tzinfo=None))


def products_asked(received) -> list[str]:
    text = received.message.get_body(("plain",)).get_content()
    return [line for line in text.splitlines() if line in ("Tee", "Mug", "Cap", "Sock")]


def test_review_requests_follow_the_rules(client, store_db, shop, sink) -> None:
    set_email_settings(store_db, {"quiet_hours": None, "review": {"max_products": 2},
                                  "budget": {"min_gap_hours": 0}})
    # Bob returned a Cap for the wrong size last month: Ann is asked for a photo review of hers first.
    store_db.execute("INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, order_id, customer_id, email, "
                     "status, created_at, updated_at) VALUES (90, 'BOBCAP22', 'e-90', 99, 4, 'bob@example.com', "
                     "'refunded', UTC_TIMESTAMP() - INTERVAL 30 DAY, UTC_TIMESTAMP() - INTERVAL 20 DAY)")
    store_db.execute("INSERT INTO `{p}rebound_case_line` (case_id, order_id, order_product_id, product_id, quantity, "
                     "reason_id, resolution) VALUES (90, 99, 999, 42, 1, 6, 'refund')")
    # Ann returned her Sock (refunded: never asked about), and has already reviewed the Mug.
    store_db.execute("INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, order_id, customer_id, email, "
                     "status, created_at, updated_at) VALUES (91, 'ANNSOCK2', 'e-91', 7, 3, 'ann@example.com', "
                     "'refunded', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    store_db.execute("INSERT INTO `{p}rebound_case_line` (case_id, order_id, order_product_id, product_id, quantity, "
                     "reason_id, resolution) VALUES (91, 7, %s, 43, 1, 5, 'refund')", (shop[43],))
    store_db.execute("INSERT INTO `{p}rebound_review_state` (review_id, product_id, customer_id, rating, status, "
                     "updated_at) VALUES (1, 41, 3, 5, 1, UTC_TIMESTAMP())")
    assert planned(store_db)["review_request"] == 3  # orders 7, 8 (a guest) and 9
    assert planned(store_db)["review_request"] == 0  # from the watermark: nothing new
    run(store_db, sink)
    by_order = {r["order_id"]: r for r in emails(store_db, kind="review_request")}
    assert {o: r["status"] for o, r in by_order.items()} == {7: "sent", 8: "sent", 9: "sent"}
    ann7 = next(r for r in sink.sink.received if "#7" in r.message.get_body(("plain",)).get_content())
    assert products_asked(ann7) == ["Cap", "Tee"]  # photo first, then by price; at most 2; no Sock, no Mug
    assert "Add a review with photos" in ann7.message.get_body(("plain",)).get_content()
    assert ann7.message["List-Unsubscribe"] is not None
    # Each product link names this request with a signed `review` token: a review written after following it
    # is tied to order 7, a guest's too (docs/reviews-api.md, "Verified buyer").
    links = re.findall(r"rebound_from=([A-Za-z0-9._-]+)", ann7.message.get_body(("plain",)).get_content())
    assert len(links) == 2
    claims = {tokens.verify([SECRET_HEX], link) for link in links}
    assert claims == {tokens.Claims("review", by_order[7]["email_id"], "ann@example.com")}

    # One reminder, for registered customers only, when no review came.
    reminders = emails(store_db, kind="review_reminder")
    assert sorted(r["order_id"] for r in reminders) == [7, 9] and all(r["status"] == "queued" for r in reminders)
    assert reminders[0]["due_at"] > datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=6)
    store_db.execute("INSERT INTO `{p}rebound_review_state` (review_id, product_id, customer_id, rating, status, "
                     "updated_at) VALUES (2, 42, 3, 4, 0, UTC_TIMESTAMP()), (3, 40, 3, 5, 0, UTC_TIMESTAMP())")
    make_due(store_db)
    sent_before = sink.sink.count()
    run(store_db, sink)
    assert {r["order_id"]: (r["status"], r["reason"]) for r in emails(store_db, kind="review_reminder")} == {
        7: ("skipped", "already_reviewed"), 9: ("skipped", "already_reviewed")}
    assert sink.sink.count() == sent_before


def test_a_review_written_from_the_request_link_stops_the_reminder(store_db, shop, sink) -> None:
    set_email_settings(store_db, {"quiet_hours": None, "budget": {"min_gap_hours": 0}})
    planned(store_db)
    run(store_db, sink)
    request9 = next(r for r in emails(store_db, kind="review_request") if r["order_id"] == 9)
    # Order 9's Tee reviewed by someone not logged in, after following order 9's request link.
    store_db.execute("INSERT INTO `{p}rebound_review_state` (review_id, product_id, customer_id, rating, status, "
                     "updated_at) VALUES (5, 40, 0, 5, 0, UTC_TIMESTAMP())")
    store_db.execute("INSERT INTO `{p}rebound_review_source` (review_id, email_id, order_id, created_at) "
                     "VALUES (5, %s, 9, UTC_TIMESTAMP())", (request9["email_id"],))
    make_due(store_db)
    run(store_db, sink)
    reminders = {r["order_id"]: (r["status"], r["reason"]) for r in emails(store_db, kind="review_reminder")}
    assert reminders[9] == ("skipped", "already_reviewed")
    assert reminders[7] == ("sent", None), "order 7's Tee was not reviewed from its own link"


@pytest.fixture
def store_db_orders(store_db, oc_order):
    set_email_settings(store_db, {"quiet_hours": None})
    return build_shop(store_db, oc_order)


def test_no_review_request_while_a_return_is_open_or_for_old_orders(client, store_db, store_db_orders) -> None:
    lines = store_db_orders
    answer = event(client, "return.submitted", {"order_id": 7, "customer_id": 3, "lines": [
        {"order_product_id": lines[40], "quantity": 1, "reason_id": 5, "resolution": "refund"}]})
    assert answer.json["result"]["outcome"] == "accepted"
    store_db.execute("UPDATE `{p}rebound_order_state` SET delivered_at = UTC_TIMESTAMP() - INTERVAL 30 DAY "
                     "WHERE order_id = 9")  # delivered too long ago to ask now
    assert planned(store_db)["review_request"] == 2
    server = SinkServer().start()
    try:
        run(store_db, server)
    finally:
        server.stop()
    row = emails(store_db, kind="review_request", order_id=7)[0]
    assert (row["status"], row["reason"], row["deferrals"]) == ("queued", "return_open", 1)
    assert row["due_at"] > datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=23)
    assert emails(store_db, order_id=9) == []


def test_budget_and_quiet_hours_defer_or_drop_with_a_reason(store_db, shop, sink) -> None:
    set_email_settings(store_db, {"quiet_hours": None, "budget": {"max_per_window": 4, "min_gap_hours": 72}})
    store_db.execute("INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, order_id, customer_id, email, "
                     "status, created_at, updated_at) VALUES (1, 'ANNTEE22', 'e-1', 7, 3, 'ann@example.com', "
                     "'refunded', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
    ctx = mail_context(store_db, None)
    plan.after_delivery(store_db, ctx, datetime.now(timezone.utc).replace(tzinfo=None), "review_request", "review", 7, 3)
    store_db.execute("UPDATE `{p}rebound_email` SET due_at = UTC_TIMESTAMP(6) + INTERVAL 1 HOUR WHERE order_id <> 7")
    run(store_db, sink)  # Ann's request for order 7 goes out …
    make_due(store_db)
    outbox.enqueue(store_db, kind="csat", subject="case:1:csat", recipient="ann@example.com", case_id=1)
    run(store_db, sink)  # … then her order 9 request waits for the gap; a CSAT is dropped by its rule
    rows = {(r["kind"], r["order_id"]): r for r in emails(store_db)}
    assert rows[("review_request", 7)]["status"] == "sent"
    nine = rows[("review_request", 9)]
    assert (nine["status"], nine["reason"]) == ("queued", "min_gap")
    assert nine["due_at"] > datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(hours=71)
    assert rows[("review_request", 8)]["status"] == "sent"  # the guest has a budget of their own
    csat = rows[("csat", 0)]
    assert (csat["status"], csat["reason"]) == ("skipped", "min_gap")

    # Quiet hours around now, in the store's zone: budgeted mail waits for their end; transactional doesn't.
    now = datetime.now(ZoneInfo("Asia/Tokyo"))
    set_email_settings(store_db, {"quiet_hours": {"start": (now - timedelta(hours=1)).strftime("%H:%M"),
                                                  "end": (now + timedelta(hours=1)).strftime("%H:%M")}})
    store_db.execute("UPDATE `{p}setting` SET `value` = 'Asia/Tokyo' WHERE `key` = 'config_timezone'")
    outbox.enqueue(store_db, kind="nps", subject="order:8:nps", recipient="guest@example.com", order_id=8)
    outbox.enqueue(store_db, kind="sla_alert", subject="sla:x", recipient="owner@example.com", data={"count": 0})
    run(store_db, sink)
    nps = emails(store_db, kind="nps")[0]
    assert (nps["status"], nps["reason"]) == ("queued", "quiet_hours")
    end = now.replace(second=0, microsecond=0) + timedelta(hours=1)
    assert abs(nps["due_at"].replace(tzinfo=timezone.utc) - end) < timedelta(minutes=1)
    assert emails(store_db, kind="sla_alert")[0]["status"] == "sent"


def test_nps_after_delivery_once_per_customer_per_throttle(store_db, oc_order, sink) -> None:
    set_email_settings(store_db, {"quiet_hours": None, "budget": {"min_gap_hours": 0}})
    build_shop(store_db, oc_order, days_ago=15)
    assert planned(store_db)["nps"] == 3 and planned(store_db)["review_request"] == 0  # 15 days: too old to ask
    run(store_db, sink)
    ann = sorted((r["order_id"], r["status"], r["reason"]) for r in emails(store_db, kind="nps", customer_id=3))
    assert ann == [(7, "sent", None), (9, "skipped", "nps_throttled")]
    message = next(r for r in sink.sink.received if r.recipients == ["ann@example.com"]).message
    assert "rebound.survey" in message.get_body(("plain",)).get_content() and message["List-Unsubscribe"]


def test_csat_after_a_return_closes_and_the_answer_comes_back(client, store_db, shop, sink) -> None:
    # Ann also gets review requests for her orders: no gap rule here, or the CSAT would be dropped for it.
    set_email_settings(store_db, {"quiet_hours": None, "csat": {"delay_hours": 24}, "budget": {"min_gap_hours": 0}})
    case = event(client, "return.submitted", {"order_id": 7, "customer_id": 3, "lines": [
        {"order_product_id": shop[40], "quantity": 1, "reason_id": 5, "resolution": "refund"}]}).json["result"]["case"]
    store_db.execute("UPDATE `{p}rebound_case` SET status = 'refunded', updated_at = UTC_TIMESTAMP() - INTERVAL 23 HOUR")
    assert planned(store_db)["csat"] == 0  # not yet
    store_db.execute("UPDATE `{p}rebound_case` SET updated_at = UTC_TIMESTAMP() - INTERVAL 25 HOUR")
    assert planned(store_db)["csat"] == 1
    run(store_db, sink)
    [row] = emails(store_db, kind="csat")
    assert row["status"] == "sent" and row["subject_key"] == f"case:{case['case_id']}:csat"
    answer = event(client, "survey.answered", {"email_id": row["email_id"], "kind": "csat", "score": 4,
                                               "email": "ann@example.com", "comment": "Quick &amp; easy"})
    assert answer.status_code == 200, answer.json
    saved = store_db.query_one("SELECT kind, score, comment, case_id, recipient FROM `{p}rebound_survey_answer`")
    assert saved == {"kind": "csat", "score": 4, "comment": "Quick &amp; easy", "case_id": case["case_id"],
                     "recipient": "ann@example.com"}
    bad = event(client, "survey.answered", {"email_id": row["email_id"], "kind": "csat", "score": 9,
                                            "email": "ann@example.com"})
    assert bad.status_code == 400 and "score" in str(bad.json["error"]["fields"])


def test_the_owner_gets_sla_alerts_and_a_digest(store_db, shop, sink) -> None:
    from mailsink import set_setting

    set_setting(store_db, "config_mail_alert_email", "ops@example.com, boss@example.com")
    for case_id, status, hours in [(1, "requested", 48.5), (2, "requested", 47.5), (3, "approved", 24 * 15),
                                   (4, "received", 10)]:
        store_db.execute("INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, order_id, customer_id, email, "
                         "status, created_at, updated_at) VALUES (%s, %s, %s, 7, 3, 'ann@example.com', %s, "
                         "UTC_TIMESTAMP(6) - INTERVAL %s MINUTE, UTC_TIMESTAMP(6) - INTERVAL %s MINUTE)",
                         (case_id, f"CASE000{case_id}", f"e-{case_id}", status, int(hours * 60), int(hours * 60)))
    ctx = mail_context(store_db, None)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    hour = Job(1, "mail.sla", "slot-1", now, 1, None)
    assert plan.sla_alert(store_db, ctx, hour)  # case 1 passed 48 h within the last hour; 3 passed 14 days long ago
    assert not plan.sla_alert(store_db, ctx, Job(2, "mail.sla", "slot-1", now, 1, None))  # the same slot again
    store_db.execute("INSERT INTO `{p}rebound_email` (kind, subject_key, recipient, status, due_at, created_at, "
                     "updated_at) VALUES ('nps', 'order:1:nps', 'x@example.com', 'dead', UTC_TIMESTAMP(6), "
                     "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))")
    assert plan.digest(store_db, ctx, Job(3, "mail.digest", "2026-11-26", now, 1, None))
    run(store_db, sink)
    by_kind = {r.message["X-Rebound-Kind"]: r.message for r in sink.sink.received}  # sent over two connections
    alert, summary = by_kind["sla_alert"], by_kind["digest"]
    assert alert["To"] == "ops@example.com" and alert["Subject"] == "1 return(s) waiting too long at Your Store"
    assert "CASE0001 (order #7): requested for 2 day(s) 0 hour(s)" in alert.get_body(("plain",)).get_content()
    assert alert["Auto-Submitted"] == "auto-generated" and alert["List-Unsubscribe"] is None
    text = summary.get_body(("plain",)).get_content()
    assert summary["Subject"] == "Rebound daily summary for Your Store, 2026-11-26"
    assert "Returns waiting too long: 2." in text and "1 emails" in text
    assert "CASE0001" in text and "CASE0003" in text and "CASE0002" not in text
