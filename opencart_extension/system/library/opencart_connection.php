<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Connection over OpenCart's own database object (`$this->db` in controllers and models).
 *
 * OpenCart's DB::query() answers an object with `rows` for a SELECT and `true` for anything else, and
 * throws on an error; its connection runs in the store's time zone, so Rebound writes UTC times itself.
 */
class OpencartConnection implements Connection {
	/**
	 * @param object $db \Opencart\System\Library\DB (4.x) or \DB (3.0): query() and escape()
	 */
	public function __construct(private object $db) {
	}

	public function query(string $sql): array {
		$result = $this->db->query($sql);

		return is_object($result) && isset($result->rows) ? $result->rows : [];
	}

	public function escape(string $value): string {
		return $this->db->escape($value);
	}
}
