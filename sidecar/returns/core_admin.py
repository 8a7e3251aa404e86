"""Return statuses set in OpenCart's own admin (Sales > Returns), applied to the Rebound case they belong to.

Both paths that notice a core change call `follow`: the `return.status_changed` event (the extension's
admin handler) and the worker's return_history scan. Neither trusts what it was told: `follow` reads the
return rows as they are now (locking reads, after locking the case), so the two paths, in any order and
any number of times, reach the same result once.

- Rebound's own writes are never re-applied: Rebound always moves every return row of a case to the
  status it writes for the case's state (`oc.return_status_id(STATUS_NAMES[status])`), so a return row
  at that status says nothing new. Only rows that differ from it are decisions made elsewhere.
- A change is recorded once: each case history row it adds is keyed by the return's newest return_history
  row (`opencart:<return_id>:<return_history_id>`).
- Statuses are resolved by name (docs/returns-api.md): Pending → requested, Awaiting Products → approved,
  Rejected → rejected, Received → received, Complete → closed as the return action says (Refunded,
  Credit Issued, Replacement Sent), else as the shopper asked (refund, store credit, exchange). Rebound
  moves no money for a Complete set in core admin: the owner did that in OpenCart.
- A case with several lines moves when all its return rows agree on one case state; until then each
  line's change is recorded as a note and the case keeps its state. A status with no Rebound meaning
  (a store's own status) is recorded as a note, never guessed. A closed case (refunded, credited,
  exchanged) is not reopened from core admin: the change is recorded only.
- The shopper gets Rebound's email for the new state unless the core history row had Notify ticked and
  OpenCart has a mail engine set: then OpenCart's own return mail (mail/returns) has told them already.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..db import Tx
from ..store import Store
from . import opencart_writes as oc
from .cases import STATUS_NAMES, add_history

log = logging.getLogger(__name__)

ACTOR = "OpenCart admin"
NOTE = "opencart"  # the history action of a change recorded without moving the case
CLOSED = frozenset({"refunded", "credited", "exchanged"})
BY_NAME = {"pending": "requested", "awaiting products": "approved", "rejected": "rejected", "received": "received"}
BY_ACTION = {"refunded": "refunded", "credit issued": "credited", "replacement sent": "exchanged"}
BY_RESOLUTION = {"refund": "refunded", "store_credit": "credited", "exchange": "exchanged"}
ACTION_FOR = {"requested": "reopen", "approved": "approve", "rejected": "reject", "received": "receive",
              "refunded": "refund", "credited": "credit", "exchanged": "exchange"}
STATE_WORDS = {"requested": "Requested", "approved": "Approved", "rejected": "Rejected", "received": "Received",
               "refunded": "Refunded", "credited": "Store credit issued", "exchanged": "Exchanged"}


def case_state_for(status_name: str, action_name: str, resolution: str) -> str | None:
    """The case state an OpenCart return status means, or None when it has no Rebound meaning."""
    name = status_name.strip().casefold()
    if name in BY_NAME:
        return BY_NAME[name]
    if name == "complete":
        return BY_ACTION.get(action_name.strip().casefold()) or BY_RESOLUTION.get(resolution, "refunded")
    return None


@dataclass(frozen=True)
class Line:
    return_id: int
    status_id: int
    status_name: str
    target: str | None  # the case state this line's status means
    history_id: int
    notify: bool
    comment: str

    @property
    def key(self) -> str:
        return f"opencart:{self.return_id}:{self.history_id}"


def decide(case_status: str, lines: list[Line]) -> str | None:
    """The state to move the case to, or None to record the lines' changes only."""
    if case_status in CLOSED:
        return None
    targets = {line.target for line in lines}
    if len(targets) != 1 or None in targets:
        return None
    target = targets.pop()
    return target if target != case_status else None


def follow(tx: Tx, store: Store, return_ids: Iterable[int], now: datetime) -> int:
    """Apply the current OpenCart status of these returns to their Rebound cases; returns how many case
    history rows were added."""
    ids = sorted({int(i) for i in return_ids})
    if not ids:
        return 0
    marks = ", ".join(["%s"] * len(ids))
    cases = [int(r["case_id"]) for r in tx.query(
        f"SELECT DISTINCT case_id FROM `{{p}}rebound_case_line` WHERE return_id IN ({marks}) ORDER BY case_id", ids)]
    return sum(_follow_case(tx, store, case_id, now) for case_id in cases)


def _follow_case(tx: Tx, store: Store, case_id: int, now: datetime) -> int:
    case = tx.query_one("SELECT case_id, status, store_id FROM `{p}rebound_case` WHERE case_id = %s FOR UPDATE",
                        (case_id,))
    if case is None:
        return 0
    lines = tx.query(
        "SELECT l.return_id, l.resolution, r.return_status_id, r.return_action_id FROM `{p}rebound_case_line` l "
        "JOIN `{p}return` r ON r.return_id = l.return_id WHERE l.case_id = %s ORDER BY l.case_line_id "
        "LOCK IN SHARE MODE",  # the rows as they are now, held until this change commits
        (case_id,),
    )
    ours = oc.return_status_id(store, STATUS_NAMES[case["status"]])
    changed = [r for r in lines if int(r["return_status_id"]) != ours]
    if not changed:
        return 0  # every row is where Rebound put it: our own write, or a change applied already
    statuses, actions = store.names("return_status"), store.names("return_action")
    seen: list[Line] = []
    for row in lines:
        status_id = int(row["return_status_id"])
        if status_id == ours:
            seen.append(Line(row["return_id"], status_id, "", case["status"], 0, False, ""))
            continue
        last = _last_history(tx, row["return_id"])
        if last is None or int(last["return_status_id"]) != status_id:
            # A change landing between the two reads: the next scan of return_history reads it whole.
            log.info("core return change not visible yet", extra={"return_id": row["return_id"]})
            return 0
        name = statuses.get(status_id, f"#{status_id}")
        seen.append(Line(
            int(row["return_id"]), status_id, name,
            case_state_for(name, actions.get(int(row["return_action_id"] or 0), ""), row["resolution"]),
            int(last["return_history_id"]), bool(last["notify"]), html.unescape(last["comment"] or "").strip(),
        ))
    mine = [line for line in seen if line.history_id]
    recorded = _recorded(tx, case_id, [line.key for line in mine])
    target = decide(case["status"], seen)
    utc = now.astimezone(timezone.utc).replace(tzinfo=None)
    if target is not None:
        last = max(mine, key=lambda line: line.history_id)
        if last.key in recorded:
            return 0
        tx.execute("UPDATE `{p}rebound_case` SET status = %s, updated_at = %s WHERE case_id = %s",
                   (target, utc, case_id))
        # OpenCart mails the shopper itself when Notify was ticked and it has a mail engine (mail/returns).
        mailed = any(line.notify for line in mine) and bool(store.setting("config_mail_engine", case["store_id"]))
        add_history(tx, case_id, target, ACTION_FOR[target], ACTOR, last.comment, utc, last.key,
                    notify_customer=not mailed)
        return 1
    added = 0
    for line in mine:
        if line.key not in recorded:
            add_history(tx, case_id, case["status"], NOTE, ACTOR, _note(case["status"], line, len(lines)), utc,
                        line.key, notify_customer=False)
            added += 1
    return added


def _note(case_status: str, line: Line, line_count: int) -> str:
    stays = f"the case stays {STATE_WORDS.get(case_status, case_status)}"
    if line.target is None:
        why = f"{stays}: this status has no Rebound equivalent"
    elif case_status in CLOSED:
        why = f"{stays}: a closed case is not reopened"
    else:
        why = f"{stays} until all {line_count} of its items have the same status"
    text = f"Return #{line.return_id} set to {line.status_name} in OpenCart's admin; {why}."
    return f"{text} Comment: {line.comment}" if line.comment else text


def _last_history(tx: Tx, return_id: int) -> dict[str, Any] | None:
    # return_history has no index on return_id; this runs only for a return whose status differs from
    # Rebound's, i.e. once per change made in core admin.
    return tx.query_one(
        "SELECT return_history_id, return_status_id, notify, comment FROM `{p}return_history` "
        "WHERE return_id = %s ORDER BY return_history_id DESC LIMIT 1",
        (return_id,),
    )


def _recorded(tx: Tx, case_id: int, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    marks = ", ".join(["%s"] * len(keys))
    return {r["idempotency_key"] for r in tx.query(
        f"SELECT idempotency_key FROM `{{p}}rebound_case_history` WHERE case_id = %s AND idempotency_key IN ({marks})",
        (case_id, *keys))}
