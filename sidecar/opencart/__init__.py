"""Rebound's own copy of the OpenCart 4.1.0.4 tables it uses, for development, tests and demo stores.

`schema.sql` creates the tables (IF NOT EXISTS) and `seed.sql` adds the rows a fresh store has; both are
idempotent, so `load` can run on every start of a demo. Never point this at a real store's database.
"""

from __future__ import annotations

from importlib import resources

import pymysql

from ..db import Database, split_sql

SQL_FILES = ("schema.sql", "seed.sql")


def sql_text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def load_schema(conn: pymysql.connections.Connection, prefix: str) -> None:
    """Create the tables and seed rows through an open connection (autocommit or not)."""
    with conn.cursor() as cur:
        for name in SQL_FILES:
            for statement in split_sql(sql_text(name)):
                cur.execute(statement.replace("{p}", prefix))
    if not conn.get_autocommit():
        conn.commit()


def load(db: Database) -> None:
    """Create the tables and seed rows in the database `db` points at."""
    conn = db.connect()
    try:
        load_schema(conn, db.prefix)
    finally:
        conn.close()
