"""`rebound serve`: the Flask app under gunicorn's threaded workers, with JSON access logs."""

from __future__ import annotations

from typing import Any

from flask import Flask
from gunicorn.app.base import BaseApplication

# Path without the query string: queries can carry customer ids and tokens.
ACCESS_LOG_FORMAT = (
    '{"ts": "%(t)s", "level": "info", "logger": "access", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s}'
)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, app: Flask, options: dict[str, Any]) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.application


def run(app: Flask, *, bind: str, workers: int = 2, threads: int = 4) -> None:
    """Serve `app` (already built, so a bad configuration stops here, before any fork)."""
    _Gunicorn(
        app,
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": threads,
            "timeout": 30,
            "graceful_timeout": 10,
            "accesslog": "-",
            "access_log_format": ACCESS_LOG_FORMAT,
            "errorlog": "-",
            "proc_name": "rebound-sidecar",
        },
    ).run()
