"""Returns through the signed API: eligibility, a request becoming a case and OpenCart rows, tracking,
and the owner's actions — against a real database, through the real app."""

import json
import threading
import uuid
from datetime import datetime, timezone

import pytest
from conftest import SECRET

from sidecar import signing
from sidecar.reconcile import deliver_outbox, reconcile_tick
from sidecar.store import Store

POLICY = {
    "version": 1,
    "window": {"days": 30},
    "resolutions": {"refund": True, "store_credit": True, "store_credit_bonus_percent": "10", "exchange": True},
    "reasons": [{"reason_id": 1, "photos_required": True, "merchant_fault": True}, {"reason_id": 5}],
}


def render_queued(db):
    """The one queued email as the worker would send it."""
    from mailsink import mail_context

    from sidecar.mail import outbox
    from sidecar.mail.prepare import Ready, prepare
    from sidecar.mail.render import render

    ctx = mail_context(db, None)
    email = outbox.claim(db, "test", 1, 60)[0]
    prepared = prepare(ctx, db, email, datetime.now(timezone.utc).replace(tzinfo=None))
    assert isinstance(prepared, Ready), prepared
    return render(ctx, email, prepared.data)


def get(client, path: str):
    return client.get(path, headers=signing.headers(SECRET, "GET", path))


def post_json(client, path: str, body: dict):
    raw = json.dumps(body).encode()
    return client.post(path, data=raw, headers={**signing.headers(SECRET, "POST", path, raw),
                                                 "Content-Type": "application/json"})


def submit(client, data: dict, event_id: str | None = None):
    event = {"id": event_id or str(uuid.uuid4()), "type": "return.submitted", "store_id": 0,
             "created_at": "2026-11-26T12:00:00Z", "data": data}
    return post_json(client, "/v1/events", event)


@pytest.fixture
def shop(store_db, oc_order):
    """A delivered order of customer 3 (2 × Tee, 1 × Mug), a guest's order, and the policy above."""
    db = store_db
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
               "VALUES (0, 'module_rebound', 'module_rebound_policy', %s, 1)", (json.dumps(POLICY),))
    db.execute("INSERT INTO `{p}return_status` (return_status_id, language_id, name) VALUES (4, 1, 'Rejected'), "
               "(5, 1, 'Received')")
    db.execute("INSERT INTO `{p}customer` (customer_id, customer_group_id, store_id, language_id, firstname, "
               "lastname, email, status, date_added) VALUES (3, 1, 0, 1, 'Ann', 'Lee', 'ann@example.com', 1, NOW())")
    db.execute("INSERT INTO `{p}product` (product_id, model, price, status) VALUES (40, 'TEE', 10, 1), "
               "(41, 'MUG', 5, 1), (42, 'CAP', 7, 1)")
    db.execute("INSERT INTO `{p}product_description` (product_id, language_id, name) VALUES (40, 1, 'Tee'), "
               "(41, 1, 'Mug'), (42, 1, 'Cap')")
    db.execute("INSERT INTO `{p}product_to_category` VALUES (40, 20), (41, 21), (42, 20)")
    oc_order(7, [(1, "2026-11-10 10:00:00"), (5, "2026-11-20 10:00:00")], customer_id=3)
    db.execute("UPDATE `{p}order_product` SET quantity = 2, total = 20 WHERE order_id = 7")
    db.execute("INSERT INTO `{p}order_product` (order_id, product_id, name, model, quantity, price, total, tax) "
               "VALUES (7, 41, 'Mug', 'MUG', 1, 5, 5, 0)")
    oc_order(8, [(5, "2026-11-20 10:00:00")], customer_id=0)
    db.execute("UPDATE `{p}order` SET email = 'guest@example.com' WHERE order_id = 8")
    reconcile_tick(db, Store(db))
    lines = {r["product_id"]: r["order_product_id"] for r in db.query(
        "SELECT order_product_id, product_id FROM `{p}order_product` WHERE order_id = 7")}
    return db, lines


def test_eligibility_for_the_owner_only(client, shop) -> None:
    _, lines = shop
    answer = get(client, "/v1/orders/7/eligibility?customer_id=3")
    assert answer.status_code == 200, answer.json
    body = answer.json
    assert body["blocked"] is None and body["window"]["basis"] == "delivered"
    assert body["window"]["deadline"].startswith("2026-12-20T23:59:59")
    tee = next(x for x in body["lines"] if x["order_product_id"] == lines[40])
    assert (tee["bought"], tee["returnable"], tee["eligible"]) == (2, 2, True)
    assert tee["photos_required_for"] == [1]
    assert {o["resolution"] for o in tee["offers"]} == {"refund", "store_credit", "exchange"}
    assert [r["reason_id"] for r in body["reasons"]] == [1, 5]
    for asker in ("?customer_id=4", "?email=ann@example.com", ""):
        assert get(client, f"/v1/orders/7/eligibility{asker}").status_code == 404
    assert get(client, "/v1/orders/8/eligibility?email=GUEST@example.com").status_code == 200
    assert get(client, "/v1/orders/999/eligibility?customer_id=3").status_code == 404


def test_the_order_list_asks_for_several_orders_at_once(client, shop, oc_order) -> None:
    db, lines = shop
    oc_order(9, [(1, "2026-11-25 10:00:00")], customer_id=3)  # pending: not delivered yet
    db.execute("INSERT INTO `{p}order_option` (order_id, order_product_id, product_option_id, product_option_value_id, "
               "name, value, type) VALUES (7, %s, 1, 2, 'Size', 'L', 'select')", (lines[40],))
    reconcile_tick(db, Store(db))
    assert submit(client, {"order_id": 7, "customer_id": 3, "lines": [
        {"order_product_id": lines[40], "quantity": 1, "reason_id": 5, "resolution": "refund"}]}).json["result"][
        "outcome"] == "accepted"
    answer = get(client, "/v1/orders/eligibility?order_ids=9,7,8,999,7&customer_id=3")
    assert answer.status_code == 200, answer.json
    orders = answer.json["orders"]
    assert [(o["order_id"], o["found"]) for o in orders] == [(9, True), (7, True), (8, False), (999, False)]
    single = get(client, "/v1/orders/7/eligibility?customer_id=3").json
    seven = orders[1]
    assert seven["deadline"] == single["window"]["deadline"] and seven["blocked"] is None
    assert [(x["order_product_id"], x["name"], x["bought"], x["returnable"], x["eligible"], x["deadline"])
            for x in seven["lines"]] == [(x["order_product_id"], x["name"], x["bought"], x["returnable"],
                                          x["eligible"], x["deadline"]) for x in single["lines"]]
    assert {x["order_product_id"] for x in seven["lines"]} == set(lines.values())
    assert [x["returnable"] for x in seven["lines"] if x["order_product_id"] == lines[40]] == [1]  # one asked for
    pending = orders[0]["lines"][0]
    assert pending["eligible"] is False and pending["blocks"] and orders[0]["blocked"]["text"]


@pytest.mark.parametrize(("query", "field"), [
    ("order_ids=7", "customer_id"), ("order_ids=7&customer_id=0", "customer_id"), ("customer_id=3", "order_ids"),
    ("order_ids=7,x&customer_id=3", "order_ids"), ("order_ids=" + ",".join(["7"] * 26) + "&customer_id=3", "order_ids"),
])
def test_the_order_list_refuses_a_bad_question(client, shop, query, field) -> None:
    answer = get(client, f"/v1/orders/eligibility?{query}")
    assert answer.status_code == 400 and list(answer.json["error"]["fields"]) == [field]


def test_returned_quantities_and_history_come_from_the_mirrors_in_one_read(client, shop, oc_order) -> None:
    """A case's OpenCart return rows count once (as the case's), a core return outside any case counts by
    product, and the customer's history sees both; a guest's order reads no history."""
    from datetime import datetime, timezone

    from sidecar.returns.load import order_with_options, policies_for, situation

    db, lines = shop
    oc_order(10, [(1, "2026-11-12 10:00:00"), (5, "2026-11-21 10:00:00")], customer_id=3)  # a Tee
    reconcile_tick(db, Store(db))
    clean = situation(db, Store(db), policies_for(Store(db)), 7, datetime(2026, 11, 26, 12, tzinfo=timezone.utc),
                      customer_id=3).history
    assert (clean.completed_orders, clean.returns, clean.items_returned, clean.items_bought) == (1, 0, 0, 0)
    answer = submit(client, {"order_id": 7, "customer_id": 3, "comment": "", "lines": [
        {"order_product_id": lines[40], "quantity": 2, "reason_id": 5, "resolution": "refund"}]})
    assert answer.json["result"]["outcome"] == "accepted", answer.json
    db.execute("INSERT INTO `{p}return` (order_id, customer_id, product_id, quantity, return_status_id, date_added) "
               "VALUES (10, 3, 40, 1, 1, '2026-11-22 10:00:00'), (7, 3, 41, 1, 1, '2026-11-22 10:00:00')")
    db.execute("INSERT INTO `{p}order_option` (order_id, order_product_id, product_option_id, product_option_value_id, "
               "name, value, type) VALUES (7, %s, 1, 2, 'Size', 'L', 'select')", (lines[40],))
    store = Store(db)
    reconcile_tick(db, store)
    now = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
    seven = situation(db, store, policies_for(store), 7, now, customer_id=3)
    assert seven.returned == {lines[40]: 2} and seven.returned_by_product == {41: 1}
    history = seven.history
    assert (history.completed_orders, history.returns, history.items_returned) == (1, 3, 4)  # order 10; a case, 2 core
    assert history.items_bought == 4  # 2 Tees + a Mug on 7, a Tee on 10
    assert [(o.name, o.value) for line in seven.order.lines for o in line.options] == [("Size", "L")]
    assert [(line.order_product_id, [o.value for o in line.options]) for line in order_with_options(db, store, 7).lines] \
        == [(lines[40], ["L"]), (lines[41], [])]  # the tracking page's lines, options from the mirror
    assert [c.status_id for c in seven.order.history] == [1, 5]
    assert (seven.customer.customer_id, seven.customer.customer_group_id, seven.customer.email) == (3, 1, "ann@example.com")
    db.execute("UPDATE `{p}customer` SET customer_group_id = 2 WHERE customer_id = 3")  # a loyalty group's window
    assert situation(db, store, policies_for(store), 7, now, customer_id=3).customer.customer_group_id == 2
    assert situation(db, store, policies_for(store), 7, now, customer_id=3, history=False).history is None
    assert situation(db, store, policies_for(store), 8, now, email="guest@example.com").history is None
    tee = next(x for x in get(client, "/v1/orders/7/eligibility?customer_id=3").json["lines"]
               if x["order_product_id"] == lines[40])
    assert (tee["already_returned"], tee["returnable"], tee["eligible"]) == (2, 0, False)


def test_a_request_becomes_a_case_and_opencart_returns(client, shop) -> None:
    db, lines = shop
    data = {"order_id": 7, "customer_id": 3, "comment": "Too small & scratchy",
            "lines": [{"order_product_id": lines[40], "quantity": 1, "reason_id": 5, "resolution": "refund"},
                      {"order_product_id": lines[41], "quantity": 1, "reason_id": 5, "resolution": "store_credit"}]}
    event_id = str(uuid.uuid4())
    answer = submit(client, data, event_id)
    assert answer.status_code == 200, answer.json
    result = answer.json["result"]
    assert result["outcome"] == "accepted" and result["case"]["status"] == "requested"
    reference = result["case"]["reference"]
    returns = db.query("SELECT product_id, quantity, return_status_id, comment, customer_id FROM `{p}return` "
                       "ORDER BY return_id")
    assert [(r["product_id"], r["quantity"], r["return_status_id"]) for r in returns] == [(40, 1, 1), (41, 1, 1)]
    assert returns[0]["comment"] == "Too small &amp; scratchy"  # stored as OpenCart stores form input
    history = db.query("SELECT comment FROM `{p}return_history` ORDER BY return_history_id")
    assert len(history) == 2 and reference in history[0]["comment"]
    again = submit(client, data, event_id)  # the extension's retry
    assert again.json["status"] == "duplicate" and again.json["result"] == result
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_case`")["n"] == 1

    track = get(client, f"/v1/returns/{reference}?customer_id=3")
    assert track.status_code == 200
    assert track.json["status"] == "requested" and [t["status"] for t in track.json["timeline"]] == ["requested"]
    assert track.json["timeline"][0]["comment"] == "Too small & scratchy" and track.json["instructions"] == ""
    assert track.json["related_products"] == [{"product_id": 42, "name": "Cap"}]
    assert get(client, f"/v1/returns/{reference}?customer_id=4").status_code == 404

    left = get(client, "/v1/orders/7/eligibility?customer_id=3").json
    tee = next(x for x in left["lines"] if x["order_product_id"] == lines[40])
    assert (tee["already_returned"], tee["returnable"]) == (1, 1)
    # The order page and the order list name the open request per line (one call each, as before).
    assert tee["requests"] == [{"reference": reference, "status": "requested",
                                "status_text": "Requested — the store will review it", "quantity": 1}]
    listed = get(client, "/v1/orders/eligibility?customer_id=3&order_ids=7").json
    assert next(x for x in listed["orders"][0]["lines"] if x["order_product_id"] == lines[40])["requests"] == \
        tee["requests"]
    db.execute("UPDATE `{p}rebound_case` SET status = 'refunded'")  # closed: nothing open to follow any more
    closed = get(client, "/v1/orders/7/eligibility?customer_id=3").json
    assert all(x["requests"] == [] for x in closed["lines"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda d, lines: d["lines"][0].update(quantity=3), "lines.0.quantity"),
        (lambda d, lines: d["lines"][0].update(order_product_id=99999), "lines.0.order_product_id"),
        (lambda d, lines: d["lines"][0].update(reason_id=1), "lines.0.photos"),  # photos required, none sent
        (lambda d, lines: d["lines"][0].update(reason_id=3), "lines.0.reason_id"),  # not in the policy
        (lambda d, lines: d.update(customer_id=4), "order_id"),  # someone else's order
    ],
)
def test_the_policy_is_enforced_server_side(client, shop, change, field) -> None:
    db, lines = shop
    data = {"order_id": 7, "customer_id": 3,
            "lines": [{"order_product_id": lines[40], "quantity": 1, "reason_id": 5, "resolution": "refund"}]}
    change(data, lines)
    result = submit(client, data).json["result"]
    assert result["outcome"] == "refused" and field in result["errors"], result
    assert db.query("SELECT * FROM `{p}return`") == []


def test_a_request_refused_after_the_shopper_was_told_received_is_emailed_to_them(client, shop) -> None:
    """The sidecar was down: the form said "received" and the worker delivered the outbox row later. A
    refusal then reaches the shopper by email (why, per product, and a link back to the form); one the form
    showed at once (the API path) sends nothing."""
    db, lines = shop
    data = {"order_id": 7, "customer_id": 3, "email": "", "comment": "", "language_id": 1,
            "lines": [{"order_product_id": lines[40], "quantity": 1, "reason_id": 3, "resolution": "refund",
                       "photo_ids": []}]}  # reason 3 is not in the policy
    late = {"id": str(uuid.uuid4()), "type": "return.submitted", "store_id": 0,
            "created_at": "2026-11-26T12:00:00Z", "data": data}
    db.execute("INSERT INTO `{p}rebound_event` (event_uuid, type, store_id, payload, status, created_at) "
               "VALUES (%s, 'return.submitted', 0, %s, 'pending', UTC_TIMESTAMP(6))", (late["id"], json.dumps(late)))
    assert deliver_outbox(db, Store(db)) == 1
    assert json.loads(db.query_one("SELECT result FROM `{p}rebound_event_result`")["result"])["outcome"] == "refused"
    emails = db.query("SELECT kind, recipient, order_id, data FROM `{p}rebound_email`")
    assert [(e["kind"], e["recipient"], e["order_id"]) for e in emails] == [
        ("request_not_accepted", "ann@example.com", 7)]
    reasons = json.loads(emails[0]["data"])["reasons"]
    assert reasons.startswith("Tee: ") and len(reasons) > len("Tee: "), reasons

    message = render_queued(db)
    text = message.get_body(("plain",)).get_content()
    assert "We could not take your return request" in text and "Tee: " in text
    assert "route=extension/rebound/module/rebound.returnForm" in text and "order_id=7" in text

    answered = submit(client, {**data, "lines": [{**data["lines"][0], "quantity": 5}]}).json["result"]
    assert answered["outcome"] == "refused"
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_email`")["n"] == 1, "the form showed that refusal"


def test_two_requests_for_the_same_line_at_once(app, shop) -> None:
    db, lines = shop
    data = {"order_id": 7, "customer_id": 3,
            "lines": [{"order_product_id": lines[40], "quantity": 2, "reason_id": 5, "resolution": "refund"}]}
    outcomes: list[str] = []
    start = threading.Barrier(4)

    def one() -> None:
        client = app.test_client()
        start.wait()
        outcomes.append(submit(client, data).json["result"]["outcome"])

    threads = [threading.Thread(target=one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["accepted", "refused", "refused", "refused"]
    assert db.query_one("SELECT SUM(quantity) AS q FROM `{p}return`")["q"] == 2


def test_owner_actions(client, shop) -> None:
    db, lines = shop
    data = {"order_id": 7, "customer_id": 3,
            "lines": [{"order_product_id": lines[40], "quantity": 2, "reason_id": 5, "resolution": "store_credit"}]}
    case_id = submit(client, data).json["result"]["case"]["case_id"]
    listed = get(client, "/v1/admin/returns?status=requested").json
    assert listed["total"] == 1 and listed["cases"][0]["case_id"] == case_id
    row = listed["cases"][0]
    assert (row["customer"], row["items"], row["reasons"], row["base_value"]) == ("Ann Lee", 2, [5], "22.00")
    assert get(client, "/v1/admin/returns?status=approved").json["total"] == 0
    detail = get(client, f"/v1/admin/returns/{case_id}").json
    assert detail["allowed_actions"] == ["approve", "reject"] and detail["policy_check"]["accepted"]

    def action(**body):
        return post_json(client, f"/v1/admin/returns/{case_id}/actions", {"idempotency_key": str(uuid.uuid4()), **body})

    assert action(action="receive").status_code == 409  # not approved yet
    key = str(uuid.uuid4())
    first = post_json(client, f"/v1/admin/returns/{case_id}/actions", {"action": "approve", "idempotency_key": key})
    second = post_json(client, f"/v1/admin/returns/{case_id}/actions", {"action": "approve", "idempotency_key": key})
    assert first.status_code == second.status_code == 200 and second.json["status"] == "approved"
    assert len(second.json["history"]) == 2  # requested, approved: the retry added nothing
    status = lambda: db.query_one("SELECT s.name FROM `{p}return` r JOIN `{p}return_status` s "  # noqa: E731
                                  "ON s.return_status_id = r.return_status_id AND s.language_id = 1")["name"]
    assert status() == "Awaiting Products"
    assert action(action="receive", condition="opened").json["status"] == "received"
    assert status() == "Received"
    assert action(action="credit", amount="999").status_code == 400
    credited = action(action="credit")
    assert credited.status_code == 200 and credited.json["status"] == "credited"
    row = db.query_one("SELECT customer_id, order_id, amount, description FROM `{p}customer_transaction`")
    assert (row["customer_id"], row["order_id"], str(row["amount"])) == (3, 0, "22.0000")  # 2 × 10 + 10 % bonus
    assert credited.json["credit_transaction_id"] is not None
    action_name = db.query_one("SELECT a.name FROM `{p}return` r JOIN `{p}return_action` a "
                               "ON a.return_action_id = r.return_action_id AND a.language_id = 1")["name"]
    assert (status(), action_name) == ("Complete", "Credit Issued")
    assert action(action="refund").status_code == 409  # finished


def test_credit_for_a_refund_request_starts_from_what_a_refund_pays(client, shop) -> None:
    """QA R1: a case asked as a refund, given store credit: the default is the refund plus the policy's credit
    bonus, never 0; a credit or refund of 0 is refused with error[amount]."""
    db, lines = shop
    data = {"order_id": 7, "customer_id": 3,
            "lines": [{"order_product_id": lines[40], "quantity": 1, "reason_id": 5, "resolution": "refund"}]}
    case_id = submit(client, data).json["result"]["case"]["case_id"]
    detail = get(client, f"/v1/admin/returns/{case_id}").json
    assert detail["policy_check"]["credit"] == "0.00" and detail["suggested_credit"] == "11.00"  # 10 + 10 % bonus

    def action(**body):
        return post_json(client, f"/v1/admin/returns/{case_id}/actions", {"idempotency_key": str(uuid.uuid4()), **body})

    assert action(action="approve").status_code == 200
    for kind in ("credit", "refund"):
        refused = action(action=kind, amount="0")
        assert refused.status_code == 400 and refused.json["error"]["fields"] == {"amount": "Enter an amount above 0."}
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}customer_transaction`")["n"] == 0
    credited = action(action="credit")
    assert credited.status_code == 200 and credited.json["credit_amount"] == "11.0000"
    assert str(db.query_one("SELECT amount FROM `{p}customer_transaction`")["amount"]) == "11.0000"


def test_a_guests_case_is_not_offered_store_credit(client, shop) -> None:
    """QA R2: store credit needs a customer account, so a guest's case never lists it."""
    db, _ = shop
    line = db.query_one("SELECT order_product_id FROM `{p}order_product` WHERE order_id = 8")["order_product_id"]
    answer = submit(client, {"order_id": 8, "customer_id": 0, "email": "guest@example.com",
                             "lines": [{"order_product_id": line, "quantity": 1, "reason_id": 5, "resolution": "refund"}]})
    case_id = answer.json["result"]["case"]["case_id"]
    assert post_json(client, f"/v1/admin/returns/{case_id}/actions",
                     {"action": "approve", "idempotency_key": str(uuid.uuid4())}).json["allowed_actions"] == [
        "reject", "receive", "refund", "exchange"]
    refused = post_json(client, f"/v1/admin/returns/{case_id}/actions",
                        {"action": "credit", "idempotency_key": str(uuid.uuid4())})
    assert refused.status_code == 409 and "guest" in refused.json["error"]["message"]


def test_policy_validation_endpoint(client) -> None:
    good = post_json(client, "/v1/admin/policy/validate", {"document": {"version": 1, "window": {"days": 14}}})
    assert good.status_code == 200 and good.json["document"]["window"]["days"] == 14
    bad = post_json(client, "/v1/admin/policy/validate", {"document": {"version": 1, "window": {"days": 0}}})
    assert bad.status_code == 400 and "window.days" in bad.json["error"]["fields"]
    assert get(client, "/v1/admin/policy").json["source"] == "default"


def test_photos_sent_with_a_request_are_linked_to_its_case(client, shop) -> None:
    db, lines = shop
    photo = uuid.uuid4().hex
    db.execute("INSERT INTO `{p}rebound_photo` (photo_id, kind, owner_id, file, thumb, mime, width, height, bytes, "
               "created_at) VALUES (%s, 'return', 0, 'a.jpg', 'a_t.jpg', 'image/jpeg', 10, 10, 100, UTC_TIMESTAMP())",
               (photo,))
    data = {"order_id": 7, "customer_id": 3, "lines": [
        {"order_product_id": lines[40], "quantity": 1, "reason_id": 1, "resolution": "refund", "photo_ids": [photo]}]}
    case = submit(client, data).json["result"]["case"]
    assert db.query_one("SELECT owner_id FROM `{p}rebound_photo`")["owner_id"] == case["case_id"]
