"""`rebound migrate`: versioned, idempotent DDL for the rebound_* tables.

Migrations are the numbered files in sidecar/sql/ (`0001_name.sql`), applied in order and recorded in
`rebound_migration`. A server-wide named lock serialises concurrent runs (two deploys at once), and every
statement is itself idempotent, so a run cut short by a crash is finished by the next one.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources

from .db import Database, split_sql
from .errors import ReboundError

log = logging.getLogger(__name__)

LOCK_TIMEOUT_S = 60
FILE_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")

VERSION_TABLE = """
CREATE TABLE IF NOT EXISTS `{p}rebound_migration` (
  `version` INT NOT NULL,
  `name` VARCHAR(128) NOT NULL,
  `applied_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
"""


class MigrationLocked(ReboundError):
    """Another `rebound migrate` has held the migration lock for over a minute."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        return split_sql(self.sql)


def migrations() -> list[Migration]:
    found = []
    for entry in (resources.files("sidecar") / "sql").iterdir():
        match = FILE_RE.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    return sorted(found, key=lambda m: m.version)


LATEST = migrations()[-1].version


def current_version(db: Database) -> int | None:
    """The newest applied migration, or None when Rebound's tables were never created."""
    exists = db.query_one(
        "SELECT 1 AS x FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = %s",
        (f"{db.prefix}rebound_migration",),
    )
    if not exists:
        return None
    row = db.query_one("SELECT MAX(version) AS v FROM `{p}rebound_migration`")
    return row["v"] if row else None


def migrate(db: Database) -> list[Migration]:
    """Apply every pending migration; returns those this call applied (empty when already current)."""
    with db.named_lock("rebound_migrate", timeout=LOCK_TIMEOUT_S) as got:
        if not got:
            raise MigrationLocked()
        db.execute(VERSION_TABLE)
        done = {row["version"] for row in db.query("SELECT version FROM `{p}rebound_migration`")}
        applied = []
        for migration in migrations():
            if migration.version in done:
                continue
            for statement in migration.statements():
                db.execute(statement)
            db.execute(
                "INSERT IGNORE INTO `{p}rebound_migration` (version, name, applied_at) "
                "VALUES (%s, %s, UTC_TIMESTAMP(6))",
                (migration.version, migration.name),
            )
            log.info("migration applied", extra={"version": migration.version, "migration": migration.name})
            applied.append(migration)
        return applied
