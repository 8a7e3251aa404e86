"""Durable jobs for the worker: periodic slots, one-off jobs, claims with a lease, and their health.

APScheduler only ticks (sidecar/worker.py); what is due lives in `rebound_job`, so any number of workers
can run at once:
- a periodic task adds one row per scheduled slot with INSERT … ON DUPLICATE KEY (UNIQUE task, slot), so
  two workers reaching the same slot add one job; a slot missed while no worker ran is made up by the
  current one (slots coalesce, nothing is run twice);
- a due job is claimed the way reconcile.deliver_outbox claims events: candidates are found without
  locks, then locked by primary key with FOR UPDATE SKIP LOCKED and marked running with a lease
  (claimed_by, lease_until) in one short transaction, so no two workers run it;
- a worker killed mid-job leaves its lease to run out; the job is then claimed again. Handlers must
  therefore be idempotent (the email planners are: every message they add has a UNIQUE dedupe key);
- finishing or failing is fenced by claimed_by: a worker that lost its lease cannot overwrite a result.
Failures back off (reconcile.backoff_seconds) and become 'dead' after MAX_ATTEMPTS.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from .db import Database
from .reconcile import backoff_seconds

log = logging.getLogger(__name__)

LEASE_S = 300
MAX_ATTEMPTS = 5
CLAIM_LIMIT = 10
EPOCH = datetime(1970, 1, 1)


def worker_ident() -> str:
    """A claimant's name: host, pid and a random part (a restarted pid is a new claimant)."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@dataclass(frozen=True)
class Periodic:
    """A task that runs once per slot: every `every` (slots aligned to the epoch, UTC), or once a day at
    `daily_at` in the time zone `zone()` returns (the store's)."""

    task: str
    every: timedelta | None = None
    daily_at: Callable[[], time] | None = None
    zone: Callable[[], ZoneInfo] = lambda: ZoneInfo("UTC")

    def slot(self, now: datetime) -> tuple[str, datetime]:
        """(slot key, due time as naive UTC) of the latest slot that has begun at `now` (naive UTC)."""
        if self.every is not None:
            step = int(self.every.total_seconds())
            start = EPOCH + timedelta(seconds=int((now - EPOCH).total_seconds()) // step * step)
            return start.strftime("%Y-%m-%dT%H:%M:%SZ"), start
        assert self.daily_at is not None
        zone = self.zone()
        local = now.replace(tzinfo=timezone.utc).astimezone(zone)
        day = local.date() if local.time() >= self.daily_at() else local.date() - timedelta(days=1)
        due = datetime.combine(day, self.daily_at(), zone).astimezone(timezone.utc).replace(tzinfo=None)
        return day.isoformat(), due


@dataclass(frozen=True)
class Job:
    job_id: int
    task: str
    slot: str
    due_at: datetime
    attempts: int  # including this run
    payload: Any


Handler = Callable[[Database, Job], None]


def add(db: Any, task: str, slot: str, due_at: datetime, payload: Any = None) -> None:
    """Add a job unless (task, slot) exists; `db` may be a Database or a transaction."""
    db.execute(
        "INSERT INTO `{p}rebound_job` (task, slot, payload, status, due_at, created_at) "
        "VALUES (%s, %s, %s, 'queued', %s, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE job_id = job_id",
        (task, slot[:64], None if payload is None else json.dumps(payload), due_at),
    )


class Scheduler:
    """One worker's view: adds the periodic slots and runs the due jobs it claims."""

    def __init__(self, periodics: Iterable[Periodic], handlers: dict[str, Handler], *,
                 worker_id: str | None = None, lease_s: int = LEASE_S) -> None:
        self.periodics = list(periodics)
        self.handlers = handlers
        self.worker_id = worker_id or worker_ident()
        self.lease_s = lease_s
        self._added: dict[str, str] = {}  # task → the slot this process last added

    def add_slots(self, db: Database, now: datetime | None = None) -> int:
        """Add each periodic task's current slot (once per slot per process); returns how many were new here."""
        now = now or utc_now()
        added = 0
        for periodic in self.periodics:
            key, due = periodic.slot(now)
            if self._added.get(periodic.task) != key:
                add(db, periodic.task, key, due)
                self._added[periodic.task] = key
                added += 1
        return added

    def claim(self, db: Database, limit: int = CLAIM_LIMIT) -> list[Job]:
        """Lock and lease up to `limit` due jobs (queued and due, or running with a lapsed lease)."""
        tasks = sorted(self.handlers)
        if not tasks:
            return []
        marks = ", ".join(["%s"] * len(tasks))
        due = [r["job_id"] for r in db.query(
            "(SELECT job_id FROM `{p}rebound_job` WHERE status = 'queued' AND due_at <= UTC_TIMESTAMP(6) "
            f" AND task IN ({marks}) ORDER BY due_at LIMIT %s) UNION ALL "
            "(SELECT job_id FROM `{p}rebound_job` WHERE status = 'running' AND lease_until <= UTC_TIMESTAMP(6) "
            f" AND task IN ({marks}) ORDER BY lease_until LIMIT %s)",
            (*tasks, limit, *tasks, limit),
        )][:limit]
        if not due:
            return []
        ids = ", ".join(["%s"] * len(due))
        with db.transaction() as tx:
            rows = tx.query(
                "SELECT job_id, task, slot, due_at, attempts, payload FROM `{p}rebound_job` "
                f"WHERE job_id IN ({ids}) AND ((status = 'queued' AND due_at <= UTC_TIMESTAMP(6)) "
                "OR (status = 'running' AND lease_until <= UTC_TIMESTAMP(6))) ORDER BY job_id FOR UPDATE SKIP LOCKED",
                due,
            )
            if rows:
                mine = ", ".join(["%s"] * len(rows))
                tx.execute(
                    "UPDATE `{p}rebound_job` SET status = 'running', claimed_by = %s, attempts = attempts + 1, "
                    "lease_until = UTC_TIMESTAMP(6) + INTERVAL %s SECOND, started_at = UTC_TIMESTAMP(6) "
                    f"WHERE job_id IN ({mine})",
                    (self.worker_id, self.lease_s, *[r["job_id"] for r in rows]),
                )
        return [Job(r["job_id"], r["task"], r["slot"], r["due_at"], int(r["attempts"]) + 1,
                    json.loads(r["payload"]) if r["payload"] else None) for r in rows]

    def finish(self, db: Database, job: Job) -> bool:
        return bool(db.execute(
            "UPDATE `{p}rebound_job` SET status = 'done', finished_at = UTC_TIMESTAMP(6), lease_until = NULL, "
            "last_error = NULL WHERE job_id = %s AND claimed_by = %s AND status = 'running'",
            (job.job_id, self.worker_id),
        ))

    def fail(self, db: Database, job: Job, error: str) -> bool:
        dead = job.attempts >= MAX_ATTEMPTS
        return bool(db.execute(
            "UPDATE `{p}rebound_job` SET status = %s, last_error = %s, lease_until = NULL, "
            "finished_at = IF(%s, UTC_TIMESTAMP(6), NULL), due_at = UTC_TIMESTAMP(6) + INTERVAL %s SECOND "
            "WHERE job_id = %s AND claimed_by = %s AND status = 'running'",
            ("dead" if dead else "queued", error[:255], dead, round(backoff_seconds(job.attempts), 3),
             job.job_id, self.worker_id),
        ))

    def run_due(self, db: Database, limit: int = CLAIM_LIMIT) -> int:
        """Claim due jobs and run each; one failing job never stops the others. Returns how many ran."""
        jobs = self.claim(db, limit)
        for job in jobs:
            try:
                self.handlers[job.task](db, job)
            except Exception as exc:  # logged and retried with backoff; the next job runs
                log.exception("scheduled job failed", extra={"task": job.task, "slot": job.slot})
                self.fail(db, job, f"{type(exc).__name__}: {exc}")
            else:
                self.finish(db, job)
        return len(jobs)

    def tick(self, db: Database) -> None:
        self.add_slots(db)
        while self.run_due(db) == CLAIM_LIMIT:
            pass


def previous_due(db: Any, task: str, before: datetime) -> datetime | None:
    """When the last finished slot of `task` before `before` was due: where a periodic window starts."""
    row = db.query_one(
        "SELECT MAX(due_at) AS due FROM `{p}rebound_job` WHERE task = %s AND status = 'done' AND due_at < %s",
        (task, before),
    )
    return row["due"] if row else None


def cleanup(db: Database, keep_days: int = 14) -> int:
    """Forget finished jobs older than `keep_days` (dead ones stay until they are this old too)."""
    return db.execute(
        "DELETE FROM `{p}rebound_job` WHERE status IN ('done', 'dead') "
        "AND finished_at < UTC_TIMESTAMP(6) - INTERVAL %s DAY LIMIT 10000",
        (keep_days,),
    )


def health(db: Any) -> dict[str, Any]:
    """Per task: last run, lag of its oldest due job, jobs failing (retrying) and dead in the last 7 days."""
    tasks: dict[str, dict[str, Any]] = {}
    for r in db.query(
        "SELECT task, MAX(IF(status = 'done', finished_at, NULL)) AS last_run, "
        "MIN(IF(status = 'queued' AND due_at <= UTC_TIMESTAMP(6), due_at, NULL)) AS oldest_due, "
        "SUM(status = 'queued' AND attempts > 0) AS failing, "
        "SUM(status = 'dead' AND finished_at > UTC_TIMESTAMP(6) - INTERVAL 7 DAY) AS dead, "
        "TIMESTAMPDIFF(MICROSECOND, MIN(IF(status = 'queued' AND due_at <= UTC_TIMESTAMP(6), due_at, NULL)), "
        "UTC_TIMESTAMP(6)) / 1e6 AS lag FROM `{p}rebound_job` GROUP BY task ORDER BY task"
    ):
        error = db.query_one(
            "SELECT last_error FROM `{p}rebound_job` WHERE task = %s AND last_error IS NOT NULL "
            "ORDER BY job_id DESC LIMIT 1", (r["task"],),
        ) if r["failing"] or r["dead"] else None
        tasks[r["task"]] = {
            "last_run_at": iso(r["last_run"]),
            "lag_s": round(float(r["lag"]), 1) if r["lag"] is not None else 0.0,
            "failing": int(r["failing"] or 0),
            "dead": int(r["dead"] or 0),
            "last_error": error["last_error"] if error else None,
        }
    return tasks


def iso(value: datetime | None) -> str | None:
    return value.replace(tzinfo=timezone.utc).isoformat() if value else None
