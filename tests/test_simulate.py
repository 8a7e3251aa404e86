"""The policy simulator: hand-made orders whose change under a proposed policy is counted by hand, a
generated store checked against the per-order loader, the admin route and the `rebound simulate` command."""

import dataclasses
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest
from conftest import SECRET, url_string

from sidecar import signing
from sidecar.demo_data import generate
from sidecar.policy import decide, validate
from sidecar.reconcile import reconcile_tick
from sidecar.returns.load import policies_for, situation
from sidecar.returns.simulate import API_MAX_ORDERS, first_and_last_order, simulate
from sidecar.store import Store

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)
CURRENT = {"version": 1, "window": {"days": 30}}
SHORTER = {"version": 1, "window": {"days": 14}}
# Category 20 (Tee) and its child 22 (Cap) excluded; 60 days reopen the Mug delivered 40 days ago.
EXCLUDE_LONGER = {"version": 1, "window": {"days": 60}, "excluded": {"category_ids": [20]}}
TEE, MUG, CAP = 40, 41, 42  # unit prices incl. tax: 12.00, 6.00, 7.00


@pytest.fixture
def shop(store_db, oc_order):
    """Orders of store 0 placed and delivered so many days before `now`, with the current policy above.

    100  placed 200 d ago             outside the 90 days
    101  delivered 40 d ago: Mug × 2   closed under 30 and 14 days, open under 60
    102  delivered 20 d ago: Tee × 1 (returned in core), Cap × 3
    103  cancelled 10 d ago: Tee × 1
    104  delivered 5 d ago: Tee × 2 (1 asked for in a Rebound case), Mug × 1
    105  placed 3 d ago, pending: Tee × 1
    106  store 1; 107 unconfirmed (status 0); 108 placed after the worker's last scan: never judged
    """
    db = store_db

    def make(now: datetime):
        def at(days: float) -> str:
            return (now - timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")

        db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
                   "VALUES (0, 'module_rebound', 'module_rebound_policy', %s, 1)", (json.dumps(CURRENT),))
        db.execute("INSERT INTO `{p}product` (product_id, model, price, status) VALUES (40, 'TEE', 10, 1), "
                   "(41, 'MUG', 5, 1), (42, 'CAP', 7, 1)")
        db.execute("INSERT INTO `{p}product_description` (product_id, language_id, name) VALUES (40, 1, 'Tee'), "
                   "(41, 1, 'Mug'), (42, 1, 'Cap')")
        db.execute("INSERT INTO `{p}product_to_category` VALUES (40, 20), (41, 21), (42, 22)")
        db.execute("INSERT INTO `{p}category_path` (category_id, path_id, level) VALUES (20, 20, 0), (21, 21, 0), "
                   "(22, 20, 0), (22, 22, 1)")
        db.execute("INSERT INTO `{p}customer` (customer_id, customer_group_id, store_id, language_id, firstname, "
                   "lastname, email, status, date_added) VALUES (3, 1, 0, 1, 'Ann', 'Lee', 'ann@example.com', 1, "
                   "NOW())")

        def order(order_id: int, history: list[tuple[int, float]], lines: list[tuple[int, int]], **kw) -> None:
            oc_order(order_id, [(status, at(days)) for status, days in history], customer_id=3, **kw)
            db.execute("DELETE FROM `{p}order_product` WHERE order_id = %s", (order_id,))
            for product_id, quantity in lines:
                price, tax = {TEE: (10, 2), MUG: (5, 1), CAP: (7, 0)}[product_id]
                db.execute(
                    "INSERT INTO `{p}order_product` (order_id, product_id, name, model, quantity, price, total, "
                    "tax) VALUES (%s, %s, %s, '', %s, %s, %s, %s)",
                    (order_id, product_id, {TEE: "Tee", MUG: "Mug", CAP: "Cap"}[product_id], quantity, price,
                     price * quantity, tax),
                )

        order(100, [(1, 200), (5, 195)], [(TEE, 1)])
        order(101, [(1, 45), (5, 40)], [(MUG, 2)])
        order(102, [(1, 25), (5, 20)], [(TEE, 1), (CAP, 3)])
        order(103, [(1, 12), (7, 10)], [(TEE, 1)])
        order(104, [(1, 8), (5, 5)], [(TEE, 2), (MUG, 1)])
        order(105, [(1, 3)], [(TEE, 1)])
        order(106, [(1, 8), (5, 5)], [(TEE, 1)], store_id=1)
        order(107, [], [(TEE, 1)])
        db.execute("INSERT INTO `{p}return` (order_id, customer_id, product_id, quantity, return_status_id, "
                   "date_added) VALUES (102, 3, 40, 1, 1, %s)", (at(15),))
        case_id = db.insert("INSERT INTO `{p}rebound_case` (reference, event_uuid, order_id, customer_id, email, "
                            "status, created_at, updated_at) VALUES ('R0000001', UUID(), 104, 3, 'ann@example.com', "
                            "'requested', UTC_TIMESTAMP(), UTC_TIMESTAMP())")
        tee = db.query_one("SELECT order_product_id FROM `{p}order_product` WHERE order_id = 104 AND product_id = 40")
        db.execute("INSERT INTO `{p}rebound_case_line` (case_id, order_id, order_product_id, product_id, quantity, "
                   "reason_id, resolution) VALUES (%s, 104, %s, 40, 1, 5, 'refund')",
                   (case_id, tee["order_product_id"]))
        reconcile_tick(db, Store(db))
        order(108, [(1, 2), (5, 1)], [(MUG, 1)])
        return db

    return make


def run(db, document: dict, **kw):
    store = Store(db)
    return simulate(db, store, validate(document), since_days=kw.pop("since_days", 90), now=kw.pop("now", NOW),
                    **kw).dump()


def counts(answer: dict) -> dict:
    def short(t: dict) -> tuple:
        return t["lines"], t["quantity"], t["base_value"]

    return {
        "orders": answer["orders"]["judged"], "not_mirrored": answer["orders"]["not_mirrored"],
        "lines": answer["lines"]["judged"], "changed": answer["lines"]["changed"],
        "unchanged": (answer["lines"]["unchanged_eligible"], answer["lines"]["unchanged_ineligible"]),
        "returnable": (short(answer["returnable"]["current"]), short(answer["returnable"]["proposed"])),
        "gained": short(answer["became_eligible"]),
        "gained_by": {c: short(t) for c, t in answer["became_eligible"]["by_block"].items()},
        "lost": short(answer["became_ineligible"]),
        "lost_by": {c: short(t) for c, t in answer["became_ineligible"]["by_block"].items()},
    }


# Judged now: 101 closed under 30 days; 102's Tee fully returned; 103 cancelled; 105 not delivered.
# Returnable under 30 days: 104 Tee 1 × 12.00 (one is asked for), 104 Mug 1 × 6.00, 102 Cap 3 × 7.00.
EXPECTED = {
    "shorter": {
        "orders": 5, "not_mirrored": 1, "lines": 7, "changed": 1, "unchanged": (2, 4),
        "returnable": ((3, 5, "39.00"), (2, 2, "18.00")),
        "gained": (0, 0, "0.00"), "gained_by": {},
        "lost": (1, 3, "21.00"), "lost_by": {"window_closed": (1, 3, "21.00")},  # 102's Cap, day 20 of 14
    },
    "exclude_longer": {
        "orders": 5, "not_mirrored": 1, "lines": 7, "changed": 3, "unchanged": (1, 3),
        "returnable": ((3, 5, "39.00"), (2, 3, "18.00")),
        "gained": (1, 2, "12.00"), "gained_by": {"window_closed": (1, 2, "12.00")},  # 101's Mugs, day 40 of 60
        "lost": (2, 4, "33.00"), "lost_by": {"excluded_category": (2, 4, "33.00")},  # 104's Tee, 102's Cap
    },
}


@pytest.mark.parametrize(("proposed", "expected"), [(SHORTER, "shorter"), (EXCLUDE_LONGER, "exclude_longer")])
def test_a_policy_change_counted_by_hand(shop, proposed, expected) -> None:
    answer = run(shop(NOW), proposed)
    assert counts(answer) == EXPECTED[expected]
    assert answer["current_source"] == "store" and answer["judged_as"] == "now"
    assert answer["since"] == "2026-08-28T00:00:00+00:00"
    assert answer["orders"]["oldest_judged"].startswith("2026-10-12")  # order 101, placed 45 days ago


def test_examples_say_what_changed_and_why(shop) -> None:
    examples = run(shop(NOW), EXCLUDE_LONGER)["examples"]
    assert [(x["order_id"], x["name"], x["change"], x["quantity"], x["base_value"]) for x in examples] == [
        (104, "Tee", "became_ineligible", 1, "12.00"),  # newest first, the two kinds of change interleaved
        (101, "Mug", "became_eligible", 2, "12.00"),
        (102, "Cap", "became_ineligible", 3, "21.00"),
    ]
    mug = examples[1]
    assert [b["code"] for b in mug["current"]["blocks"]] == ["window_closed"] and mug["proposed"]["blocks"] == []
    assert mug["proposed"]["deadline"].startswith("2026-12-16T23:59:59")
    assert [b["code"] for b in examples[0]["proposed"]["blocks"]] == ["excluded_category"]


def test_the_same_policy_changes_nothing(shop) -> None:
    answer = counts(run(shop(NOW), CURRENT))
    assert (answer["changed"], answer["unchanged"], answer["returnable"][0]) == (0, (3, 4), (3, 5, "39.00"))


def test_the_period_and_the_cap_keep_the_newest_orders(shop) -> None:
    db = shop(NOW)
    # 107 (unconfirmed) is dated 2026-01-01, out of sequence: the search reads past it.
    assert first_and_last_order(db, (NOW - timedelta(days=90)).replace(tzinfo=None)) == (100, 108)
    assert first_and_last_order(db, (NOW + timedelta(days=1)).replace(tzinfo=None)) is None
    short = run(db, SHORTER, since_days=7)
    assert (short["orders"]["judged"], short["lines"]["judged"]) == (1, 1)  # 105 only: 104 was placed 8 days ago
    capped = run(db, SHORTER, max_orders=2)
    assert capped["orders"] | {"oldest_judged": None} == {
        "judged": 2, "not_mirrored": 1, "capped": True, "max_orders": 2, "oldest_judged": None}
    assert capped["orders"]["oldest_judged"].startswith("2026-11-18")  # 105 and 104
    other = run(db, SHORTER, store_id=1)  # 106; store 1 has no policy of its own and inherits store 0's
    assert (other["orders"]["judged"], other["became_ineligible"]["lines"]) == (1, 0)


def test_a_generated_store_agrees_with_the_per_order_loader(store_db) -> None:
    """The batch reads give the engine what load.situation() gives it for one order: same decisions."""
    db = store_db
    generate(db, orders=300, seed=1, progress=False)
    store = Store(db)
    while max(reconcile_tick(db, store).values()):
        pass
    now = datetime.now(timezone.utc)
    proposed = validate({"version": 1, "window": {"days": 14}, "excluded": {"category_ids": [20]},
                         "final_sale": {"min_discount_percent": "30"}})
    answer = simulate(db, store, proposed, since_days=90, now=now).dump()
    since = (now - timedelta(days=90)).date()
    ids = [r["order_id"] for r in db.query(
        "SELECT order_id FROM `{p}order` WHERE order_status_id > 0 AND store_id = 0 AND DATE(date_added) >= %s",
        (since,))]
    lost = gained = lines = 0
    lost_value = Decimal(0)
    for order_id in ids:
        sit = situation(db, store, policies_for(store), order_id, now, check=False)
        for c, n in zip(decide(sit).lines, decide(dataclasses.replace(sit, policy=proposed)).lines, strict=True):
            lines += 1
            gained += n.eligible and not c.eligible
            if c.eligible and not n.eligible:
                lost += 1
                lost_value += c.unit_price * c.returnable_quantity
    assert len(ids) > 50 and lost > 0
    first, last = first_and_last_order(db, datetime.combine(since, datetime.min.time()))
    assert min(ids) - 16 <= first <= min(ids) and last == 300
    assert (answer["orders"]["judged"], answer["orders"]["not_mirrored"]) == (len(ids), 0)
    assert (answer["lines"]["judged"], answer["became_ineligible"]["lines"], answer["became_eligible"]["lines"]) \
        == (lines, lost, gained)
    assert answer["became_ineligible"]["base_value"] == f"{lost_value:.2f}"
    assert set(answer["became_ineligible"]["by_block"]) <= {"window_closed", "excluded_category", "final_sale"}
    assert len(answer["examples"]) == min(50, lost + gained)


# -- the admin route -------------------------------------------------------------------------------------------


def post_json(client, path: str, body: dict):
    raw = json.dumps(body).encode()
    return client.post(path, data=raw, headers={**signing.headers(SECRET, "POST", path, raw),
                                                 "Content-Type": "application/json"})


def test_the_admin_route_answers_the_same(shop, client) -> None:
    now = datetime.now(timezone.utc)
    db = shop(now)
    answer = post_json(client, "/v1/admin/policy/simulate", {"document": EXCLUDE_LONGER, "since_days": 90})
    assert answer.status_code == 200, answer.json
    assert counts(answer.json) == EXPECTED["exclude_longer"]
    assert answer.json["orders"]["max_orders"] == API_MAX_ORDERS and answer.json["orders"]["capped"] is False
    assert post_json(client, "/v1/admin/policy/simulate", {"document": SHORTER, "store_id": 1}).json[
        "orders"]["judged"] == 1
    assert counts(run(db, EXCLUDE_LONGER, now=now)) == counts(answer.json)


@pytest.mark.parametrize(("body", "fields"), [
    ({"document": {"version": 1, "window": {"days": 0}}}, {"window.days": "Must be a number of days from 1 to 3650."}),
    ({"document": {"version": 2}}, {"version": "Unsupported policy version 2; this sidecar reads version 1."}),
    ({"since_days": 90}, {"document": ["Missing data for required field."]}),
    ({"document": CURRENT, "since_days": 0}, {"since_days": ["Must be greater than or equal to 1 and less than or "
                                                             "equal to 3650."]}),
])
def test_the_admin_route_refuses_a_bad_request(shop, client, body, fields) -> None:
    shop(NOW)
    answer = post_json(client, "/v1/admin/policy/simulate", body)
    assert answer.status_code == 400
    assert answer.json["error"]["fields"] == fields


def test_the_admin_route_is_signed(client) -> None:
    assert client.post("/v1/admin/policy/simulate", json={"document": CURRENT}).status_code == 401


# -- the command ----------------------------------------------------------------------------------------------


def cli(db, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "REBOUND_DB_URL": url_string(db.url)}
    return subprocess.run([sys.executable, "-m", "sidecar.cli", "simulate", *args], env=env, capture_output=True,
                          text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_the_command_prints_a_summary_and_json(shop, tmp_path) -> None:
    db = shop(datetime.now(timezone.utc))
    policy = tmp_path / "new.json"
    policy.write_text(json.dumps(EXCLUDE_LONGER))
    done = cli(db, "--policy", str(policy), "--since", "90d", "--json")
    assert done.returncode == 0, done.stderr
    assert counts(json.loads(done.stdout)) == EXPECTED["exclude_longer"]
    text = cli(db, "--policy", str(policy), "--since", "90")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0].startswith("Store 0: 5 orders placed since ") and "7 lines" in lines[0]
    assert lines[1].startswith("Left out 1 order the worker hasn't mirrored yet")
    assert [x.split() for x in lines if x.startswith(("became", "  excluded", "  window"))] == [
        ["became", "eligible", "1", "2", "12.00"], ["window_closed", "1", "2", "12.00"],
        ["became", "ineligible", "2", "4", "33.00"], ["excluded_category", "2", "4", "33.00"]]
    assert any("Mug × 2, 12.00: now returnable, was not — The return window closed on" in x for x in lines)


@pytest.mark.parametrize(("content", "message"), [
    ("{\"version\": 1,", "new.json: The return policy is not valid JSON. policy: Expecting property name"),
    (json.dumps({"version": 1, "window": {"days": 0}, "reasons": [{"reason_id": 0}]}),
     "new.json: The return policy has errors. window.days: Must be a number of days from 1 to 3650.; "
     "reasons.0.reason_id: Not an id: 0."),
])
def test_the_command_names_what_is_wrong_with_the_file(store_db, tmp_path, content, message) -> None:
    policy = tmp_path / "new.json"
    policy.write_text(content)
    done = cli(store_db, "--policy", str(policy))
    assert done.returncode == 1 and done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
    assert done.stderr.startswith("Error: " + str(tmp_path / message.split(":")[0]) + message[len("new.json"):]), \
        done.stderr


def test_the_command_refuses_a_bad_period(store_db, tmp_path) -> None:
    policy = tmp_path / "new.json"
    policy.write_text(json.dumps(CURRENT))
    done = cli(store_db, "--policy", str(policy), "--since", "3 months")
    assert done.returncode == 1 and "--since must be a number of days" in done.stderr
