"""The Flask app factory: wires the modules together; each module registers itself with init_app()."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from . import api, errors, health
from .config import load_config
from .db import Database
from .store import Store

MAX_BODY_BYTES = 1024 * 1024  # events and admin calls are small JSON; photos never pass through here


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the sidecar's web app.

    `test_config` may hold `REBOUND_ENV`, a mapping used instead of os.environ, and any Flask setting.
    """
    test_config = dict(test_config or {})
    env = test_config.pop("REBOUND_ENV", os.environ)
    app = Flask(__name__)
    app.config.from_mapping(MAX_CONTENT_LENGTH=MAX_BODY_BYTES, JSON_SORT_KEYS=False)
    app.config.update(test_config)

    config = load_config(env)
    app.extensions["rebound"] = config
    db = Database(config.db_url, config.db_prefix)
    app.extensions["rebound.db"] = db
    app.extensions["rebound.store"] = Store(db, timezone=config.timezone)

    errors.init_app(app)
    health.init_app(app)
    api.init_app(app)
    return app

