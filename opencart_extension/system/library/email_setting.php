<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The email settings document in OpenCart's settings (docs/email.md, "Settings"): `<prefix>setting`, code
 * `module_rebound`, key `module_rebound_email`, per store_id, JSON with serialized = 1.
 *
 * Like PolicySetting it writes only its own row (OpenCart's editSetting() would delete every other
 * `module_rebound_*` key of the store, the secret among them) and keeps one row per key.
 */
class EmailSetting {
	public const CODE = 'module_rebound';
	public const KEY = 'module_rebound_email';

	public function __construct(private Connection $db, private string $prefix) {
		Outbox::checkPrefix($prefix);
	}

	/**
	 * The stored document as JSON text, or null when the store has none (the sidecar then uses its defaults).
	 */
	public function read(int $storeId): ?string {
		$rows = $this->db->query("SELECT `value` FROM `" . $this->prefix . "setting` WHERE " . $this->where($storeId) . " ORDER BY `setting_id` LIMIT 1");

		if (!$rows || trim((string)$rows[0]['value']) === '') {
			return null;
		}

		return (string)$rows[0]['value'];
	}

	/**
	 * Stores the document (JSON text of an object, already validated by the sidecar) for one store.
	 *
	 * @throws \InvalidArgumentException when the text is not a JSON object
	 */
	public function write(int $storeId, string $document): void {
		if (!is_object(json_decode($document, false))) {
			throw new \InvalidArgumentException('the email settings must be the JSON text of an object');
		}

		$where = $this->where($storeId);
		$value = $this->db->escape($document);

		$rows = $this->db->query("SELECT `setting_id` FROM `" . $this->prefix . "setting` WHERE " . $where . " ORDER BY `setting_id`");

		if ($rows) {
			$this->db->query("UPDATE `" . $this->prefix . "setting` SET `value` = '" . $value . "', `serialized` = '1' WHERE `setting_id` = '" . (int)$rows[0]['setting_id'] . "'");

			if (count($rows) > 1) {
				$this->db->query("DELETE FROM `" . $this->prefix . "setting` WHERE " . $where . " AND `setting_id` <> '" . (int)$rows[0]['setting_id'] . "'");
			}
		} else {
			$this->db->query("INSERT INTO `" . $this->prefix . "setting` SET `store_id` = '" . (int)$storeId . "', `code` = '" . self::CODE . "', `key` = '" . self::KEY . "', `value` = '" . $value . "', `serialized` = '1'");
		}
	}

	private function where(int $storeId): string {
		return "`store_id` = '" . (int)$storeId . "' AND `code` = '" . self::CODE . "' AND `key` = '" . self::KEY . "'";
	}
}
