"""The email outbox end to end: a return's status changes become emails in a real SMTP server, once each;
suppressions and unsubscribes are honoured at send time; a store that cannot send says why."""

import pytest
from mailsink import (
    SinkServer,
    build_shop,
    emails,
    event,
    mail_context,
    set_setting,
    signed_post,
)

from sidecar.config import load_config
from sidecar.doctor import smtp_check
from sidecar.mail import outbox
from sidecar.mail.deliver import Sender


@pytest.fixture
def shop(store_db, oc_order):
    return build_shop(store_db, oc_order)


def send(db, server=None) -> int:
    """One delivery pass, as a worker tick makes it; the SMTP connection is closed afterwards."""
    sender = Sender(mail_context(db, server.url if server else None))
    try:
        return sender.run(db)
    finally:
        sender.close()


def submit(client, lines, line_items=None, resolution="refund"):
    data = {"order_id": 7, "customer_id": 3, "comment": "Too small",
            "lines": [{"order_product_id": lines[pid], "quantity": 1, "reason_id": 5, "resolution": resolution}
                      for pid in (line_items or [40])]}
    answer = event(client, "return.submitted", data)
    assert answer.status_code == 200 and answer.json["result"]["outcome"] == "accepted", answer.json
    return answer.json["result"]["case"]


def act(client, case_id, action, key=None, **extra):
    body = {"action": action, "idempotency_key": key or f"{action}-{case_id}", "user": "owner", **extra}
    answer = signed_post(client, f"/v1/admin/returns/{case_id}/actions", body)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_each_status_change_sends_one_email(client, store_db, shop, sink) -> None:
    case = submit(client, shop, [40, 41])
    assert case["status"] == "requested"
    [queued] = emails(store_db)
    assert (queued["kind"], queued["subject_key"], queued["recipient"]) == (
        "return_requested", f"case:{case['case_id']}:requested", "ann@example.com")
    send(store_db, sink)
    for action in ("approve", "receive", "refund"):
        act(client, case["case_id"], action, condition="as_new" if action == "receive" else "")
        act(client, case["case_id"], action, condition="as_new" if action == "receive" else "")  # a retry: no effect
        send(store_db, sink)
    subjects = [r.message["Subject"] for r in sink.sink.received]
    ref = case["reference"]
    assert subjects == [f"We have your return request {ref}", f"Your return {ref} is approved: here is how to send it",
                        f"We received your return {ref}", f"Your refund for return {ref} is on its way"]
    assert {r.recipients[0] for r in sink.sink.received} == {"ann@example.com"}
    assert all(r.message["List-Unsubscribe"] is None for r in sink.sink.received)
    rows = emails(store_db)
    assert [(r["status"], r["attempts"], r["unconfirmed"]) for r in rows] == [("sent", 1, 0)] * 4
    refund = sink.sink.received[-1].message.get_body(("plain",)).get_content()
    assert "We have refunded 15.00 USD" in refund and "Tee × 1" in refund and "Mug × 1" in refund


def test_an_auto_approved_case_sends_only_the_decision(client, store_db, oc_order, sink) -> None:
    from mailsink import RETURN_POLICY

    lines = build_shop(store_db, oc_order, policy={**RETURN_POLICY, "auto_approve": {
        "enabled": True, "max_value": "100.00", "min_completed_orders": 0}})
    case = submit(client, lines)
    assert case["status"] == "approved"
    send(store_db, sink)
    assert [(r["kind"], r["status"], r["reason"]) for r in emails(store_db)] == [
        ("return_requested", "skipped", "superseded"), ("return_approved", "sent", None)]
    assert len(sink.sink.received) == 1


def queue_review_request(db, recipient="ann@example.com", order_id=7, customer_id=3) -> None:
    outbox.enqueue(db, kind="review_request", subject=f"order:{order_id}:review", recipient=recipient, name="Ann",
                   customer_id=customer_id, language_id=1, order_id=order_id)


def test_an_unsubscribe_between_scheduling_and_sending_stops_the_email(client, store_db, shop, sink) -> None:
    from mailsink import set_email_settings

    set_email_settings(store_db, {"quiet_hours": None})
    queue_review_request(store_db)
    queue_review_request(store_db, order_id=9)
    queue_review_request(store_db, "guest@example.com", order_id=8, customer_id=0)
    # The extension's unsubscribe route writes the suppression itself (docs/email.md) …
    store_db.execute("INSERT INTO `{p}rebound_suppression` (email, reason, source, email_id, created_at) "
                     "VALUES ('ann@example.com', 'unsubscribe', 'one_click', 1, UTC_TIMESTAMP(6)) "
                     "ON DUPLICATE KEY UPDATE reason = IF(reason = 'bounce', reason, VALUES(reason))")
    # … and sends the event, which applies the same (the one for Gus arrives by event only).
    assert event(client, "email.unsubscribed", {"email": "Guest@Example.com ", "email_id": 3}).status_code == 200
    case = submit(client, shop)  # transactional mail still reaches an unsubscribed customer
    send(store_db, sink)
    assert [(r["kind"], r["status"], r["reason"]) for r in emails(store_db)] == [
        ("review_request", "skipped", "unsubscribed"), ("review_request", "skipped", "unsubscribed"),
        ("review_request", "skipped", "unsubscribed"), ("return_requested", "sent", None)]
    assert [r.message["Subject"] for r in sink.sink.received] == [f"We have your return request {case['reference']}"]
    assert store_db.query_one("SELECT reason, source, email_id FROM `{p}rebound_suppression` "
                              "WHERE email = 'guest@example.com'") == {"reason": "unsubscribe", "source": "one_click",
                                                                       "email_id": 3}


def test_an_unsubscribe_during_the_batch_is_honoured_at_the_hand_over(store_db, shop) -> None:
    queue_review_request(store_db)
    [claimed] = outbox.claim(store_db, "me", 10, 60)
    outbox.suppress(store_db, "ann@example.com", "unsubscribe", "one_click", claimed.email_id)
    assert outbox.gate(store_db, claimed.email_id, [], "me", 60) is False
    assert emails(store_db)[0]["in_data"] == 0  # never handed over


def test_a_bounce_outranks_an_unsubscribe_and_stops_all_mail(client, store_db, shop, sink) -> None:
    outbox.suppress(store_db, "ann@example.com", "bounce", "smtp", None, "550 5.1.1 no such user")
    outbox.suppress(store_db, "ann@example.com", "unsubscribe", "page")
    assert store_db.query_one("SELECT reason, source FROM `{p}rebound_suppression`") == {"reason": "bounce",
                                                                                         "source": "smtp"}
    submit(client, shop)
    send(store_db, sink)
    assert [(r["status"], r["reason"]) for r in emails(store_db)] == [("skipped", "bounced")]
    assert sink.sink.received == []


def test_the_same_message_is_queued_once(store_db, shop) -> None:
    for recipient in ("ann@example.com", " ANN@example.com", "Ann@Example.com\n"):
        queue_review_request(store_db, recipient)
    assert len(emails(store_db)) == 1


def test_a_store_whose_mail_is_off_keeps_mail_waiting_and_says_why(client, store_db, shop) -> None:
    submit(client, shop)
    send(store_db)
    [row] = emails(store_db)
    assert row["status"] == "queued" and "REBOUND_SMTP_URL" in row["last_error"]
    url = store_db.url
    config = load_config({"REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{url.database}"})
    check = smtp_check(config, store_db)
    assert not check.ok and "Mail is off in the store" in check.detail and "REBOUND_SMTP_URL" in check.detail


def test_the_store_smtp_settings_are_used_and_checked(client, store_db, shop, sink) -> None:
    for key, value in [("config_mail_engine", "smtp"), ("config_mail_smtp_hostname", "127.0.0.1"),
                       ("config_mail_smtp_port", str(sink.port))]:
        set_setting(store_db, key, value)
    submit(client, shop)
    send(store_db)
    assert [r["status"] for r in emails(store_db)] == ["sent"] and len(sink.sink.received) == 1
    url = store_db.url
    config = load_config({"REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{url.database}"})
    check = smtp_check(config, store_db)
    assert check.ok and f"127.0.0.1:{sink.port}" in check.detail and "from the store's System > Settings > Mail" in check.detail and "no login" in check.detail


def test_the_store_smtp_login_is_used_with_its_password_decoded(client, store_db, shop) -> None:
    # OpenCart 4.1 sends over SMTP only with a username and password, and stores the password entity-encoded.
    server = SinkServer(login=("shop", 'p&ss"word')).start()
    try:
        for key, value in [("config_mail_engine", "smtp"), ("config_mail_smtp_hostname", "127.0.0.1"),
                           ("config_mail_smtp_port", str(server.port)), ("config_mail_smtp_username", "shop"),
                           ("config_mail_smtp_password", "p&amp;ss&quot;word"), ("config_mail_smtp_timeout", "7")]:
            set_setting(store_db, key, value)
        url = store_db.url
        config = load_config({"REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{url.database}"})
        check = smtp_check(config, store_db)
        assert check.ok, check.detail
        assert "login shop" in check.detail and "timeout 7 s" in check.detail and "p&ss" not in check.detail
        submit(client, shop)
        send(store_db)
        assert [r["status"] for r in emails(store_db)] == ["sent"] and server.sink.count() == 1
        assert server.logins and all(ok for _, ok in server.logins)

        set_setting(store_db, "config_mail_smtp_password", "wrong")
        refused = smtp_check(config, store_db)
        assert not refused.ok and "login shop" in refused.detail
    finally:
        server.stop()


def test_without_a_secret_no_email_goes_out_without_its_unsubscribe_link(client, store_db, shop, sink) -> None:
    from mailsink import set_email_settings

    set_email_settings(store_db, {"quiet_hours": None})
    queue_review_request(store_db)
    case = submit(client, shop)
    sender = Sender(mail_context(store_db, sink.url, REBOUND_SECRET=""))
    try:
        sender.run(store_db)
    finally:
        sender.close()
    assert [(r["kind"], r["status"], r["reason"]) for r in emails(store_db)] == [
        ("review_request", "queued", "links_unavailable"), ("return_requested", "sent", None)]
    assert [r.message["Subject"] for r in sink.sink.received] == [f"We have your return request {case['reference']}"]
