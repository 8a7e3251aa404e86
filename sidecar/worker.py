"""`rebound worker`: the process that does background work, driven by an APScheduler ticker.

APScheduler only ticks; what is due lives in rebound_* tables, so any number of workers can run.
Every few seconds the worker records a heartbeat that /readyz reads. One failing tick is logged and the
next one runs: a database outage pauses the worker, it never stops it.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from .db import Database
from .errors import ReboundError

log = logging.getLogger(__name__)

TICK_S = 1.0
HEARTBEAT_S = 5.0
HEARTBEAT_STALE_S = 30.0

Job = Callable[[Database], None]


def beat(db: Database, worker_id: str) -> None:
    db.execute(
        "INSERT INTO `{p}rebound_worker` (worker_id, hostname, pid, started_at, heartbeat_at) "
        "VALUES (%s, %s, %s, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)) "
        "ON DUPLICATE KEY UPDATE heartbeat_at = UTC_TIMESTAMP(6)",
        (worker_id, socket.gethostname()[:255], os.getpid()),
    )


def freshest_heartbeat_age(db: Database) -> float | None:
    """Seconds since any worker last beat, by the database's clock (hosts' clocks may differ)."""
    row = db.query_one(
        "SELECT TIMESTAMPDIFF(MICROSECOND, MAX(heartbeat_at), UTC_TIMESTAMP(6)) / 1e6 AS age "
        "FROM `{p}rebound_worker`"
    )
    return None if row is None or row["age"] is None else float(row["age"])


class Worker:
    def __init__(self, db: Database, jobs: list[Job] | None = None) -> None:
        self.db = db
        self.jobs = list(jobs or [])
        self.worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._last_beat = float("-inf")
        self._scheduler = BlockingScheduler(timezone="UTC")
        self.stopped = threading.Event()
        self._stop_asked = threading.Event()

    def tick(self) -> None:
        """One pass: heartbeat when due, then each job; a failing job never stops the others."""
        if self._stop_asked.is_set():
            # A stop asked before the scheduler ran (a SIGTERM during start-up) ends it here.
            self.stop()
            return
        now = time.monotonic()
        if now - self._last_beat >= HEARTBEAT_S:
            try:
                beat(self.db, self.worker_id)
                self._last_beat = now
            except ReboundError as exc:
                log.warning("heartbeat failed", extra={"detail": exc.message})
        for job in self.jobs:
            try:
                job(self.db)
            except Exception:
                log.exception("job failed", extra={"job": getattr(job, "__name__", repr(job))})

    def run(self) -> None:
        """Tick until SIGTERM or SIGINT, then leave the heartbeat table as found."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: self.stop())
        self._scheduler.add_job(
            self.tick, "interval", seconds=TICK_S, max_instances=1, coalesce=True,
            next_run_time=datetime.now(timezone.utc),
        )
        log.info("worker started", extra={"worker_id": self.worker_id})
        try:
            self._scheduler.start()
        finally:
            # Jobs with threads of their own end them first (analytics.jobs): nothing is left inside a query.
            for job in self.jobs:
                close = getattr(job, "close", None)
                if close is not None:
                    try:
                        close()
                    except Exception:
                        log.exception("job close failed", extra={"job": getattr(job, "__name__", repr(job))})
            try:
                self.db.execute("DELETE FROM `{p}rebound_worker` WHERE worker_id = %s", (self.worker_id,))
            except ReboundError:
                pass
            self.db.close()
            log.info("worker stopped", extra={"worker_id": self.worker_id})
            self.stopped.set()

    def stop(self) -> None:
        """Ends run() after the current tick; safe from a signal handler, and before run() has started."""
        self._stop_asked.set()
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

