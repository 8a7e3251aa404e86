"""The store gateway: every read of OpenCart's own tables goes through here.

`COLUMNS` names each table and column Rebound touches; the conformance test proves they exist in real
OpenCart dumps. Columns a version lacks (3.0 has no `product.rating`, no `order_product.master_id`) are
read as NULL, found once per process from information_schema, so one gateway serves every version.

Text comes back decoded (OpenCart stores form input HTML-encoded) and datetimes come back aware, in the
store's time zone (OpenCart writes store-local times).
"""

from __future__ import annotations

import html
import json
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import phpserial
from .db import Database
from .ttl_cache import MISS, TtlCache
from .records import (
    Customer,
    Order,
    OrderLine,
    OrderOption,
    OrderTotal,
    Product,
    ReturnRequest,
    Review,
    StatusChange,
)

COLUMNS: dict[str, tuple[str, ...]] = {
    "order": (
        "order_id", "store_id", "store_name", "customer_id", "customer_group_id", "firstname", "lastname",
        "email", "telephone", "total", "order_status_id", "language_id", "currency_code", "currency_value",
        "date_added", "date_modified",
    ),
    "order_product": (
        "order_product_id", "order_id", "product_id", "master_id", "name", "model", "quantity", "price",
        "total", "tax",
    ),
    "order_option": (
        "order_option_id", "order_id", "order_product_id", "product_option_id", "product_option_value_id",
        "name", "value", "type",
    ),
    "order_total": ("order_id", "code", "title", "value", "sort_order"),
    "order_history": ("order_history_id", "order_id", "order_status_id", "notify", "comment", "date_added"),
    "order_status": ("order_status_id", "language_id", "name"),
    "product": ("product_id", "master_id", "model", "price", "status", "rating"),
    "product_description": ("product_id", "language_id", "name"),
    "product_to_category": ("product_id", "category_id"),
    "product_option_value": (
        "product_option_value_id", "product_option_id", "product_id", "option_id", "option_value_id", "quantity",
    ),
    "option_value_description": ("option_value_id", "language_id", "name"),
    "option_description": ("option_id", "language_id", "name"),
    "category_path": ("category_id", "path_id"),
    "customer": (
        "customer_id", "customer_group_id", "store_id", "language_id", "firstname", "lastname", "email",
        "telephone", "status", "date_added",
    ),
    "customer_group_description": ("customer_group_id", "language_id", "name"),
    "return": (
        "return_id", "order_id", "customer_id", "firstname", "lastname", "email", "product_id", "product",
        "model", "quantity", "opened", "return_reason_id", "return_action_id", "return_status_id", "comment",
        "date_ordered", "date_added", "date_modified",
    ),
    "return_history": ("return_history_id", "return_id", "return_status_id", "notify", "comment", "date_added"),
    "return_status": ("return_status_id", "language_id", "name"),
    "return_reason": ("return_reason_id", "language_id", "name"),
    "return_action": ("return_action_id", "language_id", "name"),
    "review": (
        "review_id", "product_id", "customer_id", "author", "text", "rating", "status", "date_added",
        "date_modified",
    ),
    "setting": ("store_id", "code", "key", "value", "serialized"),
    "language": ("language_id", "code"),
    "store": ("store_id", "name", "url"),  # read by sidecar/mail/context.py for links in email
}

SETTINGS_TTL_S = 5.0  # settings change rarely; a save in the admin is seen within this many seconds
# Products (price, status, categories) are read by every eligibility check; a store's catalogue changes
# rarely, and a product moved into an excluded category is seen by the policy within this many seconds.
PRODUCTS_TTL_S = 60.0

STATUS_TABLES = ("order_status", "return_status", "return_reason", "return_action")


def decode_setting(value: str | None, serialized: Any) -> Any:
    """A setting as OpenCart means it: JSON (or legacy PHP serialize()) arrays, scalars HTML-decoded."""
    if value is None:
        return None
    if not int(serialized or 0):
        return html.unescape(value)
    try:
        return json.loads(value)
    except ValueError:
        return phpserial.loads(value)


def text_of(value: Any) -> str:
    return html.unescape(value) if isinstance(value, str) else ""


def int_of(value: Any) -> int:
    return int(value) if value is not None else 0


def money_of(value: Any) -> Decimal:
    return Decimal(value) if value is not None else Decimal("0")


class Store:
    def __init__(self, db: Database, *, timezone: str | None = None) -> None:
        self.db = db
        self.timezone_override = timezone
        self._present: dict[str, set[str]] | None = None
        self._lock = threading.Lock()
        self._settings = TtlCache(SETTINGS_TTL_S)  # store_id → setting rows by key
        self._lookups = TtlCache(SETTINGS_TTL_S)  # languages and status names, as settings
        self._products = TtlCache(PRODUCTS_TTL_S)  # (product_id, language_id) → Product, or None if missing

    # -- version tolerance -------------------------------------------------------------------------------

    def present_columns(self) -> dict[str, set[str]]:
        """The columns of COLUMNS' tables that this store's database really has (read once)."""
        with self._lock:
            if self._present is None:
                names = [self.db.prefix + t for t in COLUMNS]
                marks = ", ".join(["%s"] * len(names))
                rows = self.db.query(
                    "SELECT table_name AS t, column_name AS c FROM information_schema.columns "
                    f"WHERE table_schema = DATABASE() AND table_name IN ({marks})",
                    names,
                )
                present: dict[str, set[str]] = defaultdict(set)
                for row in rows:
                    present[row["t"][len(self.db.prefix):]].add(row["c"])
                self._present = dict(present)
            return self._present

    def _select(self, table: str, alias: str) -> str:
        have = self.present_columns().get(table, set())
        return ", ".join(
            f"{alias}.`{c}`" if c in have else f"NULL AS `{c}`" for c in COLUMNS[table]
        )

    def _columns(self, table: str, alias: str) -> list[tuple[str, str]]:
        """(expression, column name) per column of COLUMNS[table], NULL where this version lacks it."""
        have = self.present_columns().get(table, set())
        return [(f"{alias}.`{c}`" if c in have else "NULL", c) for c in COLUMNS[table]]

    # -- time ------------------------------------------------------------------------------------------------

    def timezone(self, store_id: int = 0) -> ZoneInfo:
        name = self.timezone_override or self.setting("config_timezone", store_id) or "UTC"
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    @staticmethod
    def _local(value: Any, tz: ZoneInfo) -> datetime | None:
        # Zero dates ('0000-00-00 00:00:00', 3.0's defaults) arrive as strings or None: no time known.
        return value.replace(tzinfo=tz) if isinstance(value, datetime) else None

    # -- settings --------------------------------------------------------------------------------------------

    def _settings_rows(self, store_id: int) -> dict[str, dict[str, Any]]:
        """key → row, store 0's overridden by the store's own; re-read at most every SETTINGS_TTL_S.

        OpenCart's keys begin with their group's code (config_…, module_rebound_…), so a key is unique.
        """
        def load() -> dict[str, dict[str, Any]]:
            rows = self.db.query(
                "SELECT code, `key`, `value`, serialized FROM `{p}setting` WHERE store_id IN (0, %s) "
                "ORDER BY store_id = %s, setting_id",
                (store_id, store_id),
            )
            return {r["key"]: r for r in rows}  # later rows (the store's own) win

        return self._settings.get_or_load(store_id, load)

    def forget_settings(self, store_id: int = 0) -> None:
        """Read this store's settings afresh next time: for an admin page that shows what was just saved."""
        self._settings.forget(store_id)

    def settings(self, store_id: int = 0, code: str = "config") -> dict[str, Any]:
        """All keys of one setting group; a store's own rows override store 0's, as in OpenCart's catalog."""
        return {
            key: decode_setting(r["value"], r["serialized"])
            for key, r in self._settings_rows(store_id).items() if r["code"] == code
        }

    def setting(self, key: str, store_id: int = 0, default: Any = None) -> Any:
        row = self._settings_rows(store_id).get(key)
        return decode_setting(row["value"], row["serialized"]) if row else default

    def status_ids(self, key: str, store_id: int = 0) -> set[int]:
        """A status-list setting such as config_complete_status (JSON strings in OpenCart) as ints."""
        value = self.setting(key, store_id) or []
        values = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        return {int(v) for v in values if str(v).strip().isdigit()}

    def language_id(self, code: str | None = None) -> int:
        """The language to read names in: `code`, else the store's catalog language, else the first one."""
        code = code or self.setting("config_language_catalog") or self.setting("config_language")

        def load() -> int:
            row = self.db.query_one(
                "SELECT language_id FROM `{p}language` ORDER BY code = %s DESC, language_id LIMIT 1", (code,)
            )
            return int(row["language_id"]) if row else 1

        # Languages and status names: the eligibility page asks on every request, the admin changes them
        # about never.
        return self._lookups.get_or_load(("language", code), load)

    def names(self, table: str, language_id: int | None = None) -> dict[int, str]:
        """id → name for order_status, return_status, return_reason or return_action."""
        if table not in STATUS_TABLES:
            raise ValueError(f"not a status table: {table}")
        language_id = language_id or self.language_id()

        def load() -> dict[int, str]:
            rows = self.db.query(
                f"SELECT `{table}_id` AS id, name FROM `{{p}}{table}` WHERE language_id = %s", (language_id,)
            )
            return {int(r["id"]): text_of(r["name"]) for r in rows}

        return dict(self._lookups.get_or_load((table, language_id), load))

    def id_by_name(self, table: str, name: str, language_id: int | None = None) -> int | None:
        """Resolve a status, reason or action by name: their ids differ between OpenCart versions."""
        wanted = name.strip().casefold()
        return next((i for i, n in self.names(table, language_id).items() if n.strip().casefold() == wanted), None)

    # -- orders ----------------------------------------------------------------------------------------------

    def order(
        self, order_id: int, *, history: bool = True, options: bool = True, totals: bool = True
    ) -> Order | None:
        """An order with its lines, options, totals and status history; None for missing or unconfirmed.

        OpenCart has no index on order_history.order_id nor order_option.order_id: on a big store, hot paths
        pass history=False / options=False and take both from Rebound's mirrors (sidecar/returns/load.py).
        totals=False skips a query the return policy doesn't need.
        """
        # The order and its lines in one round trip (the eligibility page's hot path reads nothing else here).
        joined = self._orders_with_lines([order_id])
        if not joined:
            return None
        row = joined[0]
        tz = self.timezone(int_of(row["store_id"]))
        by_line = defaultdict(list)
        for opt in self.db.query(
            f"SELECT {self._select('order_option', 'x')} FROM `{{p}}order_option` x "
            "WHERE x.order_id = %s ORDER BY x.order_option_id",
            (order_id,),
        ) if options else ():
            by_line[opt["order_product_id"]].append(
                OrderOption(
                    order_option_id=opt["order_option_id"],
                    order_product_id=opt["order_product_id"],
                    product_option_id=opt["product_option_id"],
                    product_option_value_id=opt["product_option_value_id"],
                    name=text_of(opt["name"]),
                    value=text_of(opt["value"]),
                    type=opt["type"] or "",
                )
            )
        order_totals = tuple(
            OrderTotal(code=r["code"] or "", title=text_of(r["title"]), value=money_of(r["value"]),
                       sort_order=int_of(r["sort_order"]))
            for r in self.db.query(
                f"SELECT {self._select('order_total', 't')} FROM `{{p}}order_total` t "
                "WHERE t.order_id = %s ORDER BY t.sort_order",
                (order_id,),
            )
        ) if totals else ()
        return self._order_of(joined, by_line, order_totals, self.order_history(order_id, tz) if history else ())

    def orders(self, order_ids: Iterable[int]) -> dict[int, Order]:
        """Several orders with their lines, without options, totals or history, in one round trip (the
        order list page); missing and unconfirmed orders are left out."""
        rows: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in self._orders_with_lines(sorted({int(i) for i in order_ids})):
            rows[r["order_id"]].append(r)
        return {order_id: self._order_of(joined, {}, (), ()) for order_id, joined in rows.items()}

    def _orders_with_lines(self, order_ids: list[int]) -> list[dict[str, Any]]:
        """Confirmed orders joined to their lines (line columns prefixed `line_`), by order and line id."""
        if not order_ids:
            return []
        line_cols = ", ".join(f"{col} AS `line_{name}`" for col, name in self._columns("order_product", "l"))
        marks = ", ".join(["%s"] * len(order_ids))
        return self.db.query(
            f"SELECT {self._select('order', 'o')}, {line_cols} FROM `{{p}}order` o "
            "LEFT JOIN `{p}order_product` l ON l.order_id = o.order_id "
            f"WHERE o.order_id IN ({marks}) AND o.order_status_id > 0 ORDER BY o.order_id, l.order_product_id",
            order_ids,
        )

    def _order_of(self, joined: list[dict[str, Any]], by_line: dict[int, list[OrderOption]],
                  order_totals: tuple[OrderTotal, ...], history: tuple[StatusChange, ...]) -> Order:
        row = joined[0]
        tz = self.timezone(int_of(row["store_id"]))
        lines = tuple(
            OrderLine(
                order_product_id=r["line_order_product_id"],
                order_id=r["line_order_id"],
                product_id=int_of(r["line_product_id"]),
                master_id=r["line_master_id"],
                name=text_of(r["line_name"]),
                model=text_of(r["line_model"]),
                quantity=int_of(r["line_quantity"]),
                price=money_of(r["line_price"]),
                total=money_of(r["line_total"]),
                tax=money_of(r["line_tax"]),
                options=tuple(by_line.get(r["line_order_product_id"], ())),
            )
            for r in joined if r["line_order_product_id"] is not None
        )
        return Order(
            order_id=row["order_id"],
            store_id=int_of(row["store_id"]),
            store_name=text_of(row["store_name"]),
            customer_id=int_of(row["customer_id"]),
            customer_group_id=int_of(row["customer_group_id"]),
            firstname=text_of(row["firstname"]),
            lastname=text_of(row["lastname"]),
            email=text_of(row["email"]),
            telephone=text_of(row["telephone"]),
            status_id=int_of(row["order_status_id"]),
            total=money_of(row["total"]),
            language_id=row["language_id"],
            currency_code=row["currency_code"] or "",
            currency_value=money_of(row["currency_value"] if row["currency_value"] is not None else 1),
            date_added=self._local(row["date_added"], tz),
            date_modified=self._local(row["date_modified"], tz),
            lines=lines,
            totals=order_totals,
            history=history,
        )

    def order_history(self, order_id: int, tz: ZoneInfo | None = None) -> tuple[StatusChange, ...]:
        tz = tz or self.timezone()
        return self._changes("order_history", "order_id", order_id, tz)

    def _changes(self, table: str, key: str, value: int, tz: ZoneInfo) -> tuple[StatusChange, ...]:
        status = "order_status_id" if table == "order_history" else "return_status_id"
        rows = self.db.query(
            f"SELECT {self._select(table, 'h')} FROM `{{p}}{table}` h WHERE h.`{key}` = %s "
            f"ORDER BY h.date_added, h.`{table}_id`",
            (value,),
        )
        return tuple(
            StatusChange(
                history_id=r[f"{table}_id"],
                status_id=int_of(r[status]),
                notify=bool(r["notify"]),
                comment=text_of(r["comment"]),
                at=self._local(r["date_added"], tz),
            )
            for r in rows
        )

    # -- catalogue and customers ----------------------------------------------------------------------------

    def products(self, product_ids: Iterable[int], language_id: int | None = None) -> dict[int, Product]:
        """Products with their categories; each is re-read at most every PRODUCTS_TTL_S (the catalogue
        changes rarely, and every eligibility check needs its order's products)."""
        language_id = language_id or self.language_id()
        result: dict[int, Product] = {}
        missing = []
        for product_id in {int(i) for i in product_ids}:
            cached = self._products.get((product_id, language_id))
            if cached is MISS:
                missing.append(product_id)
            elif cached is not None:
                result[product_id] = cached
        if missing:
            loaded = self._load_products(sorted(missing), language_id)
            for product_id in missing:
                self._products.put((product_id, language_id), loaded.get(product_id))
            result.update(loaded)
        return result

    def _load_products(self, ids: list[int], language_id: int) -> dict[int, Product]:
        marks = ", ".join(["%s"] * len(ids))
        direct: dict[int, set[int]] = defaultdict(set)
        paths: dict[int, set[int]] = defaultdict(set)
        for r in self.db.query(
            "SELECT pc.product_id, pc.category_id, cp.path_id FROM `{p}product_to_category` pc "
            "LEFT JOIN `{p}category_path` cp ON cp.category_id = pc.category_id "
            f"WHERE pc.product_id IN ({marks})",
            ids,
        ):
            direct[r["product_id"]].add(r["category_id"])
            if r["path_id"] is not None:
                paths[r["category_id"]].add(r["path_id"])
        rows = self.db.query(
            f"SELECT {self._select('product', 'p')}, d.name FROM `{{p}}product` p "
            "LEFT JOIN `{p}product_description` d ON d.product_id = p.product_id AND d.language_id = %s "
            f"WHERE p.product_id IN ({marks})",
            [language_id, *ids],
        )
        result = {}
        for r in rows:
            cats = tuple(sorted(direct.get(r["product_id"], ())))
            result[r["product_id"]] = Product(
                product_id=r["product_id"],
                master_id=r["master_id"],
                model=text_of(r["model"]),
                name=text_of(r["name"]),
                price=money_of(r["price"]),
                status=bool(r["status"]),
                rating=r["rating"],
                category_ids=cats,
                category_path_ids=tuple(sorted({p for c in cats for p in paths.get(c, {c})})),
            )
        return result

    def option_values(self, product_id: int, language_id: int | None = None) -> list[dict[str, Any]]:
        """The product's option values (sizes, colours) with names and stock, for exchanges.

        product_option_value has no index on product_id; the catalogue tables are small."""
        language_id = language_id or self.language_id()
        return [
            {"product_option_value_id": r["product_option_value_id"], "product_option_id": r["product_option_id"],
             "option": text_of(r["option_name"]), "name": text_of(r["value_name"]), "quantity": int_of(r["quantity"])}
            for r in self.db.query(
                "SELECT v.product_option_value_id, v.product_option_id, v.quantity, od.name AS option_name, "
                "vd.name AS value_name FROM `{p}product_option_value` v "
                "LEFT JOIN `{p}option_description` od ON od.option_id = v.option_id AND od.language_id = %s "
                "LEFT JOIN `{p}option_value_description` vd "
                "ON vd.option_value_id = v.option_value_id AND vd.language_id = %s "
                "WHERE v.product_id = %s ORDER BY v.product_option_value_id",
                (language_id, language_id, product_id),
            )
        ]

    def product(self, product_id: int, language_id: int | None = None) -> Product | None:
        return self.products([product_id], language_id).get(product_id)

    def customer(self, customer_id: int, language_id: int | None = None) -> Customer | None:
        row = self.db.query_one(
            f"SELECT {self._select('customer', 'c')}, g.name AS group_name FROM `{{p}}customer` c "
            "LEFT JOIN `{p}customer_group_description` g "
            "ON g.customer_group_id = c.customer_group_id AND g.language_id = %s WHERE c.customer_id = %s",
            (language_id or self.language_id(), customer_id),
        )
        if row is None:
            return None
        return Customer(
            customer_id=row["customer_id"],
            customer_group_id=int_of(row["customer_group_id"]),
            customer_group=text_of(row["group_name"]),
            store_id=int_of(row["store_id"]),
            language_id=row["language_id"],
            firstname=text_of(row["firstname"]),
            lastname=text_of(row["lastname"]),
            email=text_of(row["email"]),
            telephone=text_of(row["telephone"]),
            status=bool(row["status"]),
            date_added=self._local(row["date_added"], self.timezone(int_of(row["store_id"]))),
        )

    # -- returns and reviews ----------------------------------------------------------------------------------

    def _return(self, r: dict[str, Any], tz: ZoneInfo) -> ReturnRequest:
        return ReturnRequest(
            return_id=r["return_id"],
            order_id=int_of(r["order_id"]),
            customer_id=int_of(r["customer_id"]),
            firstname=text_of(r["firstname"]),
            lastname=text_of(r["lastname"]),
            email=text_of(r["email"]),
            product_id=int_of(r["product_id"]),
            product=text_of(r["product"]),
            model=text_of(r["model"]),
            quantity=int_of(r["quantity"]),
            opened=bool(r["opened"]),
            reason_id=int_of(r["return_reason_id"]),
            action_id=int_of(r["return_action_id"]),
            status_id=int_of(r["return_status_id"]),
            comment=text_of(r["comment"]),
            date_ordered=r["date_ordered"] if isinstance(r["date_ordered"], date) else None,
            date_added=self._local(r["date_added"], tz),
            date_modified=self._local(r["date_modified"], tz),
            history=self._changes("return_history", "return_id", r["return_id"], tz),
        )

    def return_request(self, return_id: int) -> ReturnRequest | None:
        row = self.db.query_one(
            f"SELECT {self._select('return', 'r')} FROM `{{p}}return` r WHERE r.return_id = %s", (return_id,)
        )
        return self._return(row, self.timezone()) if row else None

    def returns_for_order(self, order_id: int) -> list[ReturnRequest]:
        tz = self.timezone()
        return [
            self._return(r, tz)
            for r in self.db.query(
                f"SELECT {self._select('return', 'r')} FROM `{{p}}return` r WHERE r.order_id = %s "
                "ORDER BY r.return_id",
                (order_id,),
            )
        ]

    def _review(self, r: dict[str, Any], tz: ZoneInfo) -> Review:
        return Review(
            review_id=r["review_id"],
            product_id=int_of(r["product_id"]),
            customer_id=int_of(r["customer_id"]),
            author=text_of(r["author"]),
            text=text_of(r["text"]),
            rating=int_of(r["rating"]),
            approved=bool(r["status"]),
            date_added=self._local(r["date_added"], tz),
            date_modified=self._local(r["date_modified"], tz),
        )

    def review(self, review_id: int) -> Review | None:
        row = self.db.query_one(
            f"SELECT {self._select('review', 'v')} FROM `{{p}}review` v WHERE v.review_id = %s", (review_id,)
        )
        return self._review(row, self.timezone()) if row else None

    def reviews_for_product(self, product_id: int, *, approved_only: bool = False) -> list[Review]:
        tz = self.timezone()
        return [
            self._review(r, tz)
            for r in self.db.query(
                f"SELECT {self._select('review', 'v')} FROM `{{p}}review` v WHERE v.product_id = %s "
                + ("AND v.status = 1 " if approved_only else "")
                + "ORDER BY v.review_id",
                (product_id,),
            )
        ]
