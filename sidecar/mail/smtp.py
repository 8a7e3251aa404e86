"""The one SMTP adapter: every message Rebound sends goes through `Mailer.send`.

A Mailer keeps one connection open between messages (and ticks) and reconnects when the server has
dropped it. `send` drives MAIL, RCPT and DATA itself rather than through smtplib.sendmail, for two
reasons: a reply is classified by the stage it answers (a 5xx to RCPT means the mailbox is gone; a 5xx to
MAIL FROM is our configuration's fault, not the recipient's), and the caller gets a hook, `on_data`, after
the server's 354 and just before the message is handed over: the outbox records there that this attempt
may deliver, which is how a crash between the server's 250 and the outbox's "sent" is counted.

Outcomes: sent; retry (4xx, timeouts, refused or dropped connections, a 5xx to MAIL FROM, DATA or the
login: our setup, not the recipient); bounce (a 5xx to RCPT, or after DATA with a 5.1.x/5.2.1/5.2.2
mailbox status: suppress the address); failed (any other 5xx after DATA, e.g. content refused: this
message is not retried, the address is kept); aborted (on_data said no).
`uncertain` marks a failure after the hand-over: the server may have accepted the message.
"""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from ..config import SmtpUrl

IDLE_RECONNECT_S = 60  # servers drop idle clients (often after 60-300 s): start afresh rather than fail
_LEADING_DOT = re.compile(rb"(?m)^\.")
_MAILBOX_STATUS = re.compile(r"\b5\.(1\.\d+|2\.[12])\b")  # enhanced codes about the mailbox itself


@dataclass(frozen=True)
class Outcome:
    status: str  # sent | retry | bounce | failed | aborted
    code: int | None = None
    detail: str = ""
    uncertain: bool = False

    @property
    def error(self) -> str:
        return f"{self.code} {self.detail}".strip() if self.code else self.detail


class _Reply(Exception):
    def __init__(self, stage: str, code: int, text: str) -> None:
        super().__init__(f"{stage}: {code} {text}")
        self.stage, self.code, self.text = stage, code, text


def classify(stage: str, code: int, text: str) -> Outcome:
    detail = f"{stage}: {text}"[:240]
    if 400 <= code < 500:
        return Outcome("retry", code, detail)
    about_recipient = stage == "rcpt" or (stage == "data-end" and bool(_MAILBOX_STATUS.search(text)))
    if 500 <= code < 600 and about_recipient:
        return Outcome("bounce", code, detail)
    if 500 <= code < 600 and stage == "data-end":
        return Outcome("failed", code, detail)  # content refused: permanent for this message, address kept
    return Outcome("retry", code, detail)  # MAIL FROM, DATA or auth refused: our setup, not the recipient


def wire_format(raw: bytes) -> bytes:
    """The DATA payload: CRLF line ends, leading dots doubled, the terminating dot line."""
    data = re.sub(rb"\r?\n", b"\r\n", raw)
    data = _LEADING_DOT.sub(b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    return data + b".\r\n"


class Mailer:
    def __init__(self, server: SmtpUrl, timeout: float = 10.0, local_hostname: str = "localhost") -> None:
        self.server = server
        self.timeout = timeout
        self.local_hostname = local_hostname
        self._client: smtplib.SMTP | None = None
        self._last_used = 0.0

    # -- the connection -----------------------------------------------------------------------------------

    def _connect(self) -> smtplib.SMTP:
        s = self.server
        if s.security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, local_hostname=self.local_hostname,
                                                    timeout=self.timeout, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(s.host, s.port, local_hostname=self.local_hostname, timeout=self.timeout)
        try:
            client.ehlo()
            if s.security == "starttls":
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if s.user:
                client.login(s.user, s.password or "")
        except BaseException:
            _close(client)
            raise
        return client

    def close(self) -> None:
        if self._client is not None:
            try:
                self._client.quit()
            except (OSError, smtplib.SMTPException):
                pass
            _close(self._client)
        self._client = None

    def drop(self) -> None:
        """Abandon the connection without QUIT: a half-sent DATA is then discarded by the server."""
        if self._client is not None:
            _close(self._client)
        self._client = None

    def check(self) -> None:
        """Connect (and log in) once, for `rebound doctor`; raises what connecting raises."""
        self.drop()
        self._client = self._connect()
        self._client.noop()
        self.close()

    # -- one message -----------------------------------------------------------------------------------------

    def send(self, raw: bytes, sender: str, recipient: str, on_data: Callable[[], bool] = lambda: True) -> Outcome:
        fresh = self._client is None or time.monotonic() - self._last_used > IDLE_RECONNECT_S
        for attempt in range(2):
            if fresh and self._client is not None:
                self.close()
            handed = False
            try:
                if self._client is None:
                    self._client = self._connect()
                client = self._client
                self._expect(client.mail(sender), "mail", (250,))
                self._expect(client.rcpt(recipient), "rcpt", (250, 251))
                client.putcmd("data")
                self._expect(client.getreply(), "data", (354,))
                if not on_data():
                    self.drop()
                    return Outcome("aborted", detail="not handed over")
                handed = True
                client.send(wire_format(raw))
                self._expect(client.getreply(), "data-end", (250,))
                self._last_used = time.monotonic()
                return Outcome("sent", 250)
            except _Reply as reply:
                if reply.code == 421 or reply.stage == "data-end":
                    self.drop()  # 421: the server is closing; after DATA the session is finished either way
                else:
                    self._reset()
                return classify(reply.stage, reply.code, reply.text)
            except smtplib.SMTPAuthenticationError as exc:
                self.drop()
                return Outcome("retry", exc.smtp_code, f"login refused: {_text(exc.smtp_error)}"[:240])
            except (OSError, smtplib.SMTPException) as exc:
                self.drop()
                # A kept connection the server had closed: nothing was delivered; try once on a new one.
                if not handed and not fresh and attempt == 0:
                    fresh = True
                    continue
                return Outcome("retry", None, f"{type(exc).__name__}: {exc}"[:240], uncertain=handed)
        raise AssertionError("unreachable")

    def _reset(self) -> None:
        try:
            assert self._client is not None
            self._client.rset()
            self._last_used = time.monotonic()
        except (OSError, smtplib.SMTPException, AssertionError):
            self.drop()

    @staticmethod
    def _expect(reply: tuple[int, bytes], stage: str, good: tuple[int, ...]) -> None:
        code, text = reply
        if code not in good:
            raise _Reply(stage, code, _text(text))


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _close(client: smtplib.SMTP) -> None:
    try:
        client.close()
    except OSError:
        pass
    sock = getattr(client, "sock", None)
    if isinstance(sock, socket.socket):
        sock.close()
