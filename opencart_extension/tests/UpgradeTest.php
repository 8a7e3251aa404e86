<?php
use Opencart\System\Library\Extension\Rebound\Migrator;
use Opencart\System\Library\Extension\Rebound\Upgrade;
use PHPUnit\Framework\TestCase;

if (!defined('DB_PREFIX')) {
	define('DB_PREFIX', 'oc_');
}

// The installed files as the built zip unpacks them: extension/rebound/{install.json, system/sql/}.
if (!defined('DIR_EXTENSION')) {
	define('DIR_EXTENSION', sys_get_temp_dir() . '/rebound-upgrade-test-' . getmypid() . '/');
}

require_once __DIR__ . '/support/opencart_stand_ins.php';

/**
 * The upgrade step: an install made by an older Rebound is brought up to what its files describe (events,
 * permissions on pages added since, return statuses, tables, version) in place, keeping its settings; and the
 * policy survives OpenCart's uninstall, which deletes every module_rebound setting.
 */
final class UpgradeTest extends TestCase {
	private const PAGES = ['extension/rebound/sale/returns', 'extension/rebound/sale/return_policy'];

	private TestDatabase $database;
	private MysqliConnection $connection;

	public static function setUpBeforeClass(): void {
		$files = DIR_EXTENSION . 'rebound/system';

		if (!is_dir($files)) {
			mkdir($files, 0777, true);
			symlink(REBOUND_MIGRATIONS, $files . '/sql');
		}
	}

	public static function tearDownAfterClass(): void {
		if (str_starts_with(DIR_EXTENSION, sys_get_temp_dir() . '/rebound-upgrade-test-')) {
			@unlink(DIR_EXTENSION . 'rebound/install.json');
			@unlink(DIR_EXTENSION . 'rebound/system/sql');
			@rmdir(DIR_EXTENSION . 'rebound/system');
			@rmdir(DIR_EXTENSION . 'rebound');
			@rmdir(DIR_EXTENSION);
		}
	}

	protected function setUp(): void {
		$this->database = TestDatabase::create();
		$this->database->loadOpencartSchema();
		$this->connection = $this->database->connection;

		// OpenCart 4.1's event and user_group tables (system/helper/db_schema.php), which the sidecar never reads.
		$this->connection->query("CREATE TABLE `oc_event` (`event_id` int(11) NOT NULL AUTO_INCREMENT, `code` varchar(128) DEFAULT NULL, `description` text DEFAULT NULL, `trigger` text DEFAULT NULL, `action` text DEFAULT NULL, `status` tinyint(1) DEFAULT 0, `sort_order` int(3) DEFAULT 1, PRIMARY KEY (`event_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
		$this->connection->query("CREATE TABLE `oc_user_group` (`user_group_id` int(11) NOT NULL AUTO_INCREMENT, `name` varchar(64) DEFAULT NULL, `permission` text DEFAULT NULL, PRIMARY KEY (`user_group_id`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");

		self::writeVersion('0.2.0');
	}

	protected function tearDown(): void {
		$this->database->drop();
	}

	private static function writeVersion(string $version): void {
		file_put_contents(DIR_EXTENSION . 'rebound/install.json', json_encode(['name' => 'Rebound', 'version' => $version]));
	}

	private function model(): \Opencart\Admin\Model\Extension\Rebound\Module\Rebound {
		$registry = stand_in_registry('admin', new StandInDb($this->connection), []);
		$registry->get('load')->model('extension/rebound/module/rebound');

		return $registry->get('model_extension_rebound_module_rebound');
	}

	private function setting(string $code, string $key, string $value, int $storeId = 0, int $serialized = 0): void {
		$this->connection->query("INSERT INTO `oc_setting` SET `store_id` = '" . $storeId . "', `code` = '" . $code . "', `key` = '" . $key . "', `value` = '" . $this->connection->escape($value) . "', `serialized` = '" . $serialized . "'");
	}

	private function event(string $code, string $trigger, string $action, int $status = 1, string $description = ''): void {
		$this->connection->query("INSERT INTO `oc_event` SET `code` = '" . $code . "', `description` = '" . $this->connection->escape($description) . "', `trigger` = '" . $trigger . "', `action` = '" . $action . "', `status` = '" . $status . "', `sort_order` = '0'");
	}

	private function group(string $name, array $permission): void {
		$this->connection->query("INSERT INTO `oc_user_group` SET `name` = '" . $name . "', `permission` = '" . $this->connection->escape(json_encode($permission)) . "'");
	}

	/**
	 * @return array<string, list<array<string, mixed>>> every row a step may touch, to compare runs
	 */
	private function snapshot(): array {
		$tables = [];

		foreach (['event' => 'event_id', 'user_group' => 'user_group_id', 'setting' => 'setting_id', 'return_status' => 'return_status_id, language_id', 'rebound_migration' => 'version'] as $table => $order) {
			$tables[$table] = $this->connection->query("SELECT * FROM `oc_" . $table . "` ORDER BY " . $order);
		}

		return $tables;
	}

	/**
	 * @return array<string, array<string, mixed>> code => event row
	 */
	private function events(): array {
		$events = [];

		foreach ($this->connection->query("SELECT `code`, `trigger`, `action`, `description`, `status` FROM `oc_event` ORDER BY `event_id`") as $row) {
			$this->assertArrayNotHasKey($row['code'], $events, 'one row per event code');
			$events[$row['code']] = $row;
		}

		return $events;
	}

	/**
	 * @return array<string, list<string>> group name => its permission lists
	 */
	private function permissions(): array {
		$groups = [];

		foreach ($this->connection->query("SELECT `name`, `permission` FROM `oc_user_group` ORDER BY `user_group_id`") as $row) {
			$groups[$row['name']] = json_decode($row['permission'], true);
		}

		return $groups;
	}

	/**
	 * @return array<string, string> "code/key/store" => value
	 */
	private function settings(): array {
		$settings = [];

		foreach ($this->connection->query("SELECT `store_id`, `code`, `key`, `value` FROM `oc_setting` WHERE `key` LIKE 'module\\_rebound\\_%' ORDER BY `setting_id`") as $row) {
			$name = $row['code'] . '/' . $row['key'] . '/' . $row['store_id'];
			$this->assertArrayNotHasKey($name, $settings, 'one row per key and store');
			$settings[$name] = $row['value'];
		}

		return $settings;
	}

	public function testAnOlderInstallIsBroughtUpToDateInPlaceKeepingItsSettings(): void {
		$model = $this->model();
		$rows = $model::eventRows();

		// What an older Rebound left: a subset of today's events, one the owner disabled, one pointing at a
		// renamed method, one no longer used, one registered twice; another extension's event beside them.
		$this->event('rebound_order_status', $rows['rebound_order_status']['trigger'], $rows['rebound_order_status']['action'], 0, $rows['rebound_order_status']['description']);
		$this->event('rebound_return_requested', $rows['rebound_return_requested']['trigger'], 'extension/rebound/module/rebound.oldName');
		$this->event('rebound_retired', 'catalog/view/common/header/after', 'extension/rebound/module/rebound.retired');
		$this->event('rebound_review_submitted', $rows['rebound_review_submitted']['trigger'], $rows['rebound_review_submitted']['action']);
		$this->event('rebound_review_submitted', $rows['rebound_review_submitted']['trigger'], $rows['rebound_review_submitted']['action']);
		$this->event('other_extension', 'catalog/view/common/header/after', 'extension/other/module/other.header');
		// The group that installed Rebound has its settings page and the first page; another group has neither.
		$this->group('Administrator', ['access' => ['common/dashboard', Upgrade::MODULE_ROUTE, self::PAGES[0]], 'modify' => [Upgrade::MODULE_ROUTE]]);
		$this->group('Demonstration', ['access' => ['common/dashboard']]);
		$this->setting('module_rebound', 'module_rebound_status', '1');
		$this->setting('module_rebound', 'module_rebound_secret', str_repeat('ab', 32));
		$this->setting('module_rebound', 'module_rebound_policy', '{"version":1}', 0, 1);

		$changes = $model->ensure(self::PAGES);

		$events = $this->events();
		$this->assertEqualsCanonicalizing(array_merge(array_keys($rows), ['other_extension']), array_keys($events));

		foreach ($rows as $code => $row) {
			$this->assertSame([$row['trigger'], $row['action'], $row['description']], [$events[$code]['trigger'], $events[$code]['action'], $events[$code]['description']], $code);
		}

		$this->assertSame('0', (string)$events['rebound_order_status']['status'], 'an event the owner disabled stays disabled');
		$this->assertSame('1', (string)$events['rebound_upgrade']['status']);
		$this->assertSame('extension/other/module/other.header', $events['other_extension']['action']);

		$permissions = $this->permissions();
		$this->assertSame(['common/dashboard', Upgrade::MODULE_ROUTE, self::PAGES[0], self::PAGES[1]], $permissions['Administrator']['access']);
		$this->assertSame([Upgrade::MODULE_ROUTE, self::PAGES[0], self::PAGES[1]], $permissions['Administrator']['modify']);
		$this->assertSame(['access' => ['common/dashboard']], $permissions['Demonstration']);

		$this->assertSame([
			'module_rebound/module_rebound_status/0'  => '1',
			'module_rebound/module_rebound_secret/0'  => str_repeat('ab', 32),
			'module_rebound/module_rebound_policy/0'  => '{"version":1}',
			'module_rebound/module_rebound_pages/0'   => json_encode(self::PAGES),
			'module_rebound/module_rebound_version/0' => '0.2.0'
		], $this->settings());

		$migrator = new Migrator($this->connection, 'oc_', REBOUND_MIGRATIONS);
		$this->assertSame($migrator->latest(), $migrator->currentVersion());
		$this->assertCount(2, $this->connection->query("SELECT 1 FROM `oc_return_status` WHERE `name` IN ('Rejected', 'Received')"));

		$this->assertContains('event rebound_retired removed', $changes);
		$this->assertContains('event rebound_review_submitted duplicate removed', $changes);
		$this->assertContains('event rebound_return_requested updated', $changes);
		$this->assertContains('event rebound_upgrade added', $changes);
		$this->assertContains('user group Administrator: access ' . self::PAGES[1] . ', modify ' . self::PAGES[0] . ', modify ' . self::PAGES[1], $changes);
		$this->assertContains('migration ' . $migrator->latest() . ' applied', $changes);

		// Again: nothing to do, nothing written.
		$before = $this->snapshot();
		$this->assertSame([], $this->model()->ensure(self::PAGES));
		$this->assertSame($before, $this->snapshot());

		// The owner takes a page away from the group (Users > User Groups); a later version adds a page.
		$this->connection->query("UPDATE `oc_user_group` SET `permission` = '" . $this->connection->escape(json_encode(['access' => ['common/dashboard', Upgrade::MODULE_ROUTE, self::PAGES[0], self::PAGES[1]], 'modify' => [Upgrade::MODULE_ROUTE, self::PAGES[0]]])) . "' WHERE `name` = 'Administrator'");
		$pages = [...self::PAGES, 'extension/rebound/sale/new_page'];

		$this->assertSame(['user group Administrator: access extension/rebound/sale/new_page, modify extension/rebound/sale/new_page'], $this->model()->ensure($pages));
		$this->assertSame([Upgrade::MODULE_ROUTE, self::PAGES[0], 'extension/rebound/sale/new_page'], $this->permissions()['Administrator']['modify'], 'the page taken away stays away');
		$this->assertSame([], $this->model()->ensure($pages));
	}

	public function testDisabledReboundAsDeletingItsDataLeavesItGetsNoTablesBack(): void {
		$this->setting('module_rebound', 'module_rebound_status', '0');

		$this->assertContains('event rebound_upgrade added', $this->model()->ensure(self::PAGES));
		$this->assertSame([], $this->connection->query("SHOW TABLES LIKE 'oc\\_rebound\\_%'"));

		$this->connection->query("UPDATE `oc_setting` SET `value` = '1' WHERE `key` = 'module_rebound_status'");

		$this->assertContains('migration 1 applied', $this->model()->ensure(self::PAGES));
	}

	public function testTheUpgradeIsNeededWhenTheFilesVersionChanges(): void {
		$this->setting('module_rebound', 'module_rebound_status', '1');
		$model = $this->model();

		$this->assertTrue($model->upgradeNeeded(null), 'never recorded');

		$model->ensure(self::PAGES);
		$stored = (new Upgrade($this->connection, 'oc_'))->storedVersion();

		$this->assertSame('0.2.0', $stored);
		$this->assertFalse($model->upgradeNeeded($stored));

		self::writeVersion('0.3.0');

		$this->assertTrue($model->upgradeNeeded($stored));

		$model->ensure(self::PAGES);

		$this->assertSame(['module_rebound/module_rebound_status/0' => '1', 'module_rebound/module_rebound_pages/0' => json_encode(self::PAGES), 'module_rebound/module_rebound_version/0' => '0.3.0'], $this->settings());
		$this->assertFalse(Upgrade::needed('0.3.0', ''), 'files without a version never trigger it');
		$this->assertSame('', Upgrade::filesVersion(DIR_EXTENSION . 'rebound/missing.json'));
	}

	public function testThePolicyEmailSettingsAndSidecarUrlSurviveOpencartsUninstallAndReinstall(): void {
		$policy = '{"version":1,"window_days":45}';
		$this->setting('module_rebound', 'module_rebound_status', '1');
		$this->setting('module_rebound', 'module_rebound_secret', str_repeat('ab', 32));
		$this->setting('module_rebound', 'module_rebound_sidecar_url', 'http://10.0.0.5:8765');
		$this->setting('module_rebound', 'module_rebound_policy', $policy, 0, 1);
		$this->setting('module_rebound', 'module_rebound_policy', '{"version":1,"window_days":14}', 2, 1);
		$this->setting('module_rebound', 'module_rebound_email', '{"from_name":"Shop"}', 0, 1);

		// Extensions > Modules > Uninstall: the event before OpenCart's delete, then OpenCart's delete of the group.
		$this->assertSame(4, $this->model()->keepSettings());
		$this->connection->query("DELETE FROM `oc_setting` WHERE `code` = 'module_rebound'");

		$kept = [
			'module_rebound_sidecar_url/0' => 'http://10.0.0.5:8765',
			'module_rebound_policy/0'      => $policy,
			'module_rebound_policy/2'      => '{"version":1,"window_days":14}',
			'module_rebound_email/0'       => '{"from_name":"Shop"}'
		];
		// The sidecar reads settings by key and store, whatever their group: the policy still applies.
		$byKey = [];

		foreach ($this->connection->query("SELECT `key`, `store_id`, `value` FROM `oc_setting` ORDER BY `setting_id`") as $row) {
			$byKey[$row['key'] . '/' . $row['store_id']] = $row['value'];
		}

		$this->assertSame($kept, array_intersect_key($byKey, $kept));
		$this->assertArrayNotHasKey('module_rebound_secret/0', $byKey);

		// Install: its defaults, then the upgrade step puts the kept ones back over them.
		$this->setting('module_rebound', 'module_rebound_status', '1');
		$this->setting('module_rebound', 'module_rebound_sidecar_url', 'http://127.0.0.1:8765');
		$this->setting('module_rebound', 'module_rebound_secret', str_repeat('cd', 32));

		$changes = $this->model()->ensure(self::PAGES);

		// The kept rows themselves come back (older setting_ids first), replacing the install's default URL.
		$this->assertSame([
			'module_rebound/module_rebound_sidecar_url/0'  => 'http://10.0.0.5:8765',
			'module_rebound/module_rebound_policy/0'       => $policy,
			'module_rebound/module_rebound_policy/2'       => '{"version":1,"window_days":14}',
			'module_rebound/module_rebound_email/0'        => '{"from_name":"Shop"}',
			'module_rebound/module_rebound_status/0'       => '1',
			'module_rebound/module_rebound_secret/0'       => str_repeat('cd', 32),
			'module_rebound/module_rebound_pages/0'        => json_encode(self::PAGES),
			'module_rebound/module_rebound_version/0'      => '0.2.0'
		], $this->settings());
		$this->assertContains('setting module_rebound_policy of store 2 restored', $changes);
		$this->assertSame('1', (string)$this->connection->query("SELECT `serialized` FROM `oc_setting` WHERE `key` = 'module_rebound_policy' AND `store_id` = '0'")[0]['serialized']);

		// A second uninstall before any reinstall keeps the newest copy, not two.
		$this->model()->keepSettings();
		$this->model()->keepSettings();
		$this->assertCount(4, $this->connection->query("SELECT 1 FROM `oc_setting` WHERE `code` = '" . Upgrade::KEPT_CODE . "'"));
	}

	public function testAnotherUpgradeHoldingTheLockMakesThisOneWaitThenFail(): void {
		$other = $this->database->connect();
		$database = $this->connection->query("SELECT DATABASE() AS `name`")[0]['name'];
		$other->query("SELECT GET_LOCK('" . substr('rebound_upgrade.' . $database . '.oc_', 0, 64) . "', 0)");

		try {
			(new Upgrade($this->connection, 'oc_'))->locked(static fn (): bool => true, 1);
			$this->fail('ran while another upgrade held the lock');
		} catch (\RuntimeException $e) {
			$this->assertStringContainsString('Another Rebound upgrade', $e->getMessage());
		} finally {
			$other->mysqli->close();
		}

		$this->assertSame('ran', (new Upgrade($this->connection, 'oc_'))->locked(static fn (): string => 'ran', 1));
	}
}
