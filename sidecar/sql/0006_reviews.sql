-- Photo reviews: the owner's replies, and the reviews mirror with photo counts. Times are UTC.

-- The owner's public reply to a review, one per review (written by the sidecar's moderation API, shown by
-- the storefront under the review). text is HTML-encoded the way OpenCart stores form input.
CREATE TABLE IF NOT EXISTS `{p}rebound_review_reply` (
  `review_id` INT NOT NULL,
  `text` TEXT NOT NULL,
  `author` VARCHAR(64) NOT NULL,
  `created_at` DATETIME NOT NULL,
  `updated_at` DATETIME NOT NULL,
  PRIMARY KEY (`review_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The reviews mirror gains photo counts (from rebound_photo, for analytics and review requests) and a key
-- for the moderation queue. It is rebuilt from OpenCart by the worker's scans, so it is dropped and
-- refilled from the start rather than altered (MySQL 8 has no ADD COLUMN IF NOT EXISTS).
DROP TABLE IF EXISTS `{p}rebound_review_state`;
CREATE TABLE `{p}rebound_review_state` (
  `review_id` INT NOT NULL,
  `product_id` INT NOT NULL DEFAULT 0,
  `customer_id` INT NOT NULL DEFAULT 0,
  `rating` TINYINT NOT NULL DEFAULT 0,
  `status` TINYINT NOT NULL DEFAULT 0,
  `photo_count` INT NOT NULL DEFAULT 0,
  `photos_pending` INT NOT NULL DEFAULT 0,
  `photos_approved` INT NOT NULL DEFAULT 0,
  `updated_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`review_id`),
  KEY `customer` (`customer_id`),
  KEY `product` (`product_id`),
  KEY `photos_pending` (`photos_pending`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
DELETE FROM `{p}rebound_watermark` WHERE name = 'review';
