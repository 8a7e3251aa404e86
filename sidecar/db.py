"""The one adapter over MySQL/MariaDB: connections, retries, and the table prefix.

Every statement is parameterised. `{p}` in SQL text stands for the store's table prefix (`oc_` by default),
so queries read like OpenCart's own: SELECT … FROM `{p}order`.

Each thread keeps one connection. A connection that the server dropped (a restart, wait_timeout) is
replaced, and the statement is retried when that is safe: always for reads, and for writes only when the
server cannot have seen the statement (it was refused or the socket was already dead). Past the bounded
retries the caller gets DatabaseUnavailable, which the HTTP layer answers with 503.
"""

from __future__ import annotations

import logging
import select
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pymysql
import pymysql.cursors

from .config import DbUrl
from .errors import DatabaseUnavailable

log = logging.getLogger(__name__)

# Client error codes meaning "no usable connection"; the server never ran the statement.
NOT_SENT = {2002, 2003, 2006, 2026, 2055}
# The connection died while a statement was running: safe to retry only for reads.
LOST_DURING = {2013, 1053, 1927, 4031}
# Refused at the door: wrong password, no access to the database, no such database. Not worth a retry.
REFUSED = {1044, 1045, 1049, 1698}
BACKOFF = (0.1, 0.4, 1.0, 2.0)


def split_sql(text: str) -> list[str]:
    """The statements of one of our SQL files: `--` comment lines dropped, split at every `;`.

    Our files put no `;` inside values, so no SQL parser is needed; the PHP Migrator splits the same way.
    """
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("--"))
    return [s.strip() for s in body.split(";") if s.strip()]


def _code(exc: BaseException) -> int | None:
    args = getattr(exc, "args", ())
    return args[0] if args and isinstance(args[0], int) else None


def is_connection_error(exc: BaseException) -> bool:
    return isinstance(exc, pymysql.err.OperationalError | pymysql.err.InterfaceError) and (
        _code(exc) in NOT_SENT | LOST_DURING or isinstance(exc, pymysql.err.InterfaceError)
    )


def _usable(conn: pymysql.connections.Connection) -> bool:
    """False when the server has closed this idle connection (a restart, KILL, wait_timeout).

    An idle connection has nothing to read; if its socket is readable, what waits there is the server's
    goodbye. Checking costs no round trip, and it lets a write go to a fresh connection instead of
    failing half-sent, where it could not be safely retried.
    """
    sock = getattr(conn, "_sock", None)
    if not conn.open or sock is None:
        return False
    try:
        readable, _, _ = select.select([sock], [], [], 0)
    except (OSError, ValueError):
        return False
    return not readable


class Database:
    def __init__(
        self,
        url: DbUrl,
        prefix: str = "oc_",
        *,
        connect_timeout: float = 2.0,
        read_timeout: float = 30.0,
        attempts: int = 3,
    ) -> None:
        self.url = url
        self.prefix = prefix
        self.connect_timeout = connect_timeout
        self.read_timeout = read_timeout
        self.attempts = attempts
        self._local = threading.local()

    # -- connections -------------------------------------------------------------------------------------

    def connect(self, *, database: bool = True) -> pymysql.connections.Connection:
        """A new connection with Rebound's session settings: utf8mb4, autocommit, UTC session time.

        READ COMMITTED: our claims and upserts rely on row locks and unique keys, never on gap locks,
        which under REPEATABLE READ make concurrent workers deadlock on the outbox's index.
        """
        conn = pymysql.connect(
            host=self.url.host,
            port=self.url.port,
            user=self.url.user,
            password=self.url.password,
            database=self.url.database if database else None,
            charset="utf8mb4",
            autocommit=True,
            connect_timeout=self.connect_timeout,
            read_timeout=self.read_timeout,
            write_timeout=self.read_timeout,
            cursorclass=pymysql.cursors.DictCursor,
            init_command="SET time_zone = '+00:00'",
            local_infile=False,
        )
        with conn.cursor() as cur:
            cur.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED")
        return conn

    def _connection(self) -> pymysql.connections.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is not None and not _usable(conn):
            self._discard()
            conn = None
        if conn is None:
            conn = self.connect()
            self._local.conn = conn
        return conn

    def _discard(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            try:
                conn.close()
            except Exception:  # already dead; nothing to release
                pass

    def close(self) -> None:
        self._discard()
        lock_conn = getattr(self._local, "lock_conn", None)
        self._local.lock_conn = None
        if lock_conn is not None:
            try:
                lock_conn.close()
            except Exception:  # already dead; its locks went with it
                pass

    # -- statements --------------------------------------------------------------------------------------

    def sql(self, text: str) -> str:
        return text.replace("{p}", self.prefix)

    def _run(self, fn: Any, *, read: bool) -> Any:
        retryable = NOT_SENT | LOST_DURING if read else NOT_SENT
        last: BaseException | None = None
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(BACKOFF[min(attempt - 1, len(BACKOFF) - 1)])
            try:
                return fn(self._connection())
            except (pymysql.err.OperationalError, pymysql.err.InterfaceError) as exc:
                if _code(exc) in REFUSED:
                    raise DatabaseUnavailable(
                        f"The database at {self.url.host}:{self.url.port} refused {self.url.user!r}: {exc.args[-1]}"
                    ) from None
                if not is_connection_error(exc):
                    raise
                self._discard()
                last = exc
                code = _code(exc)
                if code is not None and code not in retryable:
                    break
        log.warning("database unavailable", extra={"db": str(self.url), "detail": str(last)})
        raise DatabaseUnavailable(f"The database at {self.url.host}:{self.url.port} is unavailable: {last}")

    def query(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        def run(conn: pymysql.connections.Connection) -> list[dict[str, Any]]:
            with conn.cursor() as cur:
                cur.execute(self.sql(sql), args)
                return list(cur.fetchall())

        return self._run(run, read=True)

    def query_one(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> dict[str, Any] | None:
        rows = self.query(sql, args)
        return rows[0] if rows else None

    def execute(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> int:
        """Run one write; returns the affected row count (lastrowid is on `insert`)."""

        def run(conn: pymysql.connections.Connection) -> int:
            with conn.cursor() as cur:
                return cur.execute(self.sql(sql), args)

        return self._run(run, read=False)

    def insert(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> int:
        """Run one INSERT; returns the new auto-increment id."""

        def run(conn: pymysql.connections.Connection) -> int:
            with conn.cursor() as cur:
                cur.execute(self.sql(sql), args)
                return cur.lastrowid

        return self._run(run, read=False)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        def run(conn: pymysql.connections.Connection) -> int:
            with conn.cursor() as cur:
                return cur.executemany(self.sql(sql), rows)

        return self._run(run, read=False)

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """One short transaction. Only its start is retried; a failure inside rolls back and raises."""
        conn = self._run(lambda c: (c.begin(), c)[1], read=False)
        try:
            with conn.cursor() as cur:
                yield Tx(cur, self)
            conn.commit()
        except BaseException as exc:
            try:
                conn.rollback()
            except Exception:
                self._discard()
            if is_connection_error(exc):
                self._discard()
                raise DatabaseUnavailable(f"The database connection was lost: {exc}") from exc
            raise

    @contextmanager
    def named_lock(self, name: str, timeout: float = 0) -> Iterator[bool]:
        """A server-wide lock for this store, on its own connection.

        Yields True once held, or False when another process still holds it after `timeout` seconds.
        """
        conn = getattr(self._local, "lock_conn", None)
        if conn is None or not _usable(conn):
            # Kept for the thread's next lock: the worker takes one every tick, and connecting costs far more.
            try:
                conn = self._local.lock_conn = self.connect()
            except pymysql.err.MySQLError as exc:
                raise DatabaseUnavailable(f"The database at {self.url.host}:{self.url.port} is unavailable: {exc}") from None
        key = f"{name}.{self.url.database}.{self.prefix}"[:64]
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT GET_LOCK(%s, %s) AS got", (key, timeout))
                got = bool(cur.fetchone()["got"])
                try:
                    yield got
                finally:
                    if got:
                        cur.execute("DO RELEASE_LOCK(%s)", (key,))
        except BaseException:
            # A connection in an unknown state (a lost server, an interrupted lock) is not kept.
            self._local.lock_conn = None
            conn.close()
            raise


class Tx:
    """The statements of one transaction, with the same prefix handling as Database."""

    def __init__(self, cursor: pymysql.cursors.DictCursor, db: Database) -> None:
        self.cursor = cursor
        self.db = db

    def query(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> list[dict[str, Any]]:
        self.cursor.execute(self.db.sql(sql), args)
        return list(self.cursor.fetchall())

    def query_one(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> dict[str, Any] | None:
        rows = self.query(sql, args)
        return rows[0] if rows else None

    def execute(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> int:
        return self.cursor.execute(self.db.sql(sql), args)

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        return self.cursor.executemany(self.db.sql(sql), rows)

    def insert(self, sql: str, args: Sequence[Any] | dict[str, Any] | None = None) -> int:
        self.cursor.execute(self.db.sql(sql), args)
        return self.cursor.lastrowid
