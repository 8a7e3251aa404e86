"""sidecar.devdb against real servers: a private mariadbd, and the session's own server."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import pymysql
import pytest

from sidecar import devdb
from sidecar.config import DbUrl
from sidecar.db import Database
from sidecar.errors import ConfigError

needs_mariadbd = pytest.mark.skipif(
    devdb.find_binaries() is None, reason="mariadbd binaries absent (apt-get install mariadb-server)"
)


@needs_mariadbd
def test_private_server_starts_answers_and_stops_cleanly() -> None:
    with devdb.PrivateServer() as server:
        datadir = server.datadir
        url = server.url
        assert url.host == "127.0.0.1" and url.user == "root" and url.password == ""
        assert datadir.is_dir()
        row = Database(url).query_one("SELECT DATABASE() AS db, @@character_set_server AS cs, 1 + 1 AS two")
        assert row == {"db": "test", "cs": "utf8mb4", "two": 2}
        assert devdb.probe(url.host, url.port)

    assert server.process is None
    assert not datadir.parent.exists()
    with pytest.raises(pymysql.err.OperationalError):
        pymysql.connect(host=url.host, port=url.port, user="root", password="", connect_timeout=2)


@needs_mariadbd
def test_private_server_halts_and_resumes_with_its_data_on_the_same_port() -> None:
    with devdb.PrivateServer() as server:
        url = server.url
        db = Database(url)
        db.execute("CREATE TABLE kept (id INT PRIMARY KEY)")
        db.execute("INSERT INTO kept VALUES (7)")
        db.close()

        server.halt()
        assert server.url == url and server.datadir.is_dir()
        assert not devdb.probe(url.host, url.port)

        server.resume()
        assert Database(url).query("SELECT id FROM kept") == [{"id": 7}]


def test_missing_binaries_name_the_package_to_install(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as caught:
        devdb.PrivateServer(search_dirs=[str(tmp_path)])
    assert caught.value.message == devdb.INSTALL_HINT
    assert "apt-get install mariadb-server" in caught.value.message and "\n" not in caught.value.message


def test_probe_of_a_closed_port_answers_false_quickly() -> None:
    started = time.monotonic()
    assert devdb.probe("127.0.0.1", devdb.free_port()) is False
    assert time.monotonic() - started < 3


def test_probe_gives_up_on_a_port_that_accepts_but_never_answers() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()  # the kernel completes the TCP handshake; nobody ever speaks MySQL
        started = time.monotonic()
        assert devdb.probe("127.0.0.1", listener.getsockname()[1]) is False
        assert time.monotonic() - started < 5


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {"REBOUND_DB_URL": "mysql://shop:pw@db.example:3307/store"},
            DbUrl("db.example", 3307, "shop", "pw", "store"),
        ),
        (
            {
                "REBOUND_TEST_DB_URL": "mysql://root@10.0.0.5/scratch",
                "REBOUND_DB_URL": "mysql://shop@x/store",
            },
            DbUrl("10.0.0.5", 3306, "root", "", "scratch"),
        ),
    ],
)
def test_server_url_prefers_the_configured_url(env: dict[str, str], expected: DbUrl) -> None:
    assert devdb.server_url(env) == expected


def test_a_malformed_test_url_names_its_variable() -> None:
    with pytest.raises(ConfigError, match="^REBOUND_TEST_DB_URL must look like"):
        devdb.server_url({"REBOUND_TEST_DB_URL": "postgres://nope"})


def test_make_database_gives_a_distinct_utf8mb4_database_per_call(
    db_server: DbUrl, make_database: Callable[[], DbUrl]
) -> None:
    first, second = make_database(), make_database()
    assert first.database != second.database
    for url in (first, second):
        assert url.database.startswith("rebound_t_") and len(url.database) == len("rebound_t_") + 8
        assert (url.host, url.port) == (db_server.host, db_server.port)
        row = Database(url).query_one(
            "SELECT DATABASE() AS db, DEFAULT_CHARACTER_SET_NAME AS cs FROM information_schema.SCHEMATA"
            " WHERE SCHEMA_NAME = DATABASE()"
        )
        assert row == {"db": url.database, "cs": "utf8mb4"}
