"""Reading reviews for the moderation page: OpenCart's review rows with their product, Rebound's photos,
the owner's reply and the verified-buyer flag. Text comes out decoded (OpenCart stores it HTML-encoded);
the page escapes it again when it prints it.

Filters narrow what the owner looks at; none of them is a publishing rule. In particular there is no filter
that hides or holds reviews by rating (US FTC 16 CFR 465: a review is not suppressed for being negative);
`rating` only finds reviews with exactly that rating.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..mirror import to_utc
from ..policy.schema import CLOSED_STATUS_IDS
from ..store import Store
from .verified import verified_pairs, verified_sources

PHOTO_FILTERS = ("pending", "approved", "hidden", "any", "none")


@dataclass(frozen=True)
class Filters:
    photos: str | None = None  # one of PHOTO_FILTERS
    status: int | None = None  # OpenCart's review.status: 0 waiting, 1 published
    rating: int | None = None
    product_id: int | None = None
    page: int = 1
    per_page: int = 25


def _where(f: Filters) -> tuple[str, list[Any]]:
    where, args = ["1 = 1"], []
    if f.photos in ("pending", "approved", "hidden"):
        where.append("r.review_id IN (SELECT p.owner_id FROM `{p}rebound_photo` p WHERE p.kind = 'review' "
                     "AND p.status = %s)")
        args.append(f.photos)
    elif f.photos in ("any", "none"):
        where.append(("" if f.photos == "any" else "NOT ") + "EXISTS (SELECT 1 FROM `{p}rebound_photo` p "
                     "WHERE p.kind = 'review' AND p.owner_id = r.review_id)")
    if f.status is not None:
        where.append("r.status = %s")
        args.append(f.status)
    if f.rating is not None:
        where.append("r.rating = %s")
        args.append(f.rating)
    if f.product_id is not None:
        where.append("r.product_id = %s")
        args.append(f.product_id)
    return " AND ".join(where), args


def list_reviews(store: Store, f: Filters) -> dict[str, Any]:
    """One page of reviews, newest first, with the number of photos waiting across the whole store."""
    db = store.db
    where, args = _where(f)
    total = int(db.query_one(f"SELECT COUNT(*) AS n FROM `{{p}}review` r WHERE {where}", args)["n"])
    rows = db.query(
        "SELECT r.review_id, r.product_id, r.customer_id, r.author, r.text, r.rating, r.status, r.date_added, "
        f"r.date_modified FROM `{{p}}review` r WHERE {where} ORDER BY r.review_id DESC LIMIT %s OFFSET %s",
        [*args, f.per_page, (f.page - 1) * f.per_page],
    )
    pending = db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_photo` WHERE kind = 'review' AND status = 'pending' "
                           "AND owner_id > 0")
    return {"total": total, "page": f.page, "per_page": f.per_page,
            "pending_photos": int(pending["n"]) if pending else 0,
            "reviews": shape(store, rows)}


def one_review(store: Store, review_id: int) -> dict[str, Any] | None:
    rows = store.db.query(
        "SELECT review_id, product_id, customer_id, author, text, rating, status, date_added, date_modified "
        "FROM `{p}review` r WHERE review_id = %s", (review_id,))
    return shape(store, rows)[0] if rows else None


def shape(store: Store, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The reviews as the API answers them, with their photos, reply, product name and verified flag."""
    if not rows:
        return []
    db = store.db
    ids = [int(r["review_id"]) for r in rows]
    marks = ", ".join(["%s"] * len(ids))
    photos: dict[int, list[dict[str, Any]]] = {}
    for p in db.query(
        "SELECT photo_id, owner_id, status, mime, width, height, bytes, created_at FROM `{p}rebound_photo` "
        f"WHERE kind = 'review' AND owner_id IN ({marks}) ORDER BY created_at, photo_id", ids,
    ):
        photos.setdefault(int(p["owner_id"]), []).append({
            "photo_id": p["photo_id"], "status": p["status"], "mime": p["mime"], "width": int(p["width"]),
            "height": int(p["height"]), "bytes": int(p["bytes"]), "created_at": _iso(p["created_at"]),
        })
    replies = {int(r["review_id"]): reply_view(r) for r in db.query(
        f"SELECT review_id, text, author, created_at, updated_at FROM `{{p}}rebound_review_reply` "
        f"WHERE review_id IN ({marks})", ids)}
    products = store.products({int(r["product_id"] or 0) for r in rows})
    verified = verified_pairs(
        db, [(int(r["customer_id"] or 0), int(r["product_id"] or 0)) for r in rows], _counting(store),
        variants="master_id" in store.present_columns().get("order_product", set()),
    )
    from_requests = verified_sources(db, [int(r["review_id"]) for r in rows], _counting(store))
    tz = store.timezone()
    out = []
    for r in rows:
        review_id, product_id, customer_id = int(r["review_id"]), int(r["product_id"] or 0), int(r["customer_id"] or 0)
        product = products.get(product_id)
        own = photos.get(review_id, [])
        out.append({
            "review_id": review_id,
            "product_id": product_id,
            "product_name": product.name if product else "",
            "customer_id": customer_id,
            "author": html.unescape(r["author"] or ""),
            "text": html.unescape(r["text"] or ""),
            "rating": int(r["rating"] or 0),
            "status": int(r["status"] or 0),
            "date_added": _iso(to_utc(r["date_added"], tz)),
            "date_modified": _iso(to_utc(r["date_modified"], tz)),
            "verified_buyer": review_id in from_requests or _bought_before(verified.get((customer_id, product_id)),
                                                                          r["date_added"]),
            "guest": customer_id == 0,
            "photos": own,
            "photo_counts": {s: sum(1 for p in own if p["status"] == s) for s in ("pending", "approved", "hidden")},
            "reply": replies.get(review_id),
        })
    return out


def reply_view(row: dict[str, Any]) -> dict[str, Any]:
    return {"text": html.unescape(row["text"] or ""), "author": html.unescape(row["author"] or ""),
            "created_at": _iso(row["created_at"]), "updated_at": _iso(row["updated_at"])}


def _counting(store: Store):  # type: ignore[no-untyped-def]
    """The order statuses that count as bought in a store (sidecar/reviews/verified.py)."""
    def counting(store_id: int) -> set[int]:
        listed = store.status_ids("config_processing_status", store_id) | store.status_ids("config_complete_status",
                                                                                            store_id)
        return listed - store.status_ids("config_order_status_id", store_id) - CLOSED_STATUS_IDS
    return counting


def _bought_before(ordered: datetime | None, written: datetime | None) -> bool:
    """An order placed no later than the review (both store-local, as OpenCart writes them)."""
    return ordered is not None and (written is None or ordered <= written)


def _iso(value: Any) -> str | None:
    """Naive UTC as ISO 8601 with its offset."""
    return value.isoformat() + "+00:00" if isinstance(value, datetime) else None
