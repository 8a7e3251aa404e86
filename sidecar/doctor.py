"""`rebound doctor`: checks an installation end to end and says exactly what is wrong.

Also the single source of the minimum GRANTs the sidecar's MySQL user needs (DESIGN.md, Data ownership):
`rebound doctor --grants` prints them as statements for the operator to run.
"""

from __future__ import annotations

import re
import smtplib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .config import Config
from .db import Database
from .errors import ReboundError
from .health import readiness
from .migrate import VERSION_TABLE, migrations

# OpenCart tables the sidecar writes, each as OpenCart itself would; it reads everything else.
CORE_WRITES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("return", "INSERT, UPDATE", ()),
    ("return_history", "INSERT", ()),
    ("customer_transaction", "INSERT", ()),
    ("review", "UPDATE", ("status", "date_modified")),
    ("product", "UPDATE", ("rating", "date_modified")),  # as OpenCart's admin: the rating with the date
)
OWN_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE, CREATE, ALTER, INDEX, DROP"  # DROP: mirrors are rebuilt


def rebound_tables() -> list[str]:
    names = re.findall(r"CREATE TABLE IF NOT EXISTS `\{p\}(rebound_\w+)`", VERSION_TABLE)
    for migration in migrations():
        names += re.findall(r"CREATE TABLE IF NOT EXISTS `\{p\}(rebound_\w+)`", migration.sql)
    return list(dict.fromkeys(names))


def grant_statements(database: str, prefix: str, user: str = "'rebound'@'%'") -> list[str]:
    """The minimum GRANTs, in the order an operator would run them."""
    lines = [f"GRANT SELECT ON `{database}`.* TO {user};"]
    for table, privileges, columns in CORE_WRITES:
        if columns:
            cols = ", ".join(f"`{c}`" for c in columns)
            privileges = ", ".join(f"{p.strip()} ({cols})" for p in privileges.split(","))
        lines.append(f"GRANT {privileges} ON `{database}`.`{prefix}{table}` TO {user};")
    for table in rebound_tables():
        lines.append(f"GRANT {OWN_PRIVILEGES} ON `{database}`.`{prefix}{table}` TO {user};")
    return lines


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _privileges(db: Database) -> list[dict[str, Any]]:
    """Every grant line of the current user, from SHOW GRANTS (roles and wildcards included)."""
    return db.query("SHOW GRANTS FOR CURRENT_USER()")


def _grant_covers(grants: list[str], privilege: str, database: str, table: str, column: str | None) -> bool:
    for grant in grants:
        match = re.match(r"GRANT (.+?) ON (\S+) TO ", grant)
        if not match:
            continue
        privs, target = match[1].upper(), match[2].replace("`", "")
        db_part, _, table_part = target.partition(".")
        if db_part not in ("*", database) and not re.fullmatch(
            db_part.replace("\\_", "_").replace("%", ".*").replace("_", "."), database
        ):
            continue
        if table_part not in ("*", table):
            continue
        if "ALL PRIVILEGES" in privs:
            return True
        for held in (p.strip() for p in re.split(r",(?![^(]*\))", privs)):
            name, _, cols = held.partition(" (")
            if name.strip() == privilege and (not cols or (column and column.upper() in cols.upper())):
                return True
    return False


def missing_grants(db: Database) -> list[str]:
    grants = [next(iter(row.values())) for row in _privileges(db)]
    database, prefix = db.url.database, db.prefix
    wanted: list[tuple[str, str, str | None]] = [("SELECT", f"{prefix}order", None)]
    for table, privileges, columns in CORE_WRITES:
        for p in privileges.split(","):
            for column in columns or (None,):
                wanted.append((p.strip(), prefix + table, column))
    for table in rebound_tables():
        wanted += [(p.strip(), prefix + table, None) for p in OWN_PRIVILEGES.split(",")]
    return [
        f"{p} on {t}" + (f" ({c})" if c else "")
        for p, t, c in wanted
        if not _grant_covers(grants, p, database, t, c)
    ]


def run_checks(config: Config, db: Database) -> Iterator[Check]:
    yield Check("config", True, f"database {config.db_url}, prefix {config.db_prefix!r}")
    try:
        version = db.query_one("SELECT VERSION() AS v")["v"]  # type: ignore[index]
    except ReboundError as exc:
        yield Check("database", False, exc.message)
        return
    yield Check("database", True, f"server {version}")

    missing = missing_grants(db)
    yield Check(
        "grants",
        not missing,
        "all needed privileges held" if not missing else "missing: " + "; ".join(missing)
        + " (run `rebound doctor --grants` for the statements)",
    )

    ready, checks = readiness(db)
    for name in ("schema", "worker"):
        c = checks.get(name, {"ok": False, "message": "not checked"})
        yield Check(name, c["ok"], c.get("message", "ok"))

    settings = {
        r["key"]: r["value"]
        for r in db.query("SELECT `key`, `value` FROM `{p}setting` WHERE code = 'module_rebound' AND store_id = 0")
    }
    yield Check(
        "extension",
        bool(settings),
        "Rebound's settings found in the store" if settings
        else "no module_rebound settings: install Rebound from the store's admin (Extensions > Modules)",
    )
    yield secret_check(config, settings)
    yield links_check(config)
    yield smtp_check(config, db)


def secret_check(config: Config, settings: dict[str, Any]) -> Check:
    """REBOUND_SECRET (or REBOUND_SECRET_PREVIOUS) is the secret the store signs with; never prints either."""
    if not config.secret:
        return Check("secret", False, "REBOUND_SECRET is not set: `rebound serve` does not start without it, and the "
                     "worker cannot sign the links in email; copy the export line from Rebound's settings page")
    current = str(settings.get("module_rebound_secret") or "").strip()
    if not current:
        return Check("secret", False, "the store has no Rebound secret yet: install Rebound in the store first")
    if current in config.secrets:
        return Check("secret", True, "REBOUND_SECRET matches the secret in the store's Rebound settings")
    return Check("secret", False, "REBOUND_SECRET is not the secret in the store's Rebound settings (rotated, or "
                 "Rebound reinstalled?): the store's requests will be refused; Rotate secret on Rebound's settings "
                 "page shows a new export line")


def links_check(config: Config) -> Check:
    """Email links to the store (tracking, reviews, unsubscribe, surveys) need store 0's public address."""
    if config.store_url:
        return Check("links", True, f"links in email point at {config.store_url}")
    return Check("links", False, "REBOUND_STORE_URL is not set: emails cannot link to the store, so review requests "
                 "and surveys are held back (they need an unsubscribe link) and return emails have no tracking link")


def smtp_check(config: Config, db: Database) -> Check:
    """REBOUND_SMTP_URL, else the store's own mail settings: usable, and the server answers (and logs in)."""
    from .mail.settings import smtp_server
    from .mail.smtp import Mailer
    from .store import Store

    try:
        server = smtp_server(config, Store(db))
    except ReboundError as exc:
        return Check("smtp", False, exc.message)
    if server.url is None:
        return Check("smtp", False, server.problem or "no SMTP server")
    try:
        Mailer(server.url, min(server.timeout, 5.0)).check()
        return Check("smtp", True, f"{_smtp_text(server)}: answers{' and logs in' if server.url.user else ''}")
    except (OSError, smtplib.SMTPException) as exc:
        return Check("smtp", False, f"{_smtp_text(server)}: {exc}")


def _smtp_text(server: Any) -> str:
    """What mail goes through, never the password: server, security, login, timeout, where that came from."""
    url = server.url
    source = "from the store's System > Settings > Mail" if server.source == "store" else f"from {server.source}"
    login = f", login {url.user}" if url.user else ", no login"
    return f"{url}{login}, timeout {server.timeout:g} s ({source})"
