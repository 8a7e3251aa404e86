"""Email settings: the JSON setting `module_rebound_email` (per store), and where mail is sent from.

`validate(document)` checks the owner's document (unknown fields refused at every level) and returns it
with every default spelled out; docs/email.md documents each field. `{}` or no setting at all means the
defaults. The admin page validates through `POST /v1/admin/email/settings/validate` before saving.

SMTP: REBOUND_SMTP_URL when set; otherwise the store's own mail settings (OpenCart's System > Settings >
Mail): `config_mail_engine` 'smtp' with config_mail_smtp_hostname (a `tls://` prefix means STARTTLS,
`ssl://` implicit TLS, as OpenCart's own mailer reads it), _port, _username, _password (stored
entity-encoded; the store gateway decodes it) and _timeout. 'mail' (PHP's mail()) or an empty engine
cannot be used by the sidecar: `smtp_server` then says so, and mail waits until it is configured.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..config import Config, SmtpUrl
from ..errors import BadRequest
from ..store import Store
from ..ttl_cache import TtlCache
from .kinds import BUDGETED, KINDS

SETTING_KEY = "module_rebound_email"
HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
EMAIL_RE = re.compile(r"^[^@\s\"<>,;]{1,64}@[^@\s\"<>,;]+\.[^@\s\"<>,;]+$")


def _nested(schema: type[Schema]) -> fields.Nested:
    return fields.Nested(schema, load_default=lambda: schema().load({}))


def _blank_or_email(value: str) -> None:
    if value and not EMAIL_RE.match(value):
        raise ValidationError("Not a valid email address.")


def _email() -> fields.String:
    return fields.String(load_default="", validate=_blank_or_email)


def _int(default: int, low: int, high: int) -> fields.Integer:
    return fields.Integer(strict=True, load_default=default, validate=validate.Range(low, high))


class Review(Schema):
    delay_days = _int(7, 0, 365)  # after delivery
    max_products = _int(3, 1, 20)  # per order
    reminder_after_days = _int(7, 0, 60)  # 0: no reminder
    max_age_days = _int(3, 1, 365)  # orders delivered longer ago than delay + this are never asked
    photo_reason_ids = fields.List(_int(0, 1, 2**31 - 1), load_default=list)
    photo_reason_words = fields.List(fields.String(validate=validate.Length(1, 64)),
                                     load_default=lambda: ["size", "fit", "described", "small", "large"])


class Csat(Schema):
    delay_hours = _int(24, 0, 24 * 60)  # after a return closes


class Nps(Schema):
    delay_days = _int(14, 0, 365)  # after delivery
    throttle_days = _int(90, 0, 3650)  # at most one NPS survey per customer this often
    max_age_days = _int(3, 1, 365)


class Sla(Schema):
    requested_hours = _int(48, 1, 24 * 365)
    approved_days = _int(14, 1, 365)
    received_hours = _int(72, 1, 24 * 365)


class Digest(Schema):
    enabled = fields.Boolean(load_default=True)
    hour = _int(8, 0, 23)  # store-local


class Budget(Schema):
    window_days = _int(30, 1, 365)
    max_per_window = _int(4, 1, 100)
    min_gap_hours = _int(72, 0, 24 * 90)


class Quiet(Schema):
    start = fields.String(load_default="21:00", validate=validate.Regexp(HHMM))
    end = fields.String(load_default="08:00", validate=validate.Regexp(HHMM))


class Delivery(Schema):
    batch = _int(50, 1, 500)
    connections = _int(2, 1, 8)  # SMTP connections a worker sends over at once
    lease_seconds = _int(60, 2, 3600)
    retry_hours = _int(48, 1, 24 * 14)
    backoff_seconds = _int(60, 1, 3600)  # first retry; doubles, capped at an hour
    timeout_seconds = _int(0, 0, 120)  # 0: the store's config_mail_smtp_timeout (10 with REBOUND_SMTP_URL)


class EmailSettings(Schema):
    version = fields.Integer(strict=True, load_default=1, validate=validate.Equal(1))
    enabled = fields.Boolean(load_default=True)
    kinds = fields.Dict(keys=fields.String(validate=validate.OneOf(sorted(KINDS))), values=fields.Boolean(),
                        load_default=dict)
    from_email = _email()
    from_name = fields.String(load_default="", validate=validate.Length(max=64))
    reply_to = _email()
    owner_email = _email()
    brand_color = fields.String(load_default="#2f6fde", validate=validate.Regexp(r"^#[0-9a-fA-F]{6}$"))
    subjects = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[a-z]{2}(-[a-z]{2})?$")),
                           values=fields.Dict(keys=fields.String(validate=validate.OneOf(sorted(KINDS))),
                                              values=fields.String(validate=validate.Length(1, 200))),
                           load_default=dict)
    review = _nested(Review)
    csat = _nested(Csat)
    nps = _nested(Nps)
    instructions_reminder_days = _int(5, 0, 60)  # 0: no reminder
    sla = _nested(Sla)
    digest = _nested(Digest)
    budget = _nested(Budget)
    quiet_hours = fields.Nested(Quiet, allow_none=True, load_default=lambda: Quiet().load({}))
    over_budget = fields.Dict(keys=fields.String(validate=validate.OneOf(sorted(BUDGETED))),
                              values=fields.String(validate=validate.OneOf(["defer", "drop"])), load_default=dict)
    max_defer_days = _int(14, 0, 90)
    delivery = _nested(Delivery)

    @validates_schema
    def _subjects_are_plain(self, data: dict[str, Any], **_: Any) -> None:
        for lang, subjects in data.get("subjects", {}).items():
            for kind, text in subjects.items():
                if any(c in text for c in "\r\n"):
                    raise ValidationError({"subjects": {lang: {kind: ["One line, please."]}}})


SCHEMA = EmailSettings()
OVER_BUDGET = {"review_request": "defer", "review_reminder": "drop", "csat": "drop", "nps": "defer"}


def validate_settings(document: Any) -> dict[str, Any]:
    """The document with every default filled in; BadRequest with per-field messages otherwise."""
    if isinstance(document, (str, bytes)):
        try:
            document = json.loads(document) if document.strip() else {}
        except ValueError:
            raise BadRequest("module_rebound_email is not valid JSON.") from None
    if not isinstance(document, dict):
        raise BadRequest("module_rebound_email must be a JSON object.")
    try:
        loaded = SCHEMA.load(document)
    except ValidationError as exc:
        messages = exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}
        raise BadRequest("The email settings are invalid.", fields=messages) from None
    loaded["over_budget"] = {**OVER_BUDGET, **loaded["over_budget"]}
    return loaded


DEFAULTS = validate_settings({})


class SettingsCache:
    """Each store's validated settings, re-validated only when the stored text changes. A broken setting
    falls back to the defaults and is reported (`error`) instead of stopping mail."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_text: dict[str, tuple[dict[str, Any], str | None]] = {}
        self._recent = TtlCache(1.0)  # read many times per message: decoded at most once a second
        self._lock = threading.Lock()

    def raw(self, store_id: int) -> Any:
        return self.store.setting(SETTING_KEY, store_id)

    def get(self, store_id: int = 0) -> dict[str, Any]:
        return self.checked(store_id)[0]

    def forget(self, store_id: int = 0) -> None:
        """Read this store's document afresh next time (the store's own settings cache too)."""
        self.store.forget_settings(store_id)
        self._recent.forget(store_id)

    def checked(self, store_id: int = 0) -> tuple[dict[str, Any], str | None]:
        return self._recent.get_or_load(store_id, lambda: self._check(store_id))

    def _check(self, store_id: int) -> tuple[dict[str, Any], str | None]:
        raw = self.raw(store_id)
        if raw in (None, "", [], {}):
            return DEFAULTS, None
        text = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True)
        with self._lock:
            if text not in self._by_text:
                try:
                    self._by_text[text] = (validate_settings(text), None)
                except BadRequest as exc:
                    self._by_text[text] = (DEFAULTS, f"{SETTING_KEY} is invalid ({json.dumps(exc.fields)}); "
                                                     "using the defaults")
            return self._by_text[text]


def kind_enabled(settings: dict[str, Any], kind: str) -> bool:
    return bool(settings["enabled"]) and settings["kinds"].get(kind, True)


# -- SMTP ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SmtpServer:
    """Where to send: the server, the timeout in seconds, and where the settings came from."""

    url: SmtpUrl | None
    timeout: float
    source: str  # "REBOUND_SMTP_URL" | "store"
    problem: str | None = None  # why mail cannot be sent (url is None then)


def smtp_server(config: Config, store: Store, store_id: int = 0, timeout_override: int = 0) -> SmtpServer:
    if config.smtp_url is not None:
        return SmtpServer(config.smtp_url, float(timeout_override or 10), "REBOUND_SMTP_URL")
    engine = (store.setting("config_mail_engine", store_id) or "").strip()
    if engine != "smtp":
        why = ("The store sends mail with PHP's mail() (config_mail_engine 'mail'), which the sidecar cannot use"
               if engine == "mail" else "Mail is off in the store (config_mail_engine is empty)")
        return SmtpServer(None, 0, "store", f"{why}: set REBOUND_SMTP_URL, or choose SMTP in the store's "
                                            "System > Settings > Mail.")
    host = (store.setting("config_mail_smtp_hostname", store_id) or "").strip()
    security = "plain"
    if host.startswith("tls"):  # OpenCart's own reading: "tls://host" means STARTTLS on the given port
        host, security = host[6:], "starttls"
    elif host.startswith("ssl://"):
        host, security = host[6:], "ssl"
    if not host:
        return SmtpServer(None, 0, "store", "The store's mail engine is SMTP but config_mail_smtp_hostname is "
                                           "empty: set it, or set REBOUND_SMTP_URL.")
    port = _number(store.setting("config_mail_smtp_port", store_id), 25)
    user = store.setting("config_mail_smtp_username", store_id) or None
    password = store.setting("config_mail_smtp_password", store_id) or None
    timeout = timeout_override or _number(store.setting("config_mail_smtp_timeout", store_id), 5)
    # OpenCart logs in only when both are set.
    url = SmtpUrl(host=host, port=port, security=security, user=user if user and password else None,
                  password=password if user and password else None)
    return SmtpServer(url, float(max(timeout, 1)), "store")


def _number(value: Any, default: int) -> int:
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) > 0 else default
