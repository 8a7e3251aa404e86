<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The photos shoppers add to product reviews: `<prefix>rebound_photo` rows of kind `review`
 * (docs/reviews.md). A photo is uploaded on its own, before the review exists (owner 0, status pending),
 * then attached to the review OpenCart created (owner = review_id; status `approved` at once when the owner
 * publishes photos without moderation). Photos never attached are swept after a day.
 *
 * Each upload goes through PhotoSanitizer and PhotoStore, so a refused or unstorable file leaves nothing.
 * Which photos a shopper may attach is the session's business (ReviewPhotoTray), not this class's.
 *
 * @example
 * $photos = new ReviewPhotos($sanitizer, $store, $connection, DB_PREFIX, 5);
 * $photoId = $photos->upload($this->request->files['photo'], $tray->held($productId), $storeId, $customerId);
 * $attached = $photos->attach($reviewId, $tray->claim($postedIds, $productId, 5), $auto);
 */
final class ReviewPhotos {
	/** Seconds after which a photo that was uploaded but never attached to a review is deleted. */
	public const SWEEP_AFTER = 86400;
	public const DEFAULT_COUNT = 5;
	public const DEFAULT_MEGABYTES = 5;
	private const ID_PATTERN = '/^[0-9a-f]{32}$/D';

	/** @var \Closure(string): void */
	private \Closure $log;

	/**
	 * @param bool          $requireUploaded is_uploaded_file() for each file (false only in tests and the CLI)
	 * @param \Closure|null $log             receives a line per refusal; error_log() when null
	 */
	public function __construct(private PhotoSanitizer $sanitizer, private PhotoStore $store, private Connection $db, private string $prefix, public readonly int $maxCount = self::DEFAULT_COUNT, private bool $requireUploaded = true, ?\Closure $log = null) {
		Outbox::checkPrefix($prefix);

		$this->log = $log ?? static function (string $line): void {
			error_log($line);
		};
	}

	/**
	 * The most bytes one photo may have: the setting `module_rebound_photo_max_mb` (default 5), never more
	 * than PHP's upload_max_filesize, which would drop the file before PHP code sees it.
	 */
	public static function maxBytes(mixed $megabytes, string $uploadMaxFilesize): int {
		$megabytes = is_numeric($megabytes) && (float)$megabytes > 0 ? (float)$megabytes : self::DEFAULT_MEGABYTES;
		$bytes = (int)round($megabytes * 1048576);
		$ini = PhotoSanitizer::bytesFromIni($uploadMaxFilesize);

		return $ini > 0 ? min($bytes, $ini) : $bytes;
	}

	/**
	 * The most photos per review: the setting `module_rebound_photo_max` (default 5; 1–20).
	 */
	public static function maxCount(mixed $setting): int {
		return is_numeric($setting) && (int)$setting >= 1 ? min(20, (int)$setting) : self::DEFAULT_COUNT;
	}

	/**
	 * One photo sent on its own (the page's script sends each as it is chosen).
	 *
	 * @param array<string, mixed> $field one `$_FILES` entry holding one file
	 * @param int                  $held  photos this shopper already holds for the review being written
	 *
	 * @throws PhotoRejected
	 */
	public function upload(array $field, int $held, int $storeId, int $customerId): string {
		if ($held >= $this->maxCount) {
			throw self::tooMany($this->maxCount);
		}

		$uploads = PhotoUpload::fromFiles($field, 1, $this->requireUploaded);

		if (!$uploads) {
			throw new PhotoRejected(PhotoRejected::EMPTY, 'No photo was chosen.', 'no file in the request');
		}

		return $this->keep($uploads[0], $storeId, $customerId);
	}

	/**
	 * Several photos sent with the review form itself (no JavaScript): each is kept or refused on its own,
	 * and those beyond the allowed number are refused by name.
	 *
	 * @param array<string, mixed> $field one `$_FILES` entry (`photos[]`), names and paths already decoded
	 *
	 * @return array{ids: list<string>, refused: list<array{name: string, code: string, message: string}>}
	 */
	public function uploadEach(array $field, int $held, int $storeId, int $customerId): array {
		$ids = [];
		$refused = [];

		foreach ((array)($field['error'] ?? []) as $key => $error) {
			if ((int)$error === UPLOAD_ERR_NO_FILE) {
				continue;
			}

			$one = [];

			foreach (['name', 'tmp_name', 'error', 'size'] as $part) {
				$one[$part] = [((array)($field[$part] ?? []))[$key] ?? ''];
			}

			$name = PhotoUpload::displayName((string)$one['name'][0]);

			try {
				$ids[] = $this->upload($one, $held + count($ids), $storeId, $customerId);
			} catch (PhotoRejected $e) {
				$refused[] = ['name' => $name, 'code' => $e->reason, 'message' => $e->getMessage()];
			}
		}

		return ['ids' => $ids, 'refused' => $refused];
	}

	/**
	 * Links photos to the review OpenCart just created; only photos of kind review not yet attached to any
	 * review move. Answers the ids that now belong to the review.
	 *
	 * @param list<string> $photoIds the ones this shopper may attach (ReviewPhotoTray::claim())
	 * @param bool         $approve  publish at once (module_rebound_review_photo_auto), else pending
	 *
	 * @return list<string>
	 */
	public function attach(int $reviewId, array $photoIds, bool $approve): array {
		$photoIds = $this->valid($photoIds);

		if ($reviewId < 1 || !$photoIds) {
			return [];
		}

		$in = "'" . implode("', '", $photoIds) . "'";

		$this->db->query("UPDATE `" . $this->prefix . "rebound_photo` SET `owner_id` = '" . (int)$reviewId . "', `status` = '" . ($approve ? 'approved' : 'pending') . "' WHERE `kind` = 'review' AND `owner_id` = '0' AND `photo_id` IN (" . $in . ")");

		$rows = $this->db->query("SELECT `photo_id` FROM `" . $this->prefix . "rebound_photo` WHERE `kind` = 'review' AND `owner_id` = '" . (int)$reviewId . "' AND `photo_id` IN (" . $in . ")");
		$attached = array_flip(array_column($rows, 'photo_id'));

		// In the order the shopper added them.
		return array_values(array_filter($photoIds, static fn (string $id): bool => isset($attached[$id])));
	}

	/**
	 * Deletes a photo the shopper removed before posting the review; false when it is not an unattached
	 * review photo.
	 */
	public function discard(string $photoId): bool {
		$row = $this->store->find($photoId);

		if (!$row || $row['kind'] !== 'review' || (int)$row['owner_id'] !== 0) {
			return false;
		}

		return $this->store->delete($photoId);
	}

	/**
	 * Deletes up to $limit review photos uploaded more than SWEEP_AFTER seconds ago and never attached.
	 *
	 * @return int how many were deleted
	 */
	public function sweep(\DateTimeImmutable $now, int $limit = 20): int {
		$before = $now->setTimezone(new \DateTimeZone('UTC'))->modify('-' . self::SWEEP_AFTER . ' seconds')->format('Y-m-d H:i:s');
		$rows = $this->db->query("SELECT `photo_id` FROM `" . $this->prefix . "rebound_photo` WHERE `kind` = 'review' AND `owner_id` = '0' AND `created_at` < '" . $before . "' LIMIT " . max(1, $limit));
		$deleted = 0;

		foreach ($rows as $row) {
			try {
				$deleted += $this->store->delete((string)$row['photo_id']) ? 1 : 0;
			} catch (\Throwable $e) {
				($this->log)('Rebound: could not sweep review photo ' . $row['photo_id'] . ': ' . substr($e->getMessage(), 0, 200));
			}
		}

		return $deleted;
	}

	/**
	 * The approved photos of these reviews, oldest first, per review_id.
	 *
	 * @param list<int> $reviewIds
	 *
	 * @return array<int, list<array<string, mixed>>>
	 */
	public function approved(array $reviewIds): array {
		$reviewIds = array_values(array_unique(array_filter(array_map('intval', $reviewIds), static fn (int $id): bool => $id > 0)));

		if (!$reviewIds) {
			return [];
		}

		$rows = $this->db->query("SELECT `photo_id`, `owner_id`, `width`, `height` FROM `" . $this->prefix . "rebound_photo` WHERE `kind` = 'review' AND `status` = 'approved' AND `owner_id` IN (" . implode(', ', $reviewIds) . ") ORDER BY `created_at`, `photo_id`");
		$photos = [];

		foreach ($rows as $row) {
			$photos[(int)$row['owner_id']][] = $row;
		}

		return $photos;
	}

	/**
	 * The product's approved photos of published reviews, newest first, with the review's author and rating.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function gallery(int $productId, int $limit = 24): array {
		return $this->db->query("SELECT `p`.`photo_id`, `p`.`owner_id`, `p`.`width`, `p`.`height`, `r`.`author`, `r`.`rating` FROM `" . $this->prefix . "rebound_photo` `p` JOIN `" . $this->prefix . "review` `r` ON (`r`.`review_id` = `p`.`owner_id`) WHERE `p`.`kind` = 'review' AND `p`.`status` = 'approved' AND `r`.`product_id` = '" . (int)$productId . "' AND `r`.`status` = '1' ORDER BY `p`.`created_at` DESC, `p`.`photo_id` LIMIT " . max(1, $limit));
	}

	/**
	 * Whether anyone may see this photo: a review photo, approved, of a published review.
	 */
	public function isPublic(string $photoId): bool {
		if (!preg_match(self::ID_PATTERN, $photoId)) {
			return false;
		}

		return (bool)$this->db->query("SELECT 1 AS `ok` FROM `" . $this->prefix . "rebound_photo` `p` JOIN `" . $this->prefix . "review` `r` ON (`r`.`review_id` = `p`.`owner_id`) WHERE `p`.`photo_id` = '" . $photoId . "' AND `p`.`kind` = 'review' AND `p`.`status` = 'approved' AND `r`.`status` = '1'");
	}

	public static function tooMany(int $maxCount): PhotoRejected {
		return new PhotoRejected(PhotoRejected::COUNT, sprintf('You can add up to %d photos to a review.', $maxCount), 'more than ' . $maxCount . ' photos');
	}

	/**
	 * @throws PhotoRejected
	 */
	private function keep(PhotoUpload $upload, int $storeId, int $customerId): string {
		try {
			$result = $this->sanitizer->sanitize($upload->path, $upload->clientName, $upload->size);

			return $this->store->add($result, 'review', 0, $storeId, $customerId, 'pending');
		} catch (PhotoRejected $e) {
			($this->log)('Rebound: review photo refused (' . $e->reason . '): ' . substr($e->detail, 0, 200));

			throw $e;
		} catch (\Throwable $e) {
			($this->log)('Rebound: storing a review photo failed: ' . substr($e->getMessage(), 0, 200));

			throw new PhotoRejected(PhotoRejected::STORAGE, 'Your photo could not be saved just now. Please try again later.', $e->getMessage(), $e);
		}
	}

	/**
	 * @param list<mixed> $photoIds
	 *
	 * @return list<string>
	 */
	private function valid(array $photoIds): array {
		return array_values(array_unique(array_filter(array_map('strval', $photoIds), static fn (string $id): bool => (bool)preg_match(self::ID_PATTERN, $id))));
	}
}
