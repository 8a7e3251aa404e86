"""POST /v1/events and GET /v1/health: signatures, validation, at-most-once application."""

import json
import threading
import time
import uuid

import pytest
from conftest import PREVIOUS_SECRET, SECRET

from sidecar import signing
from sidecar.db import Database
from sidecar.intake import parse, receive
from sidecar.reconcile import deliver_outbox
from sidecar.store import Store


def envelope(type_: str = "order.status_changed", data: dict | None = None, **over) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "type": type_,
        "store_id": 0,
        "created_at": "2026-11-26T12:00:00.000000Z",
        "data": data if data is not None else {"order_id": 7, "order_status_id": 5, "previous_status_id": 3,
                                                "order_history_id": None, "notify": False, "comment": ""},
        **over,
    }


def post(client, body, *, secret: str = SECRET, path: str = "/v1/events", headers: dict | None = None,
         timestamp: int | None = None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    signed = signing.headers(secret, "POST", path, raw, timestamp=timestamp)
    return client.post(path, data=raw, headers={**signed, **(headers or {}), "Content-Type": "application/json"})


def outbox(db: Database, event_id: str) -> dict:
    return db.query_one("SELECT * FROM `{p}rebound_event` WHERE event_uuid = %s", (event_id,))


def test_an_event_is_applied_once(client, store_db, oc_order) -> None:
    oc_order(7, [(1, "2026-11-20 10:00:00"), (5, "2026-11-26 11:00:00")])
    event = envelope()
    answer = post(client, event)
    assert answer.status_code == 200 and answer.json == {"status": "applied", "id": event["id"]}
    row = outbox(store_db, event["id"])
    assert (row["status"], row["attempts"]) == ("delivered", 1)
    state = store_db.query_one("SELECT * FROM `{p}rebound_order_state` WHERE order_id = 7")
    assert state["order_status_id"] == 5 and str(state["delivered_at"]) == "2026-11-26 12:00:00"

    again = post(client, event)  # a retry: new request id, same event
    assert again.status_code == 200 and again.json["status"] == "duplicate"
    assert outbox(store_db, event["id"])["attempts"] == 1


def test_the_same_id_with_another_payload_is_a_conflict(client, oc_order) -> None:
    oc_order(7, [(5, "2026-11-26 11:00:00")])
    event = envelope()
    post(client, event)
    event["data"]["comment"] = "changed"
    answer = post(client, event)
    assert answer.status_code == 409 and answer.json["error"]["code"] == "event_conflict"


def test_unknown_types_are_recorded_and_ignored(client, store_db, caplog) -> None:
    event = envelope("gift_card.redeemed", {"anything": [1, 2]})
    answer = post(client, event)
    assert answer.status_code == 202 and answer.json["status"] == "ignored"
    assert outbox(store_db, event["id"])["status"] == "ignored"
    assert any("unknown event type" in r.getMessage() for r in caplog.records)


def test_previous_secret_still_accepted(client, oc_order) -> None:
    oc_order(7, [(5, "2026-11-26 11:00:00")])
    assert post(client, envelope(), secret=PREVIOUS_SECRET).status_code == 200


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda h, b: h.pop("Rebound-Id"), "bad_signature"),
        (lambda h, b: h.pop("Rebound-Timestamp"), "bad_signature"),
        (lambda h, b: h.pop("Rebound-Signature"), "bad_signature"),
        (lambda h, b: h.update({"Rebound-Signature": "v1,garbage!!"}), "bad_signature"),
        (lambda h, b: h.update({"Rebound-Signature": "v2," + h["Rebound-Signature"][3:]}), "bad_signature"),
        (lambda h, b: h.update({"Rebound-Timestamp": "12x"}), "bad_signature"),
        (lambda h, b: h.update({"Rebound-Id": "another-id"}), "bad_signature"),
        (lambda h, b: b.__setitem__(0, b[0] ^ 1), "bad_signature"),  # one bit of the body changed
    ],
)
def test_bad_signatures_are_refused(client, store_db, change, code) -> None:
    event = envelope()
    body = bytearray(json.dumps(event).encode())
    headers = signing.headers(SECRET, "POST", "/v1/events", bytes(body))
    change(headers, body)
    answer = client.post("/v1/events", data=bytes(body), headers=headers)
    assert answer.status_code == 401 and answer.json["error"]["code"] == code
    assert outbox(store_db, event["id"]) is None


def test_a_wrong_secret_is_refused(client) -> None:
    answer = post(client, envelope(), secret="00" * 32)
    assert answer.status_code == 401 and "No Rebound-Signature matches" in answer.json["error"]["message"]


@pytest.mark.parametrize("skew", [-301, 301])
def test_clock_skew_is_named_with_the_server_time(client, skew) -> None:
    answer = post(client, envelope(), timestamp=int(time.time()) + skew)
    assert answer.status_code == 401
    error = answer.json["error"]
    assert error["code"] == "clock_skew" and abs(error["fields"]["server_time"] - time.time()) < 5


def test_signature_covers_the_query_string(client) -> None:
    raw = json.dumps(envelope()).encode()
    headers = signing.headers(SECRET, "POST", "/v1/events", raw)
    assert client.post("/v1/events?x=1", data=raw, headers=headers).status_code == 401


def deep(n: int) -> bytes:
    return b'{"id": "x", "data": ' + b"[" * n + b"]" * n + b"}"


@pytest.mark.parametrize(
    ("body", "status", "where"),
    [
        (b"not json", 400, None),
        (b"[1, 2]", 400, None),
        (deep(1000), 400, None),
        (deep(100_000), 400, None),
        (envelope(extra="x"), 400, "extra"),
        (envelope(id="not-a-uuid"), 400, "id"),
        (envelope(created_at="2026-11-26T12:00:00"), 400, "created_at"),  # no time zone
        (envelope(type="Order Status"), 400, "type"),
        (envelope(data={"order_id": "7", "order_status_id": 5}), 400, "data.order_id"),
        (envelope(data={"order_id": 0, "order_status_id": 5}), 400, "data.order_id"),
        (envelope(data={"order_id": 2**31, "order_status_id": 5}), 400, "data.order_id"),
        (envelope(data={"order_id": 7, "order_status_id": -1}), 400, "data.order_id" and "data.order_status_id"),
        (envelope(data={"order_id": 7, "order_status_id": 5, "sneaky": 1}), 400, "data.sneaky"),
        (envelope(data={"order_id": 7}), 400, "data.order_status_id"),
        (envelope("review.submitted", {"review_id": 1, "product_id": 1, "rating": 6}), 400, "data.rating"),
        (envelope("review.moderated", {"review_id": 1, "status": True}), 400, "data.status"),
    ],
)
def test_malformed_events_are_refused_with_fields(client, store_db, body, status, where) -> None:
    answer = post(client, body)
    assert answer.status_code == status, answer.json
    assert answer.json["error"]["code"] == "bad_request"
    if where:
        fields = answer.json["error"]["fields"]
        for part in where.split("."):
            assert part in fields, fields
            fields = fields[part]
    assert store_db.query("SELECT * FROM `{p}rebound_event`") == []


def test_oversize_body_is_413(client, app) -> None:
    answer = post(client, b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert answer.status_code == 413 and answer.json["error"]["code"] == "request_entity_too_large"


def test_health_is_signed_and_reports(client, store_db) -> None:
    assert client.get("/v1/health").status_code == 401
    store_db.execute(
        "INSERT INTO `{p}rebound_event` (event_uuid, type, payload, status, created_at) "
        "VALUES (UUID(), 'x.y', '{}', 'dead', UTC_TIMESTAMP(6)), (UUID(), 'x.y', '{}', 'pending', UTC_TIMESTAMP(6))"
    )
    answer = client.get("/v1/health", headers=signing.headers(SECRET, "GET", "/v1/health"))
    assert answer.status_code == 200
    body = answer.json
    assert body["outbox"] == {"pending": 1, "dead": 1}
    assert body["schema"]["ok"] and body["worker"]["ok"] is False
    assert abs(body["server_time"] - time.time()) < 5


def test_http_and_worker_racing_apply_once(client, store_db, oc_order) -> None:
    """The extension's POST and the worker's outbox poll reach the same event at the same moment."""
    oc_order(7, [(5, "2026-11-26 11:00:00")])
    events = [envelope() for _ in range(40)]
    for event in events:  # as the extension does: the outbox row first
        store_db.execute(
            "INSERT INTO `{p}rebound_event` (event_uuid, type, store_id, payload, status, created_at) "
            "VALUES (%s, %s, 0, %s, 'pending', UTC_TIMESTAMP(6))",
            (event["id"], event["type"], json.dumps(event, separators=(",", ":"))),
        )
    store = Store(store_db)
    results: list[str] = []

    def http() -> None:
        for event in events:
            try:
                results.append(receive(Database(store_db.url), store, parse(json.dumps(event))))
            except Exception as exc:
                results.append(repr(exc))

    def worker() -> None:
        db = Database(store_db.url)
        while deliver_outbox(db, store, limit=3):
            pass

    threads = [threading.Thread(target=http), threading.Thread(target=worker), threading.Thread(target=worker)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    rows = store_db.query("SELECT status, attempts FROM `{p}rebound_event`")
    assert rows == [{"status": "delivered", "attempts": 1}] * 40
    assert set(results) <= {"applied", "duplicate"}


def test_the_history_id_an_event_knows_is_kept(client, store_db, oc_order) -> None:
    oc_order(7, [(1, "2026-11-20 10:00:00"), (5, "2026-11-26 11:00:00")])
    data = {"order_id": 7, "order_status_id": 5, "order_history_id": 2}
    assert post(client, envelope(data=data)).status_code == 200
    state = store_db.query_one("SELECT last_history_id FROM `{p}rebound_order_state` WHERE order_id = 7")
    assert state["last_history_id"] == 2


def test_a_core_return_of_zero_items_is_accepted_as_stored(client, store_db) -> None:
    data = {"return_id": 3, "order_id": 7, "customer_id": 0, "product_id": 40, "quantity": 0}
    assert post(client, envelope("return.requested", data)).status_code == 200
