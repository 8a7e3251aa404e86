"""The owner's moderation decisions, each idempotent: doing one twice changes nothing the second time.

- A photo's status (pending / approved / hidden) in rebound_photo; the storefront shows only 'approved'.
- A review's status in OpenCart's `review`, as OpenCart 4.1's admin saves it (date_modified in store-local
  time), then `product.rating` recomputed as its admin does (catalog/review.getRating →
  catalog/product.editRating): the average rating of the product's published reviews, stored in an int
  column (so 4.5 becomes 5), 0 when none is published, and product.date_modified bumped. DESIGN.md, "Data
  ownership", allows exactly these writes. OpenCart's file cache of product lists is not ours to clear; it
  expires on its own (an hour by default).
- The owner's reply, one per review, HTML-encoded as OpenCart stores form input.

Every change refreshes the reviews mirror in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from ..db import Tx
from ..errors import NotFound, ReboundError
from ..mirror import refresh_reviews
from ..returns.opencart_writes import encode, local_now
from ..store import Store

PHOTO_STATUSES = ("pending", "approved", "hidden")


class PhotoNotOfReview(ReboundError):
    """That photo does not belong to this review."""

    status = 404
    code = "photo_not_found"


def _review(tx: Tx, review_id: int) -> dict[str, Any]:
    row = tx.query_one("SELECT review_id, product_id, status FROM `{p}review` WHERE review_id = %s FOR UPDATE",
                       (review_id,))
    if row is None:
        raise NotFound("No such review.")
    return row


def set_photo_status(tx: Tx, review_id: int, photo_id: str, status: str) -> bool:
    """Sets one photo's status; True when it changed."""
    if status not in PHOTO_STATUSES:
        raise ValueError(status)
    _review(tx, review_id)
    row = tx.query_one("SELECT status FROM `{p}rebound_photo` WHERE photo_id = %s AND kind = 'review' "
                       "AND owner_id = %s FOR UPDATE", (photo_id, review_id))
    if row is None:
        raise PhotoNotOfReview()
    if row["status"] == status:
        return False
    tx.execute("UPDATE `{p}rebound_photo` SET status = %s WHERE photo_id = %s", (status, photo_id))
    refresh_reviews(tx, [review_id])
    return True


def set_all_photos(tx: Tx, review_id: int, status: str, only: str | None = "pending") -> int:
    """Sets the status of every photo of a review (by default only those still pending); how many changed."""
    if status not in PHOTO_STATUSES or (only is not None and only not in PHOTO_STATUSES):
        raise ValueError(status)
    _review(tx, review_id)
    sql = "UPDATE `{p}rebound_photo` SET status = %s WHERE kind = 'review' AND owner_id = %s AND status <> %s"
    args: list[Any] = [status, review_id, status]
    if only is not None:
        sql += " AND status = %s"
        args.append(only)
    changed = tx.execute(sql, args)
    if changed:
        refresh_reviews(tx, [review_id])
    return changed


def set_review_status(tx: Tx, store: Store, review_id: int, status: int, now: datetime) -> bool:
    """Publishes (1) or withdraws (0) a review in OpenCart and recomputes its product's rating; True when
    the status changed. The rating is recomputed either way, so a rating left stale by an edit elsewhere
    is put right by any decision."""
    if status not in (0, 1):
        raise ValueError(status)
    review = _review(tx, review_id)
    at = local_now(store, 0, now)  # reviews have no store of their own; OpenCart writes the default's time
    changed = int(review["status"] or 0) != status
    if changed:
        tx.execute("UPDATE `{p}review` SET status = %s, date_modified = %s WHERE review_id = %s",
                   (status, at, review_id))
    product_id = int(review["product_id"] or 0)
    if product_id:
        recompute_rating(tx, product_id, at, bump=changed)
    refresh_reviews(tx, [review_id])
    return changed


def recompute_rating(tx: Tx, product_id: int, at: datetime, *, bump: bool = True) -> None:
    """product.rating as OpenCart 4.1's admin computes it; product.date_modified moves only when `bump`
    (OpenCart bumps it on every review save; we do on every status change)."""
    average = tx.query_one("SELECT COALESCE(AVG(rating), 0) AS average FROM `{p}review` "
                           "WHERE product_id = %s AND status = 1", (product_id,))["average"]
    tx.execute("UPDATE `{p}product` SET rating = %s, date_modified = IF(%s, %s, date_modified) "
               "WHERE product_id = %s", (stored_rating(average), int(bump), at, product_id))


def stored_rating(average: Any) -> int:
    """What an int(1) column keeps of the average OpenCart writes as a PHP float: the server rounds half
    away from zero (4.5 → 5, 4.49 → 4)."""
    return int(Decimal(str(average)).quantize(Decimal(1), ROUND_HALF_UP))


def save_reply(tx: Tx, review_id: int, text: str, author: str) -> str:
    """Creates or edits the reply: 'created', 'updated' or 'unchanged'."""
    _review(tx, review_id)
    text, author = encode(text.strip()), encode(author.strip())
    row = tx.query_one("SELECT text, author FROM `{p}rebound_review_reply` WHERE review_id = %s FOR UPDATE",
                       (review_id,))
    if row is None:
        tx.execute("INSERT INTO `{p}rebound_review_reply` (review_id, text, author, created_at, updated_at) "
                   "VALUES (%s, %s, %s, UTC_TIMESTAMP(), UTC_TIMESTAMP())", (review_id, text, author))
        return "created"
    if row["text"] == text and row["author"] == author:
        return "unchanged"
    tx.execute("UPDATE `{p}rebound_review_reply` SET text = %s, author = %s, updated_at = UTC_TIMESTAMP() "
               "WHERE review_id = %s", (text, author, review_id))
    return "updated"


def delete_reply(tx: Tx, review_id: int) -> bool:
    """Removes the reply; False when there was none (the review must still exist)."""
    _review(tx, review_id)
    return tx.execute("DELETE FROM `{p}rebound_review_reply` WHERE review_id = %s", (review_id,)) > 0
