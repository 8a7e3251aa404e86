-- Returns: a Rebound case groups the OpenCart `return` rows (one per line) a shopper asked for at once.
-- Amounts are in the store's base currency; times are UTC.

CREATE TABLE IF NOT EXISTS `{p}rebound_case` (
  `case_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `reference` CHAR(8) NOT NULL,
  `event_uuid` CHAR(36) NOT NULL,
  `store_id` INT NOT NULL DEFAULT 0,
  `order_id` INT NOT NULL,
  `customer_id` INT NOT NULL DEFAULT 0,
  `email` VARCHAR(96) NOT NULL,
  `language_id` INT NOT NULL DEFAULT 0,
  `status` VARCHAR(16) NOT NULL,
  `comment` TEXT NULL,
  `refund_amount` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `credit_amount` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `fee_amount` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `exchange_value` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `free_return_shipping` TINYINT(1) NOT NULL DEFAULT 0,
  `auto_approved` TINYINT(1) NOT NULL DEFAULT 0,
  `serial_returner` TINYINT(1) NOT NULL DEFAULT 0,
  `decision` TEXT NULL,
  `credit_transaction_id` INT NULL,
  `created_at` DATETIME(6) NOT NULL,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`case_id`),
  UNIQUE KEY `reference` (`reference`),
  UNIQUE KEY `event_uuid` (`event_uuid`),
  KEY `order_id` (`order_id`),
  KEY `status_created` (`status`, `created_at`),
  KEY `customer` (`customer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `{p}rebound_case_line` (
  `case_line_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `case_id` INT UNSIGNED NOT NULL,
  `order_id` INT NOT NULL,
  `order_product_id` INT NOT NULL,
  `product_id` INT NOT NULL,
  `quantity` INT NOT NULL,
  `reason_id` INT NOT NULL,
  `resolution` VARCHAR(16) NOT NULL,
  `exchange_option_value_id` INT NULL,
  `opened` TINYINT(1) NOT NULL DEFAULT 0,
  `photo_count` INT NOT NULL DEFAULT 0,
  `photo_ids` TEXT NULL,
  `unit_price` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `fee` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `refund` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `credit` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `return_id` INT NULL,
  `active` TINYINT(1) NOT NULL DEFAULT 1,
  PRIMARY KEY (`case_line_id`),
  KEY `case_id` (`case_id`),
  KEY `order_line` (`order_id`, `order_product_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `{p}rebound_case_history` (
  `case_history_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `case_id` INT UNSIGNED NOT NULL,
  `status` VARCHAR(16) NOT NULL,
  `action` VARCHAR(16) NOT NULL,
  `actor` VARCHAR(64) NOT NULL,
  `comment` TEXT NULL,
  `idempotency_key` VARCHAR(64) NULL,
  `created_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`case_history_id`),
  KEY `case_id` (`case_id`),
  UNIQUE KEY `idempotency` (`case_id`, `idempotency_key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What an applied event answered (a return request's case or refusal), so a retry gets the same answer.
CREATE TABLE IF NOT EXISTS `{p}rebound_event_result` (
  `event_uuid` CHAR(36) NOT NULL,
  `result` TEXT NOT NULL,
  PRIMARY KEY (`event_uuid`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Photos shoppers attach to reviews and return requests; the extension stores the files and this row.
CREATE TABLE IF NOT EXISTS `{p}rebound_photo` (
  `photo_id` CHAR(32) NOT NULL,
  `kind` VARCHAR(16) NOT NULL,
  `owner_id` INT NOT NULL DEFAULT 0,
  `store_id` INT NOT NULL DEFAULT 0,
  `customer_id` INT NOT NULL DEFAULT 0,
  `file` VARCHAR(255) NOT NULL,
  `thumb` VARCHAR(255) NOT NULL,
  `mime` VARCHAR(32) NOT NULL,
  `width` INT NOT NULL,
  `height` INT NOT NULL,
  `bytes` INT NOT NULL,
  `status` VARCHAR(16) NOT NULL DEFAULT 'pending',
  `created_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`photo_id`),
  KEY `owner` (`kind`, `owner_id`),
  KEY `status` (`status`, `created_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- When each order first reached each status (from order_history scans and events): the policy's
-- "delivered" statuses are its own, and OpenCart's order_history has no index on order_id.
CREATE TABLE IF NOT EXISTS `{p}rebound_order_status_time` (
  `order_id` INT NOT NULL,
  `order_status_id` INT NOT NULL,
  `first_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`order_id`, `order_status_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Order options by order (OpenCart's order_option has no index but its primary key).
CREATE TABLE IF NOT EXISTS `{p}rebound_order_option` (
  `order_option_id` INT NOT NULL,
  `order_id` INT NOT NULL,
  `order_product_id` INT NOT NULL,
  `product_option_id` INT NOT NULL DEFAULT 0,
  `product_option_value_id` INT NOT NULL DEFAULT 0,
  `name` VARCHAR(255) NOT NULL DEFAULT '',
  `value` TEXT NULL,
  `type` VARCHAR(32) NOT NULL DEFAULT '',
  PRIMARY KEY (`order_option_id`),
  KEY `order_id` (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The returns mirror gains a key by customer (serial-returner counts). It is rebuilt from OpenCart by
-- the worker's scans, so it is dropped and refilled from the start rather than altered.
DROP TABLE IF EXISTS `{p}rebound_return_state`;
CREATE TABLE `{p}rebound_return_state` (
  `return_id` INT NOT NULL,
  `order_id` INT NOT NULL DEFAULT 0,
  `product_id` INT NOT NULL DEFAULT 0,
  `customer_id` INT NOT NULL DEFAULT 0,
  `quantity` INT NOT NULL DEFAULT 0,
  `return_status_id` INT NOT NULL DEFAULT 0,
  `last_history_id` INT NOT NULL DEFAULT 0,
  `created_at` DATETIME(6) NULL,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`return_id`),
  KEY `order_product` (`order_id`, `product_id`),
  KEY `customer` (`customer_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
DELETE FROM `{p}rebound_watermark` WHERE name IN ('return', 'return_history');

-- One row per order that has had a return request: locking it serialises requests for the same order,
-- so two shoppers (or two tabs) asking for the same line at once cannot both get it.
CREATE TABLE IF NOT EXISTS `{p}rebound_order_lock` (
  `order_id` INT NOT NULL,
  PRIMARY KEY (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
