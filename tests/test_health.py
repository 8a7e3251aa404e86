"""/livez and /readyz against a real database, a real worker process and a real MariaDB restart."""

import os
import signal
import subprocess
import sys
import threading
import time

import pytest

from sidecar.app import create_app
from sidecar.db import Database
from sidecar.devdb import PrivateServer, find_binaries
from sidecar.migrate import LATEST, migrate
from sidecar.worker import Worker


def env_for(url, **extra) -> dict:
    return {"REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{url.database}", **extra}


def poll(predicate, timeout: float = 15.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(every)


@pytest.fixture
def url(make_database):
    return make_database()


def test_livez_needs_nothing(url) -> None:
    client = create_app({"REBOUND_ENV": env_for(url)}).test_client()
    assert client.get("/livez").json == {"status": "ok"}


def test_readyz_says_what_is_missing_until_ready(url) -> None:
    client = create_app({"REBOUND_ENV": env_for(url)}).test_client()
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json["checks"]["schema"] == {
        "ok": False, "version": None, "expected": LATEST, "message": "run `rebound migrate`"}
    assert "rebound migrate" in answer.json["error"]["message"]

    db = Database(url)
    migrate(db)
    answer = client.get("/readyz")
    assert answer.json["checks"]["schema"]["ok"] and not answer.json["checks"]["worker"]["ok"]

    Worker(db).tick()  # one tick writes the heartbeat
    answer = client.get("/readyz")
    assert answer.status_code == 200, answer.json
    assert answer.json["status"] == "ready"

    db.execute("UPDATE `{p}rebound_worker` SET heartbeat_at = UTC_TIMESTAMP(6) - INTERVAL 5 MINUTE")
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json["checks"]["worker"]["heartbeat_age_s"] >= 299


def test_errors_use_the_envelope(url) -> None:
    app = create_app({"REBOUND_ENV": env_for(url)})

    @app.post("/echo")
    def echo():  # a route that reads the body, to reach the size limit
        from flask import request
        return {"n": len(request.get_data())}

    client = app.test_client()
    assert client.get("/nope").json["error"]["code"] == "not_found"
    assert client.post("/livez").status_code == 405
    assert client.post("/livez").json["error"]["code"] == "method_not_allowed"
    big = client.post("/echo", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 1))
    assert big.status_code == 413 and big.json["error"]["code"] == "request_entity_too_large"
    assert client.post("/echo", data=b"x" * 10).json == {"n": 10}


def test_worker_process_beats_and_cleans_up(url) -> None:
    migrate(Database(url))
    env = {**os.environ, **env_for(url)}
    worker = subprocess.Popen([sys.executable, "-m", "sidecar.cli", "worker"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    client = create_app({"REBOUND_ENV": env_for(url)}).test_client()
    try:
        assert poll(lambda: client.get("/readyz").status_code == 200), client.get("/readyz").json
    finally:
        worker.send_signal(signal.SIGTERM)
        _, err = worker.communicate(timeout=15)
    assert worker.returncode == 0, err
    assert '"msg": "worker stopped"' in err
    assert Database(url).query("SELECT * FROM `{p}rebound_worker`") == []


def test_a_stop_asked_before_the_scheduler_runs_still_ends_the_worker(url) -> None:
    """A SIGTERM while the worker starts up (before APScheduler runs) once left it running for good."""
    migrate(Database(url))
    worker = Worker(Database(url))
    worker.stop()
    rescued = threading.Event()

    def rescue() -> None:
        rescued.set()
        worker._scheduler.shutdown(wait=False)

    timer = threading.Timer(10, rescue)
    timer.start()
    try:
        worker.run()
    finally:
        timer.cancel()
    assert not rescued.is_set(), "the worker ran on after stop()"
    assert worker.stopped.is_set()


@pytest.mark.skipif(find_binaries() is None, reason="mariadb-server binaries are not installed")
def test_readyz_reports_a_stopped_database_within_5s_and_recovers() -> None:
    with PrivateServer() as server:
        migrate(Database(server.url))
        Worker(Database(server.url)).tick()
        client = create_app({"REBOUND_ENV": env_for(server.url)}).test_client()
        assert client.get("/readyz").status_code == 200

        server.halt()
        started = time.monotonic()
        answer = client.get("/readyz")
        assert time.monotonic() - started < 5
        assert answer.status_code == 503
        assert answer.json["checks"]["database"]["ok"] is False
        assert f"{server.url.host}:{server.url.port} is unavailable" in answer.json["error"]["message"]

        server.resume()
        Worker(Database(server.url)).tick()
        assert poll(lambda: client.get("/readyz").status_code == 200)
