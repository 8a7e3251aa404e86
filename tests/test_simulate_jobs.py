"""Simulations run in steps for the admin page's progress bar: the same answer as one run, progress that only
grows, cancel, one step at a time per run, a lapsed step taken over, the policy fixed at the start, failures."""

import json
from datetime import datetime, timezone

import pytest
from conftest import SECRET
from test_simulate import CURRENT, EXCLUDE_LONGER, SHORTER, counts, post_json, shop  # noqa: F401 (fixture)

from sidecar import signing
from sidecar.demo_data import generate
from sidecar.migrate import migrate
from sidecar.policy import validate
from sidecar.reconcile import reconcile_tick
from sidecar.returns import simulate_jobs
from sidecar.returns.simulate import simulate
from sidecar.returns.simulate_read import BATCH_IDS
from sidecar.store import Store

PROPOSED = {"version": 1, "window": {"days": 14}, "excluded": {"category_ids": [20]},
            "final_sale": {"min_discount_percent": "30"}}


@pytest.fixture
def big(store_db):
    """A generated store of 2,500 orders (three batches), mirrored, with a 30-day policy."""
    db = store_db
    generate(db, orders=2500, seed=3, progress=False)
    store = Store(db)
    while max(reconcile_tick(db, store).values()):
        pass
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
               "VALUES (0, 'module_rebound', 'module_rebound_policy', %s, 1)", (json.dumps(CURRENT),))
    return db


def test_steps_add_up_to_the_run_in_one_go(big) -> None:
    store, now = Store(big), datetime.now(timezone.utc)
    started = simulate_jobs.start(big, store, validate(PROPOSED), since_days=3650, now=now)
    assert started["status"] == "running" and started["progress"]["done"] == 0
    assert started["progress"]["total"] >= 2 * BATCH_IDS
    seen = [started]
    while seen[-1]["status"] == "running":
        seen.append(simulate_jobs.step(big, store, started["simulation_id"], budget_s=0))  # one batch a step
        assert len(seen) < 10
    percents = [s["progress"]["percent"] for s in seen]
    assert len(seen) >= 4 and percents == sorted(percents) and percents[-1] == 100 and max(percents[:-1]) < 100
    whole = simulate(big, store, validate(PROPOSED), since_days=3650, now=now).dump()
    assert seen[-1]["result"] == whole and whole["lines"]["changed"] > 0
    assert seen[-2]["result"]["orders"]["judged"] < whole["orders"]["judged"]  # partial results along the way
    again = simulate_jobs.step(big, store, started["simulation_id"])  # a finished run is answered as it is
    assert again == simulate_jobs.get(big, started["simulation_id"]) == seen[-1]


def test_cancel_stops_a_run_and_keeps_what_it_counted(big) -> None:
    store = Store(big)
    run = simulate_jobs.start(big, store, validate(PROPOSED), since_days=3650, now=datetime.now(timezone.utc))
    first = simulate_jobs.step(big, store, run["simulation_id"], budget_s=0)
    cancelled = simulate_jobs.cancel(big, run["simulation_id"])
    assert cancelled["status"] == "cancelled" and cancelled["result"] == first["result"]
    assert simulate_jobs.step(big, store, run["simulation_id"]) == cancelled
    assert simulate_jobs.cancel(big, run["simulation_id"]) == cancelled


def test_one_step_at_a_time_and_a_dead_step_is_taken_over(big) -> None:
    store = Store(big)
    run = simulate_jobs.start(big, store, validate(PROPOSED), since_days=3650, now=datetime.now(timezone.utc))
    sid = run["simulation_id"]
    # Another step holds the lease (a second tab's request in flight): this one counts nothing.
    big.execute("UPDATE `{p}rebound_simulation` SET lease_until = UTC_TIMESTAMP(6) + INTERVAL 30 SECOND "
                "WHERE simulation_id = %s", (sid,))
    busy = simulate_jobs.step(big, store, sid, budget_s=0)
    assert busy["busy"] is True and busy["progress"] == run["progress"] and busy["result"] == run["result"]
    # That step died: once its lease has run out, the next step carries on.
    big.execute("UPDATE `{p}rebound_simulation` SET lease_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND "
                "WHERE simulation_id = %s", (sid,))
    moved = simulate_jobs.step(big, store, sid, budget_s=0)
    assert moved["busy"] is False and moved["progress"]["done"] > 0


def test_the_current_policy_is_the_one_saved_when_the_run_started(big) -> None:
    store, now = Store(big), datetime.now(timezone.utc)
    before = simulate(big, store, validate(PROPOSED), since_days=3650, now=now).dump()
    run = simulate_jobs.start(big, store, validate(PROPOSED), since_days=3650, now=now)
    big.execute("UPDATE `{p}setting` SET `value` = %s WHERE `key` = 'module_rebound_policy'", (json.dumps(SHORTER),))
    answer = run
    while answer["status"] == "running":
        answer = simulate_jobs.step(big, Store(big), run["simulation_id"])
    after = simulate(big, Store(big), validate(PROPOSED), since_days=3650, now=now).dump()
    assert answer["result"] == before and counts(answer["result"]) != counts(after)


def test_a_broken_state_fails_the_run_with_its_reason(big) -> None:
    store = Store(big)
    run = simulate_jobs.start(big, store, validate(PROPOSED), since_days=3650, now=datetime.now(timezone.utc))
    big.execute("UPDATE `{p}rebound_simulation` SET state = %s WHERE simulation_id = %s",
                (json.dumps({**json.loads(big.query_one("SELECT state FROM `{p}rebound_simulation`")["state"]),
                             "next_id": "x"}), run["simulation_id"]))
    with pytest.raises(TypeError):
        simulate_jobs.step(big, store, run["simulation_id"])
    row = big.query_one("SELECT status, error, lease_until FROM `{p}rebound_simulation`")
    assert row["status"] == "failed" and row["error"].startswith("TypeError") and row["lease_until"] is None


def test_an_empty_period_is_done_at_once(store_db) -> None:
    answer = simulate_jobs.start(store_db, Store(store_db), validate(SHORTER), since_days=30,
                                 now=datetime.now(timezone.utc))
    assert (answer["status"], answer["progress"]) == ("done", {"done": 0, "total": 0, "percent": 100})
    assert answer["result"]["orders"]["judged"] == 0


def test_the_migration_can_run_again(store_db) -> None:
    store_db.execute("DELETE FROM `{p}rebound_migration` WHERE version = 5")
    assert [m.version for m in migrate(store_db)] == [5]  # the guarded indexes are there: nothing fails
    keys = {r["index_name"] for r in store_db.query(
        "SELECT index_name FROM information_schema.statistics WHERE table_schema = DATABASE() "
        "AND table_name IN ('oc_rebound_order_state', 'oc_rebound_case_line')")}
    assert {"customer_delivered", "return_id"} <= keys


# -- the admin routes ----------------------------------------------------------------------------------------


def signed(client, method: str, path: str):
    return client.open(path, method=method, headers=signing.headers(SECRET, method, path))


def test_the_admin_routes_run_a_simulation(shop, client) -> None:
    now = datetime.now(timezone.utc)
    shop(now)
    started = post_json(client, "/v1/admin/policy/simulations", {"document": EXCLUDE_LONGER, "since_days": 90})
    assert started.status_code == 201, started.json
    sid = started.json["simulation_id"]
    answer = started.json
    while answer["status"] == "running":
        step = signed(client, "POST", f"/v1/admin/policy/simulations/{sid}/step")
        assert step.status_code == 200, step.json
        answer = step.json
    assert answer["status"] == "done" and answer["progress"]["percent"] == 100
    assert counts(answer["result"]) == counts(post_json(client, "/v1/admin/policy/simulate",
                                                        {"document": EXCLUDE_LONGER}).json)
    assert signed(client, "GET", f"/v1/admin/policy/simulations/{sid}").json == answer
    assert signed(client, "POST", f"/v1/admin/policy/simulations/{sid}/cancel").json["status"] == "done"


def test_the_admin_routes_refuse_what_they_cant_do(shop, client) -> None:
    shop(datetime.now(timezone.utc))
    bad = post_json(client, "/v1/admin/policy/simulations", {"document": {"version": 1, "window": {"days": 0}}})
    assert bad.status_code == 400 and bad.json["error"]["fields"] == {
        "window.days": "Must be a number of days from 1 to 3650."}
    for method, path in (("GET", "/v1/admin/policy/simulations/99"), ("POST", "/v1/admin/policy/simulations/99/step"),
                         ("POST", "/v1/admin/policy/simulations/99/cancel")):
        missing = signed(client, method, path)
        assert missing.status_code == 404 and missing.json["error"]["message"] == "No such simulation."
    assert client.post("/v1/admin/policy/simulations", json={"document": CURRENT}).status_code == 401
