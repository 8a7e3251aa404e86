"""What the demo store is drawn from: OpenCart's seeded ids, word pools, the catalog plan and the weights.

Plain data, and `cumulative`, which turns weights into what `rng.choices(cum_weights=…)` takes; the modules
that draw from a pool do that once, at import.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import accumulate

# Ids seeded by OpenCart 4.1 (notes §1.4); return actions differ in 3.0 and 4.0.2.
PENDING, PROCESSING, SHIPPED, COMPLETE, CANCELED, REFUNDED = 1, 2, 3, 5, 7, 11
RETURN_PENDING, RETURN_AWAITING, RETURN_COMPLETE = 1, 2, 3
ACTION_WAITING, ACTION_CREDIT, ACTION_REPLACEMENT, ACTION_REFUND = 1, 2, 3, 4
REASON_DOA, REASON_WRONG_ITEM, REASON_ORDER_ERROR, REASON_FAULTY, REASON_OTHER = 1, 2, 3, 4, 5

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


def cumulative(weights: Sequence[float]) -> list[float]:
    return list(accumulate(weights))
