<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What Rebound keeps of a review once the owner deletes it in OpenCart (Catalog > Reviews > Delete): its
 * photos (rows and files: a photo of a review that no longer exists can never be shown, and it is a
 * shopper's personal data) and the owner's reply. Tolerates Rebound's tables being missing.
 *
 * @example
 * (new ReviewCleanup(new OpencartConnection($this->db), DB_PREFIX, $photoStore))->forReview($review_id);
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
	 * Deletes the review's photos and reply; answers how many photos were deleted.
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

		if ($this->exists('rebound_review_reply')) {
			$this->db->query("DELETE FROM `" . $this->prefix . "rebound_review_reply` WHERE `review_id` = '" . $reviewId . "'");
		}

		return $deleted;
	}

	private function exists(string $table): bool {
		return (bool)$this->db->query("SHOW TABLES LIKE '" . $this->db->escape(addcslashes($this->prefix . $table, '%_\\')) . "'");
	}
}
