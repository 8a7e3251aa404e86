"""Conformance: what Rebound reads and writes exists in real OpenCart databases.

Loads the real dumps from ../shared/fixtures/ (or $REBOUND_OC_FIXTURES) and proves that every table and
column the store gateway touches, and everything in Rebound's own OpenCart DDL, is there in 4.1.0.4 with
the same type; for 3.0.5.1 it lists the differences and pins them, so a new one is noticed.
"""

import os
from pathlib import Path

import pytest

from sidecar import opencart
from sidecar.db import Database
from sidecar.doctor import CORE_WRITES
from sidecar.store import COLUMNS

FIXTURES = Path(os.environ.get("REBOUND_OC_FIXTURES", Path(__file__).resolve().parents[2] / "shared" / "fixtures"))

# What the gateway touches that 3.0.5.1 lacks; the gateway reads these as NULL there.
KNOWN_30_GAPS = {
    "order_product.master_id",
    "product.master_id",
    "product.rating",
}


def load_dump(db: Database, path: Path) -> None:
    conn = db.connect()
    try:
        with conn.cursor() as cur:
            statement: list[str] = []
            for line in path.read_text(encoding="utf-8").splitlines():
                if not statement and (not line.strip() or line.startswith("--")):
                    continue
                statement.append(line)
                if line.rstrip().endswith(";"):
                    cur.execute("\n".join(statement))
                    statement = []
    finally:
        conn.close()


def columns(db: Database) -> dict[str, dict[str, str]]:
    """table (without prefix) → column → COLUMN_TYPE, for the database `db` points at."""
    found: dict[str, dict[str, str]] = {}
    for r in db.query(
        "SELECT table_name AS t, column_name AS c, column_type AS ty FROM information_schema.columns "
        "WHERE table_schema = DATABASE()"
    ):
        found.setdefault(r["t"][len(db.prefix):], {})[r["c"]] = r["ty"]
    return found


def keys(db: Database) -> set[tuple[str, str, str]]:
    return {
        (r["t"][len(db.prefix):], r["k"], r["cols"])
        for r in db.query(
            "SELECT table_name AS t, index_name AS k, GROUP_CONCAT(column_name ORDER BY seq_in_index) AS cols "
            "FROM information_schema.statistics WHERE table_schema = DATABASE() GROUP BY table_name, index_name"
        )
    }


def fixture(version: str) -> Path:
    path = FIXTURES / f"opencart-{version}" / "schema.sql"
    if not path.exists():
        pytest.skip(f"no OpenCart {version} dump at {path}; conformance against it not checked")
    return path


@pytest.fixture(scope="module")
def real41(make_database) -> Database:
    db = Database(make_database(), prefix="oc_")
    load_dump(db, fixture("4.1.0.4"))
    load_dump(db, FIXTURES / "opencart-4.1.0.4" / "seed-data.sql")
    return db


@pytest.fixture(scope="module")
def real30(make_database) -> Database:
    db = Database(make_database(), prefix="oc_")
    load_dump(db, fixture("3.0.5.1"))
    return db


@pytest.fixture(scope="module")
def ours(make_database) -> Database:
    db = Database(make_database(), prefix="oc_")
    opencart.load(db)
    return db


def touched() -> set[str]:
    used = {f"{t}.{c}" for t, cs in COLUMNS.items() for c in cs}
    used |= {f"{t}.{c}" for t, _, cs in CORE_WRITES for c in cs}
    return used


def missing_in(db: Database, wanted: set[str]) -> set[str]:
    have = columns(db)
    return {tc for tc in wanted if tc.split(".")[1] not in have.get(tc.split(".")[0], {})}


def test_gateway_columns_exist_in_41(real41: Database) -> None:
    assert missing_in(real41, touched()) == set()


def test_gateway_differences_in_30_are_the_known_ones(real30: Database) -> None:
    gaps = missing_in(real30, touched())
    print("OpenCart 3.0.5.1 lacks:", ", ".join(sorted(gaps)))
    assert gaps == KNOWN_30_GAPS


def test_our_ddl_matches_41_column_for_column(ours: Database, real41: Database) -> None:
    mine, real = columns(ours), columns(real41)
    assert set(mine) <= set(real), set(mine) - set(real)
    mismatched = {
        f"{t}.{c}: ours {ty}, 4.1 {real[t].get(c)}"
        for t, cols in mine.items() for c, ty in cols.items() if real[t].get(c) != ty
    }
    assert mismatched == set()


def test_our_ddl_has_41s_keys_and_no_others(ours: Database, real41: Database) -> None:
    mine = keys(ours)
    real = {k for k in keys(real41) if k[0] in {t for t, _, _ in mine}}
    assert mine == real


def test_our_seed_statuses_match_41(ours: Database, real41: Database) -> None:
    for table in ("order_status", "return_status", "return_reason", "return_action"):
        sql = f"SELECT `{table}_id` AS id, name FROM `{{p}}{table}` WHERE language_id = 1 ORDER BY id"
        assert ours.query(sql) == real41.query(sql), table


def test_our_seed_settings_match_41_where_both_have_them(ours: Database, real41: Database) -> None:
    sql = "SELECT `key`, `value`, serialized FROM `{p}setting` WHERE store_id = 0 AND code = 'config'"
    real = {r["key"]: r for r in real41.query(sql)}
    # The demo store has its own name and address; everything else must be as a fresh store has it.
    own = {"config_name", "config_owner", "config_email", "config_telephone", "config_address"}
    differ = {
        r["key"] for r in ours.query(sql)
        if r["key"] in real and r["key"] not in own and (r["value"], r["serialized"]) != (
            real[r["key"]]["value"], real[r["key"]]["serialized"])
    }
    assert differ == set()
