"""The admin routes for email: the log (sent, skipped and why), previews, the settings document."""

from urllib.parse import quote

from conftest import SECRET, url_string
from mailsink import queue_case_emails, set_email_settings, signed_get, signed_post

from sidecar.app import create_app
from sidecar.mail import outbox
from sidecar.mail.settings import DEFAULTS


def test_the_email_log_shows_what_happened_and_why(client, store_db) -> None:
    queue_case_emails(store_db, 2)
    [first, second] = outbox.claim(store_db, "w", 10, 60)
    outbox.skip(store_db, first, "unsubscribed", "w")
    outbox.retry(store_db, second, "421 mail: try later", "w", uncertain=False, backoff_s=60, horizon_h=48)
    answer = signed_get(client, "/v1/admin/email/log?per_page=1")
    assert answer.status_code == 200, answer.json
    assert (answer.json["total"], len(answer.json["emails"])) == (2, 1)
    newest = answer.json["emails"][0]
    assert (newest["status"], newest["attempts"], newest["last_error"]) == ("queued", 1, "421 mail: try later")
    assert newest["kind"] == "return_approved" and newest["due_at"].endswith("+00:00")
    skipped = signed_get(client, "/v1/admin/email/log?status=skipped").json["emails"]
    assert [(e["recipient"], e["reason"]) for e in skipped] == [("customer1@example.com", "unsubscribed")]
    assert signed_get(client, "/v1/admin/email/log?recipient=CUSTOMER2@example.com").json["total"] == 1
    bad = signed_get(client, "/v1/admin/email/log?status=lost&per_page=500")
    assert bad.status_code == 400 and set(bad.json["error"]["fields"]) == {"status", "per_page"}
    assert client.get("/v1/admin/email/log").status_code == 401  # signed like every /v1 route


def test_a_preview_of_each_kind(client, store_db) -> None:
    for kind in ("return_requested", "return_rejected", "request_not_accepted", "review_request", "nps", "digest"):
        answer = signed_get(client, f"/v1/admin/email/preview?kind={kind}")
        assert answer.status_code == 200, answer.json
        assert answer.json["subject"] and answer.json["text"] and answer.json["html"].startswith("<!doctype html>")
    review = signed_get(client, "/v1/admin/email/preview?kind=review_request").json
    assert review["headers"] == {} and "REBOUND_STORE_URL is not set" in review["problem"]
    assert signed_get(client, "/v1/admin/email/preview?kind=spam").status_code == 400
    # A line as typed on the admin page, before it is saved; a line break is refused, not folded away.
    typed = signed_get(client, "/v1/admin/email/preview?kind=nps&subject=" + quote("$first_name, one question?")).json
    assert typed["subject"] == "Ann, one question?"
    # As the real messages: only an email about a return lists its items.
    assert "Linen shirt (M)" not in typed["text"]
    assert "Linen shirt (M)" in signed_get(client, "/v1/admin/email/preview?kind=csat").json["text"]
    assert "Choose one of: refund." in signed_get(client, "/v1/admin/email/preview?kind=request_not_accepted").json["text"]
    refused = signed_get(client, "/v1/admin/email/preview?kind=nps&subject=" + quote("Hi\r\nBcc: x@example.com"))
    assert refused.status_code == 400 and "subject" in refused.json["error"]["fields"]

    configured = create_app({"REBOUND_ENV": {"REBOUND_DB_URL": url_string(store_db.url), "REBOUND_SECRET": SECRET,
                                             "REBOUND_STORE_URL": "https://shop.example.com"}}).test_client()
    review = signed_get(configured, "/v1/admin/email/preview?kind=review_request").json
    assert review["problem"] is None and "Linen shirt" in review["text"]
    assert review["headers"]["List-Unsubscribe"].startswith("<https://shop.example.com/index.php?route=")
    assert review["headers"]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_settings_with_defaults_and_their_validation(client, store_db) -> None:
    current = signed_get(client, "/v1/admin/email/settings").json
    assert current["source"] == "default" and current["document"]["budget"]["max_per_window"] == 4
    assert current["smtp"] == {"source": "store", "server": None, "problem": current["smtp"]["problem"]}
    assert "REBOUND_SMTP_URL" in current["smtp"]["problem"]
    assert current["kinds"]["nps"] == {"transactional": False, "audience": "customer"}
    assert current["kinds"]["digest"] == {"transactional": True, "audience": "owner"}
    assert current["languages"] == {"en-gb": "en-gb"}
    assert current["subjects"]["en-gb"]["nps"] == "Would you recommend $store?"
    # A language Rebound has no texts for is written in English: its subjects are the English ones.
    several = signed_get(client, "/v1/admin/email/settings?languages=de-de,EN-gb,de-de").json
    assert several["languages"] == {"de-de": "en-gb", "en-gb": "en-gb"} and list(several["subjects"]) == ["en-gb"]
    set_email_settings(store_db, {"review": {"delay_days": 3}})
    # The defaults beside the effective document: the admin page's placeholders, and what a blank field means.
    assert current["defaults"] == DEFAULTS and current["defaults"]["review"]["delay_days"] == 7
    set_email_settings(store_db, {"review": {"delay_days": 3}, "brand_color": "#112233"}, store_id=1)
    chosen = signed_get(client, "/v1/admin/email/settings?store_id=1").json
    assert (chosen["source"], chosen["document"]["review"]["delay_days"], chosen["document"]["brand_color"]) == \
        ("store", 3, "#112233")
    assert chosen["defaults"]["review"]["delay_days"] == 7 and chosen["defaults"]["brand_color"] == "#2f6fde"
    # Saved again at once (the admin page reloads after Save): the page shows it, not the cached document.
    set_email_settings(store_db, {"review": {"delay_days": 4}}, store_id=1)
    assert signed_get(client, "/v1/admin/email/settings?store_id=1").json["document"]["review"]["delay_days"] == 4
    ok = signed_post(client, "/v1/admin/email/settings/validate", {"document": {"nps": {"throttle_days": 30}}})
    assert ok.status_code == 200 and ok.json["document"]["nps"] == {"delay_days": 14, "throttle_days": 30,
                                                                  "max_age_days": 3}
    bad = signed_post(client, "/v1/admin/email/settings/validate", {"document": {"budget": {"max_per_window": 0}}})
    assert bad.status_code == 400 and "budget" in bad.json["error"]["fields"]


def test_suppressions_are_listed_filtered_and_removed(client, store_db) -> None:
    outbox.suppress(store_db, "Ann@Example.com", "unsubscribe", "one_click", 7)
    outbox.suppress(store_db, "bob_x@example.com", "bounce", "smtp", 8, "550 5.1.1 no such user")
    outbox.suppress(store_db, "bobyx@example.com", "unsubscribe", "page")
    listed = signed_get(client, "/v1/admin/email/suppressions").json
    assert listed["total"] == 3 and {s["email"] for s in listed["suppressions"]} == {
        "ann@example.com", "bob_x@example.com", "bobyx@example.com"}
    bounce = signed_get(client, "/v1/admin/email/suppressions?reason=bounce").json["suppressions"]
    assert [(s["email"], s["source"], s["email_id"], s["detail"]) for s in bounce] == [
        ("bob_x@example.com", "smtp", 8, "550 5.1.1 no such user")]
    assert bounce[0]["created_at"].endswith("+00:00")
    # A part of the address, matched literally: "_" is not a wildcard.
    assert [s["email"] for s in signed_get(client, "/v1/admin/email/suppressions?email=B_X").json["suppressions"]] \
        == ["bob_x@example.com"]
    page = signed_get(client, "/v1/admin/email/suppressions?per_page=2&page=2").json
    assert (page["total"], len(page["suppressions"])) == (3, 1)
    bad = signed_get(client, "/v1/admin/email/suppressions?reason=spam&per_page=0")
    assert bad.status_code == 400 and set(bad.json["error"]["fields"]) == {"reason", "per_page"}

    removed = signed_post(client, "/v1/admin/email/suppressions/remove", {"email": " ANN@example.com "})
    assert removed.status_code == 200 and removed.json == {"email": "ann@example.com", "removed": True}
    again = signed_post(client, "/v1/admin/email/suppressions/remove", {"email": "ann@example.com"})
    assert again.json["removed"] is False
    assert outbox.suppressions(store_db, ["ann@example.com", "bobyx@example.com"]) == {"bobyx@example.com": "unsubscribe"}
    refused = signed_post(client, "/v1/admin/email/suppressions/remove", {"mail": "x"})
    assert refused.status_code == 400 and "email" in refused.json["error"]["fields"]
