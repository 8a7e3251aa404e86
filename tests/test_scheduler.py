"""The worker's durable jobs: slots, claims with leases, reclaiming a killed worker's job, health."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import datetime, time as clock, timedelta
from zoneinfo import ZoneInfo

import pytest
from conftest import SECRET, url_string

from sidecar import schedule, signing
from sidecar.db import Database
from sidecar.schedule import MAX_ATTEMPTS, Periodic, Scheduler
from sidecar.worker import Worker


def poll(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while not (value := predicate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


def jobs(db: Database, **where) -> list[dict]:
    clause = " AND ".join(f"`{k}` = %s" for k in where) or "1"
    return db.query(f"SELECT * FROM `{{p}}rebound_job` WHERE {clause} ORDER BY job_id", tuple(where.values()))


def add_due(db: Database, task: str, n: int) -> None:
    db.executemany("INSERT INTO `{p}rebound_job` (task, slot, status, due_at, created_at) "
                   "VALUES (%s, %s, 'queued', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))", [(task, str(i)) for i in range(n)])


def test_periodic_slots_interval_and_daily_local_time() -> None:
    minute = Periodic("t", every=timedelta(minutes=1))
    assert minute.slot(datetime(2026, 11, 26, 13, 5, 42)) == ("2026-11-26T13:05:00Z", datetime(2026, 11, 26, 13, 5))
    daily = Periodic("d", daily_at=lambda: clock(8), zone=lambda: ZoneInfo("Europe/Berlin"))
    # Summer time begins on 29 March 2026: 08:00 in Berlin is 07:00 UTC the day before, 06:00 UTC that day.
    assert daily.slot(datetime(2026, 3, 29, 5, 59)) == ("2026-03-28", datetime(2026, 3, 28, 7, 0))
    assert daily.slot(datetime(2026, 3, 29, 6, 0)) == ("2026-03-29", datetime(2026, 3, 29, 6, 0))


def test_two_workers_reaching_a_slot_add_one_job(store_db) -> None:
    periodics = [Periodic("a", every=timedelta(minutes=1)), Periodic("b", every=timedelta(hours=1))]
    now = datetime(2026, 11, 26, 13, 5, 42)
    first, second = Scheduler(periodics, {}), Scheduler(periodics, {})
    assert first.add_slots(store_db, now) == 2 and second.add_slots(Database(store_db.url), now) == 2
    assert first.add_slots(store_db, now) == 0  # the same slot again: not even a statement
    assert [(j["task"], j["slot"]) for j in jobs(store_db)] == [("a", "2026-11-26T13:05:00Z"),
                                                                ("b", "2026-11-26T13:00:00Z")]
    first.add_slots(store_db, now + timedelta(minutes=1))
    assert len(jobs(store_db, task="a")) == 2


def test_concurrent_workers_run_every_job_exactly_once(store_db) -> None:
    add_due(store_db, "count", 300)
    ran: list[int] = []
    lock = threading.Lock()

    def handler(db: Database, job: schedule.Job) -> None:
        with lock:
            ran.append(job.job_id)

    def work() -> None:
        db = Database(store_db.url)
        scheduler = Scheduler([], {"count": handler})
        while scheduler.run_due(db):
            pass
        db.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(ran) == 300 and len(set(ran)) == 300  # no duplicate, no miss
    assert {j["status"] for j in jobs(store_db)} == {"done"}
    assert {j["attempts"] for j in jobs(store_db)} == {1}


CRASHING_WORKER = """
import sys, time
from sidecar.config import parse_db_url
from sidecar.db import Database
from sidecar.schedule import Scheduler
db = Database(parse_db_url(sys.argv[1]))
def handler(db, job):
    db.execute("UPDATE `{p}rebound_job` SET last_error = 'started' WHERE job_id = %s", (job.job_id,))
    time.sleep(600)
Scheduler([], {"slow": handler}, worker_id="doomed", lease_s=2).run_due(db)
"""


def test_a_killed_workers_job_is_taken_over_when_its_lease_runs_out(store_db) -> None:
    add_due(store_db, "slow", 1)
    doomed = subprocess.Popen([sys.executable, "-c", CRASHING_WORKER, url_string(store_db.url)])
    try:
        assert poll(lambda: jobs(store_db)[0]["last_error"] == "started")
        os.kill(doomed.pid, signal.SIGKILL)
    finally:
        doomed.wait(timeout=10)
    job = jobs(store_db)[0]
    assert (job["status"], job["claimed_by"]) == ("running", "doomed")
    ran = []
    survivor = Scheduler([], {"slow": lambda db, j: ran.append(j.attempts)}, worker_id="survivor")
    assert survivor.run_due(store_db) == 0  # the lease still runs: not taken twice
    assert poll(lambda: survivor.run_due(store_db) == 1, timeout=10)
    job = jobs(store_db)[0]
    assert (job["status"], job["claimed_by"], job["attempts"], ran) == ("done", "survivor", 2, [2])


def test_a_worker_that_lost_its_lease_cannot_record_a_result(store_db) -> None:
    add_due(store_db, "t", 1)
    late, prompt = Scheduler([], {"t": None}, worker_id="late"), Scheduler([], {"t": None}, worker_id="prompt")
    [job] = late.claim(store_db)
    store_db.execute("UPDATE `{p}rebound_job` SET lease_until = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND")
    [again] = prompt.claim(store_db)
    assert not late.finish(store_db, job) and not late.fail(store_db, job, "too late")
    assert prompt.finish(store_db, again)
    assert (jobs(store_db)[0]["status"], jobs(store_db)[0]["last_error"]) == ("done", None)


def test_failures_back_off_then_go_dead_and_show_in_health(store_db) -> None:
    add_due(store_db, "broken", 1)

    def broken(db, job):
        raise RuntimeError("the planner fell over")

    scheduler = Scheduler([], {"broken": broken})
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert scheduler.run_due(store_db) == 1
        job = jobs(store_db)[0]
        assert job["attempts"] == attempt and "fell over" in job["last_error"]
        if attempt < MAX_ATTEMPTS:
            assert job["status"] == "queued" and job["due_at"] > schedule.utc_now()
            assert scheduler.run_due(store_db) == 0  # backing off
            store_db.execute("UPDATE `{p}rebound_job` SET due_at = UTC_TIMESTAMP(6)")
    assert jobs(store_db)[0]["status"] == "dead"
    health = schedule.health(store_db)["broken"]
    assert (health["dead"], health["failing"]) == (1, 0) and "fell over" in health["last_error"]


def test_readyz_shows_job_health_and_stays_ready(client, store_db) -> None:
    Worker(store_db).tick()  # a heartbeat
    add_due(store_db, "broken", 1)
    store_db.execute("UPDATE `{p}rebound_job` SET status = 'dead', finished_at = UTC_TIMESTAMP(6), "
                     "last_error = 'boom'")
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    jobs_check = answer.json["checks"]["jobs"]
    assert jobs_check["ok"] is False and "broken: 1 dead" in jobs_check["message"]
    assert jobs_check["email"]["dead"] == 0
    signed = client.get("/v1/admin/jobs", headers=signing.headers(SECRET, "GET", "/v1/admin/jobs"))
    assert signed.status_code == 200 and signed.json["tasks"]["broken"]["last_error"] == "boom"
    assert client.get("/v1/admin/jobs").status_code == 401


def test_the_worker_process_runs_the_email_schedule(store_db) -> None:
    env = {**os.environ, "REBOUND_DB_URL": url_string(store_db.url)}
    worker = subprocess.Popen([sys.executable, "-m", "sidecar.cli", "worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        assert poll(lambda: {j["task"] for j in jobs(store_db, status="done")} >= {"mail.plan", "mail.sla",
                                                                                   "mail.cleanup"}, timeout=30)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=15)
    assert worker.returncode == 0, err
    assert '"level": "error"' not in err, err


@pytest.mark.parametrize("held", [True, False])
def test_one_planner_at_a_time(store_db, held) -> None:
    from mailsink import mail_context

    from sidecar.mail.jobs import scheduler

    store_db.execute("INSERT INTO `{p}order` (order_id, store_id, customer_id, email, firstname, order_status_id, "
                     "language_id) VALUES (1, 0, 3, 'ann@example.com', 'Ann', 5, 1)")
    store_db.execute("INSERT INTO `{p}rebound_order_state` (order_id, customer_id, order_status_id, delivered_at, "
                     "updated_at) VALUES (1, 3, 5, UTC_TIMESTAMP(6) - INTERVAL 8 DAY, UTC_TIMESTAMP(6))")
    sched = scheduler(mail_context(store_db, None))
    schedule.add(store_db, "mail.plan", "now", schedule.utc_now() - timedelta(seconds=1))
    other = Database(store_db.url)
    with other.named_lock("rebound_mail_plan") as got:
        assert got
        if held:
            sched.run_due(store_db)
    if not held:
        sched.run_due(store_db)
    queued = store_db.query("SELECT kind FROM `{p}rebound_email`")
    assert queued == ([] if held else [{"kind": "review_request"}])
    assert jobs(store_db, task="mail.plan")[0]["status"] == "done"
