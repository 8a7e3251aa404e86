"""The demo's mail sink: an SMTP server saving every message into a Maildir, and a page on which each message
opens as its recipient would see it (its HTML part), with its text part, headers and source a click away.

`page()` answers one GET from the Maildir alone (no state), so it is tested without a server.
"""

from __future__ import annotations

import email
import email.policy
import email.utils
import http.server
import mailbox
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from html import escape
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox

from . import devdb

HTML = "text/html; charset=utf-8"
TEXT = "text/plain; charset=utf-8"
# The HTML part is the sender's markup: shown in a sandboxed frame, and sandboxed again by its own header.
PART_CSP = "sandbox allow-popups allow-popups-to-escape-sandbox; script-src 'none'; object-src 'none'"
VIEWS = ("html", "text", "headers", "source")

STYLE = """body{font:15px/1.4 system-ui,sans-serif;margin:0;color:#1f2328}
header{padding:12px 20px;background:#f6f8fa;border-bottom:1px solid #d0d7de}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:8px 0}dt{color:#59636e}dd{margin:0}
nav a,nav b{margin-right:14px}main{padding:0 20px}table{border-collapse:collapse;width:100%}
td,th{text-align:left;padding:6px 10px;border-bottom:1px solid #eaeef2}
iframe{border:0;width:100%;height:calc(100vh - 170px);min-height:480px}pre{white-space:pre-wrap;padding:16px 20px}"""


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


def _part(message: EmailMessage, subtype: str) -> str | None:
    part = message.get_body(preferencelist=(subtype,))
    if part is None or part.get_content_type() != f"text/{subtype}":
        return None
    return str(part.get_content())


def _arrival(key: str, message: EmailMessage) -> tuple[float, int]:
    """When the sink got the message: the Maildir key starts with the second and microsecond of delivery
    (the Date header has seconds only, and a message may have none); else the Date header."""
    match = re.match(r"(\d+)\.M(\d+)P", key)
    if match:
        return float(match[1]), int(match[2])
    try:
        return email.utils.parsedate_to_datetime(str(message["Date"])).timestamp(), 0
    except (TypeError, ValueError):
        return 0.0, 0


def _document(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><title>{escape(title)}</title>'
            f"<style>{STYLE}</style>{body}</html>").encode()


def _index(box: mailbox.Maildir) -> Answer:
    messages = sorted(((key, _parse(box.get_bytes(key))) for key in box.keys()),
                      key=lambda item: _arrival(*item), reverse=True)
    rows = "".join(
        f'<tr><td><a href="/{escape(key)}">{escape(str(m["Subject"] or "(no subject)"))}</a></td>'
        f'<td>{escape(str(m["X-Rebound-Kind"] or ""))}</td>'
        f'<td>{escape(str(m["To"] or ""))}</td><td>{escape(str(m["Date"] or ""))}</td></tr>'
        for key, m in messages
    )
    body = (f"<header><h1>Rebound demo mail</h1>{len(messages)} messages, newest first; each opens as its "
            "recipient sees it.</header><main><table><tr><th>Subject</th><th>Kind</th><th>To</th><th>Date</th></tr>"
            f"{rows or '<tr><td colspan=4>No mail yet</td></tr>'}</table></main>")
    return Answer(200, HTML, _document("Rebound demo mail", body))


def _message(key: str, message: EmailMessage) -> Answer:
    html_part, text_part = _part(message, "html"), _part(message, "plain")
    fields = "".join(f"<dt>{name}</dt><dd>{escape(str(message[name]))}</dd>"
                     for name in ("From", "To", "Subject", "Date") if message[name])
    links = [f'<a href="/{escape(key)}/text">Text part</a>' if text_part is not None else "",
             f'<a href="/{escape(key)}/headers">All headers</a>', f'<a href="/{escape(key)}/source">Source</a>']
    shown = "<b>HTML</b>" if html_part is not None else "<b>Text</b>"
    view = (f'<iframe src="/{escape(key)}/html" sandbox="allow-popups allow-popups-to-escape-sandbox" '
            'title="The email as its recipient sees it"></iframe>' if html_part is not None
            else f"<pre>{escape(text_part or '')}</pre>")
    body = (f'<header><a href="/">← All mail</a><dl>{fields}</dl><nav>{shown}{"".join(links)}</nav></header>'
            f"{view}")
    return Answer(200, HTML, _document(str(message["Subject"] or "Message"), body))


def page(folder: Path, path: str) -> Answer:
    """The answer to GET `path`: `/` lists the messages; `/<key>` shows one (headers, then its HTML part
    framed, or its text part when it has no HTML); `/<key>/html|text|headers|source` give the pieces."""
    box = mailbox.Maildir(str(folder), create=False)
    parts = path.split("?", 1)[0].strip("/").split("/")
    key, view = parts[0], parts[1] if len(parts) > 1 else ""
    if not key:
        return _index(box)
    if len(parts) > 2 or (view and view not in VIEWS) or key not in box:
        return Answer(404, TEXT, b"No such message in the demo's mail sink.\n")
    raw = box.get_bytes(key)
    message = _parse(raw)
    if not view:
        return _message(key, message)
    if view == "source":
        return Answer(200, TEXT, raw)
    if view == "headers":
        return Answer(200, TEXT, "".join(f"{name}: {value}\n" for name, value in message.items()).encode())
    content = _part(message, "html" if view == "html" else "plain")
    if content is None:
        return Answer(404, TEXT, f"This message has no {view} part.\n".encode())
    if view == "html":
        return Answer(200, HTML, content.encode(), {"Content-Security-Policy": PART_CSP})
    return Answer(200, TEXT, content.encode())


@contextmanager
def mail_sink(folder: Path) -> Iterator[tuple[int, int]]:
    """An SMTP server saving every message into a Maildir, and the page showing them: (smtp, http) ports."""
    controller = Controller(Mailbox(str(folder)), hostname="127.0.0.1", port=devdb.free_port())
    controller.start()

    class Page(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            answer = page(folder, self.path)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("X-Content-Type-Options", "nosniff")
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", devdb.free_port()), Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield controller.port, server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        controller.stop()
