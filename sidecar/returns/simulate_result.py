"""What a policy simulation counts (sidecar/returns/simulate.py): tallies per kind of change, examples, and
the state a simulation run in steps keeps between them (sidecar/returns/simulate_jobs.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..policy import LineDecision, OrderDecision
from ..records import Order

MAX_EXAMPLES = 50
ZERO = Decimal("0.00")


@dataclass
class Tally:
    lines: int = 0
    quantity: int = 0
    value: Decimal = ZERO

    def add(self, quantity: int, value: Decimal) -> None:
        self.lines += 1
        self.quantity += quantity
        self.value += value

    def dump(self) -> dict[str, Any]:
        return {"lines": self.lines, "quantity": self.quantity, "base_value": f"{self.value:.2f}"}

    @classmethod
    def load(cls, dumped: dict[str, Any]) -> Tally:
        return cls(int(dumped["lines"]), int(dumped["quantity"]), Decimal(dumped["base_value"]))


@dataclass
class Change:
    """Lines that became eligible (by the blocks lifted) or ineligible (by the blocks added)."""

    total: Tally = field(default_factory=Tally)
    by_block: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, codes: set[str], quantity: int, value: Decimal) -> None:
        self.total.add(quantity, value)
        for code in codes:
            self.by_block[code].add(quantity, value)

    def dump(self) -> dict[str, Any]:
        return {**self.total.dump(), "by_block": {c: self.by_block[c].dump() for c in sorted(self.by_block)}}

    @classmethod
    def load(cls, dumped: dict[str, Any]) -> Change:
        change = cls(total=Tally.load(dumped))
        for code, tally in dumped["by_block"].items():
            change.by_block[code] = Tally.load(tally)
        return change


@dataclass
class Simulation:
    store_id: int
    since_days: int
    since: datetime
    judged_at: datetime
    current_source: str  # "store" or "default"
    max_orders: int | None
    orders: int = 0
    not_mirrored: int = 0
    capped: bool = False
    oldest_order: datetime | None = None
    lines: int = 0
    unchanged_eligible: int = 0
    unchanged_ineligible: int = 0
    returnable_current: Tally = field(default_factory=Tally)
    returnable_proposed: Tally = field(default_factory=Tally)
    became_eligible: Change = field(default_factory=Change)
    became_ineligible: Change = field(default_factory=Change)
    # Up to MAX_EXAMPLES per kind of change (direction and block codes), newest first; dump() interleaves them
    # so that one common change does not hide a rare one.
    examples: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)
    # Where a run stands: order ids first_id..last_id are judged newest first, next_id is the top of the next
    # batch (below first_id once done); None when the period holds no order.
    first_id: int | None = None
    last_id: int | None = None
    next_id: int | None = None

    @property
    def finished(self) -> bool:
        return self.next_id is None or self.first_id is None or self.next_id < self.first_id or self.capped

    def progress(self) -> tuple[int, int]:
        """(order ids covered, order ids in the period): how far a run has come."""
        if self.first_id is None or self.last_id is None or self.next_id is None:
            return 0, 0
        total = self.last_id - self.first_id + 1
        return (total if self.finished else self.last_id - self.next_id), total

    def dump(self) -> dict[str, Any]:
        return {
            "store_id": self.store_id, "since_days": self.since_days, "since": self.since.isoformat(),
            "judged_at": self.judged_at.isoformat(), "judged_as": "now",
            "current_source": self.current_source,
            "orders": {"judged": self.orders, "not_mirrored": self.not_mirrored, "capped": self.capped,
                       "max_orders": self.max_orders,
                       "oldest_judged": self.oldest_order.isoformat() if self.oldest_order else None},
            "lines": {"judged": self.lines,
                      "changed": self.became_eligible.total.lines + self.became_ineligible.total.lines,
                      "unchanged_eligible": self.unchanged_eligible,
                      "unchanged_ineligible": self.unchanged_ineligible},
            "returnable": {"current": self.returnable_current.dump(), "proposed": self.returnable_proposed.dump()},
            "became_eligible": self.became_eligible.dump(),
            "became_ineligible": self.became_ineligible.dump(),
            "examples": _interleave(list(self.examples.values()), MAX_EXAMPLES),
        }


    _TALLIES = ("returnable_current", "returnable_proposed")
    _CHANGES = ("became_eligible", "became_ineligible")
    _PLAIN = ("store_id", "since_days", "current_source", "max_orders", "orders", "not_mirrored", "capped", "lines",
              "unchanged_eligible", "unchanged_ineligible", "first_id", "last_id", "next_id")

    def state(self) -> dict[str, Any]:
        """Everything a run needs to carry on later, as JSON-ready values (from_state() reads it back)."""
        return {
            **{k: getattr(self, k) for k in self._PLAIN},
            "since": self.since.isoformat(), "judged_at": self.judged_at.isoformat(),
            "oldest_order": self.oldest_order.isoformat() if self.oldest_order else None,
            **{k: getattr(self, k).dump() for k in self._TALLIES + self._CHANGES},
            "examples": [[list(kind), items] for kind, items in self.examples.items()],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Simulation:
        return cls(
            **{k: state[k] for k in cls._PLAIN},
            since=datetime.fromisoformat(state["since"]), judged_at=datetime.fromisoformat(state["judged_at"]),
            oldest_order=datetime.fromisoformat(state["oldest_order"]) if state["oldest_order"] else None,
            **{k: Tally.load(state[k]) for k in cls._TALLIES}, **{k: Change.load(state[k]) for k in cls._CHANGES},
            examples={tuple(kind): items for kind, items in state["examples"]},
        )


def _interleave(lists: list[list[dict[str, Any]]], limit: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(limit):
        out += [x[i] for x in lists if i < len(x)]
    return out[:limit]


def _codes(line: LineDecision) -> set[str]:
    return {b.code for b in line.blocks}


def compare(result: Simulation, order: Order, current: OrderDecision, proposed: OrderDecision) -> None:
    result.orders += 1
    result.oldest_order = order.date_added or result.oldest_order
    for line, cur, new in zip(order.lines, current.lines, proposed.lines, strict=True):
        result.lines += 1
        if cur.eligible:
            result.returnable_current.add(cur.returnable_quantity, cur.unit_price * cur.returnable_quantity)
        if new.eligible:
            result.returnable_proposed.add(new.returnable_quantity, new.unit_price * new.returnable_quantity)
        if cur.eligible == new.eligible:
            if cur.eligible:
                result.unchanged_eligible += 1
            else:
                result.unchanged_ineligible += 1
            continue
        gained = new.eligible
        quantity = new.returnable_quantity if gained else cur.returnable_quantity
        value = cur.unit_price * quantity
        change = result.became_eligible if gained else result.became_ineligible
        change_codes = _codes(cur if gained else new)
        change.add(change_codes, quantity, value)
        kind = result.examples.setdefault(("gained" if gained else "lost", *sorted(change_codes)), [])
        if len(kind) < MAX_EXAMPLES:
            kind.append({
                "order_id": order.order_id, "order_product_id": line.order_product_id,
                "product_id": line.product_id, "name": line.name, "model": line.model,
                "date_added": order.date_added.isoformat() if order.date_added else None,
                "change": "became_eligible" if gained else "became_ineligible",
                "quantity": quantity, "base_unit_price": f"{cur.unit_price:.2f}", "base_value": f"{value:.2f}",
                "current": _side(cur), "proposed": _side(new),
            })


def _side(line: LineDecision) -> dict[str, Any]:
    return {"eligible": line.eligible, "returnable": line.returnable_quantity,
            "deadline": line.deadline.isoformat() if line.deadline else None,
            "blocks": [b.dump() for b in line.blocks]}


