"""Configuration, read once from the environment and checked before anything starts.

Each variable is documented in the README. A missing or malformed value raises ConfigError whose message
is one line naming the variable and what it expects; secret values never appear in that line or in repr().
"""

from __future__ import annotations

import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from .errors import ConfigError

PREFIX_RE = re.compile(r"^[a-z0-9_]{0,32}$")
SECRET_RE = re.compile(r"^[0-9a-fA-F]{64}$")
SMTP_SCHEMES = {"smtp": "plain", "smtp+starttls": "starttls", "smtps": "ssl"}


@dataclass(frozen=True)
class DbUrl:
    host: str
    port: int
    user: str
    password: str = field(repr=False)
    database: str

    def __str__(self) -> str:
        """The URL without its password, safe to log."""
        return f"mysql://{self.user}@{self.host}:{self.port}/{self.database}"


@dataclass(frozen=True)
class SmtpUrl:
    host: str
    port: int
    security: str  # plain | starttls | ssl
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    def __str__(self) -> str:
        return f"smtp://{self.host}:{self.port} ({self.security})"


@dataclass(frozen=True)
class Config:
    db_url: DbUrl
    db_prefix: str = "oc_"
    secret: str | None = field(default=None, repr=False)
    secret_previous: str | None = field(default=None, repr=False)
    store_url: str | None = None
    smtp_url: SmtpUrl | None = None
    timezone: str | None = None

    @property
    def secrets(self) -> tuple[str, ...]:
        """Secrets accepted when verifying signatures: the current one first, then the previous."""
        return tuple(s for s in (self.secret, self.secret_previous) if s)


def parse_db_url(value: str, name: str = "REBOUND_DB_URL") -> DbUrl:
    parts = urlsplit(value)
    database = parts.path.lstrip("/")
    try:
        port = parts.port or 3306
    except ValueError:
        port = 0
    if parts.scheme not in ("mysql", "mariadb") or not parts.hostname or not database or not port:
        raise ConfigError(f"{name} must look like mysql://user:password@host:3306/database")
    return DbUrl(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username or "root"),
        password=unquote(parts.password or ""),
        database=unquote(database),
    )


def parse_smtp_url(value: str) -> SmtpUrl:
    parts = urlsplit(value)
    security = SMTP_SCHEMES.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        security = None
    if security is None or not parts.hostname:
        raise ConfigError(
            "REBOUND_SMTP_URL must look like smtp://user:password@host:25 "
            "(or smtp+starttls://… or smtps://…)"
        )
    default_port = {"plain": 25, "starttls": 587, "ssl": 465}[security]
    return SmtpUrl(
        host=parts.hostname,
        port=port or default_port,
        security=security,
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )


def _secret(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    if value and not SECRET_RE.match(value):
        raise ConfigError(f"{name} must be the 64 hexadecimal characters shown in the Rebound admin page")
    return value or None


def load_config(env: Mapping[str, str], *, require: tuple[str, ...] = ()) -> Config:
    """Build the Config from an environment mapping.

    REBOUND_DB_URL is always required; `require` names the other variables a command cannot run without
    (the web service needs REBOUND_SECRET to verify requests, for instance).
    """
    for name in ("REBOUND_DB_URL", *require):
        if not env.get(name, "").strip():
            raise ConfigError(f"{name} is not set; see the README's Configuration section")

    prefix = env.get("REBOUND_DB_PREFIX", "oc_").strip()
    if not PREFIX_RE.match(prefix):
        raise ConfigError("REBOUND_DB_PREFIX may hold only a-z, 0-9 and _ (OpenCart's default is oc_)")

    store_url = env.get("REBOUND_STORE_URL", "").strip() or None
    if store_url and not re.match(r"^https?://[^\s/]+", store_url):
        raise ConfigError("REBOUND_STORE_URL must be the store's address, like https://shop.example.com/")

    timezone = env.get("REBOUND_TIMEZONE", "").strip() or None
    if timezone:
        try:
            zoneinfo.ZoneInfo(timezone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ConfigError(
                f"REBOUND_TIMEZONE must be an IANA time zone name like Europe/Berlin, not {timezone!r}"
            ) from None

    smtp = env.get("REBOUND_SMTP_URL", "").strip()
    return Config(
        db_url=parse_db_url(env["REBOUND_DB_URL"].strip()),
        db_prefix=prefix,
        secret=_secret(env, "REBOUND_SECRET"),
        secret_previous=_secret(env, "REBOUND_SECRET_PREVIOUS"),
        store_url=store_url,
        smtp_url=parse_smtp_url(smtp) if smtp else None,
        timezone=timezone,
    )
