"""The minimum GRANTs are real: a user holding exactly them can migrate, read and do its writes."""

import dataclasses
import secrets

import pytest

from sidecar import opencart
from sidecar.config import load_config
from sidecar.db import Database
from sidecar.doctor import grant_statements, missing_grants, run_checks
from sidecar.errors import ReboundError
from sidecar.migrate import migrate
from sidecar.store import Store


@pytest.fixture
def shop(make_database):
    url = make_database()
    root = Database(url)
    opencart.load(root)
    user = f"rb_{secrets.token_hex(4)}"
    password = secrets.token_hex(8)
    root.execute(f"CREATE USER '{user}'@'%' IDENTIFIED BY '{password}'")
    yield root, dataclasses.replace(url, user=user, password=password), f"'{user}'@'%'"
    root.execute(f"DROP USER IF EXISTS '{user}'@'%'")


def test_the_minimum_grants_are_enough(shop) -> None:
    root, url, account = shop
    for statement in grant_statements(url.database, "oc_", account):
        root.execute(statement)
    db = Database(url)
    assert missing_grants(db) == []
    migrate(db)
    assert Store(db).setting("config_name") == "Your Store"
    db.execute("UPDATE `{p}product` SET rating = 3 WHERE product_id = 0")
    db.execute("INSERT INTO `{p}customer_transaction` (customer_id, order_id, description, amount, date_added) "
               "VALUES (1, 0, 'credit', 5, NOW())")
    # …and no more: OpenCart's other tables stay read-only to the sidecar.
    with pytest.raises(Exception, match="denied"):
        db.execute("UPDATE `{p}order` SET total = 0")
    with pytest.raises(Exception, match="denied"):
        db.execute("UPDATE `{p}product` SET price = 0")


def test_review_moderation_runs_under_the_minimum_grants(shop) -> None:
    from datetime import datetime, timezone

    from sidecar.reviews import moderate

    root, url, account = shop
    for statement in grant_statements(url.database, "oc_", account):
        root.execute(statement)
    root.execute("INSERT INTO `oc_product` (product_id, model, price, status, rating) VALUES (40, 'TEE', 10, 1, 0)")
    review_id = root.insert("INSERT INTO `oc_review` (product_id, customer_id, author, text, rating, status, "
                            "date_added, date_modified) VALUES (40, 0, 'Ann', 'Fine.', 4, 0, NOW(), NOW())")
    db = Database(url)
    migrate(db)
    with db.transaction() as tx:
        assert moderate.set_review_status(tx, Store(db), review_id, 1, datetime.now(timezone.utc)) is True
        assert moderate.save_reply(tx, review_id, "Thanks!", "Shop") == "created"
    assert root.query_one("SELECT rating FROM `oc_product` WHERE product_id = 40")["rating"] == 4


def test_a_missing_grant_is_named(shop) -> None:
    root, url, account = shop
    for statement in grant_statements(url.database, "oc_", account):
        if "customer_transaction" not in statement:
            root.execute(statement)
    assert missing_grants(Database(url)) == ["INSERT on oc_customer_transaction"]


def test_doctor_reports_each_check(shop) -> None:
    root, url, account = shop
    root.execute(f"GRANT SELECT ON `{url.database}`.* TO {account}")
    config = load_config({"REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{url.database}"})
    checks = {c.name: c for c in run_checks(config, Database(url))}
    assert checks["database"].ok
    assert not checks["grants"].ok and "INSERT on oc_return_history" in checks["grants"].detail
    assert "SELECT on oc_order" not in checks["grants"].detail
    assert not checks["extension"].ok and "Extensions > Modules" in checks["extension"].detail
    # A fresh store's mail is off, and nothing else is configured: Rebound's email cannot go out.
    assert not checks["smtp"].ok and "REBOUND_SMTP_URL" in checks["smtp"].detail


def test_doctor_on_an_unreachable_database() -> None:
    config = load_config({"REBOUND_DB_URL": "mysql://u@127.0.0.1:1/x"})
    checks = list(run_checks(config, Database(config.db_url, attempts=1)))
    assert [c.name for c in checks] == ["config", "database"]
    assert not checks[1].ok and "unavailable" in checks[1].detail


def test_refused_access_is_one_clear_error(shop) -> None:
    _, url, _ = shop
    with pytest.raises(ReboundError, match=f"refused '{url.user}'.*Access denied"):
        Database(url).query("SELECT 1")
    with pytest.raises(ReboundError, match="refused.*Access denied"):
        Database(dataclasses.replace(url, password="wrong")).query("SELECT 1")


def test_doctor_checks_the_secret_against_the_store_and_the_store_url(make_database) -> None:
    url = make_database()
    db = Database(url)
    opencart.load(db)
    secret, other = "a" * 64, "b" * 64
    base = {"REBOUND_DB_URL": f"mysql://{url.user}@{url.host}:{url.port}/{url.database}"}

    def checks(**env: str) -> dict:
        return {c.name: c for c in run_checks(load_config({**base, **env}), db)}

    # Not installed in the store yet, nothing configured: each says what to do.
    found = checks()
    assert not found["secret"].ok and "REBOUND_SECRET is not set" in found["secret"].detail
    assert not found["links"].ok and "REBOUND_STORE_URL is not set" in found["links"].detail
    assert not checks(REBOUND_SECRET=secret)["secret"].ok  # the store has no secret to compare with
    db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, value, serialized) "
               "VALUES (0, 'module_rebound', 'module_rebound_secret', %s, 0)", (secret,))
    found = checks(REBOUND_SECRET=secret, REBOUND_STORE_URL="https://shop.example/")
    assert found["secret"].ok and found["links"].ok and "https://shop.example/" in found["links"].detail
    # Mid-rotation the sidecar may hold the store's secret as the previous one.
    assert checks(REBOUND_SECRET=other, REBOUND_SECRET_PREVIOUS=secret)["secret"].ok
    wrong = checks(REBOUND_SECRET=other)["secret"]
    assert not wrong.ok and "not the secret in the store's Rebound settings" in wrong.detail
    assert secret not in wrong.detail and other not in wrong.detail
