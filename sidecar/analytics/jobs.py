"""The worker's analytics tasks (rows in rebound_job, sidecar/schedule.py):
- analytics.refresh, every 5 minutes: the summary tables caught up from their watermarks;
- analytics.rebuild, daily: rebuilt from scratch (catches edits OpenCart makes without a history row).
Both hold the refresh lock, so two workers never refresh at once; a busy lock means the other's run covers it.
They run on a thread of their own: a full rebuild of a big store takes a while, and the worker's ticker
(heartbeat, email) must keep its rhythm meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

from ..db import Database
from ..schedule import Job, Periodic, Scheduler, worker_ident
from ..store import Store
from .summary import refresh

log = logging.getLogger(__name__)
EVERY = timedelta(minutes=5)


def _refresh(db: Database, store: Store, *, full: bool) -> None:
    done = refresh(db, full=full, store=store)
    if done is not None:
        log.info("analytics refreshed", extra={"mode": done.mode, "changes": done.changes, "seconds": done.seconds})


def scheduler(store: Store, worker_id: str | None = None) -> Scheduler:
    periodics = [Periodic("analytics.refresh", every=EVERY), Periodic("analytics.rebuild", every=timedelta(days=1))]
    handlers: dict[str, Callable[[Database, Job], None]] = {
        "analytics.refresh": lambda db, job: _refresh(db, store, full=False),
        "analytics.rebuild": lambda db, job: _refresh(db, store, full=True)}
    return Scheduler(periodics, handlers, worker_id=worker_id)


def worker_jobs(store: Store) -> list[Callable[[Database], None]]:
    """The worker's analytics job: each tick wakes one long-lived thread. The job's `close()` ends that
    thread and waits for it, so the process never exits while it is inside a query (a daemon thread still
    in the MySQL driver at interpreter shutdown can crash the process)."""
    sched = scheduler(store, worker_ident())
    wake, stopping = threading.Event(), threading.Event()
    started: list[threading.Thread] = []

    def loop(db: Database) -> None:
        # One long-lived thread, so its database connection lasts too (a new thread per tick connected anew).
        try:
            while True:
                wake.wait()
                wake.clear()
                if stopping.is_set():
                    return
                try:
                    sched.tick(db)
                except Exception:  # logged; the next tick tries again
                    log.exception("analytics tick failed")
        finally:
            db.close()  # this thread's connections

    def analytics(db: Database) -> None:
        if stopping.is_set():
            return
        if not started:
            started.append(threading.Thread(target=loop, args=(db,), name="rebound-analytics", daemon=True))
            started[0].start()
        wake.set()

    def close(timeout: float = 30.0) -> None:
        stopping.set()
        wake.set()
        for thread in started:
            thread.join(timeout)

    analytics.close = close  # type: ignore[attr-defined]
    return [analytics]
