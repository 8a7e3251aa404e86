-- Reviews written from a review request's link (docs/reviews-api.md, "Verified buyer"): the storefront
-- saw the link's signed `review` token in the shopper's session and reported the email it came from with
-- review.submitted; the sidecar checked that the email asked about that order and that the order holds
-- the product. Such a review is from a verified buyer while that order counts, guest or not.
-- Facts reported once, not derived: nothing here is rebuilt.

CREATE TABLE IF NOT EXISTS `{p}rebound_review_source` (
  `review_id` INT NOT NULL,
  `email_id` BIGINT UNSIGNED NOT NULL,
  `order_id` INT NOT NULL,
  `created_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`review_id`),
  KEY `order_id` (`order_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
