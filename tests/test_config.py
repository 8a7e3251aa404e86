import pytest

from sidecar.config import load_config
from sidecar.errors import ConfigError

SECRET = "a1" * 32
GOOD = {"REBOUND_DB_URL": "mysql://shop:p%40ss@db.internal:3307/shop"}


def test_reads_every_variable() -> None:
    config = load_config(
        {
            **GOOD,
            "REBOUND_DB_PREFIX": "oc2_",
            "REBOUND_SECRET": SECRET,
            "REBOUND_SECRET_PREVIOUS": "b2" * 32,
            "REBOUND_STORE_URL": "https://shop.example.com/",
            "REBOUND_SMTP_URL": "smtp+starttls://mailer:pw@smtp.example.com",
            "REBOUND_TIMEZONE": "Europe/Berlin",
        }
    )
    assert (config.db_url.host, config.db_url.port, config.db_url.user) == ("db.internal", 3307, "shop")
    assert config.db_url.password == "p@ss" and config.db_url.database == "shop"
    assert config.db_prefix == "oc2_"
    assert config.secrets == (SECRET, "b2" * 32)
    assert (config.smtp_url.host, config.smtp_url.port, config.smtp_url.security) == (
        "smtp.example.com", 587, "starttls")
    assert config.timezone == "Europe/Berlin"


def test_defaults() -> None:
    config = load_config({"REBOUND_DB_URL": "mysql://root@localhost/shop"})
    assert config.db_prefix == "oc_" and config.db_url.port == 3306
    assert config.secret is None and config.smtp_url is None and config.timezone is None


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({}, "REBOUND_DB_URL is not set"),
        ({"REBOUND_DB_URL": "postgres://x@h/db"}, "REBOUND_DB_URL must look like"),
        ({"REBOUND_DB_URL": "mysql://x@h"}, "REBOUND_DB_URL must look like"),
        ({"REBOUND_DB_URL": "mysql://x@h:notaport/db"}, "REBOUND_DB_URL must look like"),
        ({**GOOD, "REBOUND_DB_PREFIX": "oc-"}, "REBOUND_DB_PREFIX may hold only"),
        ({**GOOD, "REBOUND_SECRET": "short"}, "REBOUND_SECRET must be the 64 hexadecimal"),
        ({**GOOD, "REBOUND_SECRET_PREVIOUS": "z" * 64}, "REBOUND_SECRET_PREVIOUS must be"),
        ({**GOOD, "REBOUND_STORE_URL": "shop.example.com"}, "REBOUND_STORE_URL must be"),
        ({**GOOD, "REBOUND_SMTP_URL": "http://mail"}, "REBOUND_SMTP_URL must look like"),
        ({**GOOD, "REBOUND_TIMEZONE": "Mars/Olympus"}, "REBOUND_TIMEZONE must be an IANA"),
    ],
)
def test_bad_values_stop_with_one_line_naming_the_variable(env: dict, names: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(env)
    assert names in info.value.message
    assert "\n" not in info.value.message


def test_required_for_a_command() -> None:
    with pytest.raises(ConfigError, match="REBOUND_SECRET is not set"):
        load_config(GOOD, require=("REBOUND_SECRET",))


def test_secrets_never_in_messages_or_repr() -> None:
    bad = "f" * 63 + "x"
    with pytest.raises(ConfigError) as info:
        load_config({**GOOD, "REBOUND_SECRET": bad})
    assert bad not in info.value.message
    config = load_config({**GOOD, "REBOUND_SECRET": SECRET, "REBOUND_SMTP_URL": "smtp://u:hunter2@m"})
    shown = repr(config) + str(config.db_url) + str(config.smtp_url)
    assert SECRET not in shown and "p@ss" not in shown and "hunter2" not in shown
