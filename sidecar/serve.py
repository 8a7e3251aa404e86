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
            if key in self.cfg.settings:  # options a gunicorn release lacks are left out
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
            # gunicorn 25.1+ opens a control socket at one path per user ($XDG_RUNTIME_DIR or ~/.gunicorn):
            # two sidecars on a host (two stores, a test run) would fight over it, and Rebound never uses it.
            "control_socket_disable": True,
        },
    ).run()
