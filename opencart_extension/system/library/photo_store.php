<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The `<prefix>rebound_photo` rows (DDL in sidecar/sql/0003_returns.sql) and the files they name.
 *
 * add() records a sanitised photo; if the database refuses the row, the photo's files are removed and the
 * shopper gets PhotoRejected `storage`, so no file is ever left without its row. open() gives a controller
 * what it needs to stream a photo: the path (checked to be one of ours inside the storage directory) and
 * the headers, with the Content-Type taken from the stored file's own extension and `nosniff`. Whether the
 * asker may see the photo (its status, its owner) is the controller's decision, from the row.
 *
 * Ids are 32 hex characters (128 random bits), unrelated to the file names. Times are UTC.
 */
final class PhotoStore {
	public const KINDS = ['review', 'return'];
	public const STATUSES = ['pending', 'approved', 'hidden'];
	private const ID_PATTERN = '/^[0-9a-f]{32}$/D';

	public function __construct(private Connection $db, private string $prefix, private PhotoFiles $files) {
		Outbox::checkPrefix($prefix);
	}

	/**
	 * Records a stored photo and answers its new id.
	 *
	 * @param string $kind    `review` or `return`
	 * @param int    $ownerId the review_id or case_id, 0 until the review or return it belongs to exists
	 *
	 * @throws PhotoRejected storage when the row cannot be written (the files are removed)
	 */
	public function add(PhotoResult $photo, string $kind, int $ownerId = 0, int $storeId = 0, int $customerId = 0, string $status = 'pending', ?\DateTimeImmutable $now = null): string {
		if (!in_array($kind, self::KINDS, true) || !in_array($status, self::STATUSES, true)) {
			throw new \InvalidArgumentException('kind must be one of ' . implode(', ', self::KINDS) . ' and status one of ' . implode(', ', self::STATUSES));
		}

		$photoId = bin2hex(random_bytes(16));
		$createdAt = ($now ?? new \DateTimeImmutable())->setTimezone(new \DateTimeZone('UTC'))->format('Y-m-d H:i:s.u');

		try {
			$this->db->query("INSERT INTO `" . $this->prefix . "rebound_photo` (`photo_id`, `kind`, `owner_id`, `store_id`, `customer_id`, `file`, `thumb`, `mime`, `width`, `height`, `bytes`, `status`, `created_at`) VALUES ('" . $photoId . "', '" . $this->db->escape($kind) . "', '" . (int)$ownerId . "', '" . (int)$storeId . "', '" . (int)$customerId . "', '" . $this->db->escape($photo->file) . "', '" . $this->db->escape($photo->thumb) . "', '" . $this->db->escape($photo->mime) . "', '" . (int)$photo->width . "', '" . (int)$photo->height . "', '" . (int)$photo->bytes . "', '" . $this->db->escape($status) . "', '" . $this->db->escape($createdAt) . "')");
		} catch (\Throwable $e) {
			$this->files->remove($photo->file, $photo->thumb);

			throw new PhotoRejected(PhotoRejected::STORAGE, 'Your photo could not be saved just now. Please try again later.', 'insert failed: ' . $e->getMessage(), $e);
		}

		return $photoId;
	}

	/**
	 * The photo's row (column => value), or null when there is none or the id is malformed.
	 *
	 * @return array<string, mixed>|null
	 */
	public function find(string $photoId): ?array {
		if (!preg_match(self::ID_PATTERN, $photoId)) {
			return null;
		}

		return $this->db->query("SELECT * FROM `" . $this->prefix . "rebound_photo` WHERE `photo_id` = '" . $this->db->escape($photoId) . "'")[0] ?? null;
	}

	/**
	 * The photo (or its thumbnail) ready to stream; null when the id, the row or the file is missing.
	 */
	public function open(string $photoId, bool $thumb = false): ?PhotoFile {
		$row = $this->find($photoId);

		if ($row === null) {
			return null;
		}

		$path = $this->files->path((string)$row[$thumb ? 'thumb' : 'file']);

		return $path === null ? null : new PhotoFile($photoId, $path, $row);
	}

	/**
	 * Deletes the row and both files; false when there was no such photo.
	 */
	public function delete(string $photoId): bool {
		$row = $this->find($photoId);

		if ($row === null) {
			return false;
		}

		$this->db->query("DELETE FROM `" . $this->prefix . "rebound_photo` WHERE `photo_id` = '" . $this->db->escape($photoId) . "'");
		$this->files->remove((string)$row['file'], (string)$row['thumb']);

		return true;
	}
}
