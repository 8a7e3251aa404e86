"""The kinds of email Rebound sends, and how each is treated.

Transactional mail (a return's status, the owner's alerts) is what the recipient asked for or must know:
no unsubscribe link, no contact budget, no quiet hours. Everything else (review requests and their one
reminder, CSAT and NPS surveys) carries RFC 8058 one-click unsubscribe and spends the recipient's one
contact budget, shared across all of these kinds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    transactional: bool
    audience: str = "customer"  # customer | owner
    survey: str | None = None  # csat | nps: the email carries a score scale

    @property
    def budgeted(self) -> bool:
        return not self.transactional


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("return_requested", True),
    Kind("return_approved", True),  # carries the return instructions
    Kind("return_rejected", True),
    Kind("return_received", True),
    Kind("return_refunded", True),
    Kind("return_credited", True),
    Kind("return_exchanged", True),
    Kind("return_instructions", True),  # a reminder of them, when the items have not come back
    Kind("request_not_accepted", True),  # a request the shopper was told "received" that the policy refused
    Kind("review_request", False),
    Kind("review_reminder", False),
    Kind("csat", False, survey="csat"),
    Kind("nps", False, survey="nps"),
    Kind("sla_alert", True, audience="owner"),
    Kind("digest", True, audience="owner"),
)}

BUDGETED = frozenset(k.name for k in KINDS.values() if k.budgeted)

# A case's status → the email its customer gets (sidecar/returns/cases.py STATUS_NAMES has the same keys).
STATUS_KINDS = {
    "requested": "return_requested",
    "approved": "return_approved",
    "rejected": "return_rejected",
    "received": "return_received",
    "refunded": "return_refunded",
    "credited": "return_credited",
    "exchanged": "return_exchanged",
}
OPEN_STATUSES = ("requested", "approved", "received")
CLOSED_STATUSES = ("rejected", "refunded", "credited", "exchanged")
SCALES = {"csat": range(1, 6), "nps": range(0, 11)}
