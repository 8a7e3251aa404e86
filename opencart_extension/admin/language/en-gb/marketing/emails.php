<?php
// Heading
$_['heading_title']          = 'Emails (Rebound)';

// Text
$_['text_menu']              = 'Emails (Rebound)';
$_['text_log']               = 'Email log';
$_['text_subjects']          = 'Subject lines and previews';
$_['text_settings']          = 'Settings';
$_['text_sender']            = 'Sender';
$_['text_timing']            = 'When to send';
$_['text_alerts']            = 'Alerts to you';
$_['text_budget']            = 'Contact budget and quiet hours';
$_['text_default_value']     = 'Default: %s.';
$_['text_default_store_only'] = 'The same for every store: set it on the default store\'s page.';
$_['text_suppressions']      = 'Suppressions';
$_['text_health']            = 'Job health';
$_['text_filter']            = 'Filter';
$_['text_all']               = 'All';
$_['text_default']           = 'Default';
$_['text_store']             = 'Store';
$_['text_loading']           = 'Loading…';
$_['text_never']             = 'never';
$_['text_seconds']           = '%d s';
$_['text_minutes']           = '%d min';
$_['text_hours']             = '%d h';
$_['text_source_store']      = 'These are this store\'s saved email settings.';
$_['text_source_default']    = 'This store has no saved email settings: the defaults below apply.';
$_['text_stored_error']      = 'The saved email settings are not valid, so the defaults apply until they are saved again: %s';
$_['text_enabled']           = 'Send Rebound\'s emails (off: nothing is sent; queued messages are skipped)';
$_['text_transactional']     = 'transactional';
$_['text_budgeted']          = 'contact budget';
$_['text_subject_help']      = 'One line, at most 200 characters. Blank: the default line shown. Placeholders: $store, $first_name, $order_id, $reference.';
$_['text_subjects_for']      = 'Written in %s, for: %s';
$_['text_preview_help']      = 'The preview uses sample data, the saved settings and the subject line as typed.';
$_['text_preview_text']      = 'Text part';
$_['text_preview_html']      = 'HTML part';
$_['text_budget_help']       = 'Review requests, their reminder and the CSAT and NPS surveys share one budget per recipient. Return status emails and the owner\'s alerts are never held back by it.';
$_['text_quiet_help']        = 'In the store\'s time zone; may span midnight. Messages due in the quiet hours wait for their end.';
$_['text_over_budget']       = 'When a message is over the budget';
$_['text_defer']             = 'send it later (within the longest wait)';
$_['text_drop']              = 'drop it';
$_['text_saved']             = 'Success: the email settings of %s are saved.';
$_['text_unsuppressed']      = 'Success: %s may be mailed again.';
$_['text_not_suppressed']    = '%s was not on the list.';
$_['text_confirm_remove']    = 'Mail this address again? Only do this when the customer asked for it or the address works again.';
$_['text_sidecar_down']      = 'Rebound\'s sidecar is not answering, so this cannot be shown right now: %s';
$_['text_sidecar_settings']  = 'Open the Rebound settings and press Test connection';
$_['text_pagination']        = 'Showing %d to %d of %d (%d Pages)';
$_['text_jobs_ok']           = 'All jobs are running on time.';
$_['text_email_queue']       = 'Email queue';
$_['text_smtp']              = 'Mail server';
$_['text_smtp_store']        = 'the store\'s own mail settings (System > Settings > Mail)';
$_['text_smtp_env']          = 'REBOUND_SMTP_URL (the sidecar\'s environment)';
$_['text_no_worker']         = 'No job has ever run: is `rebound worker` running?';
$_['text_attempts']          = '%d attempt(s)';
$_['text_waited']            = 'waited: %s';
$_['text_jobs']              = 'Jobs';
$_['text_deferrals']         = 'deferred %d time(s)';
$_['text_unconfirmed']       = '%d unconfirmed attempt(s): may have been delivered twice';

// Column
$_['column_email_id']        = 'ID';
$_['column_kind']            = 'Email';
$_['column_recipient']       = 'Recipient';
$_['column_status']          = 'Status';
$_['column_reason']          = 'Why';
$_['column_created']         = 'Queued';
$_['column_when']            = 'Sent / due';
$_['column_about']           = 'About';
$_['column_email']           = 'Address';
$_['column_source']          = 'Source';
$_['column_date']            = 'Since';
$_['column_action']          = 'Action';
$_['column_task']            = 'Job';
$_['column_last_run']        = 'Last run';
$_['column_lag']             = 'Lag';
$_['column_failing']         = 'Failing';
$_['column_dead']            = 'Dead (7 days)';
$_['column_last_error']      = 'Last error';
$_['column_due']             = 'Due now';
$_['column_sending']         = 'Sending';
$_['column_failed']          = 'Failed';
$_['column_last_sent']       = 'Last sent';

// Entry
$_['entry_store']            = 'Store';
$_['entry_status']           = 'Status';
$_['entry_kind']             = 'Email';
$_['entry_recipient']        = 'Recipient (whole address)';
$_['entry_order_id']         = 'Order ID';
$_['entry_email']            = 'Address contains';
$_['entry_reason']           = 'Reason';
$_['entry_subject']          = 'Subject line';
$_['entry_from_name']        = 'Sender name';
$_['entry_from_email']       = 'Sender address';
$_['entry_reply_to']         = 'Reply-to address';
$_['entry_brand_color']      = 'Brand colour';
$_['entry_review_delay_days'] = 'Review request: days after delivery';
$_['entry_review_reminder_after_days'] = 'Review reminder: days after the request';
$_['entry_review_max_products'] = 'Products per review request';
$_['entry_csat_delay_hours'] = 'Return survey (CSAT): hours after a return closes';
$_['entry_nps_delay_days']   = 'Recommendation survey (NPS): days after delivery';
$_['entry_nps_throttle_days'] = 'NPS: at most once per customer in (days)';
$_['entry_instructions_reminder_days'] = 'Return instructions reminder: days after approval';
$_['entry_owner_email']      = 'Send alerts to';
$_['entry_sla_requested_hours'] = 'Alert when a return request waits (hours)';
$_['entry_sla_approved_days'] = 'Alert when approved items have not come back (days)';
$_['entry_sla_received_hours'] = 'Alert when received items wait for a refund (hours)';
$_['entry_digest_enabled']   = 'Daily summary';
$_['entry_digest_hour']      = 'Daily summary: hour (store time, 0–23)';
$_['entry_budget_window_days'] = 'Window (days)';
$_['entry_budget_max_per_window'] = 'At most this many emails in the window';
$_['entry_budget_min_gap_hours'] = 'At least this many hours apart';
$_['entry_quiet']            = 'Quiet hours';
$_['entry_quiet_start']      = 'From';
$_['entry_quiet_end']        = 'Until';
$_['entry_kind_enabled']     = 'On';

// Button
$_['button_filter']          = 'Filter';
$_['button_reset']           = 'Reset';
$_['button_preview']         = 'Preview';
$_['button_remove']          = 'Mail again';
$_['button_refresh']         = 'Refresh';
$_['button_default_color']   = 'Default colour';

// Help for the settings (each number's default is added from the sidecar's defaults)
$_['help_from_name']         = 'The name your emails come from. Blank: the store\'s name, shown in grey.';
$_['help_from_email']        = 'The address your emails come from; your mail server must be allowed to send for it. Blank: the store\'s email (System > Settings), shown in grey.';
$_['help_reply_to']          = 'Where customers\' replies go, if not to the sender address. Blank: none (replies go to the sender).';
$_['help_brand_color']       = 'The colour of the emails\' header bar and buttons; the logo is the store\'s own.';
$_['help_review_delay_days'] = 'How long after an order is delivered (reaches a complete status) its review request goes out. Never while a return on the order is open.';
$_['help_review_reminder_after_days'] = 'One reminder to registered customers who have not reviewed yet. 0: no reminder.';
$_['help_review_max_products'] = 'At most this many of the order\'s products are asked about (1–20); products others returned for size, fit or "not as described" come first, with a photo request.';
$_['help_csat_delay_hours']  = 'How long after a return is closed the customer is asked how it went.';
$_['help_nps_delay_days']    = 'How long after an order is delivered the customer is asked whether they would recommend the store.';
$_['help_nps_throttle_days'] = 'A customer sent this survey within this many days is not asked again. 0: no limit.';
$_['help_instructions_reminder_days'] = 'Reminds the customer how to send the items back when an approved return has not arrived after this many days. 0: no reminder.';
$_['help_owner_email']       = 'Where the alerts below and the daily summary go. Blank: the first of the store\'s alert emails (System > Settings > Mail), else the store\'s email, shown in grey.';
$_['help_sla_requested_hours'] = 'A return request not yet approved or rejected after this many hours is listed in an hourly alert.';
$_['help_sla_approved_days'] = 'An approved return whose items have not arrived after this many days is listed in an hourly alert.';
$_['help_sla_received_hours'] = 'Returned items received but not yet refunded, credited or exchanged after this many hours are listed in an hourly alert.';
$_['help_digest_enabled']    = 'One email a day with stuck returns and mail that could not be sent; none on a day with nothing to report. On by default.';
$_['help_digest_hour']       = 'The hour of the day, in the store\'s time zone, the summary goes out.';
$_['help_budget_window_days'] = 'The period the limit below counts over.';
$_['help_budget_max_per_window'] = 'Review requests, their reminder and surveys to one address in that period, all together.';
$_['help_budget_min_gap_hours'] = 'The least time between two of them to one address. 0: no gap.';

// Kinds
$_['kind_return_requested']    = 'Return received (request)';
$_['kind_return_approved']     = 'Return approved, with instructions';
$_['kind_return_rejected']     = 'Return rejected';
$_['kind_return_instructions'] = 'Reminder of the return instructions';
$_['kind_request_not_accepted'] = 'Return request not accepted';
$_['kind_return_received']     = 'Returned items received';
$_['kind_return_refunded']     = 'Refunded';
$_['kind_return_credited']     = 'Store credit given';
$_['kind_return_exchanged']    = 'Replacement sent';
$_['kind_review_request']      = 'Review request';
$_['kind_review_reminder']     = 'Review reminder';
$_['kind_csat']                = 'Return satisfaction survey (CSAT)';
$_['kind_nps']                 = 'Recommendation survey (NPS)';
$_['kind_sla_alert']           = 'Owner: returns waiting too long';
$_['kind_digest']              = 'Owner: daily summary';

$_['help_return_requested']    = 'When a shopper asks for a return (skipped if it was decided before it went out).';
$_['help_return_approved']     = 'When a return is approved: how to send the items back.';
$_['help_return_rejected']     = 'When a return is rejected, with your reason.';
$_['help_return_instructions'] = 'Some days after approval if the items have not come back.';
$_['help_request_not_accepted'] = 'When a request sent while Rebound was not answering (the shopper was told it was received) turns out to be outside your return policy: why, and a link to send it again.';
$_['help_return_received']     = 'When the returned items arrive.';
$_['help_return_refunded']     = 'When the refund is recorded.';
$_['help_return_credited']     = 'When store credit is given.';
$_['help_return_exchanged']    = 'When the replacement is sent.';
$_['help_review_request']      = 'Some days after delivery, for products not returned.';
$_['help_review_reminder']     = 'One reminder, only if no review came.';
$_['help_csat']                = 'After a return is closed.';
$_['help_nps']                 = 'Some days after delivery, at most once per customer per throttle.';
$_['help_sla_alert']           = 'To you, hourly, when returns wait too long in a status.';
$_['help_digest']              = 'To you, daily: stuck returns and mail that could not be sent.';

// Statuses
$_['status_queued']          = 'Queued';
$_['status_sending']         = 'Sending';
$_['status_sent']            = 'Sent';
$_['status_skipped']         = 'Skipped';
$_['status_failed']          = 'Failed';
$_['status_dead']            = 'Gave up';

// Reasons (docs/email.md, "the email log's reasons")
$_['reason_unsubscribed']      = 'unsubscribed';
$_['reason_bounced']           = 'the address bounced';
$_['reason_disabled']          = 'this email is turned off';
$_['reason_invalid_address']   = 'not a valid address';
$_['reason_superseded']        = 'a newer status of the return made it moot';
$_['reason_case_gone']         = 'the return no longer exists';
$_['reason_case_reopened']     = 'the return is open again';
$_['reason_order_not_complete'] = 'the order is no longer complete';
$_['reason_return_open']       = 'a return on the order is open';
$_['reason_nothing_to_review'] = 'every item was returned';
$_['reason_already_reviewed']  = 'already reviewed';
$_['reason_nps_throttled']     = 'an NPS survey went out recently';
$_['reason_quiet_hours']       = 'quiet hours';
$_['reason_frequency_cap']     = 'contact budget: too many emails in the window';
$_['reason_min_gap']           = 'contact budget: too soon after the last email';
$_['reason_links_unavailable'] = 'no unsubscribe link can be made (REBOUND_SECRET or REBOUND_STORE_URL missing)';
$_['reason_server_unavailable'] = 'the mail server refused an earlier message of the batch';

// Suppressions
$_['suppression_unsubscribe'] = 'Unsubscribed (no review requests or surveys)';
$_['suppression_bounce']      = 'Bounced (no email at all)';
$_['source_one_click']        = 'one-click (mail app)';
$_['source_page']             = 'unsubscribe page';
$_['source_admin']            = 'admin';
$_['source_smtp']             = 'mail server';

// Tasks
$_['task_mail.plan']          = 'Plan review requests, surveys, reminders (every minute)';
$_['task_mail.sla']           = 'Returns waiting too long (hourly)';
$_['task_mail.digest']        = 'Daily summary';
$_['task_mail.cleanup']       = 'Clean up finished jobs (daily)';
$_['task_analytics.refresh']  = 'Returns analytics: catch up with new sales and returns (every 5 minutes)';
$_['task_analytics.rebuild']  = 'Returns analytics: rebuild the summary tables (daily)';

// Error
$_['error_permission']       = 'Warning: You do not have permission to modify Rebound\'s emails!';
$_['error_method']           = 'Warning: this action needs a POST.';
$_['error_store']            = 'Warning: there is no such store.';
$_['error_form']             = 'Warning: please check the form carefully for errors!';
$_['error_invalid']          = 'Warning: the sidecar refused these settings: %s';
$_['error_down']             = 'Warning: nothing was saved, because the sidecar could not check the settings: %s';
$_['error_save']             = 'Warning: the settings could not be saved: %s';
$_['error_email']            = 'Warning: no address given.';
