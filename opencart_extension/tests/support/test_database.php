<?php
/**
 * A uniquely named database on the test server, dropped by drop() (and at exit, whatever happens).
 *
 * The server: REBOUND_TEST_DB_URL (mysql://user:pass@host:port/db; scripts/test sets it), else root with no
 * password on 127.0.0.1:3306, as sidecar/devdb.py finds it.
 */
final class TestDatabase {
	public readonly string $name;
	public readonly MysqliConnection $connection;
	/** @var array{host: string, port: int, user: string, password: string} */
	private static array $server;

	private function __construct(string $name) {
		$server = self::server();
		$this->name = $name;
		$this->connection = MysqliConnection::open($server['host'], $server['port'], $server['user'], $server['password'], $name);
	}

	public static function create(): self {
		$server = self::server();
		$name = 'rebound_php_' . bin2hex(random_bytes(4));

		$admin = MysqliConnection::open($server['host'], $server['port'], $server['user'], $server['password']);
		$admin->query("CREATE DATABASE `" . $name . "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
		$admin->mysqli->close();

		register_shutdown_function([self::class, 'dropNamed'], $name);

		return new self($name);
	}

	/**
	 * The mysql:// URL of this database, as the sidecar's REBOUND_DB_URL wants it.
	 */
	public function url(): string {
		$server = self::server();
		$auth = rawurlencode($server['user']) . ($server['password'] !== '' ? ':' . rawurlencode($server['password']) : '');

		return 'mysql://' . $auth . '@' . $server['host'] . ':' . $server['port'] . '/' . $this->name;
	}

	/**
	 * A second, independent connection to the same database (another PHP request, another process).
	 */
	public function connect(string $timeZone = '+00:00'): MysqliConnection {
		$server = self::server();

		return MysqliConnection::open($server['host'], $server['port'], $server['user'], $server['password'], $this->name, $timeZone);
	}

	/**
	 * Loads the OpenCart 4.1 tables and seed rows the sidecar reads (sidecar/opencart/, the lead's copy).
	 */
	public function loadOpencartSchema(string $prefix = 'oc_'): void {
		foreach (['schema.sql', 'seed.sql'] as $file) {
			$this->connection->script((string)file_get_contents(REBOUND_ROOT . '/sidecar/opencart/' . $file), $prefix);
		}

		// REBOUND_TEST_OC_COLLATION=utf8mb4_general_ci: OpenCart's tables as 4.0.2.x makes them, which MariaDB
		// refuses to compare or UNION with Rebound's utf8mb4_unicode_ci text unless a query says which it means.
		$collation = (string)getenv('REBOUND_TEST_OC_COLLATION');

		if (preg_match('/^utf8mb4_[a-z0-9_]+$/D', $collation)) {
			foreach ($this->connection->query("SELECT `table_name` AS `name` FROM information_schema.tables WHERE `table_schema` = DATABASE() AND `table_name` LIKE '" . $prefix . "%' AND `table_name` NOT LIKE '" . $prefix . "rebound\\_%'") as $table) {
				$this->connection->query("ALTER TABLE `" . $table['name'] . "` CONVERT TO CHARACTER SET utf8mb4 COLLATE " . $collation);
			}
		}
	}

	public function drop(): void {
		try {
			$this->connection->mysqli->close();
		} catch (\Throwable $e) {
			// already closed
		}

		self::dropNamed($this->name);
	}

	public static function dropNamed(string $name): void {
		$server = self::server();

		try {
			$admin = MysqliConnection::open($server['host'], $server['port'], $server['user'], $server['password']);
			$admin->query("DROP DATABASE IF EXISTS `" . $name . "`");
			$admin->mysqli->close();
		} catch (\Throwable $e) {
			fwrite(STDERR, "could not drop test database $name: " . $e->getMessage() . "\n");
		}
	}

	/**
	 * @return array{host: string, port: int, user: string, password: string}
	 */
	public static function server(): array {
		if (!isset(self::$server)) {
			$url = getenv('REBOUND_TEST_DB_URL') ?: 'mysql://root@127.0.0.1:3306/test';
			$parts = parse_url($url);

			if (!$parts || ($parts['scheme'] ?? '') !== 'mysql' || empty($parts['host'])) {
				throw new \RuntimeException('REBOUND_TEST_DB_URL must look like mysql://user:pass@host:port/db');
			}

			self::$server = [
				'host'     => $parts['host'],
				'port'     => (int)($parts['port'] ?? 3306),
				'user'     => rawurldecode($parts['user'] ?? 'root'),
				'password' => rawurldecode($parts['pass'] ?? '')
			];
		}

		return self::$server;
	}
}
