-- The rows a fresh OpenCart 4.1.0.4 store has and Rebound relies on (OpenCart notes §1.4, §1.5).
-- language_id 1 is English (en-gb). Ids are explicit with INSERT IGNORE, and settings are added only when
-- missing, so loading twice is harmless.
-- `{p}` is the table prefix. Every statement ends with `;` at the end of a line; the loader splits there.

INSERT IGNORE INTO `{p}language` (`language_id`, `name`, `code`, `locale`, `extension`, `sort_order`, `status`)
VALUES (1, 'English', 'en-gb', 'en-gb,en', NULL, 1, 1);

-- USD is id 2 in a stock 4.1 install (GBP 1, EUR 3); orders carry currency_id, so keep the real id.
INSERT IGNORE INTO `{p}currency`
  (`currency_id`, `title`, `code`, `symbol_left`, `symbol_right`, `decimal_place`, `value`, `status`, `date_modified`)
VALUES (2, 'US Dollar', 'USD', '$', '', 2, 1.00000000, 1, '2014-09-25 14:40:00');

-- No ids 4 and 6, in every OpenCart version.
INSERT IGNORE INTO `{p}order_status` (`order_status_id`, `language_id`, `name`) VALUES
  (1, 1, 'Pending'),
  (2, 1, 'Processing'),
  (3, 1, 'Shipped'),
  (5, 1, 'Complete'),
  (7, 1, 'Canceled'),
  (8, 1, 'Denied'),
  (9, 1, 'Canceled Reversal'),
  (10, 1, 'Failed'),
  (11, 1, 'Refunded'),
  (12, 1, 'Reversed'),
  (13, 1, 'Chargeback'),
  (14, 1, 'Expired'),
  (15, 1, 'Processed'),
  (16, 1, 'Voided');

INSERT IGNORE INTO `{p}return_status` (`return_status_id`, `language_id`, `name`) VALUES
  (1, 1, 'Pending'),
  (2, 1, 'Awaiting Products'),
  (3, 1, 'Complete');

INSERT IGNORE INTO `{p}return_reason` (`return_reason_id`, `language_id`, `name`) VALUES
  (1, 1, 'Dead On Arrival'),
  (2, 1, 'Received Wrong Item'),
  (3, 1, 'Order Error'),
  (4, 1, 'Faulty, please supply details'),
  (5, 1, 'Other, please supply details');

-- 4.1 numbering; 3.0 and 4.0.2 differ (1 Refunded, 2 Credit Issued, 3 Replacement Sent).
INSERT IGNORE INTO `{p}return_action` (`return_action_id`, `language_id`, `name`) VALUES
  (1, 1, 'Waiting for return'),
  (2, 1, 'Credit Issued'),
  (3, 1, 'Replacement Sent'),
  (4, 1, 'Refunded');

INSERT IGNORE INTO `{p}customer_group` (`customer_group_id`, `approval`, `sort_order`) VALUES (1, 0, 1);
INSERT IGNORE INTO `{p}customer_group_description` (`customer_group_id`, `language_id`, `name`, `description`)
VALUES (1, 1, 'Default', 'Default customer group');

-- Store 0's settings. Scalars are strings (serialized 0); arrays are JSON arrays of strings (serialized 1).
-- An empty mail engine means mail is off. setting has no unique key (OpenCart re-numbers rows whenever
-- settings are saved), so each key is added only if store 0 does not have it yet.
INSERT INTO `{p}setting` (`store_id`, `code`, `key`, `value`, `serialized`)
SELECT d.`store_id`, d.`code`, d.`key`, d.`value`, d.`serialized` FROM (
  SELECT 0 AS `store_id`, 'config' AS `code`, 'config_timezone' AS `key`, 'UTC' AS `value`, 0 AS `serialized`
  UNION ALL SELECT 0, 'config', 'config_language_catalog', 'en-gb', 0
  UNION ALL SELECT 0, 'config', 'config_language_admin', 'en-gb', 0
  UNION ALL SELECT 0, 'config', 'config_currency', 'USD', 0
  UNION ALL SELECT 0, 'config', 'config_review_status', '1', 0
  UNION ALL SELECT 0, 'config', 'config_review_guest', '1', 0
  UNION ALL SELECT 0, 'config', 'config_customer_group_id', '1', 0
  UNION ALL SELECT 0, 'config', 'config_customer_group_display', '["1"]', 1
  UNION ALL SELECT 0, 'config', 'config_invoice_prefix', 'INV-2026-00', 0
  UNION ALL SELECT 0, 'config', 'config_order_status_id', '1', 0
  UNION ALL SELECT 0, 'config', 'config_processing_status', '["5","1","2","12","3"]', 1
  UNION ALL SELECT 0, 'config', 'config_complete_status', '["5","3"]', 1
  UNION ALL SELECT 0, 'config', 'config_fraud_status_id', '8', 0
  UNION ALL SELECT 0, 'config', 'config_return_id', '0', 0
  UNION ALL SELECT 0, 'config', 'config_return_status_id', '2', 0
  UNION ALL SELECT 0, 'config', 'config_telephone', '123456789', 0
  UNION ALL SELECT 0, 'config', 'config_owner', 'Your Name', 0
  UNION ALL SELECT 0, 'config', 'config_name', 'Your Store', 0
  UNION ALL SELECT 0, 'config', 'config_file_max_size', '20', 0
  UNION ALL SELECT 0, 'config', 'config_mail_engine', '', 0
  UNION ALL SELECT 0, 'config', 'config_mail_parameter', '', 0
  UNION ALL SELECT 0, 'config', 'config_mail_smtp_hostname', '', 0
  UNION ALL SELECT 0, 'config', 'config_mail_smtp_username', '', 0
  UNION ALL SELECT 0, 'config', 'config_mail_smtp_password', '', 0
  UNION ALL SELECT 0, 'config', 'config_mail_smtp_port', '25', 0
  UNION ALL SELECT 0, 'config', 'config_mail_smtp_timeout', '5', 0
  UNION ALL SELECT 0, 'config', 'config_mail_alert_email', '', 0
  UNION ALL SELECT 0, 'config', 'config_mail_alert', '["order"]', 1
  UNION ALL SELECT 0, 'config', 'config_captcha', 'basic', 0
  UNION ALL SELECT 0, 'config', 'config_captcha_page', '["review","return","contact"]', 1
  UNION ALL SELECT 0, 'config', 'config_email', 'admin@example.com', 0
) AS d
WHERE NOT EXISTS (
  SELECT 1 FROM `{p}setting` AS s WHERE s.`store_id` = d.`store_id` AND s.`key` = d.`key`
);
