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
