<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Applies Rebound's numbered migrations (`NNNN_name.sql`) exactly as `rebound migrate` does
 * (sidecar/migrate.py), so that either side can create or upgrade the tables and the other sees them
 * as current.
 *
 * Same named lock (`rebound_migrate.<database>.<prefix>`), same version table and rows, same statement
 * splitting: lines starting with `--` dropped, the rest split at `;`. Every statement in the files is
 * idempotent, so a run cut short is finished by the next one. `{p}` in the SQL is the table prefix.
 *
 * @example
 * $migrator = new Migrator(new OpencartConnection($this->db), DB_PREFIX, DIR_EXTENSION . 'rebound/system/sql/');
 * $applied = $migrator->migrate();
 */
class Migrator {
	public const LOCK_TIMEOUT = 60;
	private const FILE_PATTERN = '/^([0-9]{4})_([a-z0-9_]+)\.sql$/D';
	private const VERSION_TABLE = <<<'SQL'
CREATE TABLE IF NOT EXISTS `{p}rebound_migration` (
  `version` INT NOT NULL,
  `name` VARCHAR(128) NOT NULL,
  `applied_at` DATETIME(6) NOT NULL,
  PRIMARY KEY (`version`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci
SQL;

	/**
	 * @param string $prefix      the store's table prefix (DB_PREFIX)
	 * @param string $directory   the folder holding the migration files
	 * @param int    $lockTimeout seconds to wait for another run's lock
	 */
	public function __construct(private Connection $db, private string $prefix, private string $directory, private int $lockTimeout = self::LOCK_TIMEOUT) {
		Outbox::checkPrefix($prefix);
	}

	/**
	 * The migrations in the folder, in version order.
	 *
	 * @return list<array{version: int, name: string, file: string}>
	 */
	public function migrations(): array {
		$found = [];

		foreach (scandir($this->directory) ?: [] as $entry) {
			if (preg_match(self::FILE_PATTERN, $entry, $match)) {
				$found[(int)$match[1]] = ['version' => (int)$match[1], 'name' => $match[2], 'file' => rtrim($this->directory, '/') . '/' . $entry];
			}
		}

		ksort($found);

		return array_values($found);
	}

	/**
	 * The newest version the files define (0 when there are none).
	 */
	public function latest(): int {
		$migrations = $this->migrations();

		return $migrations ? end($migrations)['version'] : 0;
	}

	/**
	 * The newest applied version, or null when Rebound's tables were never created.
	 */
	public function currentVersion(): ?int {
		$table = $this->db->query("SELECT 1 AS `found` FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '" . $this->db->escape($this->prefix . 'rebound_migration') . "'");

		if (!$table) {
			return null;
		}

		$rows = $this->db->query("SELECT MAX(`version`) AS `version` FROM `" . $this->prefix . "rebound_migration`");

		return isset($rows[0]['version']) ? (int)$rows[0]['version'] : null;
	}

	/**
	 * Applies every pending migration; returns the versions this call applied ([] when already current).
	 *
	 * @return list<int>
	 *
	 * @throws \RuntimeException when another run holds the lock for longer than the lock timeout
	 */
	public function migrate(): array {
		$database = $this->db->query("SELECT DATABASE() AS `name`")[0]['name'] ?? '';
		$lock = $this->db->escape(substr('rebound_migrate.' . $database . '.' . $this->prefix, 0, 64));

		$got = $this->db->query("SELECT GET_LOCK('" . $lock . "', " . (int)$this->lockTimeout . ") AS `got`");

		if (empty($got[0]['got'])) {
			throw new \RuntimeException('Another Rebound migration has held the lock for over ' . (int)$this->lockTimeout . ' s');
		}

		try {
			$this->db->query($this->sql(self::VERSION_TABLE));

			$done = array_map('intval', array_column($this->db->query("SELECT `version` FROM `" . $this->prefix . "rebound_migration`"), 'version'));

			$applied = [];

			foreach ($this->migrations() as $migration) {
				if (in_array($migration['version'], $done, true)) {
					continue;
				}

				foreach (self::statements((string)file_get_contents($migration['file'])) as $statement) {
					$this->db->query($this->sql($statement));
				}

				$this->db->query("INSERT IGNORE INTO `" . $this->prefix . "rebound_migration` (`version`, `name`, `applied_at`) VALUES ('" . (int)$migration['version'] . "', '" . $this->db->escape($migration['name']) . "', UTC_TIMESTAMP(6))");

				$applied[] = $migration['version'];
			}

			return $applied;
		} finally {
			$this->db->query("DO RELEASE_LOCK('" . $lock . "')");
		}
	}

	/**
	 * A migration file's statements: `--` comment lines dropped, split at `;`, blanks skipped.
	 *
	 * @return list<string>
	 */
	public static function statements(string $sql): array {
		$lines = array_filter(preg_split('/\r\n|\r|\n/', $sql), static fn (string $line): bool => !str_starts_with(ltrim($line), '--'));

		return array_values(array_filter(array_map('trim', explode(';', implode("\n", $lines))), static fn (string $statement): bool => $statement !== ''));
	}

	private function sql(string $text): string {
		return str_replace('{p}', $this->prefix, $text);
	}
}
