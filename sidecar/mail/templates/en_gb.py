"""English (en-gb) texts: the fallback for every language and every key.

Placeholders are string.Template's `$name`; values are escaped for the HTML part by the renderer. A
message has a subject, a heading, paragraphs, and optionally a button (its label and which link it opens).
Sections (the returned items, the products to review, a survey's scale) are drawn by the renderer from the
message's data, with the labels under COMMON. Another language is a module named after its OpenCart code
(`de-de` → de_de.py) with the keys it translates; whatever it lacks comes from here.
"""

COMMON = {
    "greeting": "Hello $first_name,",
    "greeting_anonymous": "Hello,",
    "items": "Items",
    "review_write": "Write a review",
    "review_photos": "Add a review with photos",
    "scale_low_csat": "Very unhappy",
    "scale_high_csat": "Very happy",
    "scale_low_nps": "Not at all likely",
    "scale_high_nps": "Extremely likely",
    "footer_transactional": "You receive this email about your order at $store.",
    "footer_owner": "Sent by Rebound for $store.",
    "footer_marketing": "You receive this email because you shopped at $store. We send such emails rarely.",
    "unsubscribe": "Unsubscribe from these emails",
    "shipping_free": "Return shipping is free: we will send you a label or pay on delivery.",
    "shipping_paid": "Please use a tracked service; the return shipping is at your cost.",
    "signature": "$store",
}

MESSAGES = {
    "return_requested": {
        "subject": "We have your return request $reference",
        "heading": "Your return request is in",
        "paragraphs": [
            "We received your request to return the items below from order #$order_id (return $reference).",
            "We will look at it and email you our answer, usually within two working days.",
        ],
        "button": ["Track your return", "tracking_url"],
    },
    "request_not_accepted": {
        "subject": "About your return request for order #$order_id",
        "heading": "We could not take your return request",
        "paragraphs": [
            "Thank you for your return request for order #$order_id. We could not accept it as it was sent:",
            "$reasons",
            "Nothing has been returned yet. You can send the request again from your order: the form shows "
            "what can be returned, until when, and how.",
        ],
        "button": ["Request a return", "form_url"],
    },
    "return_approved": {
        "subject": "Your return $reference is approved: here is how to send it",
        "heading": "Your return is approved",
        "paragraphs": [
            "Good news: your return $reference for order #$order_id is approved.",
            "Pack the items below, write $reference on the parcel, and send it to us. $shipping",
        ],
        "button": ["See the return instructions", "tracking_url"],
    },
    "return_instructions": {
        "subject": "A reminder: your return $reference is waiting to be sent",
        "heading": "Your return is waiting to be sent",
        "paragraphs": [
            "Your return $reference for order #$order_id was approved, and we have not received the items yet.",
            "Pack the items below, write $reference on the parcel, and send it to us. $shipping",
            "Already sent it? Then there is nothing to do: we will email you when it arrives.",
        ],
        "button": ["See the return instructions", "tracking_url"],
    },
    "return_rejected": {
        "subject": "About your return request $reference",
        "heading": "We could not accept your return",
        "paragraphs": [
            "We looked at your return request $reference for order #$order_id and cannot accept it.",
            "$comment",
            "If you have questions, reply to this email and we will help.",
        ],
        "button": ["See your return", "tracking_url"],
    },
    "return_received": {
        "subject": "We received your return $reference",
        "heading": "Your items have arrived",
        "paragraphs": [
            "The items of your return $reference have arrived. We are checking them now.",
            "Your $resolution follows shortly; we will email you when it is done.",
        ],
        "button": ["Track your return", "tracking_url"],
    },
    "return_refunded": {
        "subject": "Your refund for return $reference is on its way",
        "heading": "Your refund is on its way",
        "paragraphs": [
            "We have refunded $refund for your return $reference to your original payment method.",
            "Depending on your bank it can take a few days to show.",
        ],
        "button": ["See your return", "tracking_url"],
    },
    "return_credited": {
        "subject": "Store credit for your return $reference",
        "heading": "Your store credit is ready",
        "paragraphs": [
            "We have added $credit of store credit to your account for your return $reference.",
            "It is used automatically at your next checkout.",
        ],
        "button": ["Shop now", "store_url"],
    },
    "return_exchanged": {
        "subject": "Your replacement for return $reference is on its way",
        "heading": "Your replacement is on its way",
        "paragraphs": [
            "We have sent the replacement for your return $reference.",
            "Thank you for your patience.",
        ],
        "button": ["See your return", "tracking_url"],
    },
    "review_request": {
        "subject": "How do you like your order from $store?",
        "heading": "How was your order?",
        "paragraphs": [
            "Your order #$order_id arrived a little while ago. Would you tell other shoppers what you think?",
            "A few words help them choose, and a photo helps even more.",
        ],
    },
    "review_reminder": {
        "subject": "A quick review of your order from $store?",
        "heading": "Still have a minute?",
        "paragraphs": [
            "We would love to hear what you think of your order #$order_id. This is our only reminder.",
        ],
    },
    "csat": {
        "subject": "How did we handle your return $reference?",
        "heading": "How did we do?",
        "paragraphs": [
            "Your return $reference is complete. How happy are you with the way we handled it?",
            "Choose a number: it takes one click, and you can add a comment on the next page.",
        ],
    },
    "nps": {
        "subject": "Would you recommend $store?",
        "heading": "One quick question",
        "paragraphs": [
            "How likely are you to recommend $store to a friend or colleague?",
            "Choose a number from 0 to 10: it takes one click.",
        ],
    },
    "sla_alert": {
        "subject": "$count return(s) waiting too long at $store",
        "heading": "Returns waiting too long",
        "paragraphs": [
            "These returns have been in the same status longer than your limits allow "
            "(Sales > Returns in your store's admin):",
        ],
    },
    "digest": {
        "subject": "Rebound daily summary for $store, $date",
        "heading": "Your daily summary",
        "paragraphs": [
            "Email in the last 24 hours: $sent sent, $skipped skipped, $failed failed. Undeliverable after "
            "retries: $dead_email emails, $dead_events events, $dead_jobs jobs.",
            "Returns waiting too long: $stuck_count.",
        ],
    },
}
