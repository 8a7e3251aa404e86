<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What Rebound keeps of a review once the owner deletes it in OpenCart (Catalog > Reviews > Delete, or
 * the whole product: OpenCart's deleteProduct() removes its reviews with deleteReviewsByProductId()): its
 * photos (rows and files: a photo of a review that no longer exists can never be shown, and it is a
 * shopper's personal data), the owner's reply and the review's link to a review request's order.
 * Tolerates Rebound's tables being missing.
 *
 * @example
 * (new ReviewCleanup(new OpencartConnection($this->db), DB_PREFIX, $photoStore))->forReview($review_id);
 * $ids = $cleanup->reviewsOf($product_id);  // before OpenCart deletes them
 * $cleaned = $cleanup->orphans();           // after: photos and replies whose review is gone
 */
final class ReviewCleanup {
	/**
	 * @param PhotoStore|null $photos null where this installation has no photo store: rows are then kept,
	 *                                so no file is left without its row
	 */
	public function __construct(private Connection $db, private string $prefix, private ?PhotoStore $photos) {
		Outbox::checkPrefix($prefix);
	}

	/**
	 * Deletes the review's photos, reply and request link; answers how many photos were deleted.
	 */
	public function forReview(int $reviewId): int {
		if ($reviewId < 1) {
			return 0;
		}

		$deleted = 0;

		if ($this->photos && $this->exists('rebound_photo')) {
			foreach ($this->db->query("SELECT `photo_id` FROM `" . $this->prefix . "rebound_photo` WHERE `kind` = 'review' AND `owner_id` = '" . $reviewId . "'") as $row) {
				$deleted += $this->photos->delete((string)$row['photo_id']) ? 1 : 0;
			}
		}

		foreach (['rebound_review_reply', 'rebound_review_source'] as $table) {
			if ($this->exists($table)) {
				$this->db->query("DELETE FROM `" . $this->prefix . $table . "` WHERE `review_id` = '" . $reviewId . "'");
			}
		}

		return $deleted;
	}

	/**
	 * The ids of a product's reviews (read before OpenCart deletes them all at once), oldest first.
	 *
	 * @return list<int>
	 */
	public function reviewsOf(int $productId): array {
		if ($productId < 1 || !$this->exists('review')) {
			return [];
		}

		return array_map('intval', array_column($this->db->query("SELECT `review_id` FROM `" . $this->prefix . "review` WHERE `product_id` = '" . $productId . "' ORDER BY `review_id`"), 'review_id'));
	}

	/**
	 * Deletes the photos, replies and request links of every review that no longer exists in OpenCart (a product's reviews
	 * deleted together, or by anything that went round deleteReview()); photos still in a shopper's form
	 * (owner 0) and return photos are not reviews'. Answers those reviews' ids, ascending.
	 *
	 * @return list<int>
	 */
	public function orphans(): array {
		if (!$this->exists('review')) {
			return [];
		}

		$ids = [];

		if ($this->photos && $this->exists('rebound_photo')) {
			foreach ($this->db->query("SELECT DISTINCT p.`owner_id` FROM `" . $this->prefix . "rebound_photo` p LEFT JOIN `" . $this->prefix . "review` r ON r.`review_id` = p.`owner_id` WHERE p.`kind` = 'review' AND p.`owner_id` > 0 AND r.`review_id` IS NULL") as $row) {
				$ids[(int)$row['owner_id']] = true;
			}
		}

		foreach (['rebound_review_reply', 'rebound_review_source'] as $table) {
			if ($this->exists($table)) {
				foreach ($this->db->query("SELECT q.`review_id` FROM `" . $this->prefix . $table . "` q LEFT JOIN `" . $this->prefix . "review` r ON r.`review_id` = q.`review_id` WHERE r.`review_id` IS NULL") as $row) {
					$ids[(int)$row['review_id']] = true;
				}
			}
		}

		$ids = array_keys($ids);
		sort($ids);

		foreach ($ids as $reviewId) {
			$this->forReview($reviewId);
		}

		return $ids;
	}

	private function exists(string $table): bool {
		return (bool)$this->db->query("SHOW TABLES LIKE '" . $this->db->escape(addcslashes($this->prefix . $table, '%_\\')) . "'");
	}
}
