"""Find or start a MariaDB server for the tests and for `rebound demo`.

The order is: an explicit URL (REBOUND_TEST_DB_URL, then REBOUND_DB_URL), then a server already answering
on 127.0.0.1:3306 as root with no password (what Debian's mariadb-server gives a developer machine), then a
private `mariadbd` on a fresh temporary data directory and a free port, which lives as long as the
PrivateServer object. Nothing here is used by the sidecar in production.

    python -m sidecar.devdb             # print the URL in use, or start a private server until Ctrl-C
    python -m sidecar.devdb --private   # always start a private server
"""

from __future__ import annotations

import argparse
import atexit
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import TracebackType

import pymysql

from .config import DbUrl, parse_db_url
from .errors import ConfigError

URL_VARIABLES = ("REBOUND_TEST_DB_URL", "REBOUND_DB_URL")
LOCAL_HOST = "127.0.0.1"
LOCAL_PORT = 3306
PROBE_TIMEOUT = 2.0  # seconds, for the connection and for each read of the handshake
START_TIMEOUT = 60.0
STOP_TIMEOUT = 30.0
# Where Debian, RPM-based distributions and the MariaDB tarballs put the binaries, besides $PATH.
SEARCH_DIRS = ("/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/usr/local/mysql/bin")
INSTALL_HINT = "No MariaDB server (mariadbd) found; install it with: apt-get install mariadb-server"


def probe(host: str, port: int, user: str = "root", password: str = "") -> bool:
    """True when a server at host:port accepts this login; never waits more than PROBE_TIMEOUT."""
    try:
        # read_timeout too: something else listening on the port may accept and never answer.
        conn = pymysql.connect(
            host=host,
            port=port,
            user=user,
            password=password,
            connect_timeout=PROBE_TIMEOUT,
            read_timeout=PROBE_TIMEOUT,
            write_timeout=PROBE_TIMEOUT,
        )
    except pymysql.err.MySQLError:
        return False
    conn.close()
    return True


def server_url(env: Mapping[str, str]) -> DbUrl | None:
    """The server to use without starting one, or None."""
    for name in URL_VARIABLES:
        value = env.get(name, "").strip()
        if value:
            return parse_db_url(value, name)
    if probe(LOCAL_HOST, LOCAL_PORT):
        return DbUrl(host=LOCAL_HOST, port=LOCAL_PORT, user="root", password="", database="test")
    return None


def find_binaries(dirs: Iterable[str] | None = None) -> tuple[Path, Path] | None:
    """(server, install-db) from the mariadb-server package, or None when either is missing."""
    search = list(dirs) if dirs is not None else [*os.get_exec_path(), *SEARCH_DIRS]

    def first(*names: str) -> Path | None:
        for folder in search:
            for name in names:
                path = Path(folder, name)
                if path.is_file() and os.access(path, os.X_OK):
                    return path
        return None

    server = first("mariadbd", "mysqld")
    install = first("mariadb-install-db", "mysql_install_db")
    return (server, install) if server and install else None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOCAL_HOST, 0))
        return sock.getsockname()[1]


class PrivateServer:
    """A throwaway mariadbd on a temporary data directory, root with an empty password over TCP.

    Start it with `start()` or `with PrivateServer() as server:`; `stop()` shuts it down cleanly and
    removes the directory. `halt()` and `resume()` take it away and bring it back with its data, on the
    same port. The database "test" exists, as on a stock server.
    """

    def __init__(
        self, *, search_dirs: Iterable[str] | None = None, start_timeout: float = START_TIMEOUT,
        buffer_pool: str = "64M",
    ) -> None:
        binaries = find_binaries(search_dirs)
        if binaries is None:
            raise ConfigError(INSTALL_HINT)
        self.server_bin, self.install_bin = binaries
        self.start_timeout = start_timeout
        self.buffer_pool = buffer_pool  # benchmarks on big stores size it like a production server's
        self.root: Path | None = None
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> DbUrl:
        """Valid from start() until stop(), also while halted."""
        if self.root is None or not self.port:
            raise RuntimeError("the private MariaDB server has not been started")
        return DbUrl(host=LOCAL_HOST, port=self.port, user="root", password="", database="test")

    @property
    def datadir(self) -> Path:
        assert self.root is not None
        return self.root / "data"

    def start(self) -> PrivateServer:
        if self.root is not None:  # already started, perhaps halted
            self.resume()
            return self
        self.root = Path(tempfile.mkdtemp(prefix="rebound-mariadb-"))
        # Safety net for an interpreter that exits without reaching stop() (an error in a fixture).
        atexit.register(self.stop)
        try:
            self._install()
            # The free port can be taken between our probe and the server's bind: try a few.
            for _ in range(3):
                self.port = free_port()
                self.process = self._spawn()
                if self._wait_ready():
                    break
                self.process = None
            else:
                raise ConfigError(f"The private MariaDB server did not start; see {self.root / 'error.log'}")
            with (
                pymysql.connect(host=LOCAL_HOST, port=self.port, user="root", password="") as conn,
                conn.cursor() as cur,
            ):
                cur.execute("CREATE DATABASE IF NOT EXISTS test CHARACTER SET utf8mb4")
        except BaseException:
            self.stop(keep_logs=True)
            raise
        return self

    def _root_args(self) -> list[str]:
        # mariadbd refuses to run as root unless told to, and install-db chowns to --user.
        return ["--user=root"] if os.geteuid() == 0 else []

    def _install(self) -> None:
        assert self.root is not None
        log = self.root / "install.log"
        with log.open("wb") as out:
            result = subprocess.run(
                [
                    str(self.install_bin),
                    "--no-defaults",
                    f"--datadir={self.datadir}",
                    "--auth-root-authentication-method=normal",
                    "--skip-test-db",
                    "--skip-name-resolve",
                    *self._root_args(),
                ],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                timeout=self.start_timeout,
            )
        if result.returncode != 0:
            raise ConfigError(f"{self.install_bin.name} failed (exit {result.returncode}); see {log}")

    def _spawn(self) -> subprocess.Popen[bytes]:
        assert self.root is not None
        args = [
            str(self.server_bin),
            "--no-defaults",
            f"--datadir={self.datadir}",
            f"--socket={self.root / 'mysqld.sock'}",
            f"--pid-file={self.root / 'mysqld.pid'}",
            f"--log-error={self.root / 'error.log'}",
            f"--tmpdir={self.root}",
            f"--port={self.port}",
            f"--bind-address={LOCAL_HOST}",
            "--skip-name-resolve",
            "--character-set-server=utf8mb4",
            "--collation-server=utf8mb4_unicode_ci",
            # Small and fast: a test server holds little and needs no durability.
            f"--innodb-buffer-pool-size={self.buffer_pool}",
            "--innodb-log-file-size=16M",
            "--innodb-flush-log-at-trx-commit=2",
            *self._root_args(),
        ]
        return subprocess.Popen(
            args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    def _wait_ready(self) -> bool:
        """Poll until the server answers (True) or exits (False); past the deadline, raise."""
        assert self.process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if probe(LOCAL_HOST, self.port):
                return True
            try:
                # Doubles as the poll interval and notices a server that died (port taken, bad datadir).
                self.process.wait(timeout=0.1)
                return False
            except subprocess.TimeoutExpired:
                continue
        raise ConfigError(
            f"The private MariaDB server did not answer within {self.start_timeout:.0f} s; "
            f"see {self.root / 'error.log' if self.root else 'its error log'}"
        )

    def halt(self) -> None:
        """Shut the server down but keep its data and port, to test what happens while it is away."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)  # mariadbd's clean shutdown
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()

    def resume(self) -> None:
        """Start a halted server again on the same port and data; returns once it answers."""
        if self.root is None or not self.port:
            raise RuntimeError("the private MariaDB server has not been started")
        if self.process is not None:
            return
        self.process = self._spawn()
        if not self._wait_ready():
            self.process = None
            raise ConfigError(
                f"The private MariaDB server did not restart on port {self.port}; "
                f"see {self.root / 'error.log'}"
            )

    def stop(self, *, keep_logs: bool = False) -> None:
        """Shut the server down and remove its directory; safe to call more than once."""
        self.halt()
        root, self.root, self.port = self.root, None, 0
        if root is not None and not keep_logs:
            shutil.rmtree(root, ignore_errors=True)
        atexit.unregister(self.stop)

    def __enter__(self) -> PrivateServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def ensure_server(env: Mapping[str, str]) -> tuple[DbUrl, PrivateServer | None]:
    """A server URL, starting a private server when none is configured or running.

    The caller owns the returned PrivateServer (None when an existing server is used) and stops it.
    """
    url = server_url(env)
    if url is not None:
        return url, None
    server = PrivateServer().start()
    return server.url, server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sidecar.devdb", description=(__doc__ or "").splitlines()[0]
    )
    parser.add_argument("--private", action="store_true", help="start a private server even if one answers")
    args = parser.parse_args(argv)
    server: PrivateServer | None
    try:
        if args.private:
            server = PrivateServer().start()
            url = server.url
        else:
            url, server = ensure_server(os.environ)
    except ConfigError as exc:
        print(exc.message, file=sys.stderr)
        return 1
    print(url, flush=True)
    if server is None:
        return 0
    print("Private MariaDB server running; press Ctrl-C to stop it.", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        assert server.process is not None
        server.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
