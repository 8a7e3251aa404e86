"""OpenCart 4.0.2.x differences the sidecar meets (../shared/opencart-notes.md §1.3): its tables are
utf8mb4_general_ci where 4.1's and Rebound's are utf8mb4_unicode_ci, and MariaDB refuses to put text of the
two side by side (UNION) or compare them. There is no 4.0.2.3 dump in the fixtures: the store here is the
4.1 test store with its OpenCart tables converted to 4.0.2.x's collation."""

from conftest import SECRET
from test_returns import shop  # noqa: F401  (the fixture)

from sidecar import signing


def as_opencart_40(db) -> None:
    """Every OpenCart table (not Rebound's) in utf8mb4_general_ci, as OpenCart 4.0.2.3 creates them."""
    for row in db.query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() "
        "AND table_name LIKE 'oc\\_%%' AND table_name NOT LIKE 'oc\\_rebound\\_%%'"
    ):
        db.execute(f"ALTER TABLE `{row['name']}` CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci")


def test_eligibility_of_a_customers_order_in_a_general_ci_store(client, shop) -> None:  # noqa: F811
    db, lines = shop
    as_opencart_40(db)
    assert db.query_one("SELECT table_collation AS c FROM information_schema.tables WHERE table_schema = DATABASE() "
                        "AND table_name = 'oc_customer'")["c"] == "utf8mb4_general_ci"
    for path in ("/v1/orders/7/eligibility?customer_id=3", "/v1/orders/eligibility?customer_id=3&order_ids=7"):
        answer = client.get(path, headers=signing.headers(SECRET, "GET", path))
        assert answer.status_code == 200, answer.json
