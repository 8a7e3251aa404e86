<?php
use Opencart\System\Library\Extension\Rebound\Migrator;
use PHPUnit\Framework\TestCase;

/**
 * The PHP Migrator against the real MariaDB, checked to be interchangeable with `rebound migrate`.
 */
final class MigratorTest extends TestCase {
	private TestDatabase $database;

	protected function setUp(): void {
		$this->database = TestDatabase::create();
	}

	protected function tearDown(): void {
		$this->database->drop();
	}

	private function migrator(string $prefix = 'oc_', int $lockTimeout = Migrator::LOCK_TIMEOUT): Migrator {
		return new Migrator($this->database->connection, $prefix, REBOUND_MIGRATIONS, $lockTimeout);
	}

	/**
	 * @return list<array{version: int, name: string}>
	 */
	private function recorded(string $prefix = 'oc_'): array {
		return array_map(static fn (array $row): array => ['version' => (int)$row['version'], 'name' => $row['name']], $this->database->connection->query("SELECT `version`, `name` FROM `" . $prefix . "rebound_migration` ORDER BY `version`"));
	}

	/**
	 * @return array<string, string> table => SHOW CREATE TABLE
	 */
	private static function tables(MysqliConnection $connection): array {
		$tables = [];

		foreach ($connection->query('SHOW TABLES') as $row) {
			$name = (string)reset($row);
			$tables[$name] = $connection->query("SHOW CREATE TABLE `" . $name . "`")[0]['Create Table'];
		}

		ksort($tables);

		return $tables;
	}

	/**
	 * @return array{0: int, 1: string}
	 */
	private function runPython(string ...$args): array {
		$env = getenv();
		$env['REBOUND_DB_URL'] = $this->database->url();
		$env['REBOUND_DB_PREFIX'] = 'oc_';

		$process = proc_open($args, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, REBOUND_ROOT, $env);
		$output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);

		return [proc_close($process), $output];
	}

	public function testFilesAreFoundInVersionOrder(): void {
		$migrations = $this->migrator()->migrations();
		$files = glob(REBOUND_MIGRATIONS . '/[0-9][0-9][0-9][0-9]_*.sql');

		$this->assertCount(count($files), $migrations);
		$this->assertSame(1, $migrations[0]['version']);
		$this->assertSame('foundation', $migrations[0]['name']);
		$this->assertSame(array_column($migrations, 'version'), array_values(array_unique(array_column($migrations, 'version'))));
		$this->assertSame(end($migrations)['version'], $this->migrator()->latest());
	}

	public function testStatementsAreSplitExactlyAsSidecarMigrateSplitsThem(): void {
		$code = 'import json; from sidecar.migrate import migrations; print(json.dumps({m.version: m.statements() for m in migrations()}))';
		[$status, $output] = $this->runPython(REBOUND_ROOT . '/.venv/bin/python', '-c', $code);

		$this->assertSame(0, $status, $output);

		$expected = json_decode($output, true, 512, JSON_THROW_ON_ERROR);

		foreach ($this->migrator()->migrations() as $migration) {
			$this->assertSame($expected[(string)$migration['version']], Migrator::statements(file_get_contents($migration['file'])), $migration['file']);
		}

		$this->assertCount(count($expected), $this->migrator()->migrations());
	}

	public function testFirstRunCreatesEveryTableAndRecordsEachVersion(): void {
		$migrator = $this->migrator();
		$all = array_column($migrator->migrations(), 'version');

		$this->assertNull($migrator->currentVersion());
		$this->assertSame($all, $migrator->migrate());
		$this->assertSame($migrator->latest(), $migrator->currentVersion());

		$this->assertSame(array_map(static fn (array $m): array => ['version' => $m['version'], 'name' => $m['name']], $migrator->migrations()), $this->recorded());
		$this->assertArrayHasKey('oc_rebound_event', self::tables($this->database->connection));

		// applied_at is UTC even though this session's time zone is +05:30.
		$age = $this->database->connection->query("SELECT MAX(ABS(TIMESTAMPDIFF(SECOND, `applied_at`, UTC_TIMESTAMP()))) AS `age` FROM `oc_rebound_migration`")[0]['age'];
		$this->assertLessThan(60, (int)$age);
	}

	public function testSecondRunIsANoOp(): void {
		$migrator = $this->migrator();
		$migrator->migrate();
		$before = [self::tables($this->database->connection), $this->database->connection->query("SELECT * FROM `oc_rebound_migration` ORDER BY `version`")];

		$this->assertSame([], $migrator->migrate());
		$this->assertSame($before, [self::tables($this->database->connection), $this->database->connection->query("SELECT * FROM `oc_rebound_migration` ORDER BY `version`")]);
	}

	public function testSidecarMigrateFindsNothingToDoAfterThePhpMigrator(): void {
		$this->migrator()->migrate();
		$recorded = $this->recorded();

		[$status, $output] = $this->runPython(REBOUND_ROOT . '/.venv/bin/rebound', 'migrate');

		$this->assertSame(0, $status, $output);
		$this->assertStringContainsString('nothing to do', $output);
		$this->assertSame($recorded, $this->recorded());
	}

	public function testPhpMigratorFindsNothingToDoAfterSidecarMigrateAndTheTablesAreIdentical(): void {
		[$status, $output] = $this->runPython(REBOUND_ROOT . '/.venv/bin/rebound', 'migrate');
		$this->assertSame(0, $status, $output);
		$this->assertStringNotContainsString('nothing to do', $output);

		$this->assertSame([], $this->migrator()->migrate());

		// The same DDL from the PHP side, in a second database, gives the same tables and version rows.
		$other = TestDatabase::create();

		try {
			(new Migrator($other->connection, 'oc_', REBOUND_MIGRATIONS))->migrate();

			$this->assertSame(self::tables($this->database->connection), self::tables($other->connection));
			$this->assertSame($this->recorded(), array_map(static fn (array $row): array => ['version' => (int)$row['version'], 'name' => $row['name']], $other->connection->query("SELECT `version`, `name` FROM `oc_rebound_migration` ORDER BY `version`")));
		} finally {
			$other->drop();
		}
	}

	public function testAnInterruptedRunIsFinishedByTheNextOne(): void {
		// As if a run died after creating the outbox table but before recording version 1.
		$first = Migrator::statements(file_get_contents($this->migrator()->migrations()[0]['file']))[0];
		$this->database->connection->query(str_replace('{p}', 'oc_', $first));

		$this->assertSame(array_column($this->migrator()->migrations(), 'version'), $this->migrator()->migrate());
		$this->assertSame($this->migrator()->latest(), $this->migrator()->currentVersion());
	}

	public function testThePrefixNamesEveryTable(): void {
		$this->migrator('shop2_')->migrate();

		$names = array_keys(self::tables($this->database->connection));

		$this->assertNotEmpty($names);

		foreach ($names as $name) {
			$this->assertStringStartsWith('shop2_rebound_', $name);
		}

		$this->assertNull($this->migrator('oc_')->currentVersion());
	}

	public function testWaitsForTheSidecarsLockAndGivesUpAfterTheTimeout(): void {
		// `rebound migrate` in another process would hold this lock: same name, same database and prefix.
		$holder = $this->database->connect();
		$holder->query("SELECT GET_LOCK('" . $holder->escape('rebound_migrate.' . $this->database->name . '.oc_') . "', 0)");

		try {
			$this->migrator('oc_', 1)->migrate();
			$this->fail('migrate() ran while another process held the migration lock');
		} catch (\RuntimeException $e) {
			$this->assertStringContainsString('lock', $e->getMessage());
		} finally {
			$holder->mysqli->close();
		}

		$this->assertNull($this->migrator()->currentVersion());
		$this->assertNotEmpty($this->migrator('oc_', 5)->migrate());
	}

	public function testRefusesAPrefixThatCouldBreakOutOfItsQuotes(): void {
		$this->expectException(\InvalidArgumentException::class);

		$this->migrator('oc`; DROP TABLE x; --');
	}
}
