"""The return policy: the document (`schema`) and the pure engine that applies it (`engine`, `outcome`).

Nothing in this package does I/O: callers load the order, products, customer and history through the store
gateway, read the document from `oc_setting` (`module_rebound_policy`), and pass `now` in.
"""

from .engine import History, RequestedLine, Situation, apportion, deadline_for, decide, decide_request
from .outcome import Block, DecidedLine, LineDecision, Offer, OrderDecision, RequestDecision, SerialSignal
from .schema import DEFAULT_POLICY, Policy, Reason, validate

__all__ = [
    "DEFAULT_POLICY", "Block", "DecidedLine", "History", "LineDecision", "Offer", "OrderDecision", "Policy",
    "Reason", "RequestDecision", "RequestedLine", "SerialSignal", "Situation", "apportion", "deadline_for", "decide",
    "decide_request", "validate",
]
