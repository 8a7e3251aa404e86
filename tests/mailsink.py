"""A real SMTP server for the email tests (aiosmtpd, in a thread), with a handler the test controls.

`Sink.replies` scripts answers: a list per stage ("mail", "rcpt", "data") of replies to give, in order,
before answering normally; `Sink.stall_s` holds the final 250 that long (the message is kept as soon as
it has arrived whole, before the 250, as a real MTA queues it); `Sink.refuse` holds addresses whose RCPT always gets a 550. Every accepted message is kept.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import threading
import warnings
from collections import defaultdict, deque
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP

from sidecar.devdb import free_port


@dataclass
class Received:
    sender: str
    recipients: list[str]
    raw: bytes

    @property
    def message(self) -> EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)  # type: ignore[return-value]

    @property
    def email_id(self) -> int:
        match = re.search(rb"Message-ID: <rebound\.(\d+)\.", self.raw)
        return int(match[1]) if match else 0


@dataclass
class Sink:
    replies: dict[str, deque[str]] = field(default_factory=lambda: defaultdict(deque))
    refuse: set[str] = field(default_factory=set)
    stall_s: float = 0.0
    stall_once: bool = False
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    hold_next: bool = False  # hold the 250 of the next message, whoever sends it …
    holding: set[str] = field(default_factory=set)  # … its client's EHLO name, until the test removes it

    def script(self, stage: str, *replies: str) -> None:
        self.replies[stage].extend(replies)

    async def handle_MAIL(self, server, session, envelope, address, options):  # noqa: N802 (aiosmtpd's names)
        if self.replies["mail"]:
            return self.replies["mail"].popleft()
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if self.replies["rcpt"]:
            return self.replies["rcpt"].popleft()
        if address.lower() in self.refuse:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self.replies["data"]:
            return self.replies["data"].popleft()
        # Kept as soon as it has arrived whole, as an MTA queues it: a late (or never read) 250 changes nothing.
        with self.lock:
            self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        client = session.host_name
        if self.hold_next:
            self.hold_next = False
            self.holding.add(client)
            for _ in range(2000):  # at most 10 s
                if client not in self.holding:
                    break
                await asyncio.sleep(0.005)
        if self.stall_s:
            stall = self.stall_s
            if self.stall_once:
                self.stall_s = 0.0
            await asyncio.sleep(stall)
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.received)


class _QueueingSMTP(SMTP):
    """aiosmtpd drops a session the moment the client's EOF arrives, even when a whole message arrived just
    before it, unread. An MTA would have read it and queued it: so does this one, before letting go."""

    def eof_received(self):  # type: ignore[override]
        self.loop.call_later(0.1, SMTP.eof_received, self)
        return True


class _Controller(Controller):
    def factory(self):  # type: ignore[override]
        with warnings.catch_warnings():  # AUTH without TLS, on purpose: a local test server
            warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
            return _QueueingSMTP(self.handler, **self.SMTP_kwargs)


class SinkServer:
    """The sink on 127.0.0.1:`port` (a free one by default); start() and stop() may repeat. With `login`
    (user, password) it requires AUTH before MAIL, as the servers OpenCart's SMTP engine is set up for do
    (OpenCart 4.1 refuses to send without a username and password); `logins` records each attempt."""

    def __init__(self, sink: Sink | None = None, port: int | None = None,
                 login: tuple[str, str] | None = None) -> None:
        self.sink = sink or Sink()
        self.port = port or free_port()
        self.login = login
        self.logins: list[tuple[str, bool]] = []
        self.controller: _Controller | None = None

    def _authenticate(self, server, session, envelope, mechanism, auth_data):  # aiosmtpd's signature
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (self.login is not None and isinstance(auth_data, LoginPassword)
              and (auth_data.login.decode(), auth_data.password.decode()) == self.login)
        self.logins.append((mechanism, ok))
        return AuthResult(success=ok)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> SinkServer:
        auth = ({"authenticator": self._authenticate, "auth_require_tls": False, "auth_required": True}
                if self.login else {})
        self.controller = _Controller(self.sink, hostname="127.0.0.1", port=self.port, **auth)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


# -- helpers shared by the email tests ------------------------------------------------------------------------

SECRET_HEX = "5e" * 32
STORE_URL = "https://shop.example.com/"


def mail_context(db, smtp_url: str | None, **env: str):
    """A MailContext for `db`'s store, sending to `smtp_url` (None: the store's own mail settings)."""
    from sidecar.config import load_config
    from sidecar.mail.context import MailContext
    from sidecar.store import Store

    url = db.url
    config = load_config({
        "REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{url.database}",
        "REBOUND_SECRET": SECRET_HEX, "REBOUND_STORE_URL": STORE_URL,
        **({"REBOUND_SMTP_URL": smtp_url} if smtp_url else {}), **env,
    })
    return MailContext(config, Store(db, timezone=config.timezone))


def set_email_settings(db, document: dict, store_id: int = 0) -> None:
    import json

    db.execute("DELETE FROM `{p}setting` WHERE `key` = 'module_rebound_email' AND store_id = %s", (store_id,))
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
               "VALUES (%s, 'module_rebound', 'module_rebound_email', %s, 1)", (store_id, json.dumps(document)))


def set_setting(db, key: str, value: str, store_id: int = 0) -> None:
    db.execute("DELETE FROM `{p}setting` WHERE `key` = %s AND store_id = %s", (key, store_id))
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) VALUES (%s, 'config', %s, %s, 0)",
               (store_id, key, value))


def emails(db, **where) -> list[dict]:
    clause = " AND ".join(f"`{k}` = %s" for k in where) or "1"
    return db.query(f"SELECT * FROM `{{p}}rebound_email` WHERE {clause} ORDER BY email_id", tuple(where.values()))


def make_due(db) -> None:
    """Bring every waiting message's time forward, as the clock would (tests never sleep to wait)."""
    db.execute("UPDATE `{p}rebound_email` SET due_at = UTC_TIMESTAMP(6) - INTERVAL 1 SECOND WHERE status = 'queued'")


RETURN_POLICY = {
    "version": 1,
    "window": {"days": 30},
    "resolutions": {"refund": True, "store_credit": True, "exchange": True},
    "reasons": [{"reason_id": 1, "photos_required": False}, {"reason_id": 5}, {"reason_id": 6}],
}


def local_days_ago(days: float) -> str:
    from datetime import datetime, timedelta, timezone

    return (datetime.now(timezone.utc) - timedelta(days=days)).strftime("%Y-%m-%d %H:%M:%S")


def build_shop(db, oc_order, *, days_ago: float = 8, policy: dict | None = None) -> dict[int, int]:
    """Customers Ann (3) and Bob (4); order 7 (Ann: Tee, Mug, Cap, Sock), 8 (a guest), 9 (Ann: Tee), all
    delivered `days_ago`; a "Wrong size" return reason (6); mirrored by a reconcile tick. Returns order 7's
    product_id → order_product_id."""
    import json

    from sidecar.reconcile import reconcile_tick
    from sidecar.store import Store

    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
               "VALUES (0, 'module_rebound', 'module_rebound_policy', %s, 1)", (json.dumps(policy or RETURN_POLICY),))
    db.execute("INSERT INTO `{p}return_status` (return_status_id, language_id, name) VALUES (4, 1, 'Rejected'), "
               "(5, 1, 'Received')")
    db.execute("INSERT INTO `{p}return_reason` (return_reason_id, language_id, name) VALUES (6, 1, 'Wrong size')")
    db.execute("INSERT INTO `{p}customer` (customer_id, customer_group_id, store_id, language_id, firstname, lastname, "
               "email, status, date_added) VALUES (3, 1, 0, 1, 'Ann', 'Lee', 'ann@example.com', 1, NOW()), "
               "(4, 1, 0, 1, 'Bob', 'Ray', 'bob@example.com', 1, NOW())")
    db.execute("INSERT INTO `{p}product` (product_id, model, price, status) VALUES (40, 'TEE', 10, 1), (41, 'MUG', 5, 1), "
               "(42, 'CAP', 7, 1), (43, 'SOCK', 3, 1)")
    db.execute("INSERT INTO `{p}product_description` (product_id, language_id, name) VALUES (40, 1, 'Tee'), "
               "(41, 1, 'Mug'), (42, 1, 'Cap'), (43, 1, 'Sock')")
    placed, delivered = local_days_ago(days_ago + 3), local_days_ago(days_ago)
    oc_order(7, [(1, placed), (5, delivered)], customer_id=3)
    db.execute("INSERT INTO `{p}order_product` (order_id, product_id, name, model, quantity, price, total, tax) "
               "VALUES (7, 41, 'Mug', 'MUG', 1, 5, 5, 0), (7, 42, 'Cap', 'CAP', 1, 7, 7, 0), "
               "(7, 43, 'Sock', 'SOCK', 1, 3, 3, 0)")
    oc_order(8, [(1, placed), (5, delivered)], customer_id=0)
    db.execute("UPDATE `{p}order` SET email = 'guest@example.com', firstname = 'Gus' WHERE order_id = 8")
    oc_order(9, [(1, placed), (5, delivered)], customer_id=3)
    reconcile_tick(db, Store(db))
    return {r["product_id"]: r["order_product_id"] for r in db.query(
        "SELECT order_product_id, product_id FROM `{p}order_product` WHERE order_id = 7")}


def signed_post(client, path: str, body: dict):
    import json

    from conftest import SECRET

    from sidecar import signing

    raw = json.dumps(body).encode()
    return client.post(path, data=raw, headers={**signing.headers(SECRET, "POST", path, raw),
                                                 "Content-Type": "application/json"})


def signed_get(client, path: str):
    from conftest import SECRET

    from sidecar import signing

    return client.get(path, headers=signing.headers(SECRET, "GET", path))


def event(client, type_: str, data: dict, event_id: str | None = None):
    import uuid

    return signed_post(client, "/v1/events", {"id": event_id or str(uuid.uuid4()), "type": type_, "store_id": 0,
                                              "created_at": "2026-11-26T12:00:00Z", "data": data})


def queue_case_emails(db, count: int, *, first: int = 1, recipient: str = "customer{n}@example.com",
                      name: str = "Ann") -> list[int]:
    """`count` approved return cases, each with its customer's queued "approved" email (as a status change
    queues it); returns the case ids."""
    from sidecar.mail.notify import enqueue_case

    ids = list(range(first, first + count))
    db.executemany(
        "INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, order_id, customer_id, email, status, "
        "created_at, updated_at) VALUES (%s, %s, %s, %s, 0, %s, 'approved', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
        [(n, f"R{n:07d}", f"e-{n}", n, recipient.format(n=n)) for n in ids],
    )
    for n in ids:
        enqueue_case(db, "return_approved", f"case:{n}:approved", {
            "case_id": n, "reference": f"R{n:07d}", "order_id": n, "store_id": 0, "customer_id": 0,
            "email": recipient.format(n=n), "language_id": 1, "first_name": name,
            "items": [{"name": "Linen shirt", "quantity": 1}], "refund": "42.00 USD", "credit": "0.00 USD",
            "resolution": "refund", "free_return_shipping": True})
    return ids
