"""People: registered customers in three groups, signing up over the year (more lately), and guests."""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from ..db import Database
from .clock import Clock
from .pools import (
    CITIES,
    EMAIL_DOMAINS,
    FIRST_NAMES,
    GROUP_WEIGHTS,
    IP_NETS,
    LAST_NAMES,
    STREETS,
    USER_AGENTS,
    cumulative,
)
from .render import lit, oc_text
from .writer import BulkWriter, Ids

GUEST_SHARE = 0.2
DEMO_PASSWORD_HASH = "$2y$10$H3cGszCrcbcdcYyD.NHLFOzXewpQtU9Ay51epOX0OLROsG5B/Jsea"  # bcrypt of "demo1234"
ADDRESS_FORMAT = "\r\n".join(("{firstname} {lastname}", "{company}", "{address_1}", "{address_2}",
                               "{city}, {zone} {postcode}", "{country}"))  # 4.1's default, id 1


def ascii_slug(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in folded.lower() if c.isalnum())


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
