<?php
use Opencart\System\Library\Extension\Rebound\Connection;

/**
 * Connection over plain mysqli, for the tests: the same calls the extension makes on OpenCart's `$this->db`,
 * with OpenCart's session settings (utf8mb4, its sql_mode, a non-UTC session time zone).
 */
final class MysqliConnection implements Connection {
	public function __construct(public readonly \mysqli $mysqli) {
	}

	public static function open(string $host, int $port, string $user, string $password, string $database = '', string $timeZone = '+05:30'): self {
		mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);

		$mysqli = new \mysqli($host, $user, $password, $database, $port);
		$mysqli->set_charset('utf8mb4');
		$mysqli->query("SET SESSION sql_mode = 'NO_ZERO_IN_DATE,NO_ENGINE_SUBSTITUTION'");
		// OpenCart runs its session in the store's zone, not UTC: Rebound must not depend on it.
		$mysqli->query("SET time_zone = '" . $mysqli->real_escape_string($timeZone) . "'");

		return new self($mysqli);
	}

	public function query(string $sql): array {
		$result = $this->mysqli->query($sql);

		return $result instanceof \mysqli_result ? $result->fetch_all(MYSQLI_ASSOC) : [];
	}

	public function escape(string $value): string {
		return $this->mysqli->real_escape_string($value);
	}

	/**
	 * Runs a whole SQL file's text (several statements) with `{p}` replaced.
	 */
	public function script(string $sql, string $prefix): void {
		$this->mysqli->multi_query(str_replace('{p}', $prefix, $sql));

		do {
			if ($result = $this->mysqli->store_result()) {
				$result->free();
			}
		} while ($this->mysqli->more_results() && $this->mysqli->next_result());
	}
}
