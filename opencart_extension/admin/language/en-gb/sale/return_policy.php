<?php
// Heading
$_['heading_title']              = 'Return policy (Rebound)';

// Text
$_['text_settings']              = 'Rebound';
$_['text_store']                 = 'Store';
$_['text_default_store']         = 'Default';
$_['text_form']                  = 'Policy';
$_['text_json']                  = 'Advanced JSON';
$_['text_json_help']             = 'The whole policy document (sidecar/policy/README.md lists every field). Fields the form does not show, such as the order statuses that count as delivered, are edited here; the form keeps them.';
$_['text_window']                = 'Return window';
$_['text_reasons']               = 'Return reasons';
$_['text_reasons_help']          = '"Offered" picks the reasons shoppers may choose on the return form: leave every "Offered" box empty to offer all of the store\'s reasons, or tick some to offer only those. "Photos required" and "Merchant\'s fault" never hide a reason, and a flagged reason is always offered: with no "Offered" box ticked, every reason stays offered and the flagged ones get their rules (saved as a list of the store\'s current reasons, so a reason added to the store later is offered once ticked here).';
$_['text_reasons_all']           = 'Now: shoppers may choose any of the store\'s reasons.';
$_['text_reasons_every']         = 'Now: shoppers may choose any of these reasons; one added to the store later is offered once ticked here.';
$_['text_reasons_some']          = 'Now: shoppers may choose only the reasons ticked "Offered"; the others are not on the return form.';
$_['text_resolutions']           = 'Resolutions and fees';
$_['text_exclusions']            = 'Exclusions and final sale';
$_['text_free_shipping']         = 'Free return shipping';
$_['text_approval']              = 'Automatic approval and serial returners';
$_['text_shopper_text']          = 'Text for shoppers';
$_['text_simulation']            = 'Simulate';
$_['text_simulation_help']       = 'Replays the orders of the last days against the saved policy and this one, as of today, and shows which items would change whether they can be returned. Nothing is saved.';
$_['text_simulating']            = 'Replaying past orders…';
$_['text_sim_progress']          = '%s orders replayed (%d%%)…';
$_['text_sim_cancelled']         = 'Cancelled at %d%%: these figures count only the orders replayed until then, the newest.';
$_['text_simulator_unavailable'] = 'The simulator is not available from this sidecar (it answered %s). Update the sidecar to simulate policy changes; validating and saving still work.';
$_['text_valid']                 = 'The policy is valid.';
$_['text_saved']                 = 'Success: the return policy is saved for %s. The sidecar applies it within a few seconds, to every return asked for from now on.';
$_['text_source_store']          = 'This store has its own policy.';
$_['text_source_default']        = 'This store has no policy yet: shown is the default (30 days from delivery, refunds only). Saving makes it the store\'s.';
$_['text_stored_invalid']        = 'The policy stored for this store is not valid any more; the sidecar uses its default until it is fixed:';
$_['text_sidecar_down']          = 'Rebound\'s sidecar is not answering (%s): the policy is shown as stored, but it can only be validated, simulated and saved when the sidecar answers.';
$_['text_sidecar_settings']      = 'Open the Rebound settings and press Test connection';
$_['text_group_default']         = 'Leave blank for the store-wide window.';
$_['text_not_in_store']          = '(not in this store)';
$_['text_no_limit']              = 'no limit';
$_['text_default']               = 'default';
$_['text_unknown_id']            = '#%d (not found)';
$_['text_errors']                = 'Fix the fields marked below:';
$_['text_sim_orders']            = '%s orders placed since %s (%d days), %s items, judged as of %s against the %s policy.';
$_['text_sim_source_store']      = 'saved';
$_['text_sim_source_default']    = 'default';
$_['text_sim_capped']            = 'Only the newest %s orders were replayed; the oldest was placed %s.';
$_['text_sim_not_mirrored']      = '%s orders the worker has not read yet were left out; simulate again once `rebound worker` has caught up.';
$_['text_sim_none']              = 'No item changes whether it can be returned.';
$_['text_sim_examples']          = 'Examples (%d of %s changed items)';
$_['text_sim_returnable']        = 'Returnable today';
$_['text_sim_current']           = 'saved policy';
$_['text_sim_proposed']          = 'this policy';
$_['text_sim_became_eligible']   = 'Returnable with this policy, not today';
$_['text_sim_became_ineligible'] = 'Returnable today, not with this policy';
$_['text_sim_now_returnable']    = 'becomes returnable';
$_['text_sim_not_returnable']    = 'no longer returnable';

// Column
$_['column_group']               = 'Customer group';
$_['column_days']                = 'Days';
$_['column_reason']              = 'Reason';
$_['column_offered']             = 'Offered';
$_['column_photos_required']     = 'Photos required';
$_['column_merchant_fault']      = 'Merchant\'s fault';
$_['column_what']                = '';
$_['column_lines']               = 'Items';
$_['column_quantity']            = 'Quantity';
$_['column_value']               = 'Value';
$_['column_order']               = 'Order';
$_['column_product']             = 'Product';
$_['column_change']              = 'Change';
$_['column_why']                 = 'Why';

// Entry
$_['entry_store']                = 'Store';
$_['entry_window_days']          = 'Return window (days)';
$_['entry_group_days']           = 'Longer (or shorter) windows per customer group';
$_['entry_excluded_categories']  = 'Categories never returnable';
$_['entry_excluded_products']    = 'Products never returnable';
$_['entry_final_sale_products']  = 'Final sale products';
$_['entry_final_sale_discount']  = 'Final sale from a discount of (%)';
$_['entry_final_sale_fault']     = 'Final sale can come back when the store was at fault';
$_['entry_refund']               = 'Refund';
$_['entry_exchange']             = 'Exchange (same product, another option)';
$_['entry_store_credit']         = 'Store credit';
$_['entry_credit_bonus']         = 'Store credit bonus (%)';
$_['entry_restocking_percent']   = 'Restocking fee (% of the price)';
$_['entry_restocking_flat']      = 'Restocking fee (flat, per item)';
$_['entry_restocking_applies']   = 'Fee applies to';
$_['entry_free_products']        = 'Products that ship back free';
$_['entry_free_categories']      = 'Categories that ship back free';
$_['entry_free_fault']           = 'Free return shipping when the store was at fault';
$_['entry_auto_approve']         = 'Approve automatically';
$_['entry_auto_max_value']       = 'Up to a value of';
$_['entry_auto_min_orders']      = 'When the customer has at least this many completed orders';
$_['entry_serial']               = 'Flag serial returners';
$_['entry_serial_min_returns']   = 'At least this many returns';
$_['entry_serial_rate']          = 'And this return rate (%)';
$_['entry_serial_lookback']      = 'Over the last (days)';
$_['entry_text']                 = 'Policy text on the return form';
$_['entry_since_days']           = 'Orders of the last (days)';

// Help
$_['help_window_days']           = 'The last day to ask is this many days after delivery (the store\'s complete statuses), until 23:59:59 in the store\'s time zone.';
$_['help_autocomplete']          = 'Start typing a name and pick it from the list.';
$_['help_final_sale_discount']   = 'A line sold this far below the catalogue price is final sale. Blank: no such rule.';
$_['help_auto_approve']          = 'Never for serial returners, reasons that need photos, or products gone from the catalogue. Blank value: no limit.';
$_['help_serial']                = 'A flag for you on the case; it never refuses a return by itself.';
$_['help_text']                  = 'Shown to shoppers on the return form, as plain text.';

// Button
$_['button_validate']            = 'Validate';
$_['button_simulate']            = 'Simulate';
$_['button_sim_cancel']          = 'Cancel';
$_['button_settings']            = 'Rebound settings';
$_['button_returns']             = 'Returns (Rebound)';

// Error
$_['error_permission']           = 'Warning: You do not have permission to modify the Rebound return policy!';
$_['error_method']               = 'Send the policy as a POST from the policy page.';
$_['error_store']                = 'There is no such store.';
$_['error_json']                 = 'The advanced JSON is not a JSON object: %s';
$_['error_invalid']              = 'The policy has errors; nothing was saved.';
$_['error_invalid_check']        = 'The policy has errors.';
$_['error_down']                 = 'Nothing was saved: the policy can only be saved after the sidecar has checked it, and the sidecar is not answering (%s).';
$_['error_down_check']           = 'The sidecar is not answering (%s).';
$_['error_sidecar']              = 'The sidecar refused the request: %s';
$_['error_save']                 = 'The policy could not be stored: %s';
