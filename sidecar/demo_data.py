"""`rebound demo-data`: fill a database with a realistic OpenCart 4.1 store, fast.

A year of orders (more recent = more, with a weekly rhythm and holiday peaks) from registered customers in
three groups and from guests; a category tree with its closure rows; ~200 products (sized apparel and
shoes, electronics, home and personal care, some on clearance); order lines with options, totals and status
histories; core returns and reviews. All stored as OpenCart 4.1 would: text HTML-encoded like form input,
store-local timestamps, and ids that grow with time, as in a real store.

The same seed, `now` and starting database give the same rows. `now` defaults to the start of today in the
store's time zone, so two runs on the same day match.

Speed: this thread renders multi-row INSERT text with every id assigned here (children need no lastrowid),
while writer threads, one connection each, send it in one transaction per batch. A bounded queue keeps the
two in step. 1,000,000 orders take 75–130 s on a 2-core machine, depending on its load
(benchmarks/demo_data.py).
"""

from __future__ import annotations

import argparse
import heapq
import html
import json
import math
import os
import queue
import random
import sys
import threading
import time
import unicodedata
import zoneinfo
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from itertools import accumulate

import pymysql
from pymysql.converters import escape_string
from tqdm import tqdm

from . import opencart
from .config import load_config
from .db import Database
from .errors import ReboundError

DAY = 86_400
HISTORY_DAYS = 365  # orders span the 365 days before today, plus today up to `now`
LEAD_DAYS = 35  # the first customers and products exist this long before the first order
TAX_PERCENT = 8
FLAT_SHIPPING_CENTS = 500
FREE_SHIPPING_FROM_CENTS = 10_000
GUEST_SHARE = 0.2
RETURN_RATE = 0.03  # of completed orders
REVIEW_RATE = 0.05  # of completed order lines
BATCH_ORDERS = 2_000  # orders per writer transaction
MAX_STATEMENT_BYTES = 4_000_000  # well under the 16 MB max_allowed_packet default
STORE_URL = "http://localhost/"  # store 0's URL is in config.php, out of our reach
DEMO_PASSWORD_HASH = "$2y$10$H3cGszCrcbcdcYyD.NHLFOzXewpQtU9Ay51epOX0OLROsG5B/Jsea"  # bcrypt of "demo1234"

# Ids seeded by OpenCart 4.1 (notes §1.4); return actions differ in 3.0 and 4.0.2.
PENDING, PROCESSING, SHIPPED, COMPLETE, CANCELED, REFUNDED = 1, 2, 3, 5, 7, 11
RETURN_PENDING, RETURN_AWAITING, RETURN_COMPLETE = 1, 2, 3
ACTION_WAITING, ACTION_CREDIT, ACTION_REPLACEMENT, ACTION_REFUND = 1, 2, 3, 4
REASON_DOA, REASON_WRONG_ITEM, REASON_ORDER_ERROR, REASON_FAULTY, REASON_OTHER = 1, 2, 3, 4, 5

# -- word pools ----------------------------------------------------------------------------------------------

FIRST_NAMES = (
    "James Mary Robert Patricia John Jennifer Michael Linda David Elizabeth William Barbara Richard Susan "
    "Joseph Jessica Thomas Sarah Charles Karen Daniel Nancy Matthew Lisa Anthony Betty Mark Sandra Steven "
    "Ashley Andrew Emily Joshua Michelle Kevin Amanda Brian Melissa George Stephanie Liam Olivia Noah Emma "
    "Mateo Sofía José Zoë Chloé Renée Søren Björn Aoife Siobhán Priya Arjun Wei Mei Hiroshi Yuki Kwame "
    "Amara Fatima Omar Lucía Nikolai Ingrid Dmitri Ana Luis Camila Ethan Ava Mia Lucas Harper Elijah Nora"
).split()
LAST_NAMES = (
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernandez Lopez Gonzalez "
    "Wilson Anderson Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark "
    "Ramirez Lewis Robinson Walker Young Allen King Wright Scott Torres Nguyen Hill Flores Green Adams "
    "O'Brien O'Connor D'Souza D'Angelo García Müller Kowalski Nakamura Okafor Haddad Johansson Rossi "
    "Novak Petrov Fernández Schmidt Dubois Murphy Kelly Chen Wang Patel Singh Kim Park Ali Cohen Byrne"
).split()
STREETS = (
    "Main St|Oak Ave|Maple Dr|Cedar Ln|Pine St|Elm St|Washington Blvd|Lakeview Rd|Hillcrest Ave|Park Pl|"
    "Sunset Blvd|River Rd|Church St|Highland Ave|Mill Rd|Spring St|Meadow Ln|Forest Ave|Bay St|Ridge Rd"
).split("|")
CITIES = (  # (city, zone, OpenCart zone_id in country 223 United States, ZIP prefix)
    ("Los Angeles", "California", 3624, "900"), ("San Francisco", "California", 3624, "941"),
    ("San Diego", "California", 3624, "921"), ("New York", "New York", 3655, "100"),
    ("Brooklyn", "New York", 3655, "112"), ("Houston", "Texas", 3669, "770"),
    ("Austin", "Texas", 3669, "787"), ("Miami", "Florida", 3630, "331"), ("Orlando", "Florida", 3630, "328"),
    ("Chicago", "Illinois", 3635, "606"), ("Seattle", "Washington", 3674, "981"),
    ("Boston", "Massachusetts", 3644, "021"), ("Philadelphia", "Pennsylvania", 3663, "191"),
    ("Columbus", "Ohio", 3659, "432"), ("Atlanta", "Georgia", 3631, "303"),
    ("Denver", "Colorado", 3625, "802"),
    ("Portland", "Oregon", 3661, "972"), ("Charlotte", "North Carolina", 3656, "282"),
    ("Detroit", "Michigan", 3645, "482"), ("Phoenix", "Arizona", 3616, "850"),
    ("Newark", "New Jersey", 3653, "071"), ("Richmond", "Virginia", 3673, "232"),
    ("Minneapolis", "Minnesota", 3646, "554"),
)
EMAIL_DOMAINS = ("example.com", "example.net", "example.org")  # reserved: demo mail never reaches anyone
IP_NETS = ("192.0.2", "198.51.100", "203.0.113")  # documentation ranges
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
)
PAYMENT_METHODS = (  # (weight, code, name) of 4.1 core payment extensions
    (55, "cod.cod", "Cash On Delivery"),
    (35, "bank_transfer.bank_transfer", "Bank Transfer"),
    (10, "cheque.cheque", "Cheque / Money Order"),
)
ORDER_COMMENTS = (
    "Please leave the parcel at the back door.", "It's a gift, please don't include the receipt.",
    "Ring twice & wait, the bell is slow.", "Deliver after 5pm if possible.", 'Apt. 4B, buzzer "Smith".',
)
SIZES = (("S", 20), ("M", 35), ("L", 30), ("XL", 15))  # (value, weight)
SHOE_SIZES = (("7", 8), ("8", 16), ("9", 22), ("10", 24), ("11", 18), ("12", 12))
COLORS = "Navy|Black|White|Olive|Charcoal|Sand|Burgundy|Sky Blue|Forest Green|Heather Grey".split("|")
BRANDS = ("Norda", "Voltix", "Aurel", "Kestrel", "Lumo")
STYLES = ("", "Classic", "Premium", "Compact")

CATALOG = (  # (category path, kind, items, price range in dollars, products to make)
    (("Apparel", "Men", "Shirts & Tops"), "apparel",
     ("Oxford Shirt", "Linen Shirt", "Flannel Shirt", "Piqué Polo", "Crew Neck Tee", "Henley"), (24, 89), 14),
    (("Apparel", "Men", "Jackets & Coats"), "apparel",
     ("Rain Jacket", "Quilted Vest", "Wool Overcoat", "Denim Jacket", "Softshell Jacket"), (79, 249), 12),
    (("Apparel", "Men", "Pants"), "apparel",
     ("Slim Chinos", "Straight Jeans", "Cargo Pants", "Joggers"), (39, 99), 12),
    (("Apparel", "Women", "Dresses"), "apparel",
     ("Wrap Dress", "Shirt Dress", "Maxi Dress", "Knit Midi Dress"), (49, 139), 13),
    (("Apparel", "Women", "Tops"), "apparel",
     ("Silk Blouse", "Striped Breton Top", "Cropped Cardigan", "Ribbed Tank", "Boyfriend Tee"), (19, 89), 14),
    (("Apparel", "Women", "Jackets & Coats"), "apparel",
     ("Trench Coat", "Puffer Jacket", "Cropped Denim Jacket", "Wool Blazer"), (89, 259), 12),
    (("Apparel", "Kids"), "apparel",
     ("Kids' Hoodie", "Kids' Rain Jacket", "Kids' Joggers", "Kids' Graphic Tee"), (14, 49), 13),
    (("Shoes", "Running"), "shoes",
     ("Trail Runner", "Road Racer", "Cushioned Daily Trainer", "Lightweight Tempo Shoe"), (79, 169), 13),
    (("Shoes", "Casual"), "shoes",
     ("Canvas Sneaker", "Leather Loafer", "Slip-On Sneaker", "Court Sneaker"), (49, 129), 13),
    (("Shoes", "Boots"), "shoes",
     ("Chelsea Boot", "Hiking Boot", "Waterproof Winter Boot", "Suede Desert Boot"), (99, 219), 13),
    (("Electronics", "Audio", "Headphones"), "electronics",
     ("Noise-Cancelling Headphones", "True Wireless Earbuds", "Studio Headphones", "Sport Earbuds"),
     (29, 349), 10),
    (("Electronics", "Audio", "Speakers"), "electronics",
     ("Portable Bluetooth Speaker", "Smart Speaker", "Bookshelf Speakers (Pair)", "Soundbar"), (39, 399), 10),
    (("Electronics", "Phones & Accessories"), "electronics",
     ("USB-C Charger 65W", "Phone Case", "Braided USB-C Cable 2m", "Power Bank 10,000 mAh",
      "Tempered Glass Screen Protector"), (9, 79), 10),
    (("Electronics", "Computers", "Laptops"), "electronics",
     ('14" Ultrabook', '15.6" Everyday Laptop', '16" Creator Laptop'), (549, 1899), 9),
    (("Electronics", "Computers", "Accessories"), "electronics",
     ("Wireless Mouse", "Mechanical Keyboard", '15" Laptop Sleeve', "USB-C Hub 7-in-1", "1080p Webcam"),
     (19, 149), 10),
    (("Home & Kitchen",), "home",
     ("Salt & Pepper Mill Set", 'Cast Iron Skillet 10"', "French Press 1L", "Linen Napkins (Set of 4)",
      "Stoneware Mug Set", 'Chef\'s Knife 8"', "Bamboo Cutting Board"), (14, 129), 12),
    (("Beauty & Personal Care",), "care",
     ("Electric Toothbrush", "Beard Trimmer", "Ionic Hair Dryer", "Face Moisturiser 50ml", "Lip Balm Trio"),
     (9, 99), 8),
)
CLEARANCE = "Clearance"  # final-sale candidates: listed here as well as in their own category
CLEARANCE_SHARE = 0.08
KIND_BY_ROOT = {"Apparel": "apparel", "Shoes": "shoes", "Electronics": "electronics",
                "Home &amp; Kitchen": "home", "Beauty &amp; Personal Care": "care"}

REVIEWS = {  # bucket (0 bad, 1 middling, 2 good) → generic sentences
    0: ("Disappointed, to be honest.", "Not worth the money.", "Stopped working after a couple of weeks.",
        "The quality is much lower than I expected.", "I had to send it back.", "Would not recommend."),
    1: ("It's okay, does the job.", "Decent, but not quite what the photos suggested.",
        "Shipping took a while.", "Fine for the price, nothing special.",
        "Took a few days to get used to it."),
    2: ("Exactly as described.", "Really happy with this purchase.", "Great value for the price.",
        "Arrived quickly & well packed.", "Would definitely buy again.", "Better than I expected, honestly.",
        "My partner liked it so much I ordered a second one.", "Five stars, no complaints at all.",
        "Solid quality, it feels like it will last for years.",
        "Customer service answered my question the same day."),
}
REVIEW_STORIES = {  # long openings for the occasional detailed review
    0: ("I really wanted to like this, and the first few days were fine, but after a couple of weeks the "
        "problems started and now I regret not returning it while I still could.",
        "The description promised a lot more than what arrived: the materials feel cheap, the finish was "
        'uneven in places, and it looks nothing like the "premium" product in the photos.'),
    1: ("It does what it says, more or less, but a few small annoyances add up over time; nothing terrible, "
        "just not the upgrade I was hoping for when I ordered it.",),
    2: ("I bought this after reading a lot of reviews and comparing it with two similar options, and it has "
        "been even better than I hoped: it gets used every single day in our house.",
        "Ordering was easy, the parcel arrived two days earlier than promised, and when I had a question the "
        "support team answered within the hour with a really clear explanation.",
        "I hesitated because of the price, but after a couple of months of daily use it was worth every cent "
        "& I have already recommended it to friends and family."),
}
REVIEWS_BY_KIND = {  # kind → (bad, good) sentences
    "apparel": (("Runs small, order a size up.", "The stitching came loose after two washes.",
                 'The "navy" is closer to black.'),
                ("Fits true to size and the fabric feels great.", "Colour is exactly like the picture.",
                 "Washes well, no shrinking so far.")),
    "shoes": (("Gave me blisters for the first week.", "The sole started peeling after a month.",
               "Half a size too narrow for me."),
              ("Comfortable straight out of the box.", "Great grip on wet pavement.",
               "I wear them every day & they still look new.")),
    "electronics": (("Bluetooth keeps disconnecting.", "Gets hot when charging.",
                     "The manual is useless & the app is worse."),
                    ("Battery easily lasts a full day.", "Setup took less than five minutes.",
                     "Sound is crisp and clear <even> at full volume.")),
}
RETURN_COMMENTS = {  # (reason, sized product?) → what shoppers write
    (REASON_OTHER, True): ("Too small, I need a size up.", "Too big.", "Doesn't suit me.",
                           "Colour isn't what I expected.", 'The "slim fit" is really tight.'),
    (REASON_OTHER, False): ("Changed my mind, sorry!", "Bought it as a gift & they already had one.",
                            "Smaller than it looked in the photos.", "Found it cheaper elsewhere."),
    (REASON_FAULTY, True): ("The zipper broke after one wear.", "Seam is coming apart on the left side.",
                            "Sole is coming off after a week."),
    (REASON_FAULTY, False): ("Stopped charging after two days.", "Left earbud has no sound.",
                             "Makes a rattling noise <inside>."),
    (REASON_WRONG_ITEM, True): ("I ordered Medium & received Large.", "Wrong colour in the box."),
    (REASON_WRONG_ITEM, False): ("Received a completely different model.", "Wrong colour in the box."),
    (REASON_ORDER_ERROR, True): ("Ordered the wrong size.", "I ordered two by mistake."),
    (REASON_ORDER_ERROR, False): ("I ordered two by mistake.", "Meant to order the other model."),
    (REASON_DOA, False): ("Doesn't switch on at all.", "Arrived broken, the screen is cracked."),
}
RETURN_REASONS = {  # kind → ((reason, weight), …)
    "apparel": ((REASON_OTHER, 60), (REASON_FAULTY, 12), (REASON_WRONG_ITEM, 16), (REASON_ORDER_ERROR, 12)),
    "shoes": ((REASON_OTHER, 60), (REASON_FAULTY, 14), (REASON_WRONG_ITEM, 14), (REASON_ORDER_ERROR, 12)),
    "other": ((REASON_FAULTY, 40), (REASON_DOA, 20), (REASON_WRONG_ITEM, 15), (REASON_ORDER_ERROR, 10),
              (REASON_OTHER, 15)),
}
RETURN_NOTES = {ACTION_REFUND: "Refund issued to your original payment method.",
                ACTION_CREDIT: "Store credit added to your account.", ACTION_REPLACEMENT: "Replacement sent."}
RATING_WEIGHTS = ((2, 3, 8, 25, 62), (5, 8, 17, 35, 35), (25, 20, 20, 20, 15))  # good, average, poor product
QUALITY_WEIGHTS = (65, 25, 10)
GROUP_WEIGHTS = ((1, 70), (2, 20), (3, 10))  # Default, Retail, VIP
HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 3, 5, 7, 8, 9, 10, 11, 10, 9, 9, 9, 10, 11, 12, 13, 12, 8, 4)
WEEKDAY_WEIGHTS = (1.05, 1.1, 1.05, 1.0, 0.95, 0.85, 0.95)  # Monday first
ADDRESS_FORMAT = "\r\n".join(("{firstname} {lastname}", "{company}", "{address_1}", "{address_2}",
                               "{city}, {zone} {postcode}", "{country}"))  # 4.1's default, id 1

COLUMNS = {  # the columns each INSERT names, in the order rows are rendered
    "category": "category_id, image, parent_id, sort_order, status",
    "category_description": "category_id, language_id, name, description, meta_title, meta_description, "
                            "meta_keyword",
    "category_path": "category_id, path_id, level",
    "option": "option_id, type, validation, sort_order",
    "option_description": "option_id, language_id, name",
    "option_value": "option_value_id, option_id, image, sort_order",
    "option_value_description": "option_value_id, language_id, option_id, name",
    "product": "product_id, master_id, model, location, variant, override, quantity, stock_status_id, "
               "image, manufacturer_id, shipping, price, points, tax_class_id, date_available, weight, "
               "weight_class_id, length, width, height, length_class_id, subtract, minimum, rating, "
               "sort_order, status, date_added, date_modified",
    "product_description": "product_id, language_id, name, description, tag, meta_title, meta_description, "
                           "meta_keyword",
    "product_to_category": "product_id, category_id",
    "product_to_store": "product_id, store_id",
    "product_option": "product_option_id, product_id, option_id, value, required",
    "product_option_value": "product_option_value_id, product_option_id, product_id, option_id, "
                            "option_value_id, quantity, subtract, price, price_prefix, points, "
                            "points_prefix, weight, weight_prefix",
    "customer": "customer_id, customer_group_id, store_id, language_id, firstname, lastname, email, "
                "telephone, password, custom_field, newsletter, ip, status, safe, commenter, token, code, "
                "date_added",
    "order": "order_id, subscription_id, invoice_no, invoice_prefix, store_id, store_name, store_url, "
             "customer_id, customer_group_id, firstname, lastname, email, telephone, custom_field, "
             "payment_address_id, payment_firstname, payment_lastname, payment_company, payment_address_1, "
             "payment_address_2, payment_city, payment_postcode, payment_country, payment_country_id, "
             "payment_zone, payment_zone_id, payment_address_format, payment_custom_field, "
             "shipping_address_id, shipping_firstname, shipping_lastname, shipping_company, "
             "shipping_address_1, shipping_address_2, shipping_city, shipping_postcode, shipping_country, "
             "shipping_country_id, shipping_zone, shipping_zone_id, shipping_address_format, "
             "shipping_custom_field, ip, user_agent, payment_method, shipping_method, comment, total, "
             "order_status_id, affiliate_id, commission, marketing_id, tracking, language_id, "
             "language_code, currency_id, currency_code, currency_value, forwarded_ip, accept_language, "
             "date_added, date_modified",
    "order_product": "order_product_id, order_id, product_id, master_id, name, model, quantity, price, "
                     "total, tax, reward",
    "order_option": "order_option_id, order_id, order_product_id, product_option_id, "
                    "product_option_value_id, name, value, type",
    "order_total": "order_total_id, order_id, extension, code, title, value, sort_order",
    "order_history": "order_history_id, order_id, order_status_id, notify, comment, date_added",
    "return": "return_id, order_id, customer_id, firstname, lastname, email, telephone, product_id, "
              "product, model, quantity, opened, return_reason_id, return_action_id, return_status_id, "
              "comment, date_ordered, date_added, date_modified",
    "return_history": "return_history_id, return_id, return_status_id, notify, comment, date_added",
    "customer_transaction": "customer_transaction_id, customer_id, order_id, description, amount, "
                            "date_added",
    "review": "review_id, product_id, customer_id, author, text, rating, status, date_added, date_modified",
}
ID_COLUMNS = {  # table → id column; generated rows continue after the largest existing id
    "category": "category_id", "option": "option_id", "option_value": "option_value_id",
    "product": "product_id", "product_option": "product_option_id",
    "product_option_value": "product_option_value_id", "customer": "customer_id", "order": "order_id",
    "order_product": "order_product_id", "order_option": "order_option_id", "order_total": "order_total_id",
    "order_history": "order_history_id", "return": "return_id", "return_history": "return_history_id",
    "customer_transaction": "customer_transaction_id", "review": "review_id",
}


class StoreNotEmpty(ReboundError):
    """The store already has orders; pass --append to add more."""

    status = 409
    code = "store_not_empty"


class DemoDataFailed(ReboundError):
    """Writing the demo store failed."""


@dataclass
class Summary:
    """Rows written per table, and how long it took."""

    orders: int = 0
    order_products: int = 0
    order_options: int = 0
    order_totals: int = 0
    order_histories: int = 0
    customers: int = 0
    products: int = 0
    categories: int = 0
    returns: int = 0
    return_histories: int = 0
    customer_transactions: int = 0
    reviews: int = 0
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(getattr(self, f.name) for f in fields(self) if f.name != "seconds")

    def __str__(self) -> str:
        counts = ", ".join(f"{getattr(self, f.name):,} {f.name}" for f in fields(self) if f.name != "seconds")
        seconds = max(self.seconds, 1e-9)
        return (f"{counts}: {self.rows:,} rows in {self.seconds:.1f} s "
                f"({self.orders / seconds:,.0f} orders/s, {self.rows / seconds:,.0f} rows/s)")


# -- small helpers -------------------------------------------------------------------------------------------

def oc_text(text: str) -> str:
    """Text as OpenCart 4.1 stores form input: trim + htmlspecialchars(ENT_COMPAT), so `'` stays as is."""
    return html.escape(text.strip(), quote=False).replace('"', "&quot;")


def lit(text: str) -> str:
    """A quoted SQL string literal (pymysql's escaping; writer sessions never use NO_BACKSLASH_ESCAPES)."""
    return "'" + escape_string(text) + "'"


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def tax_of(cents: int) -> int:
    return (cents * TAX_PERCENT + 50) // 100  # half up, like PHP's round()


def php_json(value: object) -> str:
    """JSON the way PHP's json_encode writes it: no spaces, `/` escaped."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


def cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))


class Clock:
    """Whole seconds since `base` (a store-local midnight), rendered to DATETIME text by table lookup."""

    def __init__(self, now: datetime) -> None:
        today = datetime.combine(now.date(), datetime.min.time())
        self.base = today - timedelta(days=HISTORY_DAYS + LEAD_DAYS)
        self.end = int((now.replace(microsecond=0) - self.base).total_seconds())  # `now`: nothing later
        self.first_order = LEAD_DAYS * DAY  # the midnight HISTORY_DAYS before today's
        self._days = [(self.base + timedelta(days=d)).date().isoformat() for d in range(self.end // DAY + 2)]
        self._times = [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]

    def dt(self, ts: int) -> str:
        return self._days[ts // DAY] + self._times[ts % DAY]

    def day(self, ts: int) -> str:
        return self._days[ts // DAY]

    def date_of(self, ts: int) -> date:
        return (self.base + timedelta(days=ts // DAY)).date()


# -- the writer pipeline -------------------------------------------------------------------------------------

class BulkWriter:
    """Buffers rendered rows per table; `flush` queues them as one transaction for a writer thread."""

    RETRYABLE = {1205, 1213}  # lock wait timeout, deadlock: the whole batch can be replayed

    def __init__(self, db: Database, threads: int, on_commit: Callable[[int], None]) -> None:
        self._rows: dict[str, list[str]] = {table: [] for table in COLUMNS}
        self._heads = {t: f"INSERT INTO `{db.prefix}{t}` ({c}) VALUES\n" for t, c in COLUMNS.items()}
        self._queue: queue.Queue[tuple[list[str], int] | None] = queue.Queue(maxsize=threads + 1)
        self._errors: list[BaseException] = []
        self._aborted = self._closed = False
        self._on_commit = on_commit
        writer_db = Database(db.url, db.prefix, read_timeout=600)  # a big batch may wait on a busy server
        self._threads = [threading.Thread(target=self._run, args=(writer_db,), name=f"demo-writer-{i}",
                                          daemon=True) for i in range(threads)]
        for thread in self._threads:
            thread.start()

    def rows(self, table: str) -> list[str]:
        """The live buffer for `table`; callers append rendered `(…)` tuples to it."""
        return self._rows[table]

    def flush(self, orders: int = 0) -> None:
        """Queue everything buffered as one transaction; `orders` is reported to on_commit once it lands."""
        statements: list[str] = []
        for table, rows in self._rows.items():
            if rows:
                statements.extend(self._statements(table, rows))
                rows.clear()
        if statements or orders:
            self._raise_if_failed()
            self._queue.put((statements, orders))

    def close(self, *, abort: bool = False) -> None:
        """Send what is left (unless aborting), wait for every writer, and raise the first failure."""
        if self._closed:
            return
        self._closed, self._aborted = True, abort
        try:
            if not abort:
                self.flush()
        finally:
            for _ in self._threads:
                self._queue.put(None)
            for thread in self._threads:
                thread.join()
        if not abort:
            self._raise_if_failed()

    def _statements(self, table: str, rows: list[str]) -> list[str]:
        parts = math.ceil((sum(map(len, rows)) + 2 * len(rows)) / MAX_STATEMENT_BYTES)
        step = math.ceil(len(rows) / parts)
        head = self._heads[table]
        return [head + ",\n".join(rows[i:i + step]) for i in range(0, len(rows), step)]

    def _raise_if_failed(self) -> None:
        if self._errors:
            raise self._errors[0]

    def _run(self, db: Database) -> None:
        conn = None
        try:
            conn = db.connect()
            with conn.cursor() as cur:
                # Ids are explicit and there are no foreign keys: skip both checks. A known sql_mode makes
                # `lit` exact and keeps strict checking of lengths and types.
                cur.execute("SET SESSION unique_checks = 0, foreign_key_checks = 0, "
                            "sql_mode = 'STRICT_TRANS_TABLES,NO_ENGINE_SUBSTITUTION'")
        except BaseException as exc:  # reported to the producer by flush/close
            self._errors.append(exc)
        while (item := self._queue.get()) is not None:
            if self._errors or self._aborted or conn is None:
                continue  # keep draining so the producer never blocks on a dead writer
            try:
                self._write(conn, *item)
            except BaseException as exc:
                self._errors.append(exc)
        if conn is not None:
            conn.close()

    def _write(self, conn: pymysql.connections.Connection, statements: list[str], orders: int) -> None:
        for attempt in range(3):
            try:
                conn.begin()
                with conn.cursor() as cur:
                    for statement in statements:
                        cur.execute(statement)
                conn.commit()
                break
            except pymysql.err.OperationalError as exc:
                try:
                    conn.rollback()
                except pymysql.err.MySQLError:
                    pass  # the connection is gone; the original error says why
                if exc.args[0] not in self.RETRYABLE or attempt == 2:
                    raise
        self._on_commit(orders)


class Progress:
    """A tqdm bar on a terminal; otherwise a line on stderr for every tenth of the work."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled, 0
        self.started = time.monotonic()
        self._next_line = max(1, total // 10)
        self._lock = threading.Lock()
        tty = enabled and sys.stderr.isatty()
        self._bar = tqdm(total=total, unit="order", unit_scale=True, file=sys.stderr, disable=not tty)

    def update(self, orders: int) -> None:
        if not orders:
            return
        with self._lock:  # called from the writer threads
            self.done += orders
            self._bar.update(orders)
            if self.enabled and self._bar.disable and self.done >= min(self._next_line, self.total):
                rate = self.done / max(time.monotonic() - self.started, 1e-9)
                print(f"demo-data: {self.done:,}/{self.total:,} orders written ({rate:,.0f}/s)",
                      file=sys.stderr, flush=True)
                self._next_line = self.done + max(1, self.total // 10)

    def close(self) -> None:
        self._bar.close()


# -- catalog -------------------------------------------------------------------------------------------------

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


class Ids:
    """The next free id per table, after whatever the store already has."""

    def __init__(self, db: Database) -> None:
        self.next = {table: self._max(db, table, col) + 1 for table, col in ID_COLUMNS.items()}
        self.next["invoice"] = self._max(db, "order", "invoice_no") + 1

    @staticmethod
    def _max(db: Database, table: str, column: str) -> int:
        row = db.query_one(f"SELECT COALESCE(MAX(`{column}`), 0) AS n FROM `{{p}}{table}`")
        return int(row["n"]) if row else 0

    def take(self, table: str, count: int = 1) -> int:
        value = self.next[table]
        self.next[table] = value + count
        return value


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


# -- people --------------------------------------------------------------------------------------------------

@dataclass(eq=False)
class Person:
    """A registered customer (customer_id > 0) or a guest, pre-rendered for the rows it appears in."""

    customer_id: int
    order_sql: str  # order columns customer_id … user_agent
    return_sql: str  # return columns customer_id … telephone
    author_sql: str  # review author


def make_person(rng: random.Random, customer_id: int, group_id: int, guest_no: int = 0
                ) -> tuple[Person, tuple[str, ...]]:
    """A person, and the literals of a customer row: firstname, lastname, email, telephone, ip."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    number = str(customer_id) if customer_id else f".guest{guest_no}"
    email = f"{ascii_slug(first)}.{ascii_slug(last)}{number}@{rng.choice(EMAIL_DOMAINS)}"
    phone = f"+1 {rng.randint(201, 989)}-555-01{rng.randint(0, 99):02d}"
    city, zone, zone_id, zip3 = rng.choice(CITIES)
    street = f"{rng.randint(1, 9999)} {rng.choice(STREETS)}"
    ip = f"'{rng.choice(IP_NETS)}.{rng.randint(1, 254)}'"
    fn, ln, em, tel = (lit(oc_text(v)) for v in (first, last, email, phone))
    author = rng.choice((f"{first} {last[0]}.", first, f"{first} {last}"))
    if not 3 <= len(oc_text(author)) <= 25:  # the storefront's limits
        author = f"{first} {last[0]}."
    order_sql = (
        f"{customer_id},{group_id},{fn},{ln},{em},{tel},'[]',"
        "0,'','','','','','','','',0,'',0,'','[]',"  # no payment address, as 4.1 checkout leaves it
        f"0,{fn},{ln},'',{lit(street)},'',{lit(city)},'{zip3}{rng.randint(0, 99):02d}',"
        f"'United States',223,{lit(zone)},{zone_id},{lit(ADDRESS_FORMAT)},'[]',"
        f"{ip},{lit(rng.choice(USER_AGENTS))}"
    )
    person = Person(customer_id, order_sql, f"{customer_id},{fn},{ln},{em},{tel}", lit(oc_text(author)))
    return person, (fn, ln, em, tel, ip)


def build_customers(rng: random.Random, count: int, ids: Ids, clock: Clock, out: BulkWriter
                    ) -> tuple[list[Person], list[int]]:
    """Registered customers with ids in sign-up order, and their sign-up times (more of them lately)."""
    signups = sorted(int(clock.end * rng.random() ** 0.8) for _ in range(count))
    groups, group_cum = [g for g, _ in GROUP_WEIGHTS], cumulative([w for _, w in GROUP_WEIGHTS])
    people, rows = [], out.rows("customer")
    for ts in signups:
        customer_id = ids.take("customer")
        group_id = rng.choices(groups, cum_weights=group_cum)[0]
        person, (fn, ln, em, tel, ip) = make_person(rng, customer_id, group_id)
        rows.append(f"({customer_id},{group_id},0,1,{fn},{ln},{em},{tel},{lit(DEMO_PASSWORD_HASH)},'[]',"
                    f"{int(rng.random() < 0.3)},{ip},1,0,0,'','','{clock.dt(ts)}')")
        people.append(person)
    return people, signups


def add_customer_groups(db: Database) -> None:
    """Retail, and VIP (a loyalty group, for longer return windows), beside the seeded Default."""
    db.execute("INSERT IGNORE INTO `{p}customer_group` (customer_group_id, approval, sort_order) "
               "VALUES (2, 0, 2), (3, 0, 3)")
    db.execute("INSERT IGNORE INTO `{p}customer_group_description` "
               "(customer_group_id, language_id, name, description) "
               "VALUES (2, 1, 'Retail', 'Retail customers'), (3, 1, 'VIP', 'Loyalty programme members')")


# -- when orders happen --------------------------------------------------------------------------------------

def thanksgiving(year: int) -> date:
    november = date(year, 11, 1)
    return november + timedelta(days=(3 - november.weekday()) % 7 + 21)


def day_weight(day: date, index: int) -> float:
    """Relative order volume: doubling over the year, a weekly rhythm, Black Friday and December peaks."""
    weight = 2.0 ** (index / HISTORY_DAYS) * WEEKDAY_WEIGHTS[day.weekday()]
    black_friday = thanksgiving(day.year) + timedelta(days=1)
    if black_friday <= day <= black_friday + timedelta(days=3):
        weight *= 2.5
    elif day.month == 12 and day.day <= 20:
        weight *= 1.4
    elif day.month == 12 and 24 <= day.day <= 26:
        weight *= 0.6
    elif day.month == 1 and day.day <= 15:
        weight *= 0.85
    return weight


def orders_per_day(total: int, clock: Clock) -> list[tuple[int, int, int]]:
    """(day start, seconds of it before `now`, orders) per day; the counts add up to `total` exactly."""
    days: list[tuple[int, int, float]] = []
    for index in range(HISTORY_DAYS + 1):
        start = clock.first_order + index * DAY
        open_seconds = min(DAY, clock.end - start)
        if open_seconds > 0:
            days.append((start, open_seconds, day_weight(clock.date_of(start), index) * open_seconds / DAY))
    scale = total / sum(weight for _, _, weight in days)
    exact = [weight * scale for _, _, weight in days]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[:total - sum(counts)]:  # largest remainders take the leftover orders
        counts[i] += 1
    return [(start, open_seconds, n) for (start, open_seconds, _), n in zip(days, counts, strict=True)]


# -- orders, returns, reviews --------------------------------------------------------------------------------

HISTORY, RETURN, RETURN_HISTORY, REVIEW = range(4)  # kinds of deferred rows
LINE_COUNTS, LINE_CUM = (1, 2, 3, 4), cumulative((55, 28, 12, 5))
QUANTITIES, QUANTITY_CUM = (1, 2, 3, 4, 5), cumulative((80, 14, 4, 1.5, 0.5))
HOURS, HOUR_CUM = tuple(range(24)), cumulative(HOUR_WEIGHTS)
RATING_CUM = tuple(cumulative(weights) for weights in RATING_WEIGHTS)
PAYMENT_SQL = tuple(lit(php_json({"code": code, "name": name})) for _, code, name in PAYMENT_METHODS)
PAYMENT_CUM = cumulative([weight for weight, _, _ in PAYMENT_METHODS])
COMMENT_SQL = tuple(lit(oc_text(c)) for c in ORDER_COMMENTS)
CANCEL_SQL = ("''", "'Customer asked to cancel.'", "'Payment not received.'")
RETURN_COMMENT_SQL = {key: tuple(lit(oc_text(c)) for c in texts) for key, texts in RETURN_COMMENTS.items()}
RETURN_NOTE_SQL = {action: lit(note) for action, note in RETURN_NOTES.items()}
RETURN_REASON_TABLE = {kind: ([r for r, _ in table], cumulative([w for _, w in table]))
                       for kind, table in RETURN_REASONS.items()}


def _encoded(*pools: Sequence[str]) -> tuple[str, ...]:
    return tuple(oc_text(sentence) for pool in pools for sentence in pool)


def _review_pool(kind: str, bucket: int) -> tuple[str, ...]:
    bad, good = REVIEWS_BY_KIND.get(kind, ((), ()))
    return _encoded(REVIEWS[bucket], {0: bad, 1: bad[:1] + good[:1], 2: good}[bucket])


REVIEW_POOLS = {(kind, bucket): _review_pool(kind, bucket)  # (kind, bucket) → encoded sentences
                for kind in (*REVIEWS_BY_KIND, "other") for bucket in (0, 1, 2)}
STORY_POOLS = {bucket: _encoded(stories) for bucket, stories in REVIEW_STORIES.items()}


def review_text(rng: random.Random, kind: str, rating: int) -> str:
    """Sentences matching the rating, sometimes a long story; 25–1000 characters once encoded."""
    bucket = 0 if rating <= 2 else 1 if rating == 3 else 2
    pool = REVIEW_POOLS.get((kind, bucket)) or REVIEW_POOLS[("other", bucket)]
    picked = rng.sample(pool, min(len(pool), 1 + int(rng.expovariate(0.5))))
    if rng.random() < 0.1:
        picked[:0] = rng.sample(STORY_POOLS[bucket], 1 + int(rng.random() < 0.4 and bucket != 1))
    text = " ".join(picked)
    while len(text) < 25:
        text += " " + rng.choice(pool)
    return text if len(text) <= 1000 else text[:1000].rsplit(" ", 1)[0]


def shipping_methods() -> dict[str, tuple[int, int, str, str]]:
    """code → (cost, tax, order_total title SQL, shipping_method JSON SQL), as 4.1 extensions store them."""
    def method(code: str, name: str, cost: int, tax_class: int) -> str:
        shown = cost + (tax_of(cost) if tax_class else 0)
        return lit(php_json({"code": code, "name": name, "cost": money(cost), "tax_class_id": str(tax_class),
                             "text": f"${money(shown)}"}))

    flat = FLAT_SHIPPING_CENTS
    return {
        "flat": (flat, tax_of(flat), "'Flat Shipping Rate'",
                 method("flat.flat", "Flat Shipping Rate", flat, 9)),
        "free": (0, 0, "'Free Shipping'", method("free.free", "Free Shipping", 0, 0)),
        "pickup": (0, 0, "'Pickup From Store'", method("pickup.pickup", "Pickup From Store", 0, 0)),
    }


@dataclass(frozen=True)
class Store:
    """What orders copy from the store's settings (values as stored: already HTML-encoded)."""

    name: str
    invoice_prefix: str
    currency_id: int
    currency_code: str
    language_id: int
    language_code: str
    timezone: str


class OrderMaker:
    """Renders orders in date order. Later rows (status changes, returns, reviews) wait in a heap until the
    clock reaches them and only then get their ids, so every id grows with its row's date."""

    def __init__(self, rng: random.Random, ids: Ids, clock: Clock, out: BulkWriter, summary: Summary,
                 store: Store, products: list[Product], people: tuple[list[Person], list[int], list[Person]]
                 ) -> None:
        self.rng, self.ids, self.clock, self.out, self.summary = rng, ids, clock, out, summary
        self.products = products
        self.customers, self.signups, self.guests = people
        ranks = list(range(len(products)))
        rng.shuffle(ranks)
        self.product_cum = cumulative([1 / (r + 4) ** 0.9 for r in ranks])  # best sellers and a long tail
        self.shipping = shipping_methods()
        self.store_sql = f"{lit(store.invoice_prefix)},0,{lit(store.name)},{lit(STORE_URL)}"
        self.order_tail = (f"0,0.0000,0,'',{store.language_id},{lit(store.language_code)},"
                           f"{store.currency_id},{lit(store.currency_code)},1.00000000,'','en-US,en;q=0.9'")
        self.rows = {table: out.rows(table) for table in COLUMNS}
        self.events: list[tuple[int, int, int, object]] = []
        self.seq = 0

    def run(self, total: int) -> None:
        made = 0
        for start, open_seconds, count in orders_per_day(total, self.clock):
            for second in self._times(count, open_seconds):
                self.order(start + second)
                made += 1
                if made % BATCH_ORDERS == 0:
                    self.out.flush(BATCH_ORDERS)
        while self.events:
            self._emit(heapq.heappop(self.events))
        self.out.flush(made % BATCH_ORDERS)

    def _times(self, count: int, open_seconds: int) -> list[int]:
        rng = self.rng
        if open_seconds < DAY:  # today, up to `now`
            return sorted(rng.randrange(open_seconds) for _ in range(count))
        hours = rng.choices(HOURS, cum_weights=HOUR_CUM, k=count)
        return sorted(h * 3600 + rng.randrange(3600) for h in hours)

    def _push(self, ts: int, kind: int, payload: object) -> None:
        self.seq += 1
        heapq.heappush(self.events, (ts, self.seq, kind, payload))

    def order(self, placed: int) -> None:
        """One order: its row, lines, options, totals and first history row now; later rows deferred."""
        while self.events and self.events[0][0] <= placed:
            self._emit(heapq.heappop(self.events))
        rng, rows, take = self.rng, self.rows, self.ids.take
        order_id = take("order")
        person = self._person(placed)
        lines, subtotal, tax = self._lines(order_id)
        free = subtotal >= FREE_SHIPPING_FROM_CENTS
        method = "pickup" if rng.random() < 0.05 else "free" if free else "flat"
        ship_cost, ship_tax, ship_title, ship_json = self.shipping[method]
        tax += ship_tax
        total = subtotal + ship_cost + tax
        steps = self._timeline(placed)
        invoice = take("invoice") if any(step[0] == SHIPPED for step in steps) else 0
        payment = rng.choices(PAYMENT_SQL, cum_weights=PAYMENT_CUM)[0]
        comment = rng.choice(COMMENT_SQL) if rng.random() < 0.03 else "''"
        when = self.clock.dt(placed)
        rows["order"].append(
            f"({order_id},0,{invoice},{self.store_sql},{person.order_sql},{payment},{ship_json},{comment},"
            f"{money(total)},{steps[-1][0]},{self.order_tail},'{when}','{when}')")
        total_id = take("order_total", 4)
        rows["order_total"].extend((
            f"({total_id},{order_id},'opencart','sub_total','Sub-Total',{money(subtotal)},1)",
            f"({total_id + 1},{order_id},'opencart','shipping',{ship_title},{money(ship_cost)},3)",
            f"({total_id + 2},{order_id},'opencart','tax','Sales Tax ({TAX_PERCENT}%)',{money(tax)},5)",
            f"({total_id + 3},{order_id},'opencart','total','Total',{money(total)},9)",
        ))
        rows["order_history"].append(f"({take('order_history')},{order_id},{PENDING},0,'','{when}')")
        for status, ts, notify, note in steps[1:]:
            self._push(ts, HISTORY, f"{order_id},{status},{notify},{note},'{self.clock.dt(ts)}')")
        self.summary.orders += 1
        self.summary.order_totals += 4
        self.summary.order_histories += len(steps)
        delivered = next((ts for status, ts, _, _ in steps if status == COMPLETE), None)
        if delivered is not None:
            self._after_delivery(order_id, placed, delivered, person, lines)

    def _person(self, placed: int) -> Person:
        rng = self.rng
        if rng.random() >= GUEST_SHARE:
            signed_up = bisect_right(self.signups, placed)
            if signed_up:  # recent sign-ups order more often than old ones
                return self.customers[int(signed_up * rng.random() ** 0.5)]
        return self.guests[int(len(self.guests) * rng.random())]

    def _lines(self, order_id: int) -> tuple[list[tuple[Product, int]], int, int]:
        rng, take, line_rows = self.rng, self.ids.take, self.rows["order_product"]
        count = rng.choices(LINE_COUNTS, cum_weights=LINE_CUM)[0]
        lines, subtotal, tax = [], 0, 0
        for product in dict.fromkeys(rng.choices(self.products, cum_weights=self.product_cum, k=count)):
            quantity = rng.choices(QUANTITIES, cum_weights=QUANTITY_CUM)[0]
            line_id = take("order_product")
            subtotal += product.price * quantity
            tax += product.tax * quantity
            line_rows.append(f"({line_id},{order_id},{product.line_sql},{quantity},{product.price_sql},"
                             f"{money(product.price * quantity)},{product.tax_sql},0)")
            if product.options:
                option = rng.choices(product.options, cum_weights=product.option_cum)[0]
                self.rows["order_option"].append(f"({take('order_option')},{order_id},{line_id},{option}")
                self.summary.order_options += 1
            lines.append((product, quantity))
        self.summary.order_products += len(lines)
        return lines, subtotal, tax

    def _timeline(self, placed: int) -> list[tuple[int, int, int, str]]:
        """(status, time, notify, comment SQL) from Pending on, cut at `now`: mostly Complete in the end,
        6% Canceled, 3% left at Shipped, 1% Refunded after completion."""
        rng = self.rng
        outcome = rng.random()
        steps = [(PENDING, placed, 0, "''")]
        ts = placed
        if outcome < 0.06:
            ts += rng.randint(600, 2 * DAY)
            steps.append((CANCELED, ts, 1, rng.choice(CANCEL_SQL)))
        else:
            if rng.random() < 0.85:
                ts += rng.randint(300, 8 * 3600)
                steps.append((PROCESSING, ts, 0, "''"))
            ts += rng.randint(6 * 3600, 3 * DAY)
            steps.append((SHIPPED, ts, 1, self._tracking()))
            if outcome >= 0.09:
                ts += rng.randint(2 * DAY, 8 * DAY)
                steps.append((COMPLETE, ts, 0, "''"))
                if outcome < 0.10:
                    ts += rng.randint(3 * DAY, 30 * DAY)
                    steps.append((REFUNDED, ts, 1, "'Refund issued.'"))
        return [step for step in steps if step[1] <= self.clock.end]

    def _tracking(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return f"'Shipped with UPS, tracking number 1Z{rng.getrandbits(64):016X}'"
        return f"'Shipped with USPS, tracking number 9400{rng.randrange(10 ** 18):018d}'"

    def _after_delivery(self, order_id: int, placed: int, delivered: int, person: Person,
                        lines: list[tuple[Product, int]]) -> None:
        if self.rng.random() < RETURN_RATE:
            self._plan_return(order_id, placed, delivered, person, lines)
        for product, _ in lines:
            if self.rng.random() < REVIEW_RATE:
                self._plan_review(person, product, delivered)

    def _plan_return(self, order_id: int, placed: int, delivered: int, person: Person,
                     lines: list[tuple[Product, int]]) -> None:
        rng = self.rng
        product, ordered = rng.choices(lines, weights=[3 if p.options else 1 for p, _ in lines])[0]
        requested = delivered + int(DAY * min(0.5 + rng.expovariate(1 / 6), 45))
        if requested > self.clock.end:
            return
        reasons, reason_cum = RETURN_REASON_TABLE.get(product.kind, RETURN_REASON_TABLE["other"])
        reason = rng.choices(reasons, cum_weights=reason_cum)[0]
        sized = bool(product.options)
        comments = RETURN_COMMENT_SQL.get((reason, sized)) or RETURN_COMMENT_SQL[(reason, not sized)]
        comment = rng.choice(comments)
        opened = int(rng.random() < (0.3 if sized else 0.7))
        quantity = rng.randint(1, ordered)
        outcome = self._return_outcome(requested, reason, person.customer_id)
        self._push(requested, RETURN, (order_id, person, product, quantity, opened, reason, comment,
                                       self.clock.day(placed), requested, *outcome))

    def _return_outcome(self, requested: int, reason: int, customer_id: int
                        ) -> tuple[int, int, int, int, str]:
        """(status, action, date_modified, notify, history comment SQL): recent returns still wait,
        older ones were refunded, credited or replaced."""
        rng, end = self.rng, self.clock.end
        if end - requested < 4 * DAY:
            return (RETURN_AWAITING if rng.random() < 0.8 else RETURN_PENDING), 0, requested, 0, "''"
        modified = requested + rng.randint(2 * DAY, 14 * DAY)
        if modified > end:
            return RETURN_AWAITING, ACTION_WAITING, requested, 0, "''"
        chance = rng.random()
        if reason == REASON_OTHER:
            action = ACTION_REFUND if chance < 0.65 else ACTION_CREDIT
        else:
            action = ACTION_REPLACEMENT if chance < 0.4 else ACTION_REFUND if chance < 0.85 else ACTION_CREDIT
        if action == ACTION_CREDIT and not customer_id:  # guests have no account to credit
            action = ACTION_REFUND
        return RETURN_COMPLETE, action, modified, 1, RETURN_NOTE_SQL[action]

    def _plan_review(self, person: Person, product: Product, delivered: int) -> None:
        rng, end = self.rng, self.clock.end
        written = delivered + int(DAY * min(1 + rng.expovariate(1 / 10), 90))
        if written > end:
            return
        rating = 1 + rng.choices(range(5), cum_weights=RATING_CUM[product.quality])[0]
        # Most reviews are approved; recent ones often still await moderation.
        status = int(rng.random() < (0.4 if end - written < 7 * DAY else 0.95))
        text = lit(review_text(rng, product.kind, rating))
        when = self.clock.dt(written)
        self._push(written, REVIEW, f"{product.id},{person.customer_id},{person.author_sql},{text},{rating},"
                                    f"{status},'{when}','{when}')")

    def _emit(self, event: tuple[int, int, int, object]) -> None:
        ts, _, kind, payload = event
        if kind == HISTORY:
            self.rows["order_history"].append(f"({self.ids.take('order_history')},{payload}")
        elif kind == REVIEW:
            self.rows["review"].append(f"({self.ids.take('review')},{payload}")
            self.summary.reviews += 1
        elif kind == RETURN:
            self._emit_return(payload)  # type: ignore[arg-type]
        else:
            self._emit_return_history(ts, payload)  # type: ignore[arg-type]

    def _emit_return(self, payload: tuple) -> None:  # type: ignore[type-arg]
        (order_id, person, product, quantity, opened, reason, comment, ordered, requested,
         status, action, modified, notify, note) = payload
        return_id, dt = self.ids.take("return"), self.clock.dt
        self.rows["return"].append(
            f"({return_id},{order_id},{person.return_sql},{product.return_sql},{quantity},{opened},{reason},"
            f"{action},{status},{comment},'{ordered}','{dt(requested)}','{dt(modified)}')")
        credit = (product.price + product.tax) * quantity if action == ACTION_CREDIT else 0
        self._push(modified, RETURN_HISTORY, (return_id, status, notify, note, person.customer_id, credit))
        self.summary.returns += 1

    def _emit_return_history(self, ts: int, payload: tuple) -> None:  # type: ignore[type-arg]
        return_id, status, notify, note, customer_id, credit = payload
        when = self.clock.dt(ts)
        self.rows["return_history"].append(
            f"({self.ids.take('return_history')},{return_id},{status},{notify},{note},'{when}')")
        self.summary.return_histories += 1
        if credit:  # order_id 0: OpenCart deletes credit rows tied to an order when its status changes
            self.rows["customer_transaction"].append(
                f"({self.ids.take('customer_transaction')},{customer_id},0,"
                f"{lit(f'Store credit for return #{return_id}')},{money(credit)},'{when}')")
            self.summary.customer_transactions += 1


# -- the command ---------------------------------------------------------------------------------------------

def store_settings(db: Database) -> Store:
    values = {r["key"]: r["value"] for r in db.query(
        "SELECT `key`, `value` FROM `{p}setting` WHERE store_id = 0 AND code = 'config'")}
    currency = db.query_one("SELECT currency_id, code FROM `{p}currency` WHERE code = %s",
                            (values.get("config_currency") or "USD",)) or {"currency_id": 2, "code": "USD"}
    language_code = values.get("config_language_catalog") or values.get("config_language") or "en-gb"
    language = db.query_one("SELECT language_id, code FROM `{p}language` WHERE code = %s", (language_code,))
    language = language or {"language_id": 1, "code": "en-gb"}
    timezone = values.get("config_timezone") or "UTC"
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone = "UTC"
    return Store(name=values.get("config_name") or "Your Store",
                 invoice_prefix=values.get("config_invoice_prefix") or "INV-",
                 currency_id=currency["currency_id"], currency_code=currency["code"],
                 language_id=language["language_id"], language_code=language["code"], timezone=timezone)


def store_now(timezone: str, now: datetime | None) -> datetime:
    """`now` as the naive store-local time OpenCart stores; by default the start of today."""
    zone = zoneinfo.ZoneInfo(timezone)
    if now is None:
        now = datetime.combine(datetime.now(zone).date(), datetime.min.time())
    elif now.tzinfo is not None:
        now = now.astimezone(zone)
    return now.replace(tzinfo=None)


def update_ratings(db: Database) -> None:
    """product.rating = rounded average of approved reviews, as 4.1's admin stores it (AVG into an int)."""
    db.execute(
        "UPDATE `{p}product` p SET p.rating = COALESCE((SELECT ROUND(AVG(r.rating)) FROM `{p}review` r "
        "WHERE r.product_id = p.product_id AND r.status = 1), 0)")


def generate(db: Database, orders: int, seed: int, progress: bool = True, *, append: bool = False,
             now: datetime | None = None, writers: int = 2) -> Summary:
    """Create the OpenCart tables if needed and fill them with a store of `orders` orders.

    Refuses (StoreNotEmpty) when the store already has orders, unless `append`: then customers, orders,
    returns and reviews are added against the existing catalog, with ids after the existing ones (their
    dates then interleave with the earlier orders'). `now` is when the history ends (default: the start of
    today in the store's time zone); nothing is dated later.
    """
    if orders < 0 or writers < 1:
        raise ValueError("orders must be 0 or more, writers 1 or more")
    started = time.monotonic()
    opencart.load(db)
    if not append and db.query_one("SELECT order_id FROM `{p}order` LIMIT 1"):
        raise StoreNotEmpty(f"The store in database {db.url.database} already has orders; "
                            "pass --append to add more, or use an empty database.")
    store = store_settings(db)
    clock = Clock(store_now(store.timezone, now))
    reuse_catalog = append and db.query_one("SELECT product_id FROM `{p}product` WHERE status = 1 LIMIT 1")
    add_customer_groups(db)
    ids, rng, summary = Ids(db), random.Random(seed), Summary()
    bar = Progress(orders, progress)
    out = BulkWriter(db, writers, bar.update)
    try:
        if reuse_catalog:
            products = load_catalog(db)
        else:
            builder = CatalogBuilder(rng, ids, clock, out)
            products = builder.build()
            summary.products, summary.categories = len(products), len(builder.categories)
        customers, signups = build_customers(rng, orders // 10, ids, clock, out)
        guest_count = max(1, int(orders * GUEST_SHARE / 1.3))  # a few guests come back
        guests = [make_person(rng, 0, 1, n)[0] for n in range(1, guest_count + 1)]
        summary.customers = len(customers)
        out.flush()
        OrderMaker(rng, ids, clock, out, summary, store, products, (customers, signups, guests)).run(orders)
        out.close()
    except pymysql.err.MySQLError as exc:
        out.close(abort=True)
        raise DemoDataFailed(f"Writing the demo store failed: {exc}") from exc
    except BaseException:
        out.close(abort=True)
        raise
    finally:
        bar.close()
    update_ratings(db)
    summary.seconds = time.monotonic() - started
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="rebound demo-data",
        description="Fill the database in REBOUND_DB_URL (tables prefixed REBOUND_DB_PREFIX) with a "
                    "realistic OpenCart 4.1 store: customers, products, a year of orders, returns, reviews.")
    parser.add_argument("--orders", type=int, default=10_000, help="orders to generate (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same store (default 1)")
    parser.add_argument("--append", action="store_true", help="add to a store that already has orders")
    parser.add_argument("--now", type=datetime.fromisoformat,
                        help="store-local end of the history, e.g. 2025-06-30T18:00 (default: today 00:00)")
    parser.add_argument("--writers", type=int, default=2, help="database connections writing (default 2)")
    parser.add_argument("--no-progress", action="store_true", help="print no progress")
    args = parser.parse_args(argv)
    try:
        config = load_config(os.environ)
        summary = generate(Database(config.db_url, config.db_prefix), args.orders, args.seed,
                           not args.no_progress, append=args.append, now=args.now, writers=args.writers)
    except ReboundError as exc:
        print(f"rebound demo-data: {exc.message}", file=sys.stderr)
        return 1
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
