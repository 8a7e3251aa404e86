<?php
// Heading
$_['heading_title']          = 'Returns (Rebound)';
$_['heading_case']           = 'Return %s';

// Text
$_['text_menu']              = 'Returns (Rebound)';
$_['text_list']              = 'Return cases';
$_['text_filter']            = 'Filter';
$_['text_all']               = 'All';
$_['text_case']              = 'Case';
$_['text_lines']             = 'Items';
$_['text_history']           = 'History';
$_['text_policy_check']      = 'Policy check';
$_['text_actions']           = 'Actions';
$_['text_amounts']           = 'Amounts (as computed when asked, then as recorded)';
$_['text_photos']            = 'Photos';
$_['text_no_photos']         = 'none';
$_['text_photo_ids']         = 'Photo ids (the photo files are not available in this store): %s';
$_['text_days']              = '%d days';
$_['text_today']             = 'today';
$_['text_yes']               = 'Yes';
$_['text_no']                = 'No';
$_['text_auto_approved']     = 'auto-approved';
$_['text_serial_returner']   = 'serial returner';
$_['text_free_shipping']     = 'free return shipping';
$_['text_guest']             = 'guest';
$_['text_opened']            = 'opened';
$_['text_policy_ok']         = 'The return policy allows this return as it was asked for.';
$_['text_policy_failed']     = 'The return policy no longer allows this return as it was asked for:';
$_['text_policy_unknown']    = 'The sidecar did not say what the policy decides now.';
$_['text_line']              = 'Item %d (%s)';
$_['text_item']              = 'Item %d';
$_['text_no_actions']        = 'This return is finished: no further action is possible.';
$_['text_key_note']          = 'Each button sends its action once: pressing it twice, or again after a timeout, does not repeat it.';
$_['text_exchange_help']     = 'OpenCart has no automatic replacement order. First create the replacement in Sales > Orders > Add (same customer, the exchanged option, price zero or as agreed) and send it; then mark the exchange here.';
$_['text_refund_help']       = 'Records the refund in Rebound and OpenCart\'s return. OpenCart has no refund API: pay the money back through your payment provider.';
$_['text_credit_help']       = 'Adds the amount to the customer\'s store credit (Customers > Customers > Transactions), usable at checkout.';
$_['text_credit_guest']      = 'This order was a guest\'s: store credit needs a customer account.';
$_['text_reject_help']       = 'The reason is shown to the customer in the return\'s history.';
$_['text_computed']          = 'computed: %s';
$_['text_computed_refund']   = 'computed for the resolution asked: %s; paid for these items: %s';
$_['text_override']          = 'Do it anyway, overriding the return policy';
$_['text_success']           = 'Success: %s.';
$_['text_sidecar_down']      = 'Rebound\'s sidecar is not answering, so return cases cannot be shown right now: %s';
$_['text_sidecar_settings']  = 'Open the Rebound settings and press Test connection';
$_['text_core_returns']      = 'OpenCart\'s own Sales > Returns keeps working meanwhile.';
$_['text_not_found']         = 'There is no such return case.';
$_['text_core_return']       = 'OpenCart return #%d';
$_['text_summary']           = '%d item(s), %s';

// Statuses, actions, resolutions, conditions
$_['status_requested']       = 'Requested';
$_['status_approved']        = 'Approved';
$_['status_rejected']        = 'Rejected';
$_['status_received']        = 'Received';
$_['status_refunded']        = 'Refunded';
$_['status_credited']        = 'Store credit issued';
$_['status_exchanged']       = 'Exchanged';
$_['action_submit']          = 'Requested';
$_['action_approve']         = 'Approve';
$_['action_reject']          = 'Reject';
$_['action_receive']         = 'Mark received';
$_['action_refund']          = 'Refund';
$_['action_credit']          = 'Issue store credit';
$_['action_exchange']        = 'Mark exchanged';
$_['action_reopen']          = 'Back to requested';
$_['action_opencart']        = 'Changed in OpenCart (noted)';
$_['done_approve']           = 'the return is approved';
$_['done_reject']            = 'the return is rejected';
$_['done_receive']           = 'the items are marked received';
$_['done_refund']            = 'the refund is recorded';
$_['done_credit']            = 'the store credit is issued';
$_['done_exchange']          = 'the exchange is recorded';
$_['resolution_refund']      = 'Refund';
$_['resolution_store_credit'] = 'Store credit';
$_['resolution_exchange']    = 'Exchange';
$_['condition_as_new']       = 'As new';
$_['condition_opened']       = 'Opened';
$_['condition_damaged']      = 'Damaged';

// Column
$_['column_reference']       = 'Reference';
$_['column_order_id']        = 'Order';
$_['column_customer']        = 'Customer';
$_['column_status']          = 'Status';
$_['column_value']           = 'Value';
$_['column_age']             = 'Age';
$_['column_date_added']      = 'Requested';
$_['column_action']          = 'Action';
$_['column_product']         = 'Product';
$_['column_quantity']        = 'Qty';
$_['column_reason']          = 'Reason';
$_['column_resolution']      = 'Resolution';
$_['column_unit_price']      = 'Unit price';
$_['column_fee']             = 'Restocking fee';
$_['column_refund']          = 'Refund';
$_['column_credit']          = 'Credit';
$_['column_photos']          = 'Photos';
$_['column_date']            = 'Date';
$_['column_by']              = 'By';
$_['column_comment']         = 'Comment';

// Entry
$_['entry_status']           = 'Status';
$_['entry_reason']           = 'Reason';
$_['entry_min_age_days']     = 'Older than (days)';
$_['entry_min_value']        = 'Value at least';
$_['entry_order']            = 'Order';
$_['entry_customer']         = 'Customer';
$_['entry_email']            = 'E-mail';
$_['entry_date_added']       = 'Requested';
$_['entry_date_modified']    = 'Last change';
$_['entry_comment']          = 'Customer\'s comment';
$_['entry_refund_amount']    = 'Refund';
$_['entry_credit_amount']    = 'Store credit';
$_['entry_fee_amount']       = 'Restocking fee';
$_['entry_exchange_value']   = 'Exchange value';
$_['entry_note']             = 'Comment (optional)';
$_['entry_reject_reason']    = 'Reason for rejecting';
$_['entry_condition']        = 'Condition';
$_['entry_amount']           = 'Amount';
$_['entry_bonus_percent']    = 'Bonus %';

// Help
$_['help_bonus_percent']     = 'Leave the amount blank to compute it from the bonus.';

// Button
$_['button_view']            = 'View';
$_['button_back']            = 'Back';
$_['button_policy']          = 'Return policy';
$_['button_order']           = 'Open the order';

// Error
$_['error_permission']       = 'Warning: You do not have permission to modify Rebound returns!';
$_['error_method']           = 'Send the action as a POST from the return\'s page.';
$_['error_action']           = 'This action is not possible for this return now.';
$_['error_key']              = 'The page is out of date: reload it and try again.';
$_['error_reject_reason']    = 'Say why the return is rejected: the customer sees it.';
$_['error_not_found']        = 'There is no such return case.';
$_['error_invalid_transition'] = 'This action is no longer possible: %s Reload the page to see the return as it is now.';
$_['error_policy_violation'] = 'The return policy does not allow this any more. To do it anyway, tick "Do it anyway" and press the button again.';
$_['error_bad_request']      = 'The sidecar refused the action: %s';
$_['error_http_error']       = 'The sidecar refused the action: %s';
$_['error_down']             = 'Nothing was done: Rebound\'s sidecar is not answering (%s). Check the connection on the Rebound settings page.';
