"""The demo's mail sink: real SMTP in, real HTTP out; each message opens as its HTML part, with the text part,
headers and source a click away, and nothing of a message's markup runs on the sink's own page."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage
from pathlib import Path

import requests

from sidecar.demo_sink import mail_sink, page


def _send(port: int, message: EmailMessage) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=5) as client:
        client.send_message(message)


def _review_request() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Your Store <no-reply@example.com>"
    message["To"] = "Ann Lee <ann@example.com>"
    message["Subject"] = "How do you like your order? Tee & <Co>"
    message["X-Rebound-Kind"] = "review_request"
    message["Date"] = "Thu, 26 Nov 2026 10:00:00 +0000"
    message.set_content("Hello Ann,\nHow do you like the Tee?\n")
    message.add_alternative('<html><body><h1 style="color:#0a0">Hello Ann</h1><p>How do you like the Tee?</p>'
                            '<script>alert(1)</script></body></html>', subtype="html")
    return message


def _plain_only() -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Shop <no-reply@example.com>"
    message["To"] = "owner@example.com"
    message["Subject"] = "Rebound demo is running for <Shop>"
    message["Date"] = "Fri, 27 Nov 2026 09:00:00 +0000"  # a later Date: the list still goes by arrival
    message.set_content("The sidecar answers.\n<b>not markup</b>\n")
    return message


def test_each_message_opens_as_its_html_part_with_the_rest_a_click_away(tmp_path: Path) -> None:
    with mail_sink(tmp_path / "mail") as (smtp_port, http_port):
        base = f"http://127.0.0.1:{http_port}"
        assert "No mail yet" in requests.get(base + "/", timeout=5).text
        _send(smtp_port, _plain_only())
        _send(smtp_port, _review_request())

        index = requests.get(base + "/", timeout=5)
        assert index.headers["Content-Type"] == "text/html; charset=utf-8"
        assert "How do you like your order? Tee &amp; &lt;Co&gt;" in index.text
        assert index.text.index("How do you like") < index.text.index("Rebound demo is running"), "newest first"
        assert "<td>review_request</td>" in index.text
        keys = sorted(p.name for p in (tmp_path / "mail" / "new").iterdir())
        review_key = next(k for k in keys if b"How do you like" in (tmp_path / "mail" / "new" / k).read_bytes())
        plain_key = next(k for k in keys if k != review_key)

        shown = requests.get(f"{base}/{review_key}", timeout=5)
        assert shown.status_code == 200 and shown.headers["Content-Type"].startswith("text/html")
        assert "Ann Lee &lt;ann@example.com&gt;" in shown.text  # the headers, escaped
        assert f'<iframe src="/{review_key}/html" sandbox=' in shown.text
        assert "<script>" not in shown.text, "the message's markup is only ever in the sandboxed frame"
        for view in ("text", "headers", "source"):
            assert f'href="/{review_key}/{view}"' in shown.text

        html_part = requests.get(f"{base}/{review_key}/html", timeout=5)
        assert html_part.headers["Content-Type"] == "text/html; charset=utf-8"
        assert html_part.headers["Content-Security-Policy"].startswith("sandbox")
        assert '<h1 style="color:#0a0">Hello Ann</h1>' in html_part.text
        text_part = requests.get(f"{base}/{review_key}/text", timeout=5)
        assert text_part.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert text_part.text == "Hello Ann,\nHow do you like the Tee?\n"
        headers = requests.get(f"{base}/{review_key}/headers", timeout=5).text
        assert "Subject: How do you like your order? Tee & <Co>\n" in headers
        source = requests.get(f"{base}/{review_key}/source", timeout=5)
        assert source.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert b"multipart/alternative" in source.content

        plain = requests.get(f"{base}/{plain_key}", timeout=5)
        assert "<pre>The sidecar answers.\n&lt;b&gt;not markup&lt;/b&gt;\n</pre>" in plain.text
        assert "<iframe" not in plain.text
        assert requests.get(f"{base}/{plain_key}/html", timeout=5).status_code == 404

        for bad in ("/nope", f"/{review_key}/pdf", f"/{review_key}/html/x", "/../etc/passwd"):
            answer = requests.get(base + bad, timeout=5)
            assert answer.status_code == 404, bad
            assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_an_empty_sink_lists_nothing(tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "cur").mkdir()
    (tmp_path / "tmp").mkdir()
    answer = page(tmp_path, "/")
    assert answer.status == 200 and b"No mail yet" in answer.body and b"0 messages" in answer.body
