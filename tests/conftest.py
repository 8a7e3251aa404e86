"""Shared fixtures: a real MariaDB server and throwaway databases on it.

The server is found or started by sidecar.devdb: REBOUND_TEST_DB_URL (or REBOUND_DB_URL), else the local
server on 127.0.0.1:3306, else a private mariadbd for this session only.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Callable, Iterator

import pytest

from sidecar.config import DbUrl
from sidecar.db import Database
from sidecar.devdb import ensure_server


def _server_statement(url: DbUrl, sql: str) -> None:
    """Run one statement on the server without selecting a database (it may not exist)."""
    with Database(url).connect(database=False) as conn, conn.cursor() as cur:
        cur.execute(sql)


@pytest.fixture(scope="session")
def db_server() -> Iterator[DbUrl]:
    """The URL of a MariaDB server, as a user allowed to create databases."""
    url, private = ensure_server(os.environ)
    try:
        yield url
    finally:
        if private is not None:
            private.stop()


@pytest.fixture(scope="session")
def make_database(db_server: DbUrl) -> Iterator[Callable[[], DbUrl]]:
    """A factory: each call creates an empty utf8mb4 database and returns its URL.

    Every database made this way is dropped when the session ends, whatever the outcome.
    """
    created: list[str] = []

    def make() -> DbUrl:
        name = f"rebound_t_{secrets.token_hex(4)}"
        _server_statement(
            db_server, f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
        )
        created.append(name)
        return dataclasses.replace(db_server, database=name)

    try:
        yield make
    finally:
        for name in created:
            _server_statement(db_server, f"DROP DATABASE IF EXISTS `{name}`")


SECRET = "5e" * 32
PREVIOUS_SECRET = "a7" * 32


def url_string(url: DbUrl) -> str:
    auth = url.user + (f":{url.password}" if url.password else "")
    return f"mysql://{auth}@{url.host}:{url.port}/{url.database}"


@pytest.fixture
def store_db(make_database: Callable[[], DbUrl]) -> Database:
    """A fresh database holding an empty OpenCart 4.1 store (Rebound's DDL and seed) and Rebound's tables."""
    from sidecar import opencart
    from sidecar.migrate import migrate

    db = Database(make_database(), prefix="oc_")
    opencart.load(db)
    if os.environ.get("REBOUND_TEST_OC_COLLATION"):  # e.g. utf8mb4_general_ci, as OpenCart 4.0.2.x makes them
        convert_opencart_tables(db, os.environ["REBOUND_TEST_OC_COLLATION"])
    migrate(db)
    return db


def convert_opencart_tables(db: Database, collation: str) -> None:
    """Every OpenCart table (not Rebound's) in `collation`: MariaDB refuses to compare or UNION text of two
    collations, so a query mixing OpenCart's text with Rebound's must say which it means."""
    for row in db.query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() "
        "AND table_name LIKE 'oc\\_%%' AND table_name NOT LIKE 'oc\\_rebound\\_%%'"
    ):
        db.execute(f"ALTER TABLE `{row['name']}` CONVERT TO CHARACTER SET utf8mb4 COLLATE {collation}")


@pytest.fixture
def app(store_db: Database):
    from sidecar.app import create_app

    return create_app({"REBOUND_ENV": {
        "REBOUND_DB_URL": url_string(store_db.url),
        "REBOUND_SECRET": SECRET,
        "REBOUND_SECRET_PREVIOUS": PREVIOUS_SECRET,
    }})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sink():
    """A real SMTP server (tests/mailsink.py) on a free port, stopped after the test."""
    from mailsink import SinkServer

    server = SinkServer().start()
    yield server
    server.stop()


@pytest.fixture
def oc_order(store_db: Database):
    """Factory: an OpenCart order with one line and the given status history [(status_id, 'local time')]."""

    def make(order_id: int, history: list[tuple[int, str]], *, customer_id: int = 1, store_id: int = 0) -> int:
        status = history[-1][0] if history else 0
        store_db.execute(
            "INSERT INTO `{p}order` (order_id, store_id, store_name, customer_id, customer_group_id, firstname, "
            "lastname, email, total, order_status_id, language_id, currency_code, currency_value, date_added, "
            "date_modified) VALUES (%s, %s, 'Shop', %s, 1, 'Ann', 'Lee', 'ann@example.com', 10, %s, 1, 'USD', 1, "
            "%s, %s)",
            (order_id, store_id, customer_id, status, history[0][1] if history else "2026-01-01 00:00:00",
             history[-1][1] if history else None),
        )
        store_db.execute(
            "INSERT INTO `{p}order_product` (order_id, product_id, name, model, quantity, price, total, tax) "
            "VALUES (%s, 40, 'Tee', 'TEE', 1, 10, 10, 0)",
            (order_id,),
        )
        for status_id, at in history:
            store_db.execute(
                "INSERT INTO `{p}order_history` (order_id, order_status_id, notify, comment, date_added) "
                "VALUES (%s, %s, 0, '', %s)",
                (order_id, status_id, at),
            )
        return order_id

    return make
