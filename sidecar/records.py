"""What the store gateway returns: frozen dataclasses with decoded text and store-local aware datetimes.

Money is Decimal in the store's base currency (OpenCart keeps the order's currency and rate beside it).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal


@dataclass(frozen=True)
class OrderOption:
    order_option_id: int
    order_product_id: int
    product_option_id: int | None
    product_option_value_id: int | None
    name: str
    value: str
    type: str


@dataclass(frozen=True)
class OrderLine:
    order_product_id: int
    order_id: int
    product_id: int
    master_id: int | None
    name: str
    model: str
    quantity: int
    price: Decimal  # unit price, ex tax
    total: Decimal  # line total, ex tax
    tax: Decimal  # per unit
    options: tuple[OrderOption, ...] = ()


@dataclass(frozen=True)
class OrderTotal:
    code: str
    title: str
    value: Decimal
    sort_order: int


@dataclass(frozen=True)
class StatusChange:
    history_id: int
    status_id: int
    notify: bool
    comment: str
    at: datetime | None


@dataclass(frozen=True)
class Order:
    order_id: int
    store_id: int
    store_name: str
    customer_id: int  # 0 for a guest
    customer_group_id: int
    firstname: str
    lastname: str
    email: str
    telephone: str
    status_id: int
    total: Decimal
    language_id: int | None
    currency_code: str
    currency_value: Decimal
    date_added: datetime | None
    date_modified: datetime | None
    lines: tuple[OrderLine, ...] = ()
    totals: tuple[OrderTotal, ...] = ()
    history: tuple[StatusChange, ...] = ()

    def first_reached(self, status_ids: Iterable[int]) -> datetime | None:
        """When the order first entered any of these statuses (e.g. the store's 'complete' ones)."""
        wanted = set(status_ids)
        return next((h.at for h in self.history if h.status_id in wanted), None)


@dataclass(frozen=True)
class Product:
    product_id: int
    master_id: int | None
    model: str
    name: str
    price: Decimal
    status: bool
    rating: int | None  # stored average in 4.x; None where the column does not exist (3.0)
    category_ids: tuple[int, ...] = ()  # direct categories
    category_path_ids: tuple[int, ...] = ()  # direct categories and all their ancestors


@dataclass(frozen=True)
class Customer:
    customer_id: int
    customer_group_id: int
    customer_group: str
    store_id: int
    language_id: int | None
    firstname: str
    lastname: str
    email: str
    telephone: str
    status: bool
    date_added: datetime | None


@dataclass(frozen=True)
class ReturnRequest:
    return_id: int
    order_id: int
    customer_id: int
    firstname: str
    lastname: str
    email: str
    product_id: int
    product: str
    model: str
    quantity: int
    opened: bool
    reason_id: int
    action_id: int
    status_id: int
    comment: str
    date_ordered: date | None
    date_added: datetime | None
    date_modified: datetime | None
    history: tuple[StatusChange, ...] = field(default=())


@dataclass(frozen=True)
class Review:
    review_id: int
    product_id: int
    customer_id: int
    author: str
    text: str
    rating: int
    approved: bool
    date_added: datetime | None
    date_modified: datetime | None
