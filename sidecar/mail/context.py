"""What sending needs besides the message: settings, the store's brand, languages, links and mailers.

One MailContext lives as long as its worker process; everything it reads from the store is cached
briefly (settings for Store's SETTINGS_TTL_S, the rest for CACHE_S), so a batch costs no extra queries.
"""

from __future__ import annotations

import html
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

from ..config import Config
from ..store import Store
from ..ttl_cache import TtlCache
from . import tokens
from .settings import SettingsCache, SmtpServer, smtp_server
from .smtp import Mailer

CACHE_S = 60.0


@dataclass(frozen=True)
class Brand:
    name: str
    store_url: str | None  # ends with "/"; None when unknown (no REBOUND_STORE_URL for store 0)
    logo_url: str | None
    color: str
    from_email: str
    from_name: str
    reply_to: str
    host: str  # for Message-IDs and EHLO


class MailContext:
    def __init__(self, config: Config, store: Store) -> None:
        self.config = config
        self.store = store
        self.settings = SettingsCache(store)
        self._cache = TtlCache(CACHE_S)
        self._mailers: dict[tuple[Any, ...], Mailer] = {}
        self._lock = threading.Lock()

    # -- the store -------------------------------------------------------------------------------------------

    def store_url(self, store_id: int) -> str | None:
        def load() -> str | None:
            if store_id == 0:  # store 0's URL lives in OpenCart's config.php, not the database
                url = self.config.store_url
            else:
                row = self.store.db.query_one("SELECT url FROM `{p}store` WHERE store_id = %s", (store_id,))
                url = html.unescape(row["url"]) if row and row["url"] else self.config.store_url
            return url if not url or url.endswith("/") else url + "/"

        return self._cache.get_or_load(("url", store_id), load)

    def brand(self, store_id: int) -> Brand:
        settings = self.settings.get(store_id)
        s = self.store
        name = s.setting("config_name", store_id) or "Our store"
        url = self.store_url(store_id)
        logo = s.setting("config_logo", store_id) or ""
        email = settings["from_email"] or s.setting("config_email", store_id) or "no-reply@localhost"
        return Brand(
            name=name, store_url=url, logo_url=f"{url}image/{logo}" if url and logo else None,
            color=settings["brand_color"], from_email=email, from_name=settings["from_name"] or name,
            reply_to=settings["reply_to"], host=(urlsplit(url).hostname if url else None) or "localhost",
        )

    def owner(self, store_id: int) -> tuple[str, int]:
        """The owner's address (Rebound's setting, else the store's alert emails, else its email) and the
        admin language's id."""
        settings = self.settings.get(store_id)
        alerts = [a.strip() for a in str(self.store.setting("config_mail_alert_email", store_id) or "").split(",")]
        address = settings["owner_email"] or next((a for a in alerts if a), "") or \
            self.store.setting("config_email", store_id) or ""
        code = self.store.setting("config_language_admin", store_id) or None
        return address, self.store.language_id(code)

    def language_code(self, language_id: int) -> str | None:
        codes = self._cache.get_or_load("languages", lambda: {
            int(r["language_id"]): r["code"] for r in self.store.db.query("SELECT language_id, code FROM `{p}language`")})
        return codes.get(language_id) or self.store.setting("config_language_catalog") or \
            self.store.setting("config_language")

    # -- links -----------------------------------------------------------------------------------------------

    def link(self, store_id: int, route: str, **params: Any) -> str | None:
        url = self.store_url(store_id)
        if not url:
            return None
        query = urlencode({"route": route, **{k: v for k, v in params.items() if v not in (None, "")}}, safe="/")
        return f"{url}index.php?{query}"

    def token(self, purpose: str, email_id: int, address: str) -> str | None:
        return tokens.make(self.config.secret, purpose, email_id, address) if self.config.secret else None

    def tracking_token(self, reference: str, email: str) -> str | None:
        return tokens.tracking(self.config.secret, reference, email) if self.config.secret else None

    def links_ready(self, store_id: int) -> str | None:
        """Why unsubscribe and survey links cannot be made, or None when they can."""
        if not self.config.secret:
            return "REBOUND_SECRET is not set: unsubscribe and survey links cannot be signed"
        if not self.store_url(store_id):
            return "REBOUND_STORE_URL is not set: links to the store cannot be made"
        return None

    # -- sending ---------------------------------------------------------------------------------------------

    def smtp(self, store_id: int) -> SmtpServer:
        timeout = self.settings.get(0)["delivery"]["timeout_seconds"]
        return self._cache.get_or_load(("smtp", store_id, timeout), lambda: smtp_server(self.config, self.store, store_id, timeout))

    def mailer(self, store_id: int, slot: int = 0) -> Mailer | str:
        """The mailer (one connection) number `slot` for this store's server, or why there is none."""
        server = self.smtp(store_id)
        if server.url is None:
            return server.problem or "no SMTP server"
        key = (server.url, server.timeout, slot)
        with self._lock:
            if key not in self._mailers:
                self._mailers[key] = Mailer(server.url, server.timeout, self.brand(store_id).host)
            return self._mailers[key]

    def close(self) -> None:
        with self._lock:
            for mailer in self._mailers.values():
                mailer.close()
            self._mailers.clear()
