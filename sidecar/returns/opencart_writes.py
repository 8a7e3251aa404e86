"""Writing OpenCart's own return rows, store credit and review status, each the way OpenCart itself would.

Text is HTML-encoded as OpenCart stores form input (htmlspecialchars, ENT_COMPAT: `'` stays), times are
the store's local wall-clock time (OpenCart's NOW() under its session time zone), statuses and actions are
resolved by name (their ids differ between stores and versions), and every status change gets a
`return_history` row, at creation too (which OpenCart's own shopper form skips).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from ..db import Tx
from ..store import Store


def encode(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


def local_now(store: Store, store_id: int, now: datetime) -> datetime:
    """`now` (aware) as the naive local time OpenCart would have written."""
    return now.astimezone(store.timezone(store_id)).replace(tzinfo=None, microsecond=0)


def return_status_id(store: Store, name: str) -> int:
    """A return status by name; the store's default status for new returns when it has no such name."""
    found = store.id_by_name("return_status", name)
    if found is not None:
        return found
    return int(store.setting("config_return_status_id") or 1)


def add_return(tx: Tx, fields: dict[str, Any]) -> int:
    """One `return` row per order line, as OpenCart's addReturn stores it (text encoded by the caller)."""
    columns = ", ".join(f"`{c}`" for c in fields)
    marks = ", ".join(["%s"] * len(fields))
    return tx.insert(f"INSERT INTO `{{p}}return` ({columns}) VALUES ({marks})", list(fields.values()))


def add_return_history(tx: Tx, return_id: int, status_id: int, comment: str, at: datetime,
                       notify: bool = False) -> None:
    """OpenCart's addHistory: the new status on the return, and a history row."""
    tx.execute(
        "UPDATE `{p}return` SET return_status_id = %s, date_modified = %s WHERE return_id = %s",
        (status_id, at, return_id),
    )
    tx.execute(
        "INSERT INTO `{p}return_history` (return_id, return_status_id, notify, comment, date_added) "
        "VALUES (%s, %s, %s, %s, %s)",
        (return_id, status_id, int(notify), encode(comment), at),
    )


def set_return_action(tx: Tx, store: Store, return_id: int, action_name: str, at: datetime) -> None:
    action_id = store.id_by_name("return_action", action_name)
    if action_id is not None:
        tx.execute(
            "UPDATE `{p}return` SET return_action_id = %s, date_modified = %s WHERE return_id = %s",
            (action_id, at, return_id),
        )


def add_store_credit(tx: Tx, customer_id: int, description: str, amount: Decimal, at: datetime) -> int:
    """A `customer_transaction` row with order_id 0: OpenCart deletes credit rows tied to an order when that
    order's status changes, so the link to the case is kept in rebound_case instead."""
    return tx.insert(
        "INSERT INTO `{p}customer_transaction` (customer_id, order_id, description, amount, date_added) "
        "VALUES (%s, 0, %s, %s, %s)",
        (customer_id, encode(description), amount, at),
    )
