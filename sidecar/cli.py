"""The `rebound` command. Each subcommand reads the configuration once and fails with one clear line."""

from __future__ import annotations

import logging
import os
import sys
import click

from .config import Config, load_config
from .db import Database
from .errors import ConfigError, ReboundError


def _config(*require: str) -> Config:
    try:
        return load_config(os.environ, require=require)
    except ConfigError as exc:
        raise click.ClickException(exc.message) from None


def _setup_logs(config: Config | None = None) -> None:
    from . import logs

    logs.setup(config.secrets if config else ())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rebound-sidecar")
def main() -> None:
    """Rebound's sidecar: returns, photo reviews and follow-up email for OpenCart."""


@main.command()
@click.option("--bind", default="127.0.0.1:8765", show_default=True, help="HOST:PORT to listen on.")
@click.option("--workers", default=2, show_default=True, help="gunicorn worker processes.")
@click.option("--threads", default=4, show_default=True, help="Threads per worker (gthread).")
def serve(bind: str, workers: int, threads: int) -> None:
    """Run the HTTP API under gunicorn."""
    from .app import create_app
    from .serve import run

    config = _config("REBOUND_SECRET")
    _setup_logs(config)
    run(create_app(), bind=bind, workers=workers, threads=threads)


@main.command()
def worker() -> None:
    """Run the background worker (scheduler ticker, outbox, email, reconciliation)."""
    from .analytics.jobs import worker_jobs as analytics_jobs
    from .mail.jobs import worker_jobs
    from .reconcile import jobs
    from .store import Store
    from .worker import Worker

    config = _config()
    _setup_logs(config)
    db = Database(config.db_url, config.db_prefix)
    store = Store(db, timezone=config.timezone)
    Worker(db, jobs(store) + worker_jobs(config, store) + analytics_jobs(store)).run()


@main.command()
def migrate() -> None:
    """Create or upgrade Rebound's own tables (safe to run again, and from two places at once)."""
    from .migrate import LATEST, migrate as run_migrations

    config = _config()
    _setup_logs(config)
    try:
        applied = run_migrations(Database(config.db_url, config.db_prefix))
    except ReboundError as exc:
        raise click.ClickException(exc.message) from None
    done = ", ".join(f"{m.version:04d}_{m.name}" for m in applied) or "nothing to do"
    click.echo(f"schema at version {LATEST}: {done}")


@main.command()
@click.option("--grants", is_flag=True, help="Print the minimum GRANT statements and exit.")
@click.option("--user", default="'rebound'@'%'", show_default=True, help="Account for --grants.")
def doctor(grants: bool, user: str) -> None:
    """Check configuration, database, GRANTs, schema, worker, the store's extension settings, SMTP."""
    from .doctor import grant_statements, run_checks

    config = _config()
    if grants:
        click.echo("\n".join(grant_statements(config.db_url.database, config.db_prefix, user)))
        return
    failed = 0
    for check in run_checks(config, Database(config.db_url, config.db_prefix, attempts=1)):
        failed += not check.ok
        mark = click.style("ok  ", fg="green") if check.ok else click.style("FAIL", fg="red")
        click.echo(f"{mark} {check.name:<10} {check.detail}")
    sys.exit(1 if failed else 0)


@main.command("demo-data")
@click.option("--orders", default=10_000, show_default=True, help="How many orders to generate.")
@click.option("--seed", default=1, show_default=True, help="Random seed; the same seed gives the same store.")
@click.option("--append", is_flag=True, help="Add to a store that already has orders.")
@click.option("--return-rate", default=0.03, show_default=True, type=click.FloatRange(0, 1),
              help="Share of delivered orders with a return (0.12: about 100,000 returns per 1,000,000 orders).")
@click.option("--rebound", is_flag=True,
              help="Also add Rebound's rows: cases, history, photos, survey answers (sidecar/demo_data/rebound_rows.py).")
def demo_data(orders: int, seed: int, append: bool, return_rate: float, rebound: bool) -> None:
    """Fill the configured database with a realistic OpenCart store."""
    from .demo_data import generate
    from .demo_data.rebound_rows import add_rebound_rows

    config = _config()
    _setup_logs(config)
    db = Database(config.db_url, config.db_prefix)
    try:
        summary = generate(db, orders=orders, seed=seed, append=append, return_rate=return_rate)
        click.echo(str(summary))
        if rebound:
            click.echo(f"Rebound: {add_rebound_rows(db)}")
    except ReboundError as exc:
        raise click.ClickException(exc.message) from None


@main.command()
@click.option("--orders", default=20_000, show_default=True, help="Orders in the generated store.")
@click.option("--port", default=8765, show_default=True, help="Port for the sidecar.")
@click.option("--smoke", is_flag=True, help="Start everything, check it answers, then stop.")
def demo(orders: int, port: int, smoke: bool) -> None:
    """Run a whole store locally: database, generated data, sidecar, worker and a mail sink."""
    from .demo import run_demo

    logging.basicConfig(level=logging.WARNING)
    try:
        run_demo(orders=orders, port=port, smoke=smoke)
    except ReboundError as exc:
        raise click.ClickException(exc.message) from None



@main.command()
@click.option("--policy", "policy_file", required=True, type=click.Path(dir_okay=False),
              help="The proposed policy: a JSON file like the one the admin page saves.")
@click.option("--since", default="90d", show_default=True, help="Orders placed in the last N days: 90d (or 90).")
@click.option("--store-id", default=0, show_default=True, help="The store whose orders and policy to use.")
@click.option("--max-orders", type=int, default=None, help="Judge at most this many orders, the newest.")
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
def simulate(policy_file: str, since: str, store_id: int, max_orders: int | None, as_json: bool) -> None:
    """Replay recent orders against the current and a proposed return policy, and show what changes."""
    import json
    import re
    from datetime import datetime, timezone

    from tqdm import tqdm

    from .errors import BadRequest
    from .policy import validate
    from .returns.simulate import render
    from .returns.simulate import simulate as run
    from .store import Store

    match = re.fullmatch(r"\s*(\d+)\s*d?\s*", since)
    if not match or not 1 <= int(match[1]) <= 3650:
        raise click.ClickException(f"--since must be a number of days from 1 to 3650, like 90d, not {since!r}")
    try:
        with open(policy_file, encoding="utf-8") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"can't read {policy_file}: {getattr(exc, 'strerror', None) or exc}") from None
    try:
        proposed = validate(text)
    except BadRequest as exc:
        details = "; ".join(f"{k}: {v}" for k, v in exc.fields.items())
        raise click.ClickException(f"{policy_file}: {exc.message} {details}") from None
    config = _config()
    _setup_logs(config)
    db = Database(config.db_url, config.db_prefix)
    bar = tqdm(unit="order", unit_scale=True, file=sys.stderr, disable=None, desc="simulating")

    def progress(done: int, total: int) -> None:
        bar.total, bar.n = max(total, done), done
        bar.refresh()

    try:
        result = run(db, Store(db, timezone=config.timezone), proposed, since_days=int(match[1]),
                     now=datetime.now(timezone.utc), store_id=store_id, max_orders=max_orders,
                     progress=progress).dump()
    except ReboundError as exc:
        raise click.ClickException(exc.message) from None
    finally:
        bar.close()
    click.echo(json.dumps(result, indent=2) if as_json else render(result))


if __name__ == "__main__":
    main()
