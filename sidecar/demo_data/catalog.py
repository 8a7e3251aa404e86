"""The catalog: a category tree with its closure rows, size options and ~200 products (some on clearance);
when appending, the store's own enabled products instead.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..db import Database
from .clock import DAY, LEAD_DAYS, Clock
from .pools import (
    BRANDS,
    CATALOG,
    CLEARANCE,
    CLEARANCE_SHARE,
    COLORS,
    KIND_BY_ROOT,
    QUALITY_WEIGHTS,
    SHOE_SIZES,
    SIZES,
    STYLES,
    cumulative,
)
from .render import lit, money, oc_text, tax_of
from .writer import BulkWriter, Ids


@dataclass(eq=False)
class Product:
    id: int
    name: str  # as stored: HTML-encoded
    model: str
    price: int  # cents, excluding tax
    kind: str  # apparel | shoes | electronics | home | care | other
    quality: int = 0  # index into RATING_WEIGHTS
    options: list[str] = field(default_factory=list)  # order_option row tails, one per size
    option_cum: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tax = tax_of(self.price)
        self.line_sql = f"{self.id},0,{lit(self.name)},{lit(self.model)}"
        self.price_sql, self.tax_sql = money(self.price), money(self.tax)
        self.return_sql = f"{self.id},{lit(self.name)},{lit(self.model)}"


# (option_id, name, [(option_value_id, value, weight)])
SizeOption = tuple[int, str, list[tuple[int, str, int]]]


class CatalogBuilder:
    """Categories (with closure rows), size options and products, rendered into `out`."""

    def __init__(self, rng: random.Random, ids: Ids, clock: Clock, out: BulkWriter) -> None:
        self.rng, self.ids, self.clock, self.out = rng, ids, clock, out
        self.categories: dict[tuple[str, ...], int] = {}

    def build(self) -> list[Product]:
        options = {"apparel": self._option("Size", SIZES), "shoes": self._option("Shoe Size", SHOE_SIZES)}
        products: list[Product] = []
        for path, kind, items, prices, count in CATALOG:
            leaf = self._category(path)
            variants = {"apparel": COLORS, "shoes": COLORS, "electronics": BRANDS}.get(kind, STYLES)
            for item, variant in self.rng.sample([(i, v) for i in items for v in variants], count):
                products.append(self._product(kind, item, variant, prices, leaf, options.get(kind)))
        clearance = self._category((CLEARANCE,))
        for product in products:
            if product.kind != "care" and self.rng.random() < CLEARANCE_SHARE:
                self.out.rows("product_to_category").append(f"({product.id},{clearance})")
        return products

    def _category(self, path: tuple[str, ...]) -> int:
        if path in self.categories:
            return self.categories[path]
        parent = self._category(path[:-1]) if len(path) > 1 else 0
        category_id = self.ids.take("category")
        self.categories[path] = category_id
        name = lit(oc_text(path[-1]))
        self.out.rows("category").append(f"({category_id},'',{parent},{len(self.categories)},1)")
        self.out.rows("category_description").append(f"({category_id},1,{name},'',{name},'','')")
        for level in range(len(path)):  # closure: every ancestor, root first at level 0, then itself
            ancestor = self.categories[path[:level + 1]]
            self.out.rows("category_path").append(f"({category_id},{ancestor},{level})")
        return category_id

    def _option(self, name: str, values: Sequence[tuple[str, int]]) -> SizeOption:
        option_id = self.ids.take("option")
        self.out.rows("option").append(f"({option_id},'select',NULL,{option_id})")
        self.out.rows("option_description").append(f"({option_id},1,{lit(name)})")
        result = []
        for sort_order, (value, weight) in enumerate(values, 1):
            value_id = self.ids.take("option_value")
            self.out.rows("option_value").append(f"({value_id},{option_id},'',{sort_order})")
            self.out.rows("option_value_description").append(f"({value_id},1,{option_id},{lit(value)})")
            result.append((value_id, value, weight))
        return option_id, name, result

    def _product(self, kind: str, item: str, variant: str, prices: tuple[int, int], category_id: int,
                 option: SizeOption | None) -> Product:
        rng, rows = self.rng, self.out.rows
        product_id = self.ids.take("product")
        plain = f"{item} ({variant})" if kind in ("apparel", "shoes") else f"{variant} {item}".strip()
        name, model = oc_text(plain), f"{kind[:3].upper()}-{product_id:05d}"
        price = rng.randint(*prices) * 100 - rng.choice((1, 1, 1, 0, 5, 51))  # .99, .00, .95, .49
        added = rng.randrange(0, LEAD_DAYS * DAY)
        when = self.clock.dt(added)
        rows("product").append(
            f"({product_id},0,{lit(model)},'','','',{rng.randint(0, 500)},7,'',0,1,{money(price)},0,9,"
            f"'{self.clock.day(added)}',{rng.uniform(0.1, 3.0):.8f},1,0,0,0,1,1,1,0,0,1,'{when}','{when}')")
        description = lit(oc_text(f"<p>{plain}. Designed for everyday use & built to last.</p>"))
        rows("product_description").append(f"({product_id},1,{lit(name)},{description},'',{lit(name)},'','')")
        rows("product_to_category").append(f"({product_id},{category_id})")
        rows("product_to_store").append(f"({product_id},0)")
        product = Product(product_id, name, model, price, kind, rng.choices((0, 1, 2), QUALITY_WEIGHTS)[0])
        if option is not None:
            self._product_option(product, *option)
        return product

    def _product_option(self, product: Product, option_id: int, name: str,
                        values: list[tuple[int, str, int]]) -> None:
        product_option_id = self.ids.take("product_option")
        self.out.rows("product_option").append(f"({product_option_id},{product.id},{option_id},'',1)")
        for value_id, value, _ in values:
            pov_id = self.ids.take("product_option_value")
            self.out.rows("product_option_value").append(
                f"({pov_id},{product_option_id},{product.id},{option_id},{value_id},"
                f"{self.rng.randint(0, 80)},1,0.0000,'+',0,'+',0.00000000,'+')")
            product.options.append(f"{product_option_id},{pov_id},{lit(name)},{lit(value)},'select')")
        product.option_cum = cumulative([weight for _, _, weight in values])


def load_catalog(db: Database) -> list[Product]:
    """The store's enabled products (for --append), each with its first select/radio option's values."""
    products = {
        r["product_id"]: Product(r["product_id"], r["name"] or "", r["model"] or "",
                                 int(round(r["price"] * 100)), "other")
        for r in db.query(
            "SELECT p.product_id, p.model, p.price, pd.name FROM `{p}product` p "
            "JOIN `{p}product_description` pd ON pd.product_id = p.product_id AND pd.language_id = 1 "
            "WHERE p.status = 1 ORDER BY p.product_id")
    }
    first_option: dict[int, int] = {}
    for r in db.query(
            "SELECT po.product_id, po.product_option_id, pov.product_option_value_id, "
            "od.name AS option_name, ovd.name AS value_name FROM `{p}product_option` po "
            "JOIN `{p}option` o ON o.option_id = po.option_id AND o.type IN ('select', 'radio') "
            "JOIN `{p}option_description` od ON od.option_id = o.option_id AND od.language_id = 1 "
            "JOIN `{p}product_option_value` pov ON pov.product_option_id = po.product_option_id "
            "JOIN `{p}option_value_description` ovd "
            "  ON ovd.option_value_id = pov.option_value_id AND ovd.language_id = 1 "
            "ORDER BY po.product_id, po.product_option_id, pov.product_option_value_id"):
        product = products.get(r["product_id"])
        option_id = r["product_option_id"]
        if product is None or first_option.setdefault(product.id, option_id) != option_id:
            continue
        product.options.append(f"{r['product_option_id']},{r['product_option_value_id']},"
                               f"{lit(r['option_name'])},{lit(r['value_name'])},'select')")
    for r in db.query(
            "SELECT p2c.product_id, cd.name FROM `{p}product_to_category` p2c "
            "JOIN `{p}category_path` cp ON cp.category_id = p2c.category_id AND cp.level = 0 "
            "JOIN `{p}category_description` cd ON cd.category_id = cp.path_id AND cd.language_id = 1 "
            "ORDER BY p2c.product_id, p2c.category_id"):
        product = products.get(r["product_id"])
        if product is not None and product.kind == "other":
            product.kind = KIND_BY_ROOT.get(r["name"], "other")
    for product in products.values():
        product.option_cum = cumulative([1] * len(product.options))
    return list(products.values())

