<?php
// Heading
$_['heading_title']          = 'Review photos (Rebound)';

// Text
$_['text_menu']              = 'Review photos (Rebound)';
$_['text_list']              = 'Reviews';
$_['text_filter']            = 'Filter';
$_['text_all']               = 'All';
$_['text_pending_count']     = 'Photos waiting for a decision: %d';
$_['text_rules']             = 'How reviews are checked and published';
$_['text_rule_verified']     = '<strong>Verified buyer</strong> (EU Omnibus Directive): a review is marked as from a verified buyer only when an order containing the product (or a variant of it) stands behind it whose status counts as bought — one of the store\'s processing or complete order statuses (System > Settings > Option), except the status new orders start in (Pending: not paid yet) and closed ones (cancelled, refunded, reversed…): an order of the customer account it was written from, placed before the review, or the order Rebound\'s review request email asked about, when the review was written after following that email\'s link (guest or not). Other guest reviews cannot be tied to a purchase and are marked <em>unverified</em>. Shoppers see only the "Verified buyer" badge, on verified reviews; the product page shows no mark on the others.';
$_['text_rule_negative']     = '<strong>Negative reviews are never suppressed for being negative</strong> (US FTC, 16 CFR Part 465). Decide on each review and photo on its content alone (for example: offensive, off-topic, personal data, not a photo of the product). This page has no way to hide reviews by their rating; the rating filter only finds reviews to read.';
$_['text_rule_photos']       = 'New photos wait here until you approve them, unless Rebound\'s settings publish them at once. Shoppers see approved photos only, and only while their review is published; hidden photos stay stored and can be approved later.';
$_['text_rule_core']         = 'Approving or withdrawing a review here is the same as setting its status in Catalog > Reviews: the product\'s star rating is recomputed from its published reviews.';
$_['text_verified']          = 'Verified buyer';
$_['text_unverified']        = 'Unverified';
$_['text_guest']             = 'guest';
$_['text_published']         = 'Published';
$_['text_waiting']           = 'Not published';
$_['text_photos']            = 'Photos';
$_['text_no_photos']         = 'No photos.';
$_['text_reply']             = 'Your reply';
$_['text_reply_help']        = 'Shown under the review on the product page, with the name below.';
$_['text_reply_by']          = '%s, %s';
$_['text_no_reviews']        = 'No reviews match these filters.';
$_['text_sidecar_down']      = 'Rebound\'s sidecar is not answering, so the reviews cannot be listed: %s Check the connection on the Rebound settings page. Reviews themselves still work in Catalog > Reviews.';
$_['text_success']           = 'Success: done.';
$_['text_unchanged']         = 'Nothing to change: it was already so.';
$_['text_confirm_delete']    = 'Delete your reply to this review?';
$_['text_photo_status_pending']  = 'waiting';
$_['text_photo_status_approved'] = 'approved';
$_['text_photo_status_hidden']   = 'hidden';
$_['text_core_reviews']      = 'Catalog > Reviews';
$_['text_settings']          = 'Rebound settings';

$_['filter_photos_pending']  = 'With photos waiting';
$_['filter_photos_approved'] = 'With approved photos';
$_['filter_photos_hidden']   = 'With hidden photos';
$_['filter_photos_any']      = 'With photos';
$_['filter_photos_none']     = 'Without photos';
$_['filter_photos_all']      = 'All reviews';

$_['done_photo_approved']    = 'Success: the photo is approved and shown to shoppers.';
$_['done_photo_approved_unpublished']  = 'Success: the photo is approved. Its review is not published, so shoppers will see the photo once the review is published.';
$_['done_photos_approved_unpublished'] = 'Success: the waiting photos are approved. Their review is not published, so shoppers will see them once the review is published.';
$_['done_photo_hidden']      = 'Success: the photo is hidden from shoppers.';
$_['done_photo_pending']     = 'Success: the photo is waiting again.';
$_['done_photos_approved']   = 'Success: the waiting photos are approved.';
$_['done_photos_hidden']     = 'Success: the waiting photos are hidden.';
$_['done_review_1']          = 'Success: the review is published; the product\'s rating is updated.';
$_['done_review_0']          = 'Success: the review is no longer published; the product\'s rating is updated.';
$_['done_reply']             = 'Success: your reply is saved.';
$_['done_reply_deleted']     = 'Success: your reply is deleted.';

// Column
$_['column_review']          = 'Review';
$_['column_product']         = 'Product';
$_['column_rating']          = 'Rating';
$_['column_photos']          = 'Photos';

// Entry
$_['entry_photos']           = 'Photos';
$_['entry_status']           = 'Review status';
$_['entry_rating']           = 'Rating (exactly)';
$_['entry_product_id']       = 'Product ID';
$_['entry_reply']            = 'Reply';
$_['entry_reply_author']     = 'Signed as';

// Button
$_['button_approve']         = 'Approve';
$_['button_hide']            = 'Hide';
$_['button_unhide']          = 'Approve again';
$_['button_approve_all']     = 'Approve all waiting photos';
$_['button_publish']         = 'Publish review';
$_['button_withdraw']        = 'Unpublish review';
$_['button_reply_save']      = 'Save reply';
$_['button_reply_delete']    = 'Delete reply';
$_['button_edit_review']     = 'Edit in Catalog > Reviews';

// Error
$_['error_permission']       = 'Warning: You do not have permission to moderate reviews in Rebound!';
$_['error_method']           = 'Send the decision as a POST from the review page.';
$_['error_not_found']        = 'Not found: %s Reload the page to see the reviews as they are now.';
$_['error_refused']          = 'The sidecar refused: %s';
$_['error_down']             = 'Nothing was done: Rebound\'s sidecar is not answering (%s). Check the connection on the Rebound settings page.';
