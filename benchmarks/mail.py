"""Email delivery: outbox → SMTP throughput against a raw smtplib loop, and the claim query under load.

    python benchmarks/mail.py [--messages 1000] [--throughput-rounds 5] [--connections 2] [--pending 100000]
                              [--rounds 30]

1. Throughput. N return emails are queued in the outbox the way a case's status change queues them, and
   the worker's Sender delivers them (claim, send-time checks, render, the hand-over write, SMTP, the
   "sent" mark) to an SMTP sink running in its own process. The baseline is a raw smtplib loop over one
   connection to the same sink, building each message with EmailMessage (text + HTML of the same size)
   and sending it; a second baseline sends bytes built beforehand (transport only). Goal: outbox ≥ 0.8×
   the raw loop.
2. Claim. With `--pending` messages due in the outbox, the time of one claim of a 50-message batch
   (candidates without locks, FOR UPDATE SKIP LOCKED by primary key, the lease), median and p95 over
   `--rounds`; the same for the job table with as many due jobs.
Databases are created on the server sidecar.devdb finds and dropped afterwards. Not named email.py: a
script's folder comes first on sys.path, and a benchmarks/email.py would hide the standard library's
email package from every benchmark in this folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import email.policy
import json
import secrets
import smtplib
import statistics
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sidecar import opencart  # noqa: E402
from sidecar.config import load_config  # noqa: E402
from sidecar.db import Database  # noqa: E402
from sidecar.devdb import ensure_server, free_port  # noqa: E402
from sidecar.mail import outbox  # noqa: E402
from sidecar.mail.context import MailContext  # noqa: E402
from sidecar.mail.deliver import Sender  # noqa: E402
from sidecar.mail.notify import enqueue_case  # noqa: E402
from sidecar.migrate import migrate  # noqa: E402
from sidecar.schedule import Scheduler  # noqa: E402
from sidecar.store import Store  # noqa: E402

SINK = """
import sys, time
from aiosmtpd.controller import Controller
class Discard:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"
Controller(Discard(), hostname="127.0.0.1", port=int(sys.argv[1])).start()
print("ready", flush=True)
time.sleep(3600)
"""
ITEMS = [{"name": "Linen shirt (M)", "quantity": 1}, {"name": "Canvas tote", "quantity": 2}]


def url_text(url) -> str:
    auth = url.user + (f":{url.password}" if url.password else "")
    return f"mysql://{auth}@{url.host}:{url.port}/{url.database}"


def fresh_db(server) -> Database:
    name = f"rebound_bench_{secrets.token_hex(4)}"
    with Database(server).connect(database=False) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    db = Database(dataclasses.replace(server, database=name))
    opencart.load(db)
    migrate(db)
    return db


def drop(db: Database) -> None:
    with db.connect(database=False) as conn, conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS `{db.url.database}`")


def queue(db: Database, first: int, count: int) -> None:
    db.executemany(
        "INSERT INTO `{p}rebound_case` (case_id, reference, event_uuid, order_id, email, status, created_at, "
        "updated_at) VALUES (%s, %s, %s, %s, %s, 'approved', UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
        [(n, f"R{n:07d}", f"e-{n}", n, f"customer{n}@example.com") for n in range(first, first + count)])
    for n in range(first, first + count):
        enqueue_case(db, "return_approved", f"case:{n}:approved", {
            "case_id": n, "reference": f"R{n:07d}", "order_id": n, "store_id": 0, "customer_id": 0,
            "email": f"customer{n}@example.com", "language_id": 1, "first_name": "Ann", "items": ITEMS,
            "refund": "42.00 USD", "credit": "0.00 USD", "resolution": "refund", "free_return_shipping": True})


def raw_message(n: int, text: str, page: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Your Store <admin@example.com>"
    message["To"] = f"Ann <customer{n}@example.com>"
    message["Subject"] = f"Your return R{n:07d} is approved: here is how to send it"
    message.set_content(text)
    message.add_alternative(page, subtype="html")
    return message


def throughput(server, port: int, count: int, connections: int, rounds: int = 5) -> dict:
    """Alternating rounds (outbox, then the raw loops, on the same sink), so that a busy machine slows
    both alike; medians over the rounds."""
    db = fresh_db(server)
    times: dict[str, list[float]] = {"outbox": [], "raw": [], "bytes": []}
    try:
        db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) VALUES "
                   "(0, 'module_rebound', 'module_rebound_email', %s, 1)",
                   (json.dumps({"delivery": {"connections": connections}}),))
        config = load_config({"REBOUND_DB_URL": url_text(db.url), "REBOUND_SMTP_URL": f"smtp://127.0.0.1:{port}",
                              "REBOUND_STORE_URL": "https://shop.example.com/", "REBOUND_SECRET": "ab" * 32})
        ctx = MailContext(config, Store(db))
        sender = Sender(ctx)
        queue(db, 1, 100)
        sender.run(db, budget_s=60)  # warm up: connections, caches
        rendered = render_sample(ctx, db)
        text, page = rendered.get_body(("plain",)).get_content(), rendered.get_body(("html",)).get_content()
        with smtplib.SMTP("127.0.0.1", port, local_hostname="localhost") as client:
            for r in range(rounds):
                queue(db, 1000 + r * count, count)
                started = time.perf_counter()
                while sender.run(db, budget_s=60):
                    pass
                times["outbox"].append(time.perf_counter() - started)
                started = time.perf_counter()
                for n in range(count):
                    client.send_message(raw_message(n, text, page))
                times["raw"].append(time.perf_counter() - started)
                prebuilt = [raw_message(n, text, page).as_bytes(policy=email.policy.SMTP) for n in range(count)]
                started = time.perf_counter()
                for n, raw in enumerate(prebuilt):
                    client.sendmail("admin@example.com", [f"customer{n}@example.com"], raw)
                times["bytes"].append(time.perf_counter() - started)
        sent = db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_email` WHERE status = 'sent'")["n"]
        assert sent == 100 + rounds * count, f"only {sent} sent"
        sender.close()
    finally:
        drop(db)
    ratios = sorted(raw / out for raw, out in zip(times["raw"], times["outbox"]))
    per_s = {k: round(count / statistics.median(v)) for k, v in times.items()}
    return {"messages_per_round": count, "rounds": rounds, "connections": connections,
            "outbox_per_s": per_s["outbox"], "raw_loop_per_s": per_s["raw"], "prebuilt_bytes_per_s": per_s["bytes"],
            "ratio_vs_raw_loop": round(statistics.median(ratios), 2),
            "ratio_range": [round(ratios[0], 2), round(ratios[-1], 2)],
            "ratio_vs_prebuilt_bytes": round(per_s["outbox"] / per_s["bytes"], 2),
            "message_bytes": len(rendered.as_bytes())}


def render_sample(ctx: MailContext, db: Database) -> EmailMessage:
    from sidecar.mail.render import render

    row = db.query_one(f"SELECT {outbox.COLUMNS} FROM `{{p}}rebound_email` ORDER BY email_id DESC LIMIT 1")
    email = outbox._email(row)
    return render(ctx, email, {**email.data, "tracking_url": "https://shop.example.com/t"})


def claims(server, pending: int, rounds: int) -> dict:
    db = fresh_db(server)
    try:
        chunk = 5000
        for start in range(0, pending, chunk):
            n = min(chunk, pending - start)
            db.executemany(
                "INSERT INTO `{p}rebound_email` (kind, subject_key, recipient, transactional, data, status, due_at, "
                "created_at, updated_at) VALUES ('return_approved', %s, %s, 1, '{}', 'queued', "
                "UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
                [(f"case:{i}:approved", f"c{i}@example.com") for i in range(start, start + n)])
            db.executemany(
                "INSERT INTO `{p}rebound_job` (task, slot, status, due_at, created_at) "
                "VALUES ('bench', %s, 'queued', UTC_TIMESTAMP(6) - INTERVAL 1 MINUTE, UTC_TIMESTAMP(6))",
                [(str(i),) for i in range(start, start + n)])
        db.execute("ANALYZE TABLE `{p}rebound_email`, `{p}rebound_job`")
        email_ms, job_ms = [], []
        scheduler = Scheduler([], {"bench": lambda d, j: None}, worker_id="bench")
        for _ in range(rounds):
            started = time.perf_counter()
            got = outbox.claim(db, "bench", 50, 60)
            email_ms.append((time.perf_counter() - started) * 1000)
            outbox.release(db, [e.email_id for e in got], "bench")  # keep the queue at `pending`
            started = time.perf_counter()
            jobs = scheduler.claim(db, 10)
            job_ms.append((time.perf_counter() - started) * 1000)
            db.execute("UPDATE `{p}rebound_job` SET status = 'queued', claimed_by = NULL WHERE job_id IN (%s)"
                       % ", ".join(str(j.job_id) for j in jobs))
        plan = db.query("EXPLAIN SELECT email_id FROM `{p}rebound_email` WHERE status = 'queued' "
                        "AND due_at <= UTC_TIMESTAMP(6) ORDER BY due_at LIMIT 50")
    finally:
        drop(db)

    def summary(ms: list[float]) -> dict:
        ms = sorted(ms)
        return {"median_ms": round(statistics.median(ms), 2), "p95_ms": round(ms[int(len(ms) * 0.95) - 1], 2)}

    return {"pending": pending, "email_claim_50": summary(email_ms), "job_claim_10": summary(job_ms),
            "email_candidates_index": plan[0].get("key")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=1000, help="messages per throughput round")
    parser.add_argument("--throughput-rounds", type=int, default=5)
    parser.add_argument("--pending", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=2, help="SMTP connections per worker (setting)")
    args = parser.parse_args()
    server, private = ensure_server({})
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-c", SINK, str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert sink.stdout and sink.stdout.readline().strip() == "ready"
        result = {"throughput": throughput(server, port, args.messages, args.connections, args.throughput_rounds),
                  "claim": claims(server, args.pending, args.rounds)}
    finally:
        sink.kill()
        sink.wait()
        if private is not None:
            private.stop()
    print(json.dumps(result, indent=2))
    ratio = result["throughput"]["ratio_vs_raw_loop"]
    print(f"outbox/raw smtplib loop: {ratio}× (goal ≥ 0.8×): {'met' if ratio >= 0.8 else 'NOT met'}")


if __name__ == "__main__":
    main()
