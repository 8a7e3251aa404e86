"""Job and email health, for /readyz (a non-fatal `jobs` check) and GET /v1/admin/jobs.

`ok` is false when something needs the owner: dead letters, failures being retried, or work more than
LAG_WARN_S late. It never makes /readyz fail: a late email is not a reason to take the sidecar out of
service.
"""

from __future__ import annotations

from typing import Any

from .. import schedule

LAG_WARN_S = 300.0
QUEUE_CAP = 100_000  # counting beyond this costs more than it tells


def email_health(db: Any) -> dict[str, Any]:
    row = db.query_one(
        "SELECT TIMESTAMPDIFF(MICROSECOND, MIN(due_at), UTC_TIMESTAMP(6)) / 1e6 AS lag FROM `{p}rebound_email` "
        "WHERE status = 'queued' AND due_at <= UTC_TIMESTAMP(6)")
    due = db.query_one("SELECT COUNT(*) AS n FROM (SELECT 1 FROM `{p}rebound_email` WHERE status = 'queued' "
                       "AND due_at <= UTC_TIMESTAMP(6) LIMIT %s) d", (QUEUE_CAP,))
    counts = {r["status"]: int(r["n"]) for r in db.query(
        "SELECT status, COUNT(*) AS n FROM `{p}rebound_email` WHERE status IN ('sending', 'dead', 'failed') "
        "GROUP BY status")}
    failing = db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_email` WHERE status = 'queued' AND attempts > 0")
    last = db.query_one("SELECT MAX(sent_at) AS at FROM `{p}rebound_email` WHERE status = 'sent' "
                        "AND sent_at > UTC_TIMESTAMP(6) - INTERVAL 7 DAY")
    unconfirmed = db.query_one("SELECT COALESCE(SUM(unconfirmed), 0) AS n FROM `{p}rebound_email` "
                               "WHERE unconfirmed > 0 AND updated_at > UTC_TIMESTAMP(6) - INTERVAL 7 DAY")
    lag = max(float(row["lag"]), 0.0) if row and row["lag"] is not None else 0.0
    return {
        "due": int(due["n"]), "lag_s": round(lag, 1), "sending": counts.get("sending", 0),
        "failing": int(failing["n"]), "dead": counts.get("dead", 0), "failed": counts.get("failed", 0),
        "last_sent_at": schedule.iso(last["at"]) if last else None,
        "unconfirmed_7d": int(unconfirmed["n"]),
    }


def jobs_health(db: Any) -> dict[str, Any]:
    tasks = schedule.health(db)
    email = email_health(db)
    problems = [f"{name}: {t['dead']} dead, {t['failing']} failing" for name, t in tasks.items()
                if t["dead"] or t["failing"]]
    problems += [f"{name}: {t['lag_s']:.0f} s late" for name, t in tasks.items() if t["lag_s"] > LAG_WARN_S]
    if email["dead"] or email["failing"]:
        problems.append(f"email: {email['dead']} dead, {email['failing']} failing")
    if email["lag_s"] > LAG_WARN_S:
        problems.append(f"email: {email['lag_s']:.0f} s late")
    return {"ok": not problems, "tasks": tasks, "email": email,
            **({"message": "; ".join(problems)} if problems else {})}
