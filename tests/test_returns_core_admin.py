"""QA-4: a return status set in OpenCart's own admin (Sales > Returns) moves the Rebound case it belongs to,
by the event and by the worker's scan, once, without ever re-applying Rebound's own writes — against a real
database, through the real app."""

import uuid

import pytest
from test_returns import get, post_json, shop, submit  # noqa: F401  (shop is a fixture)

from sidecar.reconcile import reconcile_tick
from sidecar.store import Store

PENDING, AWAITING, COMPLETE, REJECTED, RECEIVED = 1, 2, 3, 4, 5


def core_status(db, return_id: int, status_id: int, *, notify: bool = False, comment: str = "") -> None:
    """What OpenCart's admin model sale/returns.addHistory does."""
    db.execute("UPDATE `{p}return` SET return_status_id = %s, date_modified = NOW() WHERE return_id = %s",
               (status_id, return_id))
    db.execute("INSERT INTO `{p}return_history` (return_id, return_status_id, notify, comment, date_added) "
               "VALUES (%s, %s, %s, %s, NOW())", (return_id, status_id, int(notify), comment))


def event(client, return_id: int, status_id: int, *, notify: bool = False, comment: str = ""):
    """The extension's admin handler's return.status_changed, as it posts it."""
    answer = post_json(client, "/v1/events", {
        "id": str(uuid.uuid4()), "type": "return.status_changed", "store_id": 0,
        "created_at": "2026-11-26T12:00:00Z",
        "data": {"return_id": return_id, "return_status_id": status_id, "notify": notify, "comment": comment}})
    assert answer.status_code in (200, 202), answer.json
    return answer


def scan(db) -> None:
    reconcile_tick(db, Store(db))


def new_case(client, db, lines: dict[int, int], products=(40,), resolution: str = "refund") -> tuple[int, list[int]]:
    data = {"order_id": 7, "customer_id": 3, "lines": [
        {"order_product_id": lines[p], "quantity": 1, "reason_id": 5, "resolution": resolution} for p in products]}
    answer = submit(client, data).json["result"]
    assert answer["outcome"] == "accepted", answer
    case_id = answer["case"]["case_id"]
    scan(db)  # the scan has seen Rebound's own creation rows
    returns = [r["return_id"] for r in db.query(
        "SELECT return_id FROM `{p}rebound_case_line` WHERE case_id = %s ORDER BY case_line_id", (case_id,))]
    return case_id, returns


def case(client, case_id: int) -> dict:
    return get(client, f"/v1/admin/returns/{case_id}").json


def mails(db, case_id: int) -> list[str]:
    return [r["kind"] for r in db.query("SELECT kind FROM `{p}rebound_email` WHERE case_id = %s ORDER BY email_id",
                                        (case_id,))]


def test_a_rejection_in_core_admin_reaches_the_case_by_the_event(client, shop) -> None:
    db, lines = shop
    case_id, (return_id,) = new_case(client, db, lines)
    assert case(client, case_id)["allowed_actions"] == ["approve", "reject"]
    core_status(db, return_id, REJECTED, comment="Water damage")
    event(client, return_id, REJECTED, comment="Water damage")
    after = case(client, case_id)
    assert after["status"] == "rejected" and after["allowed_actions"] == []
    last = after["history"][-1]
    assert (last["status"], last["action"], last["actor"], last["comment"]) == (
        "rejected", "reject", "OpenCart admin", "Water damage")
    assert mails(db, case_id) == ["return_requested", "return_rejected"]  # Notify was off: Rebound tells them
    reference = after["reference"]
    track = get(client, f"/v1/returns/{reference}?customer_id=3").json  # the shopper's tracking page
    assert track["status"] == "rejected" and track["timeline"][-1]["comment"] == "Water damage"
    scan(db)  # the scan reads the same change: nothing more
    assert len(case(client, case_id)["history"]) == len(after["history"])


def test_the_scan_alone_moves_the_case_and_a_ticked_notify_means_no_second_mail(client, shop) -> None:
    db, lines = shop
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
               "VALUES (0, 'config', 'config_mail_engine', 'smtp', 0)")
    case_id, (return_id,) = new_case(client, db, lines)
    core_status(db, return_id, AWAITING, notify=True, comment="Send it back")
    scan(db)
    after = case(client, case_id)
    assert after["status"] == "approved" and "receive" in after["allowed_actions"]
    assert (after["history"][-1]["action"], after["history"][-1]["actor"]) == ("approve", "OpenCart admin")
    assert mails(db, case_id) == ["return_requested"]  # OpenCart's own return mail went out
    core_status(db, return_id, RECEIVED)
    scan(db)
    assert case(client, case_id)["status"] == "received"
    assert mails(db, case_id) == ["return_requested", "return_received"]


def test_a_ticked_notify_without_a_mail_engine_still_mails_the_shopper(client, shop) -> None:
    """OpenCart sends its return mail only with a mail engine set; without one Rebound tells the shopper."""
    db, lines = shop
    case_id, (return_id,) = new_case(client, db, lines)
    core_status(db, return_id, AWAITING, notify=True)
    event(client, return_id, AWAITING, notify=True)
    assert case(client, case_id)["status"] == "approved"
    assert mails(db, case_id) == ["return_requested", "return_approved"]


def test_the_event_and_the_scan_together_apply_a_change_once(client, shop) -> None:
    db, lines = shop
    case_id, (return_id,) = new_case(client, db, lines)
    before = len(case(client, case_id)["history"])
    core_status(db, return_id, REJECTED, comment="Too late")
    scan(db)
    event(client, return_id, REJECTED, comment="Too late")
    event(client, return_id, REJECTED, comment="Too late")  # a second event for the same change
    scan(db)
    after = case(client, case_id)
    assert after["status"] == "rejected" and len(after["history"]) == before + 1
    assert mails(db, case_id).count("return_rejected") == 1


def test_rebounds_own_writes_are_not_applied_again(client, shop) -> None:
    db, lines = shop
    case_id, (return_id,) = new_case(client, db, lines)
    for action in ("approve", "receive"):
        answer = post_json(client, f"/v1/admin/returns/{case_id}/actions",
                           {"action": action, "idempotency_key": str(uuid.uuid4())})
        assert answer.status_code == 200, answer.json
    history = case(client, case_id)["history"]
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}return_history` WHERE return_id = %s",
                        (return_id,))["n"] == 3  # Pending, Awaiting Products, Received: all Rebound's
    scan(db)
    event(client, return_id, RECEIVED)  # even an event for Rebound's own status changes nothing
    after = case(client, case_id)
    assert after["status"] == "received" and after["history"] == history


def test_an_unknown_status_is_recorded_not_guessed(client, shop) -> None:
    db, lines = shop
    db.execute("INSERT INTO `{p}return_status` (return_status_id, language_id, name) "
               "VALUES (9, 1, 'Awaiting Customer')")
    case_id, (return_id,) = new_case(client, db, lines)
    core_status(db, return_id, 9, comment="Asked for photos")
    event(client, return_id, 9)
    scan(db)
    after = case(client, case_id)
    assert after["status"] == "requested" and after["allowed_actions"] == ["approve", "reject"]
    notes = [h for h in after["history"] if h["action"] == "opencart"]
    assert len(notes) == 1 and notes[0]["status"] == "requested"
    assert "Awaiting Customer" in notes[0]["comment"] and "no Rebound equivalent" in notes[0]["comment"]
    assert "Asked for photos" in notes[0]["comment"]
    assert mails(db, case_id) == ["return_requested"]
    track = get(client, f"/v1/returns/{after['reference']}?customer_id=3").json
    assert [t["status"] for t in track["timeline"]] == ["requested"]  # the owner's note is not the shopper's


def test_a_case_of_several_lines_moves_when_all_of_them_agree(client, shop) -> None:
    db, lines = shop
    case_id, (tee, mug) = new_case(client, db, lines, products=(40, 41))
    core_status(db, tee, REJECTED)
    scan(db)
    after = case(client, case_id)
    assert after["status"] == "requested"
    assert "until all 2 of its items" in after["history"][-1]["comment"]
    core_status(db, mug, REJECTED, comment="Both worn")
    event(client, mug, REJECTED)
    scan(db)
    after = case(client, case_id)
    assert after["status"] == "rejected" and after["history"][-1]["comment"] == "Both worn"
    assert [h["action"] for h in after["history"]] == ["submit", "opencart", "reject"]


@pytest.mark.parametrize(("action", "resolution", "expected"), [
    (None, "refund", "refunded"), (None, "exchange", "exchanged"), ("Credit Issued", "refund", "credited"),
])
def test_complete_closes_the_case_as_the_return_action_or_the_request_says(client, shop, action, resolution,
                                                                            expected) -> None:
    db, lines = shop
    case_id, (return_id,) = new_case(client, db, lines, resolution=resolution)
    if action:
        db.execute("UPDATE `{p}return` SET return_action_id = (SELECT return_action_id FROM `{p}return_action` "
                   "WHERE name = %s AND language_id = 1) WHERE return_id = %s", (action, return_id))
    core_status(db, return_id, COMPLETE)
    event(client, return_id, COMPLETE)
    after = case(client, case_id)
    assert after["status"] == expected and after["allowed_actions"] == []
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}customer_transaction`")["n"] == 0  # no money moved by us


def test_a_closed_case_is_not_reopened_from_core_admin(client, shop) -> None:
    db, lines = shop
    case_id, (return_id,) = new_case(client, db, lines)
    for body in ({"action": "approve"}, {"action": "refund"}):
        assert post_json(client, f"/v1/admin/returns/{case_id}/actions",
                         {**body, "idempotency_key": str(uuid.uuid4())}).status_code == 200
    core_status(db, return_id, PENDING)
    scan(db)
    after = case(client, case_id)
    assert after["status"] == "refunded"
    assert after["history"][-1]["action"] == "opencart" and "not reopened" in after["history"][-1]["comment"]


def test_a_core_change_superseded_by_a_rebound_decision_is_not_applied_later(client, shop) -> None:
    """The scan's transaction read a core Awaiting Products before the owner rejected in Rebound: the case
    follows the return rows as they are when it applies, so it stays rejected."""
    from datetime import datetime, timezone

    from sidecar.returns import core_admin

    db, lines = shop
    case_id, (return_id,) = new_case(client, db, lines)
    core_status(db, return_id, AWAITING)
    with db.transaction() as tx:
        assert tx.query_one("SELECT return_status_id FROM `{p}return` WHERE return_id = %s",
                            (return_id,))["return_status_id"] == AWAITING  # what the scan read
        rejected = post_json(client, f"/v1/admin/returns/{case_id}/actions",
                             {"action": "reject", "reason": "Worn", "idempotency_key": str(uuid.uuid4())})
        assert rejected.status_code == 200, rejected.json
        assert core_admin.follow(tx, Store(db), [return_id], datetime.now(timezone.utc)) == 0
    scan(db)
    assert case(client, case_id)["status"] == "rejected"
