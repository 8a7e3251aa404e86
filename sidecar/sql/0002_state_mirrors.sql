-- What Rebound knows of OpenCart's orders, returns and reviews, kept current by the events the extension
-- sends and by the worker's scans of OpenCart's tables (which catch changes made without the extension).
-- OpenCart's own history tables have no index on order_id/return_id; these are keyed for our reads.
-- Times are UTC.

CREATE TABLE IF NOT EXISTS `{p}rebound_order_state` (
  `order_id` INT NOT NULL,
  `store_id` INT NOT NULL DEFAULT 0,
  `customer_id` INT NOT NULL DEFAULT 0,
  `order_status_id` INT NOT NULL,
  `last_history_id` INT NOT NULL DEFAULT 0,
  `status_changed_at` DATETIME(6) NULL,
  `delivered_at` DATETIME(6) NULL,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`order_id`),
  KEY `customer` (`customer_id`),
  KEY `delivered_at` (`delivered_at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `{p}rebound_return_state` (
  `return_id` INT NOT NULL,
  `order_id` INT NOT NULL DEFAULT 0,
  `product_id` INT NOT NULL DEFAULT 0,
  `customer_id` INT NOT NULL DEFAULT 0,
  `quantity` INT NOT NULL DEFAULT 0,
  `return_status_id` INT NOT NULL DEFAULT 0,
  `last_history_id` INT NOT NULL DEFAULT 0,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`return_id`),
  KEY `order_product` (`order_id`, `product_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE IF NOT EXISTS `{p}rebound_review_state` (
  `review_id` INT NOT NULL,
  `product_id` INT NOT NULL DEFAULT 0,
  `customer_id` INT NOT NULL DEFAULT 0,
  `rating` TINYINT NOT NULL DEFAULT 0,
  `status` TINYINT NOT NULL DEFAULT 0,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`review_id`),
  KEY `customer` (`customer_id`),
  KEY `product` (`product_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
