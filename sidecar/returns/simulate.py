"""The policy simulator: recent orders replayed against the current and a proposed policy, line by line.

`rebound simulate --policy new.json --since 90d` and POST /v1/admin/policy/simulate answer the owner's
question before a policy is saved: which lines would shoppers be able to return that they can't now, which
could they no longer return, and what those lines are worth.

When each order is judged: now, under both policies. The engine applies the policy in force to every order,
old ones too (policy/engine.py), so "now" is exactly what saving the proposal changes for shoppers today:
a shorter window closes the lines delivered between the two deadlines, a longer one reopens them, an
excluded category closes its lines whose window is still open. The alternative, judging each order on the
last day of its current window, would count every line as lost for any shortening (30 → 29 days like
30 → 7) and could not show a longer window at all; "now" keeps the numbers in proportion to the change.
Lines whose window is closed under both policies are unchanged, so `since` should reach back past the longer
window to see a window change in full (90 days covers 30 and 60).

A line whose eligibility changes counts with its returnable quantity (bought less returned or requested)
at its unit price incl. tax, in the store's base currency. Block codes are the engine's (`window_closed`,
`excluded_category`, …); a line refused for two reasons counts under both codes. Customer history and
options don't change eligibility (only the serial-returner flag and auto-approval), so they aren't read.

Reads, for big stores: `order` has no index on date_added, so the first order of the period is found by
binary search on the primary key (order ids grow with time), then orders are read newest first in
primary-key ranges of BATCH_IDS, with their lines, status times (Rebound's mirror) and returned quantities
one indexed range query each. Orders placed and last moved before the longer window can't change and are
only counted (most of a long period). A cap on the number of orders keeps the newest. Orders the worker
hasn't mirrored yet (no status times) are left out and counted. A 1,000,000-order store's last 90 days
(308,000 orders) took 180–190 s on 2 cores shared with other work (issue 5, session 2).
"""

from __future__ import annotations

import time as clock
from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ..db import Database
from ..policy import Policy, Situation, decide
from ..store import Store
from .load import policies_for
from .simulate_read import BATCH_IDS, BatchReader, Closed, first_and_last_order
from .simulate_result import MAX_EXAMPLES, Simulation, compare

__all__ = ["API_MAX_ORDERS", "Run", "Simulation", "first_and_last_order", "render", "simulate"]

API_MAX_ORDERS = 100_000  # POST /v1/admin/policy/simulate answers at once; bigger periods run in steps (simulate_jobs)

Progress = Callable[[int, int], None]  # (orders judged so far, estimated total)


class Run:
    """One simulation judged batch by batch, newest orders first. `step()` carries on from where the last
    one stopped, so the CLI runs it to the end in one go and the admin page a few seconds per request,
    keeping the Simulation's state() in between (sidecar/returns/simulate_jobs.py)."""

    def __init__(self, db: Database, store: Store, current: Policy, proposed: Policy, result: Simulation) -> None:
        self.db, self.store, self.current, self.proposed, self.result = db, store, current, proposed, result

    @classmethod
    def start(cls, db: Database, store: Store, proposed: Policy, *, since_days: int, now: datetime,
              store_id: int = 0, max_orders: int | None = None, current: Policy | None = None) -> Run:
        """Judge the orders placed in the last `since_days` local days of the store, as of `now`, under the
        store's policy (or `current`) and `proposed`."""
        if now.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        tz = store.timezone(store_id)
        policies = policies_for(store)
        local_now = now.astimezone(tz)
        since = datetime.combine(local_now.date() - timedelta(days=since_days), time.min, tzinfo=tz)
        result = Simulation(store_id=store_id, since_days=since_days, since=since, judged_at=local_now,
                            current_source=policies.source(store_id)[1], max_orders=max_orders)
        span = first_and_last_order(db, since.replace(tzinfo=None))
        if span is not None:
            result.first_id, result.last_id = span
            result.next_id = span[1]
        return cls(db, store, current or policies.get(store_id), proposed, result)

    def step(self, budget_s: float | None = None, progress: Progress | None = None) -> Simulation:
        """Judge batches until the run is finished or `budget_s` seconds have passed (at least one batch)."""
        result = self.result
        if result.finished:
            return result
        assert result.first_id is not None and result.next_id is not None
        started = clock.monotonic()
        store, tz = self.store, self.store.timezone(result.store_id)
        now, since = result.judged_at, result.since.replace(tzinfo=None)
        estimate = result.last_id - result.first_id + 1  # type: ignore[operator]
        if result.max_orders is not None:
            estimate = min(estimate, result.max_orders)
        complete = frozenset(store.status_ids("config_complete_status", result.store_id))
        # An order whose dates (placed, every status) are all older than the longest window of either
        # policy, and a day for time zones, is past its window under both whatever starts it: unchanged.
        longest = max(d for p in (self.current, self.proposed) for d in (p.window.days, *p.window.days_by_group.values()))
        reader = BatchReader(self.db, store, result.store_id, tz, closed_before=now - timedelta(days=longest + 2))
        while not result.finished:
            top = result.next_id
            for item in reader.read(max(result.first_id, top - BATCH_IDS + 1), top, since):
                if result.max_orders is not None and result.orders >= result.max_orders:
                    result.capped = True
                    break
                if isinstance(item, Closed):
                    result.orders += 1
                    result.lines += item.lines
                    result.unchanged_ineligible += item.lines
                    result.oldest_order = item.date_added or result.oldest_order
                    continue
                order, customer, returned, by_product = item
                base = dict(order=order, now=now, complete_status_ids=complete, products=reader.products,
                            customer=customer, returned=returned, returned_by_product=by_product, timezone=tz)
                compare(result, order, decide(Situation(policy=self.current, **base)),
                        decide(Situation(policy=self.proposed, **base)))
            result.next_id = top - BATCH_IDS
            result.not_mirrored += reader.not_mirrored
            reader.not_mirrored = 0
            if progress:
                progress(result.orders, estimate)
            if budget_s is not None and clock.monotonic() - started >= budget_s:
                break
        return result


def simulate(
    db: Database, store: Store, proposed: Policy, *, since_days: int, now: datetime, store_id: int = 0,
    max_orders: int | None = None, progress: Progress | None = None,
) -> Simulation:
    """Judge the store's orders placed in the last `since_days` local days under both policies, now."""
    run = Run.start(db, store, proposed, since_days=since_days, now=now, store_id=store_id, max_orders=max_orders)
    return run.step(progress=progress)


# -- the readable summary ------------------------------------------------------------------------------------


def render(answer: dict[str, Any], examples: int = 10) -> str:
    """The CLI's summary of a dumped Simulation."""
    orders, lines = answer["orders"], answer["lines"]
    at = answer["judged_at"][:16].replace("T", " ")
    out = [
        f"Store {answer['store_id']}: {orders['judged']:,} orders placed since {answer['since'][:10]} "
        f"({answer['since_days']} days), {lines['judged']:,} lines, judged as of {at} "
        f"against the {'store' if answer['current_source'] == 'store' else 'default'} policy.",
    ]
    if orders["capped"]:
        out.append(f"Stopped at {orders['max_orders']:,} orders (the newest); the oldest judged was placed "
                   f"{(orders['oldest_judged'] or '')[:10]}.")
    if orders["not_mirrored"]:
        n = orders["not_mirrored"]
        out.append(f"Left out {n:,} order{'s' if n != 1 else ''} the worker hasn't mirrored yet; run again once "
                   "`rebound worker` has caught up.")
    row = "{:<28}{:>10}{:>10}{:>16}"
    out += ["", row.format("", "lines", "quantity", "base value")]

    def tally(name: str, t: dict[str, Any]) -> str:
        return row.format(name, f"{t['lines']:,}", f"{t['quantity']:,}", f"{Decimal(t['base_value']):,.2f}")

    out += [tally("returnable now: current", answer["returnable"]["current"]),
            tally("returnable now: proposed", answer["returnable"]["proposed"])]
    for key, name in (("became_eligible", "became eligible"), ("became_ineligible", "became ineligible")):
        out.append(tally(name, answer[key]))
        out += [tally(f"  {code}", t) for code, t in answer[key]["by_block"].items()]
    if not lines["changed"]:
        out += ["", "No line changes eligibility."]
    shown = answer["examples"][:examples]
    if shown:
        out += ["", f"Examples ({len(shown)} of {lines['changed']:,} changed lines; --json lists up to "
                    f"{MAX_EXAMPLES}):"]
        for x in shown:
            side = x["proposed"] if x["change"] == "became_ineligible" else x["current"]
            why = " ".join(b["text"] for b in side["blocks"])
            verb = "no longer returnable" if x["change"] == "became_ineligible" else "now returnable, was not"
            out.append(f"  order {x['order_id']} ({(x['date_added'] or '')[:10]}) {x['name']} × {x['quantity']}, "
                       f"{Decimal(x['base_value']):,.2f}: {verb}" + (f" — {why}" if why else ""))
    return "\n".join(out)
