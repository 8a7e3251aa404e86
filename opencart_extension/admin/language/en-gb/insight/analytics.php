<?php
// Heading
$_['heading_title']            = 'Returns analytics';
$_['heading_product']          = 'Returns insight: %s';

// Text
$_['text_menu']                = 'Returns analytics';
$_['text_filter']              = 'Filter';
$_['text_all_stores']          = 'All stores';
$_['text_all_categories']      = 'All categories';
$_['text_default']             = 'Default';
$_['text_period_day']          = 'Day';
$_['text_period_week']         = 'Week';
$_['text_period_month']        = 'Month';
$_['text_as_of']               = 'Numbers as of %s.';
$_['text_summary_lag']         = 'Sales and returns are counted from summary tables the sidecar refreshes every 5 minutes (the last refresh was %s before the page was made); cases, reviews and surveys are read live.';
$_['text_seconds']             = '%d s';
$_['text_minutes']             = '%d min';
$_['text_hours']               = '%s h';
$_['text_in_hours']            = '%s h';
$_['text_in_days']             = '%s days';
$_['text_hours_short']         = 'h';
$_['text_days_short']          = 'd';
$_['text_cohort']              = 'Return rate = units returned ÷ units sold, counted by the order\'s date: recent periods still rise as returns come in.';
$_['text_rate_period']         = 'Return rate by order period';
$_['text_rate_product']        = 'Return rate by product';
$_['text_rate_category']       = 'Return rate by category';
$_['text_reasons']             = 'Return reasons over time';
$_['text_resolutions']         = 'Resolution mix';
$_['text_resolution_time']     = 'Time to resolution and SLA';
$_['text_returners']           = 'Top returners';
$_['text_reviews']             = 'Review photos';
$_['text_satisfaction']        = 'Satisfaction (CSAT and NPS)';
$_['text_csat']                = 'CSAT after a return (1–5)';
$_['text_nps']                 = 'NPS after delivery (0–10)';
$_['text_repeat']              = 'Repeat purchase after a return';
$_['text_unusual']             = 'Products with an unusual return rate';
$_['text_unusual_rule']        = 'Products whose return rate is well above the store\'s %s, with enough sales to tell. Most returns beyond normal first.';
$_['text_unusual_sold']        = 'Sold at least';
$_['text_unusual_units']       = 'units, and a return rate at least';
$_['text_unusual_points']      = 'points above the store\'s';
$_['text_unusual_none']        = 'No product stands out for these filters.';
$_['text_value_kept']          = 'Value kept in the store by exchanges and store credit: %s (%s of what was given back).';
$_['text_sla_summary']         = '%d of %d closed cases breached an SLA stage; %d open cases are already over their limit.';
$_['text_stage_requested']     = 'Waiting for a decision';
$_['text_stage_approved']      = 'Approved, waiting for the items';
$_['text_stage_received']      = 'Received, waiting for the refund, credit or exchange';
$_['text_limit_hours']         = '%d h';
$_['text_limit_days']          = '%d days';
$_['text_reviews_summary']     = '%d reviews, %d with photos (%s), %d photos in all.';
$_['text_csat_summary']        = 'Average %s from %d answers.';
$_['text_nps_summary']         = 'NPS %s from %d answers.';
$_['text_repeat_summary']      = '%d of %d customers who returned something bought again afterwards (%s).';
$_['text_serial_returner']     = 'serial returner';
$_['text_flagged']             = '%d case(s) held by the policy';
$_['text_guest']               = 'Guest';
$_['text_no_results']          = 'No results for these filters.';
$_['text_chart_empty']         = 'No data for these filters.';
$_['text_chart_library']       = 'The chart could not be drawn: its script (extension/rebound/admin/view/javascript/) did not load. The numbers are in the table and the CSV.';
$_['text_sidecar_down']        = 'Rebound\'s sidecar is not answering, so the analytics cannot be shown right now: %s';
$_['text_section_failed']      = 'This part could not be shown: %s';
$_['text_skipped']             = 'Not asked: the sidecar was too slow with the parts above. Reload the page, or narrow the filters.';
$_['text_sidecar_settings']    = 'Open the Rebound settings and press Test connection';
$_['text_not_ready']           = 'The sidecar has not built its analytics tables yet. Its worker does this within a few minutes of starting; you can also do it now.';
$_['text_refreshed']           = 'Success: the numbers are up to date (%s s).';
$_['text_insight']             = 'Insight';
$_['text_insight_summary']     = '%d of %d units sold were returned: a return rate of %s, against %s for the store.';
$_['text_insight_help']        = 'What shoppers said about this product: fix its description, photos or size chart where they point the same way.';
$_['text_comments']            = 'Shoppers\' comments';
$_['text_reasons_product']     = 'Why it comes back';
$_['text_open_case']           = 'open the return';
$_['text_no_comments']         = 'No comments for these filters.';
$_['text_photos']              = 'Shoppers\' photos';
$_['text_no_photos']           = 'No photos for these filters.';
$_['text_photo_pending']       = 'awaiting moderation';
$_['text_photos_hidden']       = '%d photo(s) not shown: you may not open the Returns (Rebound) or Review photos page they belong to. Photo ids: %s…';
$_['text_source_return']       = 'Return';
$_['text_source_review']       = 'Review';
$_['text_no_product']          = 'There is no such product.';
$_['text_back']                = 'Back to Returns analytics';

// Tiles
$_['kpi_return_rate']          = 'Return rate';
$_['kpi_return_rate_note']     = '%d of %d units';
$_['kpi_cases']                = 'Return cases';
$_['kpi_cases_note']           = '%d open';
$_['kpi_value_kept']           = 'Value kept';
$_['kpi_value_kept_note']      = 'exchanges + store credit; refunded %s';
$_['kpi_resolution']           = 'Time to resolution';
$_['kpi_resolution_note']      = 'median; 90 %% within %s (%d closed)';
$_['kpi_sla']                  = 'SLA breaches';
$_['kpi_sla_note']             = 'cases with a stage over its limit';
$_['kpi_csat']                 = 'CSAT';
$_['kpi_nps']                  = 'NPS';
$_['kpi_responses']            = '%d answers';
$_['kpi_photo_rate']           = 'Reviews with photos';
$_['kpi_photo_rate_note']      = '%d of %d reviews';
$_['kpi_repeat']               = 'Bought again after a return';
$_['kpi_repeat_note']          = '%d of %d customers';
$_['kpi_unusual']              = 'Unusual products';
$_['kpi_unusual_note']         = 'return rate well above the store\'s';

// Chart labels
$_['chart_units_sold']         = 'Units sold';
$_['chart_units_returned']     = 'Units returned';
$_['chart_return_rate']        = 'Return rate';
$_['chart_median']             = 'Median';
$_['chart_p90']                = '90th percentile';
$_['chart_with_photos']        = 'With photos';
$_['chart_without_photos']     = 'Without photos';
$_['chart_answers']            = 'Answers';
$_['chart_rate']               = 'Bought again';
$_['chart_other']              = 'Other reasons';
$_['chart_week_of']            = 'Week of %s';
$_['chart_resolution_refund']  = 'Refund';
$_['chart_resolution_exchange'] = 'Exchange';
$_['chart_resolution_store_credit'] = 'Store credit';
$_['chart_resolution_rejected'] = 'Rejected';
$_['chart_resolution_open']    = 'Still open';
$_['chart_nps_promoters']      = 'Promoters (9–10)';
$_['chart_nps_passives']       = 'Passives (7–8)';
$_['chart_nps_detractors']     = 'Detractors (0–6)';
$_['resolution_refund']        = 'Refund';
$_['resolution_exchange']      = 'Exchange';
$_['resolution_store_credit']  = 'Store credit';
$_['resolution_rejected']      = 'Rejected';
$_['resolution_open']          = 'Still open';

// Problems besides the shared ones in common/sidecar.php (the sidecar's message follows each)
$_['problem_bad_request']      = 'it refused the filters (%s).';
$_['problem_not_found']        = 'it does not know this (%s).';

// Column
$_['column_period']            = 'Period';
$_['column_product']           = 'Product';
$_['column_model']             = 'Model';
$_['column_category']          = 'Category';
$_['column_sold']              = 'Sold';
$_['column_returned']          = 'Returned';
$_['column_rate']              = 'Return rate';
$_['column_excess']            = 'Beyond normal';
$_['column_top_reason']        = 'Top reason';
$_['column_reason']            = 'Reason';
$_['column_units']             = 'Units';
$_['column_share']             = 'Share';
$_['column_resolution']        = 'Resolution';
$_['column_cases']             = 'Cases';
$_['column_value']             = 'Value';
$_['column_stage']             = 'Stage';
$_['column_limit']             = 'Limit';
$_['column_breaches']          = 'Breaches';
$_['column_customer']          = 'Customer';
$_['column_bought']            = 'Bought';
$_['column_value_returned']    = 'Value returned';
$_['column_date']              = 'Date';
$_['column_source']            = 'From';
$_['column_comment']           = 'Comment';
$_['column_action']            = 'Action';

// Entry
$_['entry_date_from']          = 'Orders from';
$_['entry_date_to']            = 'Orders to';
$_['entry_store']              = 'Store';
$_['entry_category']           = 'Category';
$_['entry_period']             = 'Group by';

// Button
$_['button_csv']               = 'CSV';
$_['button_refresh']           = 'Refresh numbers';
$_['button_returns']           = 'Returns';
$_['button_insight']           = 'Insight';
$_['button_edit_product']      = 'Edit product';

// Error
$_['error_permission']         = 'Warning: You do not have permission to use Returns analytics!';
$_['error_method']             = 'Warning: This action needs a POST request.';
$_['error_table']              = 'There is no such table to export.';
$_['error_filter_date']        = 'Use a date as YYYY-MM-DD; the default is shown instead.';
$_['error_filter_order']       = 'The start is after the end; the default range is shown instead.';
$_['error_filter_range']       = 'At most three years at once; the start was moved.';
$_['error_filter_store']       = 'No such store: all stores are shown.';
$_['error_filter_category']    = 'No such category: all categories are shown.';
$_['error_filter_period']      = 'Choose day, week or month.';
$_['error_filter_min_units']   = 'Units sold: a whole number from 1 to 100000; the default is used.';
$_['error_filter_margin']      = 'Points above the store\'s rate: a whole number from 0 to 100; the default is used.';
$_['button_apply']             = 'Apply';
