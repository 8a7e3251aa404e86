"""Messages as built: multipart, branded, per language, one-click unsubscribe, survey links, no header
injection; the email settings document; SMTP settings taken from the store's own mail settings."""

import email
import email.policy
import sys
import types
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from mailsink import SECRET_HEX, mail_context, set_email_settings, set_setting

from sidecar.errors import BadRequest
from sidecar.mail import templates, tokens
from sidecar.mail.address import fold, valid_address
from sidecar.mail.kinds import KINDS
from sidecar.mail.outbox import Email
from sidecar.mail.render import render
from sidecar.mail.settings import DEFAULTS, smtp_server, validate_settings

CREATED = datetime(2026, 11, 26, 12, 0, 0)
CASE_DATA = {"reference": "R7K2M9QX", "order_id": 7, "first_name": "Ann", "tracking_url": "https://shop.example.com/t",
             "items": [{"name": "Tee <M>", "quantity": 1}], "free_return_shipping": True}


def an_email(kind: str, *, email_id: int = 12, name: str = "Ann", language_id: int = 1, recipient="ann@example.com",
             data: dict | None = None) -> Email:
    return Email(email_id, kind, "case:1:x", recipient, name, 0, 3, language_id, 7, 1, KINDS[kind].transactional,
                 data or {}, 1, 0, CREATED, CREATED)


def parsed(message) -> email.message.EmailMessage:
    return email.message_from_bytes(message.as_bytes(), policy=email.policy.default)


@pytest.fixture
def ctx(store_db):
    return mail_context(store_db, "smtp://127.0.0.1:1")


def test_a_case_email_is_multipart_branded_and_transactional(store_db, ctx) -> None:
    set_setting(store_db, "config_name", "Ann's Tees")
    set_setting(store_db, "config_logo", "catalog/logo.png")
    set_email_settings(store_db, {"brand_color": "#aa3300"})
    message = parsed(render(ctx, an_email("return_approved"), CASE_DATA))
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert str(message["From"]) == "Ann's Tees <admin@example.com>" and str(message["To"]) == "Ann <ann@example.com>"
    assert message["Subject"] == "Your return R7K2M9QX is approved: here is how to send it"
    assert message["Message-ID"] == "<rebound.12.1795694400@shop.example.com>"  # the same on every retry
    assert message["List-Unsubscribe"] is None  # transactional
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert "Hello Ann," in text and "- Tee <M> × 1" in text and "Return shipping is free" in text
    assert "See the return instructions: https://shop.example.com/t" in text
    assert 'src="https://shop.example.com/image/catalog/logo.png"' in page and "#aa3300" in page
    assert "background:#ffffff;border-top:6px solid #aa3300" in page  # the logo on white, as it was designed
    assert "Tee &lt;M&gt;" in page and "<M>" not in page  # text from the store is escaped in HTML
    assert 'lang="en-gb"' in page


def test_the_customers_language_with_english_filling_gaps(store_db, ctx, monkeypatch) -> None:
    store_db.execute("INSERT INTO `{p}language` (language_id, name, code, locale, status) "
                     "VALUES (2, 'Français', 'fr-fr', 'fr', 1), (3, 'Deutsch', 'de-de', 'de', 1)")
    french = types.ModuleType("sidecar.mail.templates.fr_fr")
    french.MESSAGES = {"return_approved": {"subject": "Votre retour $reference est accepté"}}
    french.COMMON = {"greeting": "Bonjour $first_name,"}
    monkeypatch.setitem(sys.modules, "sidecar.mail.templates.fr_fr", french)
    templates._module.cache_clear()
    try:
        fr = parsed(render(ctx, an_email("return_approved", language_id=2), CASE_DATA))
        de = parsed(render(ctx, an_email("return_approved", language_id=3), CASE_DATA))
    finally:
        templates._module.cache_clear()
    assert fr["Subject"] == "Votre retour R7K2M9QX est accepté"
    assert "Bonjour Ann," in fr.get_body(("plain",)).get_content()
    assert "Pack the items below" in fr.get_body(("plain",)).get_content()  # untranslated: English
    assert 'lang="fr-fr"' in fr.get_body(("html",)).get_content()
    assert de["Subject"].startswith("Your return R7K2M9QX") and 'lang="en-gb"' in de.get_body(("html",)).get_content()


def test_subject_lines_are_editable_per_language(store_db, ctx) -> None:
    set_email_settings(store_db, {"subjects": {"en-gb": {"review_request": "Tell us about order #$order_id, $first_name"}}})
    message = parsed(render(ctx, an_email("review_request"), {"order_id": 7, "products": []}))
    assert message["Subject"] == "Tell us about order #7, Ann"


def test_non_transactional_email_has_one_click_unsubscribe_to_the_store(ctx) -> None:
    raw = render(ctx, an_email("review_request", email_id=41), {"order_id": 7, "products": [
        {"product_id": 40, "name": "Tee", "photo": True, "url": "https://shop.example.com/p40"}]}).as_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    header = str(message["List-Unsubscribe"])
    # On the wire: one plain line (never folded or encoded, which would break the link).
    assert f"\r\nList-Unsubscribe: {header}\r\n".encode() in raw
    assert header.startswith("<https://shop.example.com/index.php?route=extension/rebound/module/rebound.unsubscribe&")
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    query = parse_qs(urlsplit(header[1:-1]).query)
    assert tokens.verify([SECRET_HEX], query["token"][0]) == tokens.Claims("unsubscribe", 41, "ann@example.com")
    text = message.get_body(("plain",)).get_content()
    assert "Add a review with photos: https://shop.example.com/p40" in text
    assert f"Unsubscribe from these emails: {header[1:-1]}" in text


@pytest.mark.parametrize(("kind", "scores"), [("nps", list(range(11))), ("csat", [1, 2, 3, 4, 5])])
def test_survey_emails_link_each_score_to_the_store(ctx, kind, scores) -> None:
    message = parsed(render(ctx, an_email(kind, email_id=9), {"reference": "R7K2M9QX"}))
    links = [line.split(": ", 1)[1] for line in message.get_body(("plain",)).get_content().splitlines()
             if "route=extension%2Frebound" in line or "rebound.survey" in line]
    assert [int(parse_qs(urlsplit(u).query)["score"][0]) for u in links] == scores
    token = parse_qs(urlsplit(links[0]).query)["token"][0]
    assert tokens.verify([SECRET_HEX], token) == tokens.Claims(kind, 9, "ann@example.com")
    page = message.get_body(("html",)).get_content()
    scale = page[page.index("rebound.survey"):page.rindex("rebound.survey")]
    assert page.count("rebound.survey") == len(scores) and "<td" not in scale, \
        "the scale is inline blocks that wrap on a phone, not a table row"


def test_crlf_in_names_and_subjects_cannot_add_headers(store_db, ctx) -> None:
    set_setting(store_db, "config_name", "Evil Shop\r\nX-Injected: 1")
    set_email_settings(store_db, {"subjects": {"en-gb": {"return_approved": "Return $reference"}}})
    data = {**CASE_DATA, "reference": "R7\r\nBcc: thief@example.net"}
    raw = render(ctx, an_email("return_approved", name="Ann\r\nBcc: thief@example.net"), data).as_bytes()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Bcc"] is None and message["X-Injected"] is None
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc:" not in head and b"\nX-Injected:" not in head
    assert [a.addr_spec for a in message["To"].addresses] == ["ann@example.com"]
    assert message["Subject"] == "Return R7 Bcc: thief@example.net"
    assert str(message["From"]).startswith('"Evil Shop X-Injected: 1" <')
    assert fold("a\u2028b\x00c\x7fd") == "a b c d"
    assert not valid_address("ann@example.com\r\nBcc: thief@example.net")
    assert not valid_address('"ann"@example.com') and not valid_address("ann@example.com, bob@example.com")
    with pytest.raises(BadRequest):
        validate_settings({"subjects": {"en-gb": {"csat": "Hi\r\nBcc: x@y.z"}}})


def test_settings_document_defaults_and_refusals() -> None:
    assert validate_settings({}) == DEFAULTS and validate_settings("") == DEFAULTS
    assert DEFAULTS["review"]["max_products"] == 3 and DEFAULTS["quiet_hours"] == {"start": "21:00", "end": "08:00"}
    assert DEFAULTS["over_budget"]["review_request"] == "defer"
    assert validate_settings({"quiet_hours": None})["quiet_hours"] is None
    assert validate_settings({"review": {"delay_days": 10}})["review"]["max_products"] == 3
    for bad, field in [({"colour": "#fff"}, "colour"), ({"brand_color": "red"}, "brand_color"),
                       ({"review": {"max_products": 0}}, "review"), ({"kinds": {"spam": True}}, "kinds"),
                       ({"quiet_hours": {"start": "25:00"}}, "quiet_hours"), ({"from_email": "x"}, "from_email")]:
        with pytest.raises(BadRequest) as caught:
            validate_settings(bad)
        assert field in caught.value.fields


def test_smtp_comes_from_the_stores_mail_settings(store_db) -> None:
    ctx = mail_context(store_db, None)
    server = smtp_server(ctx.config, ctx.store)
    assert server.url is None and "Mail is off" in server.problem and "REBOUND_SMTP_URL" in server.problem
    set_setting(store_db, "config_mail_engine", "mail")
    ctx = mail_context(store_db, None)
    assert "PHP's mail()" in smtp_server(ctx.config, ctx.store).problem
    for key, value in [("config_mail_engine", "smtp"), ("config_mail_smtp_hostname", "tls://mail.example.com"),
                       ("config_mail_smtp_port", "587"), ("config_mail_smtp_username", "shop"),
                       ("config_mail_smtp_password", "p&amp;ss&quot;word"), ("config_mail_smtp_timeout", "7")]:
        set_setting(store_db, key, value)
    ctx = mail_context(store_db, None)
    server = smtp_server(ctx.config, ctx.store)
    assert (server.url.host, server.url.port, server.url.security, server.url.user, server.url.password) == (
        "mail.example.com", 587, "starttls", "shop", 'p&ss"word')
    assert (server.timeout, server.source) == (7.0, "store")
    override = mail_context(store_db, "smtps://u:pw@relay.example.com")
    server = smtp_server(override.config, override.store)
    assert (server.url.host, server.url.security, server.source) == ("relay.example.com", "ssl", "REBOUND_SMTP_URL")
