"""The worker's email jobs: the scheduled planners and alerts, and delivery, each run every tick.

`worker_jobs` is what `rebound worker` adds to its ticker (never the web service: gunicorn workers
don't import this). Periodic tasks, as rows in rebound_job (sidecar/schedule.py):
- mail.plan, every minute: review requests, NPS, CSAT and instruction reminders (planners hold a named
  lock: one planner at a time, whatever the number of workers);
- mail.sla, hourly: the owner's alert for returns that just passed their time limit;
- mail.digest, daily at the setting digest.hour in the store's time zone: the owner's summary;
- mail.cleanup, daily: forget finished jobs after 14 days.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import time, timedelta

from ..config import Config
from ..db import Database
from ..schedule import Job, Periodic, Scheduler, cleanup, worker_ident
from ..store import Store
from . import plan
from .context import MailContext
from .deliver import Sender

SEND_BUDGET_S = 5.0  # per tick, so the heartbeat and the other jobs keep their rhythm


def scheduler(ctx: MailContext, worker_id: str | None = None) -> Scheduler:
    def planned(db: Database, job: Job) -> None:
        with db.named_lock("rebound_mail_plan") as mine:
            if not mine:
                return  # another worker is planning right now, and its run covers this slot too
            plan.plan(db, ctx)

    periodics = [
        Periodic("mail.plan", every=timedelta(minutes=1)),
        Periodic("mail.sla", every=timedelta(hours=1)),
        Periodic("mail.digest", daily_at=lambda: time(ctx.settings.get(0)["digest"]["hour"]),
                 zone=lambda: ctx.store.timezone(0)),
        Periodic("mail.cleanup", every=timedelta(days=1)),
    ]
    handlers = {
        "mail.plan": planned,
        "mail.sla": lambda db, job: plan.sla_alert(db, ctx, job),
        "mail.digest": lambda db, job: plan.digest(db, ctx, job),
        "mail.cleanup": lambda db, job: cleanup(db),
    }
    return Scheduler(periodics, handlers, worker_id=worker_id)


def worker_jobs(config: Config, store: Store) -> list[Callable[[Database], None]]:
    ctx = MailContext(config, store)
    worker_id = worker_ident()
    sched = scheduler(ctx, worker_id)
    sender = Sender(ctx, worker_id)

    def mail_schedule(db: Database) -> None:
        sched.tick(db)

    def mail_send(db: Database) -> None:
        sender.run(db, SEND_BUDGET_S)

    return [mail_schedule, mail_send]
