<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * How many review photos wait for the owner's decision, read straight from `<prefix>rebound_photo` (its
 * (status, created_at) key makes this cheap) for the admin menu's badge: no call to the sidecar on every
 * admin page. 0 when Rebound's tables do not exist or cannot be read.
 */
final class ReviewQueue {
	public function __construct(private Connection $db, private string $prefix) {
		Outbox::checkPrefix($prefix);
	}

	public function pendingPhotos(): int {
		try {
			$rows = $this->db->query("SELECT COUNT(*) AS `n` FROM `" . $this->prefix . "rebound_photo` WHERE `status` = 'pending' AND `kind` = 'review' AND `owner_id` > 0");
		} catch (\Throwable $e) {
			return 0;
		}

		return (int)($rows[0]['n'] ?? 0);
	}
}
