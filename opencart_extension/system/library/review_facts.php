<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What the product page shows beside OpenCart's reviews, read from the store's database: the review rows
 * with their ids (OpenCart's list has none), which reviewers bought the product and which reviews came from
 * a review request for an order of it, the owner's replies
 * (`<prefix>rebound_review_reply`, which may not exist yet), and the rating over published reviews.
 */
final class ReviewFacts {
	public function __construct(private Connection $db, private string $prefix) {
		Outbox::checkPrefix($prefix);
	}

	/**
	 * The page of published reviews OpenCart 4.1's getReviewsByProductId() reads (same filter and order),
	 * with `review_id`, `customer_id` and `rebound_date_added` (the list shows date_added formatted) as
	 * well; ties in date broken by id so pages never overlap.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function rows(int $productId, int $languageId, int $start, int $limit): array {
		return $this->db->query("SELECT `r`.`review_id`, `r`.`customer_id`, `r`.`author`, `r`.`rating`, `r`.`text`, `r`.`date_added`, `r`.`date_added` AS `rebound_date_added` FROM `" . $this->prefix . "review` `r` LEFT JOIN `" . $this->prefix . "product` `p` ON (`r`.`product_id` = `p`.`product_id`) LEFT JOIN `" . $this->prefix . "product_description` `pd` ON (`p`.`product_id` = `pd`.`product_id`) WHERE `r`.`product_id` = '" . (int)$productId . "' AND `p`.`date_available` <= NOW() AND `p`.`status` = '1' AND `r`.`status` = '1' AND `pd`.`language_id` = '" . (int)$languageId . "' ORDER BY `r`.`date_added` DESC, `r`.`review_id` DESC LIMIT " . max(0, $start) . "," . max(1, $limit));
	}

	/** OpenCart's seeded closed order statuses (same ids in 3.0, 4.0, 4.1): cancelled, denied, failed, refunded, reversed, chargeback, expired, voided. */
	public const CLOSED_STATUS_IDS = [7, 8, 10, 11, 12, 13, 14, 16];

	/**
	 * The order statuses that count as bought (sidecar/reviews/verified.py): the store's processing and
	 * complete statuses, but not the one a new order starts in (Pending: not paid yet) nor a closed one.
	 *
	 * @param list<int|string> $processing    config_processing_status
	 * @param list<int|string> $complete      config_complete_status
	 * @param int              $newOrderStatus config_order_status_id
	 *
	 * @return list<int>
	 */
	public static function boughtStatuses(array $processing, array $complete, int $newOrderStatus): array {
		return array_values(array_diff(self::ids(array_merge($processing, $complete)), [$newOrderStatus], self::CLOSED_STATUS_IDS));
	}

	/**
	 * Of these customers, those with an order holding the product (or a variant of it) in one of the given
	 * statuses (boughtStatuses()), each with the earliest such order's `date_added`: a review counts as a
	 * buyer's only if written after it.
	 *
	 * @param list<int>        $customerIds
	 * @param list<int|string> $statusIds
	 *
	 * @return array<int, string> customer_id => date_added (store-local, as OpenCart writes it)
	 */
	public function verifiedBuyers(int $productId, array $customerIds, array $statusIds): array {
		$customerIds = self::ids($customerIds);
		$statusIds = self::ids($statusIds);

		if (!$customerIds || !$statusIds || $productId < 1) {
			return [];
		}

		$rows = $this->db->query("SELECT `o`.`customer_id`, MIN(`o`.`date_added`) AS `first_bought` FROM `" . $this->prefix . "order` `o` JOIN `" . $this->prefix . "order_product` `op` ON (`op`.`order_id` = `o`.`order_id`) WHERE `o`.`customer_id` IN (" . implode(', ', $customerIds) . ") AND `o`.`order_status_id` IN (" . implode(', ', $statusIds) . ") AND (`op`.`product_id` = '" . (int)$productId . "' OR `op`.`master_id` = '" . (int)$productId . "') GROUP BY `o`.`customer_id`");

		return array_combine(array_map('intval', array_column($rows, 'customer_id')), array_map('strval', array_column($rows, 'first_bought'))) ?: [];
	}

	/**
	 * Of these reviews, those written from a review request's link (`<prefix>rebound_review_source`, which
	 * may not exist yet) whose order is in one of the given statuses; the sidecar checked, when it recorded
	 * the link, that the order holds the review's product.
	 *
	 * @param list<int>        $reviewIds
	 * @param list<int|string> $statusIds
	 *
	 * @return list<int>
	 */
	public function verifiedFromRequests(array $reviewIds, array $statusIds): array {
		$reviewIds = self::ids($reviewIds);
		$statusIds = self::ids($statusIds);

		if (!$reviewIds || !$statusIds || !$this->db->query("SHOW TABLES LIKE '" . $this->db->escape($this->prefix . 'rebound_review_source') . "'")) {
			return [];
		}

		$rows = $this->db->query("SELECT `s`.`review_id` FROM `" . $this->prefix . "rebound_review_source` `s` JOIN `" . $this->prefix . "order` `o` ON (`o`.`order_id` = `s`.`order_id`) WHERE `s`.`review_id` IN (" . implode(', ', $reviewIds) . ") AND `o`.`order_status_id` IN (" . implode(', ', $statusIds) . ")");

		return array_map('intval', array_column($rows, 'review_id'));
	}

	/**
	 * The owner's replies to these reviews, per review_id; none while the reply table does not exist.
	 *
	 * @param list<int> $reviewIds
	 *
	 * @return array<int, array{text: string, author: string, created_at: string}>
	 */
	public function replies(array $reviewIds): array {
		$reviewIds = self::ids($reviewIds);

		if (!$reviewIds || !$this->db->query("SHOW TABLES LIKE '" . $this->db->escape($this->prefix . 'rebound_review_reply') . "'")) {
			return [];
		}

		$replies = [];

		foreach ($this->db->query("SELECT `review_id`, `text`, `author`, `created_at` FROM `" . $this->prefix . "rebound_review_reply` WHERE `review_id` IN (" . implode(', ', $reviewIds) . ")") as $row) {
			if (trim((string)$row['text']) !== '') {
				$replies[(int)$row['review_id']] = ['text' => (string)$row['text'], 'author' => (string)$row['author'], 'created_at' => (string)$row['created_at']];
			}
		}

		return $replies;
	}

	/**
	 * The number of published reviews and their average rating (0 when none).
	 *
	 * @return array{count: int, average: float}
	 */
	public function rating(int $productId): array {
		$row = $this->db->query("SELECT COUNT(*) AS `count`, AVG(`rating`) AS `average` FROM `" . $this->prefix . "review` WHERE `product_id` = '" . (int)$productId . "' AND `status` = '1'")[0] ?? [];

		return ['count' => (int)($row['count'] ?? 0), 'average' => round((float)($row['average'] ?? 0), 2)];
	}

	/**
	 * @param list<mixed> $values
	 *
	 * @return list<int>
	 */
	private static function ids(array $values): array {
		return array_values(array_unique(array_filter(array_map('intval', $values), static fn (int $id): bool => $id > 0)));
	}
}
