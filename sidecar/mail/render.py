"""A queued message as a MIME email: multipart text + HTML, in the customer's language, with the store's
name, logo and colour, and the headers each kind needs.

Headers that carry outside text are built only through email.headerregistry: names and subjects are
folded (address.fold) and addresses go through Address objects, so no value can start a header of its
own; the few Rebound writes itself (Date, Message-ID, List-Unsubscribe…) are checked to be one ASCII line. Non-transactional kinds
get RFC 8058 one-click unsubscribe (`List-Unsubscribe` + `List-Unsubscribe-Post`), pointing at the store.
The Message-ID is fixed per outbox row: a retried message is recognisably the same message.
"""

from __future__ import annotations

import email.policy
import re
from datetime import datetime, timezone
from email.headerregistry import Address
from email.message import EmailMessage, MIMEPart
from functools import lru_cache
from email.utils import format_datetime
from html import escape
from string import Template
from typing import Any

from . import templates
from .address import ascii_address, fold
from .context import Brand, MailContext
from .kinds import KINDS, SCALES
from .outbox import Email

# Header lines up to RFC 5322's 998 characters: a List-Unsubscribe URL must not be folded or encoded.
POLICY = email.policy.SMTP.clone(max_line_length=998)
UNSUBSCRIBE_ROUTE = "extension/rebound/module/rebound.unsubscribe"
SURVEY_ROUTE = "extension/rebound/module/rebound.survey"


class RenderError(Exception):
    """The message cannot be built (the store's From address is unusable)."""


def _sub(text: str, values: dict[str, str]) -> str:
    return Template(text).safe_substitute(values)


def values_for(brand: Brand, data: dict[str, Any], common: dict[str, str]) -> dict[str, str]:
    """Everything a template may name, as text: the data's scalars plus the store's name."""
    values = {k: str(v) for k, v in data.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
    values["store"] = brand.name
    values["first_name"] = fold(str(data.get("first_name") or ""), 64)
    values["shipping"] = common["shipping_free"] if data.get("free_return_shipping") else common["shipping_paid"]
    return values


def links(ctx: MailContext, email: Email, language: str | None) -> dict[str, Any]:
    """The unsubscribe link (non-transactional kinds) and a survey's score links, all to the store."""
    kind = KINDS[email.kind]
    found: dict[str, Any] = {}
    if not kind.transactional:
        token = ctx.token("unsubscribe", email.email_id, email.recipient)
        found["unsubscribe"] = ctx.link(email.store_id, UNSUBSCRIBE_ROUTE, language=language, token=token)
    if kind.survey:
        token = ctx.token(kind.survey, email.email_id, email.recipient)
        found["scale"] = [(n, ctx.link(email.store_id, SURVEY_ROUTE, language=language, token=token, score=n))
                          for n in SCALES[kind.survey]]
    return found


def render(ctx: MailContext, email: Email, data: dict[str, Any], now: datetime | None = None,
           subject_line: str | None = None) -> EmailMessage:
    """The message; `subject_line` (the admin preview's line as typed, not yet saved) replaces the setting's."""
    kind = KINDS[email.kind]
    code = ctx.language_code(email.language_id)
    language = templates.language_of(code)
    text, common = templates.message(code, email.kind), templates.common(code)
    settings = ctx.settings.get(email.store_id)
    brand = ctx.brand(email.store_id)
    values = values_for(brand, {"order_id": email.order_id or "", **data,
                                "first_name": data.get("first_name") or email.recipient_name}, common)
    subject = subject_line or settings["subjects"].get(language, {}).get(email.kind) or text["subject"]
    found = links(ctx, email, code)
    button = None
    if text.get("button"):
        label, key = text["button"]
        target = data.get(key) or (brand.store_url if key == "store_url" else None)
        button = (label, target) if target else None
    body = _body(text, common, kind, values, button)  # the text part's words
    html_body = _body(text, common, kind, {k: escape(v) for k, v in values.items()}, button)  # the HTML's

    message = EmailMessage(policy=POLICY)
    # Headers that carry outside text (names, subjects, addresses) go through the header registry, which
    # encodes and folds them; the store's From is parsed once per sender and reused.
    for name, header in _sender_headers(brand):
        message.set_raw(name, header)
    message["To"] = Address(display_name=fold(email.recipient_name, 64), addr_spec=ascii_address(email.recipient))
    message["Subject"] = fold(_sub(subject, values), 200)
    subject_text = str(message["Subject"])
    # Headers Rebound writes itself are ASCII without line breaks (checked): stored as they are.
    created = int(email.created_at.replace(tzinfo=timezone.utc).timestamp())
    own = [("Date", format_datetime(now or datetime.now(timezone.utc))),
           ("Message-ID", f"<rebound.{email.email_id}.{created}@{brand.host}>"),
           ("X-Rebound-Kind", email.kind), ("MIME-Version", "1.0")]
    if kind.audience == "owner":
        own.append(("Auto-Submitted", "auto-generated"))
    if found.get("unsubscribe"):
        own += [("List-Unsubscribe", f"<{found['unsubscribe']}>"),
                ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")]
    for name, value in own:
        if not value.isascii() or _BREAKS.search(value):
            raise RenderError(f"unsafe {name} header: {value!r}")
        message.set_raw(name, value)
    message.make_alternative()
    for content, subtype in ((plain(body, data, found, common), "plain"),
                             (html(brand, subject_text, language, html_body, data, found, common), "html")):
        part = MIMEPart(policy=POLICY)
        part.set_content(content, subtype=subtype, charset="utf-8")
        message.attach(part)
    return message


_BREAKS = re.compile(r"[\r\n\x00]")


@lru_cache(maxsize=64)
def _sender_headers(brand: Brand) -> tuple[tuple[str, str], ...]:
    """From (and Reply-To) built through the registry once per sender, kept as their folded wire text."""
    try:
        headers = [("From", Address(display_name=fold(brand.from_name, 64), addr_spec=ascii_address(brand.from_email)))]
        if brand.reply_to:
            headers.append(("Reply-To", Address(addr_spec=ascii_address(brand.reply_to))))
    except (ValueError, IndexError, UnicodeError) as exc:
        raise RenderError(f"the From address {brand.from_email!r} is unusable: {exc}") from None
    folded = []
    for name, address in headers:
        text = POLICY.fold(name, POLICY.header_factory(name, address))
        folded.append((name, text[len(name) + 2:].rstrip("\r\n")))
    return tuple(folded)


def _body(text: dict[str, Any], common: dict[str, str], kind: Any, values: dict[str, str],
          button: tuple[str, str] | None) -> dict[str, Any]:
    greeting = common["greeting"] if values["first_name"] else common["greeting_anonymous"]
    return {
        "heading": _sub(text["heading"], values),
        "greeting": _sub(greeting, values),
        "paragraphs": [p for p in (_sub(p, values) for p in text["paragraphs"]) if p.strip()],
        "button": button,
        "footer": _sub(common[_footer(kind)], values),
        "signature": _sub(common["signature"], values),
    }


def _footer(kind: Any) -> str:
    if kind.audience == "owner":
        return "footer_owner"
    return "footer_transactional" if kind.transactional else "footer_marketing"


# -- the two bodies ----------------------------------------------------------------------------------------------

def _scale_labels(common: dict[str, str], survey: str) -> tuple[str, str]:
    return common[f"scale_low_{survey}"], common[f"scale_high_{survey}"]


def plain(body: dict[str, Any], data: dict[str, Any], found: dict[str, Any], common: dict[str, str]) -> str:
    out = [body["heading"], "", body["greeting"], ""]
    for p in body["paragraphs"]:
        out += [p, ""]
    if data.get("items"):
        out += [common["items"] + ":"] + [f"- {i['name']} × {i['quantity']}" for i in data["items"]] + [""]
    if data.get("lines"):
        out += [f"- {line}" for line in data["lines"]] + [""]
    for p in data.get("products") or []:
        label = common["review_photos" if p["photo"] else "review_write"]
        out += [p["name"], f"{label}: {p['url'] or ''}", ""]
    if found.get("scale"):
        survey = "nps" if len(found["scale"]) == 11 else "csat"
        low, high = _scale_labels(common, survey)
        out += [f"{n}{' (' + low + ')' if i == 0 else ' (' + high + ')' if i == len(found['scale']) - 1 else ''}: {url}"
                for i, (n, url) in enumerate(found["scale"])] + [""]
    if body["button"]:
        out += [f"{body['button'][0]}: {body['button'][1]}", ""]
    out += [body["signature"], "", "--", body["footer"]]
    if found.get("unsubscribe"):
        out.append(f"{common['unsubscribe']}: {found['unsubscribe']}")
    return "\n".join(out) + "\n"


def _button(label: str, url: str, color: str) -> str:
    return (f'<p style="margin:24px 0"><a href="{escape(url)}" style="background:{color};color:#ffffff;'
            f'text-decoration:none;padding:12px 20px;border-radius:4px;display:inline-block;font-weight:bold">'
            f'{escape(label)}</a></p>')


def html(brand: Brand, subject: str, language: str, body: dict[str, Any], data: dict[str, Any],
         found: dict[str, Any], common: dict[str, str]) -> str:
    c = brand.color
    head = (f'<img src="{escape(brand.logo_url)}" alt="{escape(brand.name)}" style="max-height:48px;border:0">'
            if brand.logo_url else f'<span style="color:#ffffff;font-size:20px;font-weight:bold">{escape(brand.name)}</span>')
    parts = [f'<h1 style="font-size:22px;margin:0 0 16px">{body["heading"]}</h1>', f'<p>{body["greeting"]}</p>']
    parts += [f"<p>{p}</p>" for p in body["paragraphs"]]
    if data.get("items"):
        rows = "".join(f'<tr><td style="padding:4px 8px 4px 0">{escape(i["name"])}</td>'
                       f'<td style="padding:4px 0">× {escape(str(i["quantity"]))}</td></tr>' for i in data["items"])
        parts.append(f'<p style="margin-bottom:4px"><strong>{escape(common["items"])}</strong></p><table>{rows}</table>')
    if data.get("lines"):
        parts.append("<ul>" + "".join(f"<li>{escape(str(line))}</li>" for line in data["lines"]) + "</ul>")
    for p in data.get("products") or []:
        label = common["review_photos" if p["photo"] else "review_write"]
        parts.append(f'<p style="margin:16px 0 4px"><strong>{escape(p["name"])}</strong></p>'
                     + (_button(label, p["url"], c) if p["url"] else ""))
    if found.get("scale"):
        survey = "nps" if len(found["scale"]) == 11 else "csat"
        low, high = _scale_labels(common, survey)
        # Inline blocks, not a table row: 0–10 wraps onto two lines on a phone instead of widening the email.
        cells = "".join(f'<a href="{escape(url or "")}" style="display:inline-block;min-width:28px;margin:0 4px 6px 0;'
                        f'padding:8px 6px;border:1px solid {c};color:{c};text-decoration:none;text-align:center;'
                        f'border-radius:4px">{n}</a>' for n, url in found["scale"])
        parts.append(f'<p style="margin:16px 0 0">{cells}</p>'
                     f'<p style="font-size:12px;color:#777;margin-top:4px">{escape(low)} … {escape(high)}</p>')
    if body["button"]:
        parts.append(_button(body["button"][0], body["button"][1], c))
    parts.append(f'<p style="color:#555">{body["signature"]}</p>')
    footer = body["footer"]
    if found.get("unsubscribe"):
        footer += f' <a href="{escape(found["unsubscribe"])}" style="color:#777">{escape(common["unsubscribe"])}</a>'
    page = "\n".join([
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">',
        f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(subject)}</title></head>',
        '<body style="margin:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#222;line-height:1.5">',
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7">',
        '<tr><td align="center" style="padding:24px 12px">',
        '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" '
        'style="max-width:600px;background:#ffffff;border-radius:6px">',
        # A logo is made for the store's own white header: it stays on white, under a bar of the brand colour.
        (f'<tr><td style="background:#ffffff;border-top:6px solid {c};border-bottom:1px solid #eeeeee;'
         f'padding:16px 24px;border-radius:6px 6px 0 0">{head}</td></tr>' if brand.logo_url else
         f'<tr><td style="background:{c};padding:16px 24px;border-radius:6px 6px 0 0">{head}</td></tr>'),
        '<tr><td style="padding:24px">', *parts, "</td></tr>",
        f'<tr><td style="padding:16px 24px;font-size:12px;color:#777;border-top:1px solid #eeeeee">{footer}</td></tr>',
        "</table></td></tr></table></body></html>\n",
    ])
    # Short lines and character references for anything beyond ASCII: the part goes out as 7bit,
    # readable as it is and with nothing to encode.
    return page.encode("ascii", "xmlcharrefreplace").decode("ascii")
