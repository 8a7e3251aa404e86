"""Review moderation through the signed API and review.photos_added through the bridge, against a real
database through the real app: the queue, per-photo decisions, publishing a review as OpenCart's admin
does (product.rating), replies, verified buyers, and the mirror's photo counts."""

import json
import uuid

import pytest
from conftest import SECRET

from sidecar import signing
from sidecar.db import Database
from sidecar.reconcile import reconcile_tick
from sidecar.reviews.moderate import stored_rating
from sidecar.store import Store


def call(client, method: str, path: str, body: dict | None = None):
    raw = json.dumps(body).encode() if body is not None else b""
    headers = signing.headers(SECRET, method, path, raw)
    if body is not None:
        headers["Content-Type"] = "application/json"
    return client.open(path, method=method, data=raw, headers=headers)


def photos_added(client, data: dict, event_id: str | None = None):
    event = {"id": event_id or str(uuid.uuid4()), "type": "review.photos_added", "store_id": 0,
             "created_at": "2026-11-26T12:00:00Z", "data": data}
    return call(client, "POST", "/v1/events", event)


def add_review(db: Database, product_id: int, customer_id: int, author: str, rating: int, status: int = 0,
               text: str = "Fits well, the fabric is thick &amp; soft after washing.") -> int:
    return db.insert(
        "INSERT INTO `{p}review` (product_id, customer_id, author, text, rating, status, date_added, date_modified) "
        "VALUES (%s, %s, %s, %s, %s, %s, '2026-11-25 09:00:00', '2026-11-25 09:00:00')",
        (product_id, customer_id, author, text, rating, status))


def add_photo(db: Database, review_id: int, status: str = "pending") -> str:
    photo_id = uuid.uuid4().hex
    db.execute(
        "INSERT INTO `{p}rebound_photo` (photo_id, kind, owner_id, store_id, customer_id, file, thumb, mime, width, "
        "height, bytes, status, created_at) VALUES (%s, 'review', %s, 0, 3, %s, %s, 'image/jpeg', 800, 600, 51234, "
        "%s, UTC_TIMESTAMP(6))", (photo_id, review_id, f"{photo_id}.jpg", f"{photo_id}_t.jpg", status))
    return photo_id


@pytest.fixture
def shop(store_db, oc_order):
    """Customer 3 bought the Tee (order complete); customer 4's Tee order was cancelled; Ann (3) and Bo (4)
    and a guest reviewed the Tee, Ann also reviewed the Mug she never bought. Ann's Tee review has photos."""
    db = store_db
    db.execute("INSERT INTO `{p}product` (product_id, model, price, status, rating, date_modified) VALUES "
               "(40, 'TEE', 10, 1, 0, '2026-01-01 00:00:00'), (41, 'MUG', 5, 1, 0, '2026-01-01 00:00:00')")
    db.execute("INSERT INTO `{p}product_description` (product_id, language_id, name) VALUES (40, 1, 'Tee &amp; Co'), "
               "(41, 1, 'Mug')")
    oc_order(7, [(1, "2026-11-10 10:00:00"), (5, "2026-11-20 10:00:00")], customer_id=3)
    oc_order(8, [(1, "2026-11-10 10:00:00"), (7, "2026-11-11 10:00:00")], customer_id=4)
    reconcile_tick(db, Store(db))
    ids = {
        "ann": add_review(db, 40, 3, "Ann", 5),
        "bo": add_review(db, 40, 4, "Bo", 2, text="Shrank after one wash &lt;script&gt;. Disappointed."),
        "guest": add_review(db, 40, 0, "Guest", 1, status=1),
        "mug": add_review(db, 41, 3, "Ann", 4),
    }
    photos = [add_photo(db, ids["ann"]), add_photo(db, ids["ann"]), add_photo(db, ids["ann"], "approved")]
    return db, ids, photos


def test_migration_adds_replies_and_photo_counts(store_db) -> None:
    cols = {r["COLUMN_NAME"] for r in store_db.query(
        "SELECT COLUMN_NAME FROM information_schema.columns WHERE table_schema = DATABASE() "
        "AND table_name = 'oc_rebound_review_state'")}
    assert {"photo_count", "photos_pending", "photos_approved"} <= cols
    reply = {r["COLUMN_NAME"]: r["DATA_TYPE"] for r in store_db.query(
        "SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.columns WHERE table_schema = DATABASE() "
        "AND table_name = 'oc_rebound_review_reply'")}
    assert reply == {"review_id": "int", "text": "text", "author": "varchar", "created_at": "datetime",
                     "updated_at": "datetime"}


def test_photos_added_is_applied_once_and_counted(client, shop) -> None:
    db, ids, photos = shop
    data = {"review_id": ids["ann"], "product_id": 40, "customer_id": 3, "store_id": 0, "photo_ids": photos}
    event_id = str(uuid.uuid4())
    first = photos_added(client, data, event_id)
    assert first.status_code == 200 and first.json["status"] == "applied"
    again = photos_added(client, data, event_id)
    assert again.status_code == 200 and again.json["status"] == "duplicate"
    state = db.query_one("SELECT * FROM `{p}rebound_review_state` WHERE review_id = %s", (ids["ann"],))
    assert (state["photo_count"], state["photos_pending"], state["photos_approved"]) == (3, 2, 1)
    assert (state["customer_id"], state["product_id"], state["rating"]) == (3, 40, 5)
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_event` WHERE event_uuid = %s", (event_id,))["n"] == 1


@pytest.mark.parametrize("change, field", [
    ({"photo_ids": []}, "photo_ids"),
    ({"photo_ids": ["../../etc/passwd"]}, "photo_ids"),
    ({"review_id": 0}, "review_id"),
    ({"surprise": 1}, "surprise"),
])
def test_photos_added_refuses_bad_data(client, shop, change, field) -> None:
    _, ids, photos = shop
    data = {"review_id": ids["ann"], "product_id": 40, "customer_id": 3, "store_id": 0, "photo_ids": photos, **change}
    answer = photos_added(client, data)
    assert answer.status_code == 400
    assert field in answer.json["error"]["fields"]["data"]


def test_scans_count_photos_too(shop) -> None:
    db, ids, _ = shop
    reconcile_tick(db, Store(db))
    counts = {r["review_id"]: r["photo_count"] for r in db.query("SELECT * FROM `{p}rebound_review_state`")}
    assert counts == {ids["ann"]: 3, ids["bo"]: 0, ids["guest"]: 0, ids["mug"]: 0}


def test_the_queue_of_pending_photos(client, shop) -> None:
    _, ids, photos = shop
    answer = call(client, "GET", "/v1/admin/reviews?photos=pending")
    assert answer.status_code == 200
    body = answer.json
    assert body["total"] == 1 and body["pending_photos"] == 2
    review = body["reviews"][0]
    assert review["review_id"] == ids["ann"]
    assert review["text"] == "Fits well, the fabric is thick & soft after washing."
    assert review["product_name"] == "Tee & Co"
    assert (review["author"], review["rating"], review["status"]) == ("Ann", 5, 0)
    assert {p["photo_id"] for p in review["photos"]} == set(photos)
    assert {(p["mime"], p["width"], p["height"], p["bytes"]) for p in review["photos"]} == {("image/jpeg", 800, 600, 51234)}
    assert review["photo_counts"] == {"pending": 2, "approved": 1, "hidden": 0}
    assert review["reply"] is None
    assert review["date_added"] == "2026-11-25T09:00:00+00:00"


def test_verified_buyers(client, shop) -> None:
    _, ids, _ = shop
    reviews = {r["review_id"]: r for r in call(client, "GET", "/v1/admin/reviews").json["reviews"]}
    assert reviews[ids["ann"]]["verified_buyer"] is True  # her order of the Tee is complete
    assert reviews[ids["bo"]]["verified_buyer"] is False  # his was cancelled
    assert reviews[ids["guest"]]["verified_buyer"] is False and reviews[ids["guest"]]["guest"] is True
    assert reviews[ids["mug"]]["verified_buyer"] is False  # she never bought the Mug


def test_an_unpaid_order_or_one_placed_after_the_review_does_not_verify(client, shop, oc_order) -> None:
    """OpenCart's default processing statuses include Pending (a new, unpaid order) and Reversed."""
    db, _, _ = shop
    oc_order(20, [(1, "2026-11-20 10:00:00")], customer_id=5)  # Pending: placed, not paid
    oc_order(21, [(12, "2026-11-20 10:00:00")], customer_id=6)  # Reversed
    oc_order(22, [(5, "2026-11-26 10:00:00")], customer_id=7)  # complete, but bought after the review
    oc_order(23, [(2, "2026-11-20 10:00:00")], customer_id=8)  # Processing: paid, being prepared
    reconcile_tick(db, Store(db))
    ids = {customer: add_review(db, 40, customer, f"C{customer}", 4) for customer in (5, 6, 7, 8)}  # 2026-11-25
    verified = {customer: call(client, "GET", f"/v1/admin/reviews/{review_id}").json["verified_buyer"]
                for customer, review_id in ids.items()}
    assert verified == {5: False, 6: False, 7: False, 8: True}


def request_email(db: Database, order_id: int, kind: str = "review_request") -> int:
    """A review request (as the planner queues it) about an order."""
    return db.insert(
        "INSERT INTO `{p}rebound_email` (kind, subject_key, recipient, order_id, transactional, status, due_at, "
        "created_at, updated_at) VALUES (%s, %s, 'guest@example.com', %s, 0, 'sent', UTC_TIMESTAMP(6), "
        "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))", (kind, f"order:{order_id}:{kind}", order_id))


def submitted(client, review_id: int, product_id: int, **more):
    event = {"id": str(uuid.uuid4()), "type": "review.submitted", "store_id": 0, "created_at": "2026-11-26T12:00:00Z",
             "data": {"review_id": review_id, "product_id": product_id, "customer_id": 0, "rating": 4, **more}}
    return call(client, "POST", "/v1/events", event)


def test_a_guest_review_from_a_review_requests_link_is_a_verified_buyers(client, shop, oc_order) -> None:
    db, ids, _ = shop
    oc_order(11, [(5, "2026-11-20 10:00:00")], customer_id=0)  # a guest's complete order of the Tee
    oc_order(12, [(7, "2026-11-20 10:00:00")], customer_id=0)  # a guest's cancelled one
    reconcile_tick(db, Store(db))
    cases = {
        "from_request": (request_email(db, 11), 40),
        "cancelled_order": (request_email(db, 12), 40),
        "product_not_in_order": (request_email(db, 11, "review_reminder"), 41),
        "not_a_review_request": (request_email(db, 11, "nps"), 40),
    }
    reviews = {}
    for name, (email_id, product_id) in cases.items():
        reviews[name] = add_review(db, product_id, 0, "Guest", 4)
        assert submitted(client, reviews[name], product_id, from_email_id=email_id).status_code == 200
    plain = add_review(db, 40, 0, "Guest", 4)
    assert submitted(client, plain, 40).status_code == 200

    verified = {name: call(client, "GET", f"/v1/admin/reviews/{review_id}").json["verified_buyer"]
                for name, review_id in {**reviews, "plain": plain}.items()}
    assert verified == {"from_request": True, "cancelled_order": False, "product_not_in_order": False,
                        "not_a_review_request": False, "plain": False}
    linked = db.query("SELECT review_id, order_id FROM `{p}rebound_review_source` ORDER BY review_id")
    assert [(r["review_id"], r["order_id"]) for r in linked] == [(reviews["from_request"], 11),
                                                                (reviews["cancelled_order"], 12)]
    assert call(client, "GET", f"/v1/admin/reviews/{ids['guest']}").json["verified_buyer"] is False


def test_a_variant_bought_verifies_a_review_of_its_master(client, shop, oc_order) -> None:
    db, ids, _ = shop
    oc_order(9, [(5, "2026-11-20 10:00:00")], customer_id=3)
    db.execute("UPDATE `{p}order_product` SET product_id = 77, master_id = 41 WHERE order_id = 9")
    reconcile_tick(db, Store(db))
    review = call(client, "GET", f"/v1/admin/reviews/{ids['mug']}").json
    assert review["verified_buyer"] is True


@pytest.mark.parametrize("query, expected", [
    ("status=1", {"guest"}),
    ("status=0", {"ann", "bo", "mug"}),
    ("rating=2", {"bo"}),
    ("product_id=41", {"mug"}),
    ("photos=none", {"bo", "guest", "mug"}),
    ("photos=any", {"ann"}),
    ("photos=approved&rating=5", {"ann"}),
    ("photos=hidden", set()),
])
def test_filters(client, shop, query, expected) -> None:
    _, ids, _ = shop
    body = call(client, "GET", f"/v1/admin/reviews?{query}").json
    assert {r["review_id"] for r in body["reviews"]} == {ids[k] for k in expected}
    assert body["total"] == len(expected)


@pytest.mark.parametrize("query, field", [
    ("photos=later", "photos"), ("rating=0", "rating"), ("status=2", "status"), ("per_page=500", "per_page"),
    ("hide_below=3", "hide_below"),  # no filtering-out by rating exists, so asking for one is an error
])
def test_bad_filters(client, shop, query, field) -> None:
    answer = call(client, "GET", f"/v1/admin/reviews?{query}")
    assert answer.status_code == 400 and field in answer.json["error"]["fields"]


def test_paging(client, shop) -> None:
    _, ids, _ = shop
    first = call(client, "GET", "/v1/admin/reviews?per_page=3&page=1").json
    second = call(client, "GET", "/v1/admin/reviews?per_page=3&page=2").json
    assert first["total"] == second["total"] == 4
    assert [r["review_id"] for r in first["reviews"] + second["reviews"]] == sorted(ids.values(), reverse=True)


def test_photo_decisions(client, shop) -> None:
    db, ids, photos = shop
    path = f"/v1/admin/reviews/{ids['ann']}/photos/{photos[0]}"
    approved = call(client, "POST", path, {"status": "approved"})
    assert approved.status_code == 200 and approved.json["changed"] is True
    assert approved.json["review"]["photo_counts"] == {"pending": 1, "approved": 2, "hidden": 0}
    assert call(client, "POST", path, {"status": "approved"}).json["changed"] is False
    hidden = call(client, "POST", f"/v1/admin/reviews/{ids['ann']}/photos/{photos[1]}", {"status": "hidden"})
    assert hidden.json["changed"] is True
    statuses = {r["photo_id"]: r["status"] for r in db.query("SELECT photo_id, status FROM `{p}rebound_photo`")}
    assert statuses == {photos[0]: "approved", photos[1]: "hidden", photos[2]: "approved"}
    state = db.query_one("SELECT * FROM `{p}rebound_review_state` WHERE review_id = %s", (ids["ann"],))
    assert (state["photos_pending"], state["photos_approved"]) == (0, 2)
    assert call(client, "GET", "/v1/admin/reviews?photos=pending").json["total"] == 0


def test_all_pending_photos_at_once(client, shop) -> None:
    db, ids, photos = shop
    answer = call(client, "POST", f"/v1/admin/reviews/{ids['ann']}/photos", {"status": "approved"})
    assert answer.json["photos_changed"] == 2
    assert call(client, "POST", f"/v1/admin/reviews/{ids['ann']}/photos", {"status": "approved"}).json["changed"] is False
    hide_all = call(client, "POST", f"/v1/admin/reviews/{ids['ann']}/photos", {"status": "hidden", "only": None})
    assert hide_all.json["photos_changed"] == 3


@pytest.mark.parametrize("path_of, body, status, code", [
    (lambda ids, photos: f"/v1/admin/reviews/{ids['bo']}/photos/{photos[0]}", {"status": "approved"}, 404,
     "photo_not_found"),  # another review's photo
    (lambda ids, photos: f"/v1/admin/reviews/{ids['ann']}/photos/{'0' * 32}", {"status": "approved"}, 404,
     "photo_not_found"),
    (lambda ids, photos: f"/v1/admin/reviews/999/photos/{photos[0]}", {"status": "approved"}, 404, "not_found"),
    (lambda ids, photos: f"/v1/admin/reviews/{ids['ann']}/photos/{photos[0]}", {"status": "deleted"}, 400,
     "bad_request"),
    (lambda ids, photos: f"/v1/admin/reviews/{ids['ann']}/photos/{photos[0]}", {}, 400, "bad_request"),
])
def test_photo_decision_errors(client, shop, path_of, body, status, code) -> None:
    db, ids, photos = shop
    before = db.query("SELECT photo_id, status FROM `{p}rebound_photo` ORDER BY photo_id")
    answer = call(client, "POST", path_of(ids, photos), body)
    assert (answer.status_code, answer.json["error"]["code"]) == (status, code)
    assert db.query("SELECT photo_id, status FROM `{p}rebound_photo` ORDER BY photo_id") == before


def test_publishing_a_review_as_opencart_admin_does(client, shop) -> None:
    db, ids, _ = shop
    db.execute("UPDATE `{p}setting` SET value = 'Europe/Berlin' WHERE `key` = 'config_timezone'")
    published = call(client, "POST", f"/v1/admin/reviews/{ids['ann']}/status", {"status": 1})
    assert published.status_code == 200 and published.json["changed"] is True
    assert published.json["review"]["status"] == 1
    review = db.query_one("SELECT status, date_modified FROM `{p}review` WHERE review_id = %s", (ids["ann"],))
    assert review["status"] == 1
    # Guest 1 and Ann 5 are published: 3; store-local time (Berlin is UTC+1 in November).
    product = db.query_one("SELECT rating, date_modified FROM `{p}product` WHERE product_id = 40")
    assert product["rating"] == 3
    utc_now = db.query_one("SELECT UTC_TIMESTAMP() AS t")["t"]
    assert abs((product["date_modified"] - utc_now).total_seconds() - 3600) < 60
    assert abs((review["date_modified"] - utc_now).total_seconds() - 3600) < 60
    assert db.query_one("SELECT status FROM `{p}rebound_review_state` WHERE review_id = %s", (ids["ann"],))["status"] == 1

    again = call(client, "POST", f"/v1/admin/reviews/{ids['ann']}/status", {"status": 1})
    assert again.json["changed"] is False
    assert call(client, "POST", f"/v1/admin/reviews/{ids['bo']}/status", {"status": 1}).json["changed"] is True
    assert db.query_one("SELECT rating FROM `{p}product` WHERE product_id = 40")["rating"] == 3  # (1+5+2)/3 = 2.67
    call(client, "POST", f"/v1/admin/reviews/{ids['guest']}/status", {"status": 0})
    assert db.query_one("SELECT rating FROM `{p}product` WHERE product_id = 40")["rating"] == 4  # (5+2)/2 = 3.5
    for key in ("ann", "bo"):
        call(client, "POST", f"/v1/admin/reviews/{ids[key]}/status", {"status": 0})
    assert db.query_one("SELECT rating FROM `{p}product` WHERE product_id = 40")["rating"] == 0  # none published


def test_review_status_errors(client, shop) -> None:
    db, ids, _ = shop
    assert call(client, "POST", "/v1/admin/reviews/999/status", {"status": 1}).status_code == 404
    for body in ({"status": 2}, {"status": "1"}, {}, {"status": 1, "rating": 5}):
        answer = call(client, "POST", f"/v1/admin/reviews/{ids['ann']}/status", body)
        assert answer.status_code == 400, body
    assert db.query_one("SELECT status FROM `{p}review` WHERE review_id = %s", (ids["ann"],))["status"] == 0


@pytest.mark.parametrize("average", ["4.5000", "4.4999", "2.6667", "1.5000", "0.0000", "3.3333"])
def test_stored_rating_matches_what_the_server_keeps(store_db, average) -> None:
    """OpenCart writes the average as a PHP float string into product.rating under its non-strict sql_mode."""
    conn = store_db.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SET SESSION sql_mode = 'NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION'")
            cur.execute("INSERT INTO oc_product (product_id, model, price, status, rating) VALUES (90, 'X', 1, 1, %s)",
                        (str(float(average)),))
            cur.execute("SELECT rating FROM oc_product WHERE product_id = 90")
            kept = cur.fetchone()["rating"]
            cur.execute("DELETE FROM oc_product WHERE product_id = 90")
        conn.commit()
    finally:
        conn.close()
    assert stored_rating(average) == kept


def test_replies(client, shop) -> None:
    db, ids, _ = shop
    path = f"/v1/admin/reviews/{ids['bo']}/reply"
    created = call(client, "PUT", path, {"text": "Sorry! Wash at 30 °C <b>cold</b> & we'll replace it.",
                                         "author": "Tee & Co"})
    assert created.status_code == 200 and created.json["outcome"] == "created"
    assert created.json["review"]["reply"]["text"] == "Sorry! Wash at 30 °C <b>cold</b> & we'll replace it."
    row = db.query_one("SELECT * FROM `{p}rebound_review_reply` WHERE review_id = %s", (ids["bo"],))
    assert row["text"] == "Sorry! Wash at 30 °C &lt;b&gt;cold&lt;/b&gt; &amp; we'll replace it."
    assert row["author"] == "Tee &amp; Co"
    same = call(client, "PUT", path, {"text": "Sorry! Wash at 30 °C <b>cold</b> & we'll replace it. ",
                                      "author": "Tee & Co"})
    assert same.json["outcome"] == "unchanged" and same.json["changed"] is False
    edited = call(client, "PUT", path, {"text": "Sorry — we'll replace it.", "author": "Tee & Co"})
    assert edited.json["outcome"] == "updated"
    assert db.query_one("SELECT text FROM `{p}rebound_review_reply` WHERE review_id = %s",
                        (ids["bo"],))["text"] == "Sorry — we'll replace it."
    listed = call(client, "GET", "/v1/admin/reviews?rating=2").json["reviews"][0]
    assert listed["reply"]["author"] == "Tee & Co"
    deleted = call(client, "DELETE", path)
    assert deleted.json["changed"] is True and deleted.json["review"]["reply"] is None
    assert call(client, "DELETE", path).json["changed"] is False
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_review_reply`")["n"] == 0


@pytest.mark.parametrize("body, field", [
    ({"text": "   ", "author": "Shop"}, "text"),
    ({"text": "x" * 2001, "author": "Shop"}, "text"),
    ({"text": "Thanks", "author": ""}, "author"),
    ({"text": "Thanks", "author": "y" * 65}, "author"),
    ({"author": "Shop"}, "text"),
])
def test_reply_errors(client, shop, body, field) -> None:
    db, ids, _ = shop
    answer = call(client, "PUT", f"/v1/admin/reviews/{ids['bo']}/reply", body)
    assert answer.status_code == 400 and field in answer.json["error"]["fields"]
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_review_reply`")["n"] == 0
    assert call(client, "PUT", "/v1/admin/reviews/999/reply", {"text": "Hi", "author": "Shop"}).status_code == 404
    assert call(client, "DELETE", "/v1/admin/reviews/999/reply").status_code == 404


def test_unsigned_requests_are_refused(client, shop) -> None:
    assert client.get("/v1/admin/reviews").status_code == 401
