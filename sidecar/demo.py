"""`rebound demo`: a whole store running locally, from nothing but this package.

It finds a database (REBOUND_DB_URL, else a local server, else a private mariadbd it starts), fills an
OpenCart-schema store with generated data, migrates, starts a mail sink, the sidecar and the worker,
prints where everything is, and stops it all on Ctrl-C.
"""

from __future__ import annotations

import dataclasses
import email.message
import email.utils
import os
import secrets
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import requests

from . import demo_mail, demo_returns, demo_reviews, devdb, opencart
from .config import DbUrl, parse_db_url
from .db import Database
from .demo_data import generate
from .demo_sink import mail_sink
from .errors import ReboundError
from .migrate import migrate
from .store import Store

DEMO_DATABASE = "rebound_demo"
READY_TIMEOUT_S = 30.0


class DemoFailed(ReboundError):
    """The demo could not start."""


def db_url_string(url: DbUrl) -> str:
    auth = url.user + (f":{url.password}" if url.password else "")
    return f"mysql://{auth}@{url.host}:{url.port}/{url.database}"


def provide_database(stack: ExitStack) -> DbUrl:
    """REBOUND_DB_URL as given; otherwise the database `rebound_demo` on a local or private server."""
    if os.environ.get("REBOUND_DB_URL"):
        return parse_db_url(os.environ["REBOUND_DB_URL"])
    url, private = devdb.ensure_server({})
    if private is not None:
        stack.callback(private.stop)
        print(f"Started a private MariaDB on port {url.port} (stops with the demo).")
    url = dataclasses.replace(url, database=DEMO_DATABASE)
    with Database(url).connect(database=False) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE IF NOT EXISTS `{DEMO_DATABASE}` CHARACTER SET utf8mb4")
    return url


def record_secret(db: Database, secret: str) -> None:
    """The demo store holds the sidecar's secret as the extension's install would, so `rebound doctor` agrees."""
    db.execute("DELETE FROM `{p}setting` WHERE store_id = 0 AND `key` = 'module_rebound_secret'")
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, value, serialized) "
               "VALUES (0, 'module_rebound', 'module_rebound_secret', %s, 0)", (secret,))


def _spawn(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    out = log.open("ab")
    return subprocess.Popen([sys.executable, "-m", "sidecar.cli", *args], env=env, stdout=out, stderr=out,
                            stdin=subprocess.DEVNULL)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_ready(base: str, processes: list[subprocess.Popen[bytes]], logs: Path) -> dict:
    deadline = time.monotonic() + READY_TIMEOUT_S
    last: dict = {}
    while time.monotonic() < deadline:
        if any(p.poll() is not None for p in processes):
            raise DemoFailed(f"the sidecar or worker exited; see the logs in {logs}")
        try:
            answer = requests.get(f"{base}/readyz", timeout=2)
            last = answer.json()
            if answer.status_code == 200:
                return last
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise DemoFailed(f"the sidecar was not ready after {READY_TIMEOUT_S:.0f} s: {last}; logs in {logs}")


def welcome_mail(smtp_port: int, store_name: str, base: str) -> None:
    message = email.message.EmailMessage()
    message["From"] = f"{store_name} <no-reply@rebound.invalid>"
    message["To"] = "owner@example.com"
    message["Subject"] = f"Rebound demo is running for {store_name}"
    message["Date"] = email.utils.formatdate(usegmt=True)
    message.set_content(f"The sidecar answers at {base}/readyz.\nMail that Rebound sends appears here.\n")
    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=5) as client:
        client.send_message(message)


def smoke_check(base: str, mail_port: int, db: Database) -> None:
    """What a person would look at first: the sidecar is ready, mail arrives, the worker mirrors orders."""
    if requests.get(f"{base}/readyz", timeout=5).status_code != 200:
        raise DemoFailed("smoke check: /readyz is not 200")
    if "Rebound demo is running" not in requests.get(f"http://127.0.0.1:{mail_port}/", timeout=5).text:
        raise DemoFailed("smoke check: the welcome mail is not in the mail sink")
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_order_state`")["n"]:  # type: ignore[index]
        if time.monotonic() > deadline:
            raise DemoFailed("smoke check: the worker mirrored no orders")
        time.sleep(0.2)
    print("Smoke check passed: sidecar ready, mail delivered to the sink, worker reconciling orders.")


def run_demo(*, orders: int, port: int, smoke: bool = False) -> None:
    """Bring the demo up; serve until Ctrl-C (or, with smoke=True, check it works and stop)."""
    with ExitStack() as stack:
        url = provide_database(stack)
        db = Database(url)
        opencart.load(db)
        store = Store(db)
        have = db.query_one("SELECT COUNT(*) AS n FROM `{p}order`")["n"]  # type: ignore[index]
        if have:
            print(f"The store in {url.database} already has {have} orders; keeping them.")
        else:
            print(f"Generating a store with {orders} orders in {url.database} …")
            print(generate(db, orders=orders, seed=1))
        migrate(db)
        demo_returns.install_policy(db)
        demo_mail.install_settings(db)

        work = Path(tempfile.mkdtemp(prefix="rebound-demo-"))
        smtp_port, mail_port = stack.enter_context(mail_sink(work / "mail"))
        base = f"http://127.0.0.1:{port}"
        env = {
            **os.environ,
            "REBOUND_DB_URL": db_url_string(url),
            "REBOUND_SECRET": secrets.token_hex(32),
            "REBOUND_STORE_URL": "http://localhost/",
            "REBOUND_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        }
        record_secret(db, env["REBOUND_SECRET"])
        processes = [
            _spawn(["serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"], env, work / "sidecar.log"),
            _spawn(["worker"], env, work / "worker.log"),
        ]
        for process in processes:
            stack.callback(_stop, process)
        wait_ready(base, processes, work)
        welcome_mail(smtp_port, store.setting("config_name") or "Your Store", base)
        print("\nA return, start to finish, through the sidecar's API:")
        for step in demo_returns.walk_through(db, base, env["REBOUND_SECRET"]):
            print("  " + step)
        print("\nThe email it sent, and a review request, in the mail sink:")
        asked = demo_mail.request_review(db)
        for step in demo_mail.walk_through(db, work / "mail", asked):
            print("  " + step)
        if asked:
            print("\nThe shopper answers it with a photo review, through the sidecar's API:")
            for step in demo_reviews.walk_through(db, base, env["REBOUND_SECRET"], asked["order_id"]):
                print("  " + step)

        (work / "demo.env").write_text(
            "".join(f"export {k}={env[k]}\n" for k in
                    ("REBOUND_DB_URL", "REBOUND_SECRET", "REBOUND_STORE_URL", "REBOUND_SMTP_URL"))
        )
        print(f"""
Rebound demo is running.
  Sidecar      {base}/livez   {base}/readyz
  Mail sink    http://127.0.0.1:{mail_port}/   (each email as its recipient sees it)
               SMTP on 127.0.0.1:{smtp_port}; Maildir {work / 'mail'}
  Database     {db_url_string(url)}
  Logs         {work}/sidecar.log, {work}/worker.log

Try:
  curl -s {base}/readyz
  source {work / 'demo.env'} && rebound doctor
  mariadb -h {url.host} -P {url.port} -u {url.user} {url.database} -e 'SELECT COUNT(*) FROM oc_order'
Ctrl-C stops everything.""", flush=True)
        if smoke:
            smoke_check(base, mail_port, db)
            return
        signal.signal(signal.SIGTERM, _interrupt)
        try:
            # Supervise: if the sidecar or worker dies, say so rather than pretend all is well.
            while all(p.poll() is None for p in processes):
                time.sleep(1)
            print(f"The sidecar or worker exited; see the logs in {work}.")
        except KeyboardInterrupt:
            pass
        print("Stopping …")


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt
