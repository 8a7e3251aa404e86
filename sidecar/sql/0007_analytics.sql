-- Analytics summaries (docs/analytics-api.md), kept by the worker's analytics.refresh job from id
-- watermarks (rebound_watermark rows named 'analytics.*'); a nightly job rebuilds them from scratch.
-- Days are store-local: OpenCart's order.date_added is in the store's time zone.
-- They hold only derived numbers, rebuilt from OpenCart's and Rebound's tables by the next refresh, so this
-- migration drops and recreates them (running it again, or after a draft of it, loses nothing).

DROP TABLE IF EXISTS `{p}rebound_analytics_order`, `{p}rebound_analytics_return`, `{p}rebound_analytics_sold`,
  `{p}rebound_analytics_returned`, `{p}rebound_analytics_case`;
DELETE FROM `{p}rebound_watermark` WHERE name LIKE 'analytics.%';

-- One row per OpenCart order: its day, store and whether it counts as sold (status > 0 and not
-- cancelled-like). Keyed by day, which OpenCart's own order table is not, and by email and time
-- (covering: "did this shopper buy again after …" reads the index only).
CREATE TABLE IF NOT EXISTS `{p}rebound_analytics_order` (
  `order_id` INT NOT NULL,
  `store_id` INT NOT NULL DEFAULT 0,
  `day` DATE NOT NULL,
  `placed` DATETIME NOT NULL,
  `email` VARCHAR(96) NOT NULL DEFAULT '',
  `counted` TINYINT(1) NOT NULL,
  PRIMARY KEY (`order_id`),
  KEY `day` (`day`),
  KEY `email_placed` (`email`, `placed`, `counted`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per OpenCart return: counted = 0 when its status is Rebound's Rejected.
CREATE TABLE IF NOT EXISTS `{p}rebound_analytics_return` (
  `return_id` INT NOT NULL,
  `order_id` INT NOT NULL,
  `product_id` INT NOT NULL,
  `reason_id` INT NOT NULL,
  `quantity` INT NOT NULL,
  `counted` TINYINT(1) NOT NULL,
  PRIMARY KEY (`return_id`),
  KEY `order_id` (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Units sold per order day, store and product (counted orders only); value = order_product.total (base currency).
CREATE TABLE IF NOT EXISTS `{p}rebound_analytics_sold` (
  `day` DATE NOT NULL,
  `store_id` INT NOT NULL,
  `product_id` INT NOT NULL,
  `units` INT NOT NULL,
  `value` DECIMAL(15,4) NOT NULL,
  PRIMARY KEY (`day`, `store_id`, `product_id`),
  KEY `product_day` (`product_id`, `day`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Units returned per ORDER day (the cohort), store, product and reason (counted returns of counted orders).
CREATE TABLE IF NOT EXISTS `{p}rebound_analytics_returned` (
  `day` DATE NOT NULL,
  `store_id` INT NOT NULL,
  `product_id` INT NOT NULL,
  `reason_id` INT NOT NULL,
  `units` INT NOT NULL,
  PRIMARY KEY (`day`, `store_id`, `product_id`, `reason_id`),
  KEY `product_day` (`product_id`, `day`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- One row per Rebound case with what analytics reads: its store-local creation day and time, outcome,
-- amounts, units, and when it first reached each later state (from rebound_case_history, whose ids are
-- the watermark: every change of a case adds a history row).
CREATE TABLE IF NOT EXISTS `{p}rebound_analytics_case` (
  `case_id` INT UNSIGNED NOT NULL,
  `store_id` INT NOT NULL DEFAULT 0,
  `day` DATE NOT NULL,
  `created_local` DATETIME NOT NULL,
  `created_at` DATETIME(6) NOT NULL,
  `status` VARCHAR(16) NOT NULL,
  `customer_id` INT NOT NULL DEFAULT 0,
  `email` VARCHAR(96) NOT NULL DEFAULT '',
  `units` INT NOT NULL DEFAULT 0,
  `refund` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `credit` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `exchange` DECIMAL(15,4) NOT NULL DEFAULT 0,
  `serial_returner` TINYINT(1) NOT NULL DEFAULT 0,
  `approved_at` DATETIME(6) NULL,
  `received_at` DATETIME(6) NULL,
  `closed_at` DATETIME(6) NULL,
  PRIMARY KEY (`case_id`),
  KEY `day_store` (`day`, `store_id`),
  KEY `email` (`email`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
