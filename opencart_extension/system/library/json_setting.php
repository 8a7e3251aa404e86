<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * One JSON document in OpenCart's settings: `<prefix>setting`, code `module_rebound`, one key, per store_id,
 * serialized = 1 (how OpenCart 4 marks a JSON value). PolicySetting and EmailSetting are its two documents.
 *
 * It writes only its own row. OpenCart's editSetting() deletes every `module_rebound_*` key of the store
 * and inserts what it is given, which would drop the secret; and two rows for one key would leave the
 * sidecar reading whichever comes first. So: update the row when there is one, insert it when there is none.
 */
abstract class JsonSetting {
	public const CODE = 'module_rebound';

	/**
	 * @param string $key  the setting's key, e.g. module_rebound_policy
	 * @param string $what the document's name in the error of a bad write, e.g. "the policy"
	 */
	public function __construct(private Connection $db, private string $prefix, private string $key, private string $what) {
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
			throw new \InvalidArgumentException($this->what . ' must be the JSON text of an object');
		}

		$where = $this->where($storeId);
		$value = $this->db->escape($document);

		$rows = $this->db->query("SELECT `setting_id` FROM `" . $this->prefix . "setting` WHERE " . $where . " ORDER BY `setting_id`");

		if ($rows) {
			$this->db->query("UPDATE `" . $this->prefix . "setting` SET `value` = '" . $value . "', `serialized` = '1' WHERE `setting_id` = '" . (int)$rows[0]['setting_id'] . "'");

			// Left over from an earlier double insert: one row per key, as OpenCart itself keeps it.
			if (count($rows) > 1) {
				$this->db->query("DELETE FROM `" . $this->prefix . "setting` WHERE " . $where . " AND `setting_id` <> '" . (int)$rows[0]['setting_id'] . "'");
			}
		} else {
			$this->db->query("INSERT INTO `" . $this->prefix . "setting` SET `store_id` = '" . (int)$storeId . "', `code` = '" . self::CODE . "', `key` = '" . $this->db->escape($this->key) . "', `value` = '" . $value . "', `serialized` = '1'");
		}
	}

	private function where(int $storeId): string {
		return "`store_id` = '" . (int)$storeId . "' AND `code` = '" . self::CODE . "' AND `key` = '" . $this->db->escape($this->key) . "'";
	}
}
