"""docker/: the compose file as Docker Compose reads it, and the env files it points at.

`docker compose config` needs only the CLI and its compose plugin, not a running engine; the tests that
use it are skipped where the plugin is absent. The env-file checks run everywhere.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from sidecar.config import load_config

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
COMPOSE = DOCKER / "compose.yaml"


def read_env_file(path: Path) -> dict[str, str]:
    """KEY=value lines, as compose's env_file reads them (comments and blank lines skipped)."""
    pairs = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep and key == key.strip() and re.fullmatch(r"[A-Z_]+", key), f"malformed line: {line!r}"
            pairs[key] = value
    return pairs


def compose_available() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    return probe.returncode == 0


needs_compose = pytest.mark.skipif(
    not compose_available(), reason="the docker CLI with the compose plugin is not installed"
)


def compose(*args: str, env_file: str | None = None) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REBOUND_", "COMPOSE_"))}
    # docker/.env is the operator's own file and may not exist here; env.example stands in for it.
    env["REBOUND_ENV_FILE"] = env_file or "env.example"
    command = ["docker", "compose", "-f", str(COMPOSE)]
    if env_file:
        command += ["--env-file", str(DOCKER / env_file)]
    result = subprocess.run(
        [*command, *args], capture_output=True, text=True, env=env, timeout=60, stdin=subprocess.DEVNULL
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@needs_compose
def test_default_runs_sidecar_and_worker_only() -> None:
    compose("config", "--quiet")
    assert set(compose("config", "--services").split()) == {"sidecar", "worker"}
    rendered = compose("config")
    assert "rebound-sidecar:local" in rendered and "/livez" in rendered
    assert "smtp://mailpit" not in rendered


@needs_compose
def test_trial_profile_adds_database_init_and_mail_catcher() -> None:
    compose("--profile", "trial", "config", "--quiet", env_file="trial.env")
    services = set(compose("--profile", "trial", "config", "--services", env_file="trial.env").split())
    assert services == {"sidecar", "worker", "mariadb", "store-init", "mailpit"}
    rendered = compose("--profile", "trial", "config", env_file="trial.env")
    assert "REBOUND_SMTP_URL: smtp://mailpit:1025" in rendered
    assert "rebound demo-data --orders 5000 --seed 1 && rebound migrate" in rendered
    # The trial database is created with the credentials that trial.env gives the sidecar.
    db = load_config(read_env_file(DOCKER / "trial.env")).db_url
    for line in (
        f"MARIADB_USER: {db.user}",
        f"MARIADB_PASSWORD: {db.password}",
        f"MARIADB_DATABASE: {db.database}",
    ):
        assert line in rendered


def test_env_example_documents_every_variable_the_sidecar_reads() -> None:
    read = set(
        re.findall(r'"(REBOUND_[A-Z_]+)"', (ROOT / "sidecar" / "config.py").read_text(encoding="utf-8"))
    )
    assert read, "sidecar/config.py names no REBOUND_* variable"
    example = DOCKER / "env.example"
    documented = read_env_file(example)
    assert read <= set(documented), f"missing from env.example: {sorted(read - set(documented))}"
    text = example.read_text(encoding="utf-8")
    for name in documented:
        # Each variable is preceded by a comment saying what it is.
        assert re.search(rf"#[^\n]*\n{name}=", text), f"{name} has no comment above it"
    load_config(documented)  # the example is a valid configuration apart from the secret


def test_trial_env_is_a_complete_configuration_pointing_at_the_trial_services() -> None:
    trial = read_env_file(DOCKER / "trial.env")
    example = read_env_file(DOCKER / "env.example")
    assert {k for k in trial if k.startswith("REBOUND_")} - {"REBOUND_ENV_FILE"} == set(example)
    config = load_config(trial, require=("REBOUND_SECRET",))
    assert (config.db_url.host, config.db_url.port) == ("mariadb", 3306)
    assert config.smtp_url is not None and (config.smtp_url.host, config.smtp_url.port) == ("mailpit", 1025)
    assert (trial["COMPOSE_PROFILES"], trial["REBOUND_ENV_FILE"]) == ("trial", "trial.env")
