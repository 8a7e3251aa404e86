<?php
// Rebound's storefront pages: the return form, the guest lookup, the result and the tracking page.
// Values are plain text unless named *_html; the templates escape what they print.

// Heading
$_['heading_title']             = 'Return items';
$_['heading_lookup']            = 'Find your order';
$_['heading_result']            = 'Your return request';
$_['heading_track']             = 'Return %s';

// Breadcrumbs
$_['text_account']              = 'Account';
$_['text_orders']               = 'Order History';
$_['text_order']                = 'Order #%s';

// Order page (account/order_info)
$_['button_return_item']        = 'Return this item';
$_['button_request_return']     = 'Request a return';
$_['text_not_returnable']       = 'Not returnable';
$_['text_return_option']        = 'Return';
$_['text_return_until']         = 'until %s';
$_['text_return_free']          = 'free return shipping';
$_['text_return_no']            = 'not possible: %s';
$_['text_return_requested']     = '%d requested (%s, %s)';
$_['text_return_follow']        = 'follow it';
$_['text_return_more_until']    = '%d more until %s';
$_['text_return_more']          = '%d more can be returned';
$_['text_list_returns']         = 'Returns';
$_['text_list_until']           = 'can be returned until %s';
$_['text_list_returnable']      = 'can be returned';
$_['text_list_no']              = 'can\'t be returned: %s';

// Lookup
$_['text_lookup']               = 'Enter your order number and the email address you used to place the order.';
$_['text_lookup_logged']        = 'Choose an order from your <a href="%s">order history</a>, or enter its number here.';
$_['text_login_for_order']      = 'This order belongs to a customer account: please <a href="%s">log in</a> to return items from it.';
$_['entry_order_id']            = 'Order number';
$_['entry_email']               = 'Email address';
$_['button_find']               = 'Find my order';

// Form
$_['text_order_lines']          = 'Items in order #%s, placed on %s';
$_['text_policy']               = 'Our return policy';
$_['text_policy_unavailable']   = 'We could not check our return policy for this order just now. Tell us what you would like to return: we will check your request and confirm by email.';
$_['text_deadline']             = 'Returns for this order are possible until %s.';
$_['text_line_deadline']        = 'Return by %s';
$_['text_bought']               = 'Bought: %s';
$_['text_returnable']           = 'You can return up to %s';
$_['text_already_returned']     = '%s already returned or requested';
$_['text_free_shipping']        = 'Free return shipping';
$_['text_paid_shipping']        = 'Return shipping at your cost';
$_['text_paid_shipping_fault']  = 'Return shipping at your cost, unless the item is faulty or we sent the wrong one';
$_['text_restocking_fee']       = 'A restocking fee of %s per item may apply.';
$_['text_restocking_fee_fault'] = 'A restocking fee of %s per item may apply, unless the item is faulty or we sent the wrong one.';
$_['text_photos_for']           = 'Photos are required for: %s.';
$_['text_photos_for_name']      = '“%s”';
$_['text_photos_for_separator'] = ', ';
$_['text_photos_optional']      = 'Photos help us handle your request faster (optional).';
$_['text_photos_required']      = 'Photos are required for the reason you chose.';
$_['text_photos_limit']         = 'Up to %s photos per item, JPEG, PNG, GIF or WebP, at most %s each and %s in total.';
$_['text_photos_unavailable']   = 'Photos cannot be uploaded at the moment. Choose another reason, or contact us.';
$_['text_exchange_for']         = 'Exchange for';
$_['text_choose']               = '— choose —';
$_['text_nothing_returnable']   = 'Nothing in this order can be returned.';
$_['text_core_form']            = 'Something not right? You can also use our <a href="%s">basic return form</a>.';
$_['entry_quantity']            = 'Quantity to return';
$_['entry_reason']              = 'Reason';
$_['entry_resolution']          = 'What would you like?';
$_['entry_opened']              = 'The item has been opened or used';
$_['entry_photos']              = 'Photos';
$_['entry_comment']             = 'Anything else we should know?';
$_['button_submit']             = 'Send return request';

// Resolutions
$_['text_resolution_refund']       = 'Refund';
$_['text_resolution_store_credit'] = 'Store credit';
$_['text_resolution_bonus']        = 'Store credit (+%s%% bonus)';
$_['text_resolution_exchange']     = 'Exchange';

// Result
$_['text_accepted']             = 'Thank you. Your return has the reference %s.';
$_['text_status']               = 'Status: %s';
$_['text_track']                = 'Follow your return';
$_['text_track_email']          = 'Keep this reference: you can follow your return at any time with the button below.';
$_['text_received']             = 'Request received — we\'ll confirm by email.';
$_['text_received_detail']      = 'Your request is safely recorded. We will check it and email you the answer with your return reference.';
$_['text_already_sent']         = 'This request has already been sent.';

// Tracking
$_['text_reference']            = 'Reference';
$_['text_requested_on']         = 'Requested on %s for order #%s';
$_['text_timeline']             = 'Progress';
$_['text_next']                 = 'What happens next';
$_['text_shipping']             = 'Sending the items back';
$_['text_amounts']              = 'Amounts';
$_['text_refund']               = 'Refund';
$_['text_credit']               = 'Store credit';
$_['text_fee']                  = 'Restocking fee';
$_['text_items']                = 'Items';
$_['text_related']              = 'You might also like';
$_['text_track_login']          = 'Please <a href="%s">log in</a> to follow this return.';
$_['text_track_bad_link']       = 'This link is not valid (any more). Please <a href="%s">log in</a>, or use the latest email we sent you.';
$_['text_track_not_found']      = 'We could not find this return.';
$_['text_track_unavailable']    = 'We cannot show the details of return %s right now. Please try again in a minute.';
$_['column_product']            = 'Product';
$_['column_quantity']           = 'Quantity';
$_['column_reason']             = 'Reason';
$_['column_resolution']         = 'Resolution';

// Case statuses: the sidecar's `status`; its own text is shown for any status not listed here
$_['text_status_requested']     = 'Requested — we will review it';
$_['text_status_approved']      = 'Approved — please send the items back';
$_['text_status_rejected']      = 'Not accepted';
$_['text_status_received']      = 'Items received';
$_['text_status_refunded']      = 'Refunded';
$_['text_status_credited']      = 'Store credit issued';
$_['text_status_exchanged']     = 'Replacement on its way';

// Errors
$_['error_not_found']           = 'No order matches that order number and email address.';
$_['error_order_id']            = 'Enter your order number.';
$_['error_email']               = 'Enter the email address you used for the order.';
$_['error_attempts']            = 'Too many attempts. Please wait a few minutes and try again.';
$_['error_token']               = 'This form has expired. Please check your choices and send it again.';
$_['error_too_large']           = 'Your photos were too large to send (at most %s in total). Nothing was sent: please choose fewer or smaller photos.';
$_['error_form']                = 'Please check the items marked below.';
$_['error_none_selected']       = 'Choose at least one item and how many to return.';
$_['error_quantity']            = 'Choose how many to return.';
$_['error_quantity_max']        = 'You can return at most the quantity shown.';
$_['error_not_returnable']      = 'This item cannot be returned.';
$_['error_reason']              = 'Choose a reason.';
$_['error_resolution']          = 'Choose a refund, store credit or exchange.';
$_['error_exchange_option']     = 'Choose what to exchange it for.';
$_['error_photos']              = 'Add at least one photo for this reason.';
$_['error_photo_upload']        = 'A photo could not be used: %s';
$_['error_comment']             = 'Please keep your message under 2000 characters.';
$_['error_failed']              = 'Sorry, we could not record your request. Nothing was sent: please try again in a moment.';
$_['error_refused']             = 'We could not accept this request:';
$_['error_refused_items']       = 'We could not accept this request: see the marked items below.';
$_['error_disabled']            = 'Returns are not available right now.';
