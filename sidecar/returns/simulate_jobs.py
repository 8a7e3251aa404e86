"""Simulations the admin page runs in steps, with a progress bar and a cancel button.

A big store's period can hold millions of orders: more than one HTTP request should take. The page starts a
run (`start`), then asks for one step at a time (`step`, STEP_S seconds of work each), and shows how far
it has come after each; `cancel` stops it. A run's tallies and the next order id to read live in
`rebound_simulation.state` between steps, so steps may be served by any web worker, and the current policy
is the one saved when the run started (an owner saving meanwhile does not mix two policies in one answer).

Two steps of the same run at once (two tabs, a retried request) can't count a batch twice: a step first
takes the row's lease with a conditional UPDATE; the other finds it taken and answers the progress as it
stands. A step that dies leaves the lease to run out (LEASE_S), and the next step carries on from the last
saved batch. Finished and cancelled runs are kept KEEP_DAYS days for the page to show again.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from ..db import Database
from ..errors import NotFound, ReboundError
from ..policy import Policy, validate
from ..store import Store
from .simulate import Run
from .simulate_result import Simulation

log = logging.getLogger(__name__)

STEP_S = 2.0  # work per step: the page's progress bar moves about this often
LEASE_S = 60  # a step that died is taken over after this long
KEEP_DAYS = 7
COLUMNS = "simulation_id, store_id, status, current_policy, proposed_policy, state, ids_done, ids_total, error, " \
          "created_at, updated_at, finished_at"


class SimulationBusy(ReboundError):
    """Another step of this simulation is running."""


def start(db: Database, store: Store, proposed: Policy, *, since_days: int, now: datetime, store_id: int = 0
          ) -> dict[str, Any]:
    """Create a run (nothing judged yet) and answer it as view() does."""
    db.execute("DELETE FROM `{p}rebound_simulation` WHERE created_at < UTC_TIMESTAMP(6) - INTERVAL %s DAY",
               (KEEP_DAYS,))
    run = Run.start(db, store, proposed, since_days=since_days, now=now, store_id=store_id)
    done, total = run.result.progress()
    status = "done" if run.result.finished else "running"
    simulation_id = db.insert(
        "INSERT INTO `{p}rebound_simulation` (store_id, status, current_policy, proposed_policy, state, ids_done, "
        "ids_total, created_at, updated_at, finished_at) VALUES (%s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(6), "
        "UTC_TIMESTAMP(6), IF(%s = 'done', UTC_TIMESTAMP(6), NULL))",
        (store_id, status, json.dumps(run.current.dump()), json.dumps(proposed.dump()),
         json.dumps(run.result.state()), done, total, status),
    )
    return view(_row(db, simulation_id))


def step(db: Database, store: Store, simulation_id: int, budget_s: float = STEP_S) -> dict[str, Any]:
    """Judge the next STEP_S seconds of a running simulation; a finished or cancelled one is answered as is."""
    row = _row(db, simulation_id)
    if row["status"] != "running":
        return view(row)
    taken = db.execute(
        "UPDATE `{p}rebound_simulation` SET lease_until = UTC_TIMESTAMP(6) + INTERVAL %s SECOND "
        "WHERE simulation_id = %s AND status = 'running' AND (lease_until IS NULL OR lease_until < UTC_TIMESTAMP(6))",
        (LEASE_S, simulation_id),
    )
    if not taken:
        return view(_row(db, simulation_id), busy=True)
    row = _row(db, simulation_id)  # the state as the last step saved it
    try:
        run = Run(db, store, validate(row["current_policy"]), validate(row["proposed_policy"]),
                  Simulation.from_state(json.loads(row["state"])))
        result = run.step(budget_s)
    except Exception as exc:
        log.exception("simulation step failed", extra={"simulation_id": simulation_id})
        db.execute(
            "UPDATE `{p}rebound_simulation` SET status = 'failed', error = %s, lease_until = NULL, "
            "updated_at = UTC_TIMESTAMP(6), finished_at = UTC_TIMESTAMP(6) WHERE simulation_id = %s AND status = 'running'",
            (f"{type(exc).__name__}: {exc}"[:255], simulation_id),
        )
        raise
    done, total = result.progress()
    # Saved only while still running: a cancel that came during the step wins, and its progress stays.
    db.execute(
        "UPDATE `{p}rebound_simulation` SET state = %s, ids_done = %s, ids_total = %s, lease_until = NULL, "
        "status = IF(%s, 'done', status), finished_at = IF(%s, UTC_TIMESTAMP(6), finished_at), "
        "updated_at = UTC_TIMESTAMP(6) WHERE simulation_id = %s AND status = 'running'",
        (json.dumps(result.state()), done, total, result.finished, result.finished, simulation_id),
    )
    return view(_row(db, simulation_id))


def cancel(db: Database, simulation_id: int) -> dict[str, Any]:
    """Stop a running simulation (what it counted so far stays readable); a finished one is left as it is."""
    _row(db, simulation_id)
    db.execute(
        "UPDATE `{p}rebound_simulation` SET status = 'cancelled', lease_until = NULL, updated_at = UTC_TIMESTAMP(6), "
        "finished_at = UTC_TIMESTAMP(6) WHERE simulation_id = %s AND status = 'running'",
        (simulation_id,),
    )
    return view(_row(db, simulation_id))


def get(db: Database, simulation_id: int) -> dict[str, Any]:
    return view(_row(db, simulation_id))


def _row(db: Database, simulation_id: int) -> dict[str, Any]:
    row = db.query_one(f"SELECT {COLUMNS} FROM `{{p}}rebound_simulation` WHERE simulation_id = %s",
                       (simulation_id,))
    if row is None:
        raise NotFound("No such simulation.")
    return row


def view(row: dict[str, Any], *, busy: bool = False) -> dict[str, Any]:
    """What the admin page shows: status, progress, and the result so far (whole once status is done)."""
    done, total = int(row["ids_done"]), int(row["ids_total"])
    return {
        "simulation_id": int(row["simulation_id"]),
        "status": row["status"],
        "busy": busy,
        "progress": {"done": done, "total": total, "percent": 100 if row["status"] == "done" or not total
                     else min(99, done * 100 // total)},
        "error": row["error"],
        "result": Simulation.from_state(json.loads(row["state"])).dump(),
    }
