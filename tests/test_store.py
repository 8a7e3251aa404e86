"""The store gateway against a real database holding Rebound's OpenCart 4.1 schema and hand-made rows."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from sidecar import opencart
from sidecar.db import Database
from sidecar.store import Store

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture(scope="module")
def db(make_database) -> Database:
    database = Database(make_database(), prefix="oc_")
    opencart.load(database)
    x = database.execute
    x("UPDATE `{p}setting` SET `value` = 'Europe/Berlin' WHERE `key` = 'config_timezone'")
    x("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) VALUES "
      "(1, 'config', 'config_complete_status', '[\"5\"]', 1), "
      "(0, 'config', 'config_legacy_list', 'a:2:{i:0;s:1:\"5\";i:1;s:1:\"3\";}', 1)")
    x("UPDATE `{p}setting` SET `value` = 'Tom &amp; Jerry&#039;s' WHERE `key` = 'config_name'")
    x("INSERT INTO `{p}customer_group` (customer_group_id, approval, sort_order) VALUES (2, 0, 2)")
    x("INSERT INTO `{p}customer_group_description` VALUES (2, 1, 'VIP', '')")
    x("INSERT INTO `{p}customer` (customer_id, customer_group_id, store_id, language_id, firstname, lastname, "
      "email, telephone, status, date_added) VALUES (7, 2, 0, 1, 'Se&aacute;n', 'O''Brien', 'sean@example.com', "
      "'555', 1, '2026-01-02 03:04:05')")
    x("INSERT INTO `{p}category` (category_id, parent_id, status) VALUES (20, 0, 1), (21, 20, 1)")
    x("INSERT INTO `{p}category_path` VALUES (20, 20, 0), (21, 20, 0), (21, 21, 1)")
    x("INSERT INTO `{p}product` (product_id, master_id, model, price, status, rating) VALUES "
      "(40, 0, 'TEE-1', 20.0000, 1, 4), (41, 0, 'MUG-1', 8.5000, 1, 0)")
    x("INSERT INTO `{p}product_description` (product_id, language_id, name) VALUES "
      "(40, 1, 'Tee &quot;Classic&quot;'), (41, 1, 'Mug')")
    x("INSERT INTO `{p}product_to_category` VALUES (40, 21)")
    x("INSERT INTO `{p}order` (order_id, store_id, store_name, customer_id, customer_group_id, firstname, "
      "lastname, email, telephone, total, order_status_id, language_id, currency_code, currency_value, "
      "date_added, date_modified) VALUES "
      "(100, 0, 'Tom &amp; Jerry&#039;s', 7, 2, 'Se&aacute;n', 'O''Brien', 'sean@example.com', '555', "
      "48.5000, 5, 1, 'EUR', 0.92000000, '2026-03-29 01:30:00', '2026-04-02 10:00:00'), "
      "(101, 0, 'S', 0, 1, 'G', 'Uest', 'g@example.com', '', 10, 0, 1, 'USD', 1, '2026-04-01 00:00:00', NULL)")
    x("INSERT INTO `{p}order_product` (order_product_id, order_id, product_id, master_id, name, model, "
      "quantity, price, total, tax) VALUES (500, 100, 40, 0, 'Tee &quot;Classic&quot;', 'TEE-1', 2, 20, 40, 0), "
      "(501, 100, 41, 0, 'Mug', 'MUG-1', 1, 8.5, 8.5, 0)")
    x("INSERT INTO `{p}order_option` (order_option_id, order_id, order_product_id, product_option_id, "
      "product_option_value_id, name, value, type) VALUES (900, 100, 500, 226, 15, 'Size', 'M', 'select')")
    x("INSERT INTO `{p}order_total` (order_id, extension, code, title, value, sort_order) VALUES "
      "(100, 'opencart', 'total', 'Total', 48.5, 9), (100, 'opencart', 'sub_total', 'Sub-Total', 48.5, 1)")
    # Inserted out of order: the gateway orders history by time.
    x("INSERT INTO `{p}order_history` (order_history_id, order_id, order_status_id, notify, comment, date_added) "
      "VALUES (3, 100, 5, 1, 'Delivered &amp; signed', '2026-04-02 10:00:00'), "
      "(1, 100, 1, 0, '', '2026-03-29 01:30:00'), (2, 100, 3, 1, '', '2026-03-30 09:00:00')")
    x("INSERT INTO `{p}return` (return_id, order_id, customer_id, firstname, lastname, email, product_id, "
      "product, model, quantity, opened, return_reason_id, return_action_id, return_status_id, comment, "
      "date_ordered, date_added, date_modified) VALUES (60, 100, 7, 'Se&aacute;n', 'O''Brien', "
      "'sean@example.com', 40, 'Tee', 'TEE-1', 1, 0, 4, 0, 2, 'Too &lt;small&gt;', '2026-03-29', "
      "'2026-04-05 12:00:00', '2026-04-06 12:00:00')")
    x("INSERT INTO `{p}return_history` (return_history_id, return_id, return_status_id, notify, comment, "
      "date_added) VALUES (1, 60, 2, 0, '', '2026-04-06 12:00:00')")
    x("INSERT INTO `{p}review` (review_id, product_id, customer_id, author, text, rating, status, date_added, "
      "date_modified) VALUES (1, 40, 7, 'Se&aacute;n', 'Great &amp; soft', 5, 1, '2026-04-10 08:00:00', NULL), "
      "(2, 40, 0, 'Anon', 'Pending one', 2, 0, '2026-04-11 08:00:00', NULL)")
    return database


@pytest.fixture
def store(db: Database) -> Store:
    return Store(db)


def test_order_with_lines_options_totals_and_history(store: Store) -> None:
    order = store.order(100)
    assert order is not None
    assert (order.store_name, order.firstname, order.lastname) == ("Tom & Jerry's", "Seán", "O'Brien")
    assert order.total == Decimal("48.5000") and order.currency_code == "EUR"
    assert order.currency_value == Decimal("0.92000000")
    assert [(line.product_id, line.quantity, line.total) for line in order.lines] == [
        (40, 2, Decimal("40.0000")), (41, 1, Decimal("8.5000"))]
    assert order.lines[0].name == 'Tee "Classic"'
    assert [(o.name, o.value) for o in order.lines[0].options] == [("Size", "M")]
    assert order.lines[1].options == ()
    assert [t.code for t in order.totals] == ["sub_total", "total"]
    assert [h.status_id for h in order.history] == [1, 3, 5]
    assert order.history[2].comment == "Delivered & signed"


def test_times_are_store_local_and_aware(store: Store) -> None:
    order = store.order(100)
    # 01:30 on the day Berlin's clocks jump forward: still a local time, UTC+1.
    assert order.date_added == datetime(2026, 3, 29, 1, 30, tzinfo=BERLIN)
    assert order.date_added.utcoffset().total_seconds() == 3600
    assert order.history[2].at.utcoffset().total_seconds() == 7200
    assert order.first_reached(store.status_ids("config_complete_status")) == datetime(
        2026, 3, 30, 9, 0, tzinfo=BERLIN)


def test_unconfirmed_and_missing_orders_are_none(store: Store) -> None:
    assert store.order(101) is None  # order_status_id 0: a "missing order" in OpenCart
    assert store.order(999) is None


def test_settings(store: Store) -> None:
    assert store.setting("config_name") == "Tom & Jerry's"
    assert store.setting("config_processing_status") == ["5", "1", "2", "12", "3"]
    assert store.status_ids("config_complete_status") == {5, 3}
    assert store.status_ids("config_complete_status", store_id=1) == {5}  # a store's own row wins
    assert store.setting("config_legacy_list") == ["5", "3"]
    assert store.setting("config_missing", default="x") == "x"
    assert store.settings()["config_timezone"] == "Europe/Berlin"
    assert store.timezone() == BERLIN
    assert Store(store.db, timezone="Asia/Tokyo").timezone() == ZoneInfo("Asia/Tokyo")


def test_names_resolve_by_language_and_name(store: Store) -> None:
    assert store.names("order_status")[5] == "Complete"
    assert store.id_by_name("return_action", "refunded") == 4  # 4.1's id; 3.0 has 1
    assert store.id_by_name("return_status", "No such") is None
    with pytest.raises(ValueError):
        store.names("customer")


def test_products_with_category_paths(store: Store) -> None:
    products = store.products([40, 41, 404])
    assert set(products) == {40, 41}
    tee = products[40]
    assert (tee.name, tee.price, tee.rating) == ('Tee "Classic"', Decimal("20.0000"), 4)
    assert tee.category_ids == (21,) and tee.category_path_ids == (20, 21)
    assert products[41].category_ids == ()


def test_customer_with_group(store: Store) -> None:
    customer = store.customer(7)
    assert (customer.customer_group, customer.firstname, customer.lastname) == ("VIP", "Seán", "O'Brien")
    assert store.customer(8) is None


def test_returns_and_reviews(store: Store) -> None:
    (ret,) = store.returns_for_order(100)
    assert (ret.return_id, ret.product_id, ret.quantity, ret.reason_id, ret.status_id) == (60, 40, 1, 4, 2)
    assert ret.comment == "Too <small>" and ret.date_ordered == date(2026, 3, 29)
    assert [h.status_id for h in ret.history] == [2]
    assert store.return_request(60) == ret and store.return_request(61) is None
    assert [r.review_id for r in store.reviews_for_product(40)] == [1, 2]
    assert [r.review_id for r in store.reviews_for_product(40, approved_only=True)] == [1]
    assert store.review(1).text == "Great & soft" and store.review(1).approved


def test_columns_a_version_lacks_read_as_null(make_database) -> None:
    # An OpenCart 3.0 product table: no rating column.
    db = Database(make_database(), prefix="oc_")
    opencart.load(db)
    db.execute("ALTER TABLE `{p}product` DROP COLUMN rating")
    db.execute("INSERT INTO `{p}product` (product_id, model, price, status) VALUES (1, 'M', 1, 1)")
    assert Store(db).product(1).rating is None
