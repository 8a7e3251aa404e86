<?php
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\Migrator;

/**
 * A test class's store: a database of its own on the real MariaDB with OpenCart 4.1's tables and Rebound's,
 * and, for tests that talk to it, a live `rebound serve` on that database. Both go when the class is done
 * (a class with more to clean up calls closeStore() from its own tearDownAfterClass()).
 *
 * @example
 * final class XTest extends TestCase {
 *     use LiveSidecar;
 *     public static function setUpBeforeClass(): void {
 *         $db = self::openStore();
 *         $db->query("INSERT INTO `oc_product` …");
 *         self::startSidecar(self::SECRET);
 *     }
 *     public function testX(): void { $response = self::client()->health(); … }
 * }
 */
trait LiveSidecar {
	private static TestDatabase $database;
	private static ?Sidecar $sidecar = null;
	private static string $sidecarSecret = '';

	/**
	 * A new database: OpenCart's tables unless $opencart is false, Rebound's migrations (prefix oc_) unless
	 * $rebound is false. Its connection, for the class's own rows.
	 */
	private static function openStore(bool $opencart = true, bool $rebound = true): MysqliConnection {
		self::$database = TestDatabase::create();

		if ($opencart) {
			self::$database->loadOpencartSchema();
		}

		if ($rebound) {
			(new Migrator(self::$database->connection, 'oc_', REBOUND_MIGRATIONS))->migrate();
		}

		return self::$database->connection;
	}

	/**
	 * `rebound serve` on this class's database, with $secret (and $previous during a rotation).
	 */
	private static function startSidecar(string $secret, string $previous = ''): Sidecar {
		self::$sidecarSecret = $secret;

		return self::$sidecar = Sidecar::start(self::$database->url(), $secret, $previous);
	}

	/**
	 * A client of the running sidecar, signing with the secret it was started with.
	 */
	private static function client(): Client {
		return new Client(self::$sidecar->url, self::$sidecarSecret);
	}

	private static function closeStore(): void {
		self::$sidecar?->stop();
		self::$sidecar = null;
		self::$database->drop();
	}

	public static function tearDownAfterClass(): void {
		self::closeStore();
	}
}
