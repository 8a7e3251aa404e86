"""After delivery: core returns with their history and store credit, reviews, and the product ratings."""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from ..db import Database
from .catalog import Product
from .clock import DAY, Clock
from .customers import Person
from .pools import (
    ACTION_CREDIT,
    ACTION_REFUND,
    ACTION_REPLACEMENT,
    ACTION_WAITING,
    RATING_WEIGHTS,
    REASON_OTHER,
    RETURN_AWAITING,
    RETURN_COMMENTS,
    RETURN_COMPLETE,
    RETURN_NOTES,
    RETURN_PENDING,
    RETURN_REASONS,
    REVIEW_STORIES,
    REVIEWS,
    REVIEWS_BY_KIND,
    cumulative,
)
from .render import lit, money, oc_text
from .writer import Ids, Summary

RETURN_RATE = 0.03  # of completed orders
REVIEW_RATE = 0.05  # of completed order lines
RATING_CUM = tuple(cumulative(weights) for weights in RATING_WEIGHTS)
RETURN_COMMENT_SQL = {key: tuple(lit(oc_text(c)) for c in texts) for key, texts in RETURN_COMMENTS.items()}
RETURN_NOTE_SQL = {action: lit(note) for action, note in RETURN_NOTES.items()}
RETURN_REASON_TABLE = {kind: ([r for r, _ in table], cumulative([w for _, w in table]))
                       for kind, table in RETURN_REASONS.items()}

Emit = Callable[[int, Any], None]  # renders a deferred row once the clock reaches it: (time, payload)


def _encoded(*pools: Sequence[str]) -> tuple[str, ...]:
    return tuple(oc_text(sentence) for pool in pools for sentence in pool)


def _review_pool(kind: str, bucket: int) -> tuple[str, ...]:
    bad, good = REVIEWS_BY_KIND.get(kind, ((), ()))
    return _encoded(REVIEWS[bucket], {0: bad, 1: bad[:1] + good[:1], 2: good}[bucket])


REVIEW_POOLS = {(kind, bucket): _review_pool(kind, bucket)  # (kind, bucket) → encoded sentences
                for kind in (*REVIEWS_BY_KIND, "other") for bucket in (0, 1, 2)}
STORY_POOLS = {bucket: _encoded(stories) for bucket, stories in REVIEW_STORIES.items()}


def review_text(rng: random.Random, kind: str, rating: int) -> str:
    """Sentences matching the rating, sometimes a long story; 25–1000 characters once encoded."""
    bucket = 0 if rating <= 2 else 1 if rating == 3 else 2
    pool = REVIEW_POOLS.get((kind, bucket)) or REVIEW_POOLS[("other", bucket)]
    picked = rng.sample(pool, min(len(pool), 1 + int(rng.expovariate(0.5))))
    if rng.random() < 0.1:
        picked[:0] = rng.sample(STORY_POOLS[bucket], 1 + int(rng.random() < 0.4 and bucket != 1))
    text = " ".join(picked)
    while len(text) < 25:
        text += " " + rng.choice(pool)
    return text if len(text) <= 1000 else text[:1000].rsplit(" ", 1)[0]


class Aftercare:
    """Plans a delivered order's return and reviews, and renders them when the clock reaches them: `defer`
    holds each row back until then, so its id, taken only at that point, grows with its date."""

    def __init__(self, rng: random.Random, ids: Ids, clock: Clock, rows: dict[str, list[str]],
                 summary: Summary, defer: Callable[[int, Emit, Any], None],
                 return_rate: float = RETURN_RATE) -> None:
        self.rng, self.ids, self.clock, self.rows, self.summary = rng, ids, clock, rows, summary
        self._push = defer
        self.return_rate = return_rate

    def after_delivery(self, order_id: int, placed: int, delivered: int, person: Person,
                       lines: list[tuple[Product, int]]) -> None:
        if self.rng.random() < self.return_rate:
            self._plan_return(order_id, placed, delivered, person, lines)
        for product, _ in lines:
            if self.rng.random() < REVIEW_RATE:
                self._plan_review(person, product, delivered)

    def _plan_return(self, order_id: int, placed: int, delivered: int, person: Person,
                     lines: list[tuple[Product, int]]) -> None:
        rng = self.rng
        product, ordered = rng.choices(lines, weights=[3 if p.options else 1 for p, _ in lines])[0]
        requested = delivered + int(DAY * min(0.5 + rng.expovariate(1 / 6), 45))
        if requested > self.clock.end:
            return
        reasons, reason_cum = RETURN_REASON_TABLE.get(product.kind, RETURN_REASON_TABLE["other"])
        reason = rng.choices(reasons, cum_weights=reason_cum)[0]
        sized = bool(product.options)
        comments = RETURN_COMMENT_SQL.get((reason, sized)) or RETURN_COMMENT_SQL[(reason, not sized)]
        comment = rng.choice(comments)
        opened = int(rng.random() < (0.3 if sized else 0.7))
        quantity = rng.randint(1, ordered)
        outcome = self._return_outcome(requested, reason, person.customer_id)
        self._push(requested, self._emit_return, (order_id, person, product, quantity, opened, reason,
                                                  comment, self.clock.day(placed), requested, *outcome))

    def _return_outcome(self, requested: int, reason: int, customer_id: int
                        ) -> tuple[int, int, int, int, str]:
        """(status, action, date_modified, notify, history comment SQL): recent returns still wait,
        older ones were refunded, credited or replaced."""
        rng, end = self.rng, self.clock.end
        if end - requested < 4 * DAY:
            return (RETURN_AWAITING if rng.random() < 0.8 else RETURN_PENDING), 0, requested, 0, "''"
        modified = requested + rng.randint(2 * DAY, 14 * DAY)
        if modified > end:
            return RETURN_AWAITING, ACTION_WAITING, requested, 0, "''"
        chance = rng.random()
        if reason == REASON_OTHER:
            action = ACTION_REFUND if chance < 0.65 else ACTION_CREDIT
        else:
            action = ACTION_REPLACEMENT if chance < 0.4 else ACTION_REFUND if chance < 0.85 else ACTION_CREDIT
        if action == ACTION_CREDIT and not customer_id:  # guests have no account to credit
            action = ACTION_REFUND
        return RETURN_COMPLETE, action, modified, 1, RETURN_NOTE_SQL[action]

    def _plan_review(self, person: Person, product: Product, delivered: int) -> None:
        rng, end = self.rng, self.clock.end
        written = delivered + int(DAY * min(1 + rng.expovariate(1 / 10), 90))
        if written > end:
            return
        rating = 1 + rng.choices(range(5), cum_weights=RATING_CUM[product.quality])[0]
        # Most reviews are approved; recent ones often still await moderation.
        status = int(rng.random() < (0.4 if end - written < 7 * DAY else 0.95))
        text = lit(review_text(rng, product.kind, rating))
        when = self.clock.dt(written)
        self._push(written, self._emit_review, f"{product.id},{person.customer_id},{person.author_sql},"
                                               f"{text},{rating},{status},'{when}','{when}')")

    def _emit_review(self, ts: int, payload: str) -> None:
        self.rows["review"].append(f"({self.ids.take('review')},{payload}")
        self.summary.reviews += 1

    def _emit_return(self, ts: int, payload: tuple) -> None:  # type: ignore[type-arg]
        (order_id, person, product, quantity, opened, reason, comment, ordered, requested,
         status, action, modified, notify, note) = payload
        return_id, dt = self.ids.take("return"), self.clock.dt
        self.rows["return"].append(
            f"({return_id},{order_id},{person.return_sql},{product.return_sql},{quantity},{opened},{reason},"
            f"{action},{status},{comment},'{ordered}','{dt(requested)}','{dt(modified)}')")
        credit = (product.price + product.tax) * quantity if action == ACTION_CREDIT else 0
        self._push(modified, self._emit_return_history,
                   (return_id, status, notify, note, person.customer_id, credit))
        self.summary.returns += 1

    def _emit_return_history(self, ts: int, payload: tuple) -> None:  # type: ignore[type-arg]
        return_id, status, notify, note, customer_id, credit = payload
        when = self.clock.dt(ts)
        self.rows["return_history"].append(
            f"({self.ids.take('return_history')},{return_id},{status},{notify},{note},'{when}')")
        self.summary.return_histories += 1
        if credit:  # order_id 0: OpenCart deletes credit rows tied to an order when its status changes
            self.rows["customer_transaction"].append(
                f"({self.ids.take('customer_transaction')},{customer_id},0,"
                f"{lit(f'Store credit for return #{return_id}')},{money(credit)},'{when}')")
            self.summary.customer_transactions += 1


def update_ratings(db: Database) -> None:
    """product.rating = rounded average of approved reviews, as 4.1's admin stores it (AVG into an int)."""
    db.execute(
        "UPDATE `{p}product` p SET p.rating = COALESCE((SELECT ROUND(AVG(r.rating)) FROM `{p}review` r "
        "WHERE r.product_id = p.product_id AND r.status = 1), 0)")
