"""The demo's photo review: the shopper the review request went to reviews what it asked about, the first
product with a photo, as the storefront would report it (review.submitted, review.photos_added); the owner
approves the photo and publishes the review through the moderation API; the request's reminder, brought
forward, is then skipped by the worker because everything it would ask about is reviewed.

The demo runs no PHP: the review row is what OpenCart's addReview writes, and the photo row what the
extension's sanitising pipeline writes (no file behind it: the API only reads the row).
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from datetime import datetime, timezone
from typing import Any

from .db import Database
from .demo_returns import Api

WAIT_S = 45.0


def _poll(read: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        found = read()
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def _event(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "type": kind, "store_id": 0, "created_at": datetime.now(timezone.utc).isoformat(),
            "data": data}


def _write(db: Database, api: Api, product_id: int, customer_id: int, author: str, photo: bool) -> tuple[int, str]:
    review_id = db.insert(
        "INSERT INTO `{p}review` (product_id, customer_id, author, text, rating, status, date_added, date_modified) "
        "VALUES (%s, %s, %s, 'Exactly as pictured, and it arrived well packed.', 5, 0, NOW(), NOW())",
        (product_id, customer_id, author[:64] or "Shopper"),
    )
    api.post("/v1/events", _event("review.submitted", {"review_id": review_id, "product_id": product_id,
                                                       "customer_id": customer_id, "rating": 5}))
    if not photo:
        return review_id, ""
    photo_id = secrets.token_hex(16)
    db.execute("INSERT INTO `{p}rebound_photo` (photo_id, kind, owner_id, store_id, customer_id, file, thumb, mime, "
               "width, height, bytes, status, created_at) VALUES (%s, 'review', %s, 0, %s, %s, %s, 'image/jpeg', "
               "1600, 1200, 284512, 'pending', UTC_TIMESTAMP(6))",
               (photo_id, review_id, customer_id, f"{photo_id}.jpg", f"{photo_id}-t.jpg"))
    api.post("/v1/events", _event("review.photos_added", {"review_id": review_id, "product_id": product_id,
                                                          "customer_id": customer_id, "store_id": 0,
                                                          "photo_ids": [photo_id]}))
    return review_id, photo_id


def walk_through(db: Database, base: str, secret: str, order_id: int, timeout: float = WAIT_S) -> list[str]:
    """Play one photo review after the demo's review request about `order_id`; one line per step."""
    api = Api(base, secret)
    reminder = _poll(lambda: db.query_one(
        "SELECT email_id, customer_id, recipient_name, data, due_at, status, reason FROM `{p}rebound_email` "
        "WHERE kind = 'review_reminder' AND order_id = %s ORDER BY email_id DESC LIMIT 1", (order_id,)), timeout)
    if reminder is None:
        return [f"No review reminder for order #{order_id} was queued (was its request sent? see rebound_email)."]
    if reminder["status"] != "queued":
        return [f"The review reminder about order #{order_id} is {reminder['status']} "
                f"({reminder['reason'] or 'no reason'}) since an earlier run of the demo."]
    products = [int(p) for p in json.loads(reminder["data"] or "{}").get("product_ids") or []]
    if not products:
        return [f"The review reminder #{reminder['email_id']} names no product to review."]
    customer_id, author = int(reminder["customer_id"]), reminder["recipient_name"]
    written = [_write(db, api, pid, customer_id, author, photo=i == 0) for i, pid in enumerate(products)]
    (review_id, photo_id), product_id = written[0], products[0]
    queue = api.get(f"/v1/admin/reviews?photos=pending&product_id={product_id}")
    steps = [f"{author} (customer #{customer_id}) reviewed what the request about order #{order_id} asked about "
             f"({len(products)} product(s)), with a photo on the first: review #{review_id}; "
             f"{queue['pending_photos']} photo(s) in the store wait for the owner "
             "(GET /v1/admin/reviews?photos=pending)."]
    api.post(f"/v1/admin/reviews/{review_id}/photos/{photo_id}", {"status": "approved"})
    review = api.post(f"/v1/admin/reviews/{review_id}/status", {"status": 1})["review"]
    rating = db.query_one("SELECT rating FROM `{p}product` WHERE product_id = %s", (product_id,))
    steps.append(f"The owner approved the photo and published the review ({review['product_name']}: "
                 f"{'verified buyer' if review['verified_buyer'] else 'unverified'}, product rating "
                 f"{rating['rating'] if rating else '?'}).")
    db.execute("UPDATE `{p}rebound_email` SET due_at = UTC_TIMESTAMP(6) WHERE email_id = %s", (reminder["email_id"],))
    done = _poll(lambda: db.query_one("SELECT status, reason FROM `{p}rebound_email` WHERE email_id = %s "
                                      "AND status <> 'queued'", (reminder["email_id"],)), timeout)
    due = reminder["due_at"].strftime("%Y-%m-%d")
    steps.append(f"The request's reminder, due {due}, brought forward: "
                 + (f"the worker marked it {done['status']} ({done['reason'] or 'no reason'})." if done
                    else "still queued; see the worker log."))
    return steps
