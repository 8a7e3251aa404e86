<?php
use Opencart\System\Library\Extension\Rebound\PolicySetting;
use PHPUnit\Framework\TestCase;

/**
 * The policy's own row in OpenCart's settings, on the real MariaDB: written per store, without touching the
 * other Rebound settings (OpenCart's editSetting() would delete and rewrite them all).
 */
final class PolicySettingTest extends TestCase {
	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore(rebound: false);
	}

	protected function setUp(): void {
		$db = self::$database->connection;
		$db->query("DELETE FROM `oc_setting` WHERE `code` = 'module_rebound'");
		$db->query("INSERT INTO `oc_setting` (`store_id`, `code`, `key`, `value`, `serialized`) VALUES (0, 'module_rebound', 'module_rebound_status', '1', 0), (0, 'module_rebound', 'module_rebound_secret', 'the-secret', 0), (1, 'module_rebound', 'module_rebound_status', '1', 0)");
	}

	/**
	 * @return list<array<string, mixed>>
	 */
	private static function rows(): array {
		return self::$database->connection->query("SELECT `setting_id`, `store_id`, `key`, `value`, `serialized` FROM `oc_setting` WHERE `code` = 'module_rebound' ORDER BY `store_id`, `key`");
	}

	public function testNothingStoredReadsAsNull(): void {
		$this->assertNull((new PolicySetting(self::$database->connection, 'oc_'))->read(0));
	}

	public function testWritesOnlyItsOwnRowPerStore(): void {
		$setting = new PolicySetting(self::$database->connection, 'oc_');
		$before = self::rows();

		$setting->write(0, '{"version":1,"text":"Tom\'s \\"sale\\" & more"}');
		$setting->write(1, '{"version":1,"window":{"days":60}}');

		$this->assertSame('{"version":1,"text":"Tom\'s \\"sale\\" & more"}', $setting->read(0));
		$this->assertSame('{"version":1,"window":{"days":60}}', $setting->read(1));

		$after = self::rows();
		$this->assertCount(count($before) + 2, $after);

		foreach ($before as $row) {
			$this->assertContains($row, $after, 'the other settings are left exactly as they were (same row, same id)');
		}

		$policy = array_values(array_filter($after, static fn (array $row): bool => $row['key'] === PolicySetting::KEY && (int)$row['store_id'] === 0))[0];
		$this->assertSame('1', (string)$policy['serialized'], 'OpenCart 4 reads serialized values as JSON');
		$this->assertSame(['version' => 1, 'text' => 'Tom\'s "sale" & more'], json_decode((string)$policy['value'], true));

		// Saving again updates the same row.
		$setting->write(0, '{"version":1}');
		$again = array_values(array_filter(self::rows(), static fn (array $row): bool => $row['key'] === PolicySetting::KEY && (int)$row['store_id'] === 0));
		$this->assertCount(1, $again);
		$this->assertSame($policy['setting_id'], $again[0]['setting_id']);
		$this->assertSame('{"version":1}', $setting->read(0));
	}

	public function testAnEarlierDuplicateRowIsFoldedIntoOne(): void {
		self::$database->connection->query("INSERT INTO `oc_setting` (`store_id`, `code`, `key`, `value`, `serialized`) VALUES (0, 'module_rebound', 'module_rebound_policy', '{\"version\":1}', 1), (0, 'module_rebound', 'module_rebound_policy', '{\"version\":2}', 1)");

		$setting = new PolicySetting(self::$database->connection, 'oc_');
		$setting->write(0, '{"version":1,"window":{"days":7}}');

		$rows = array_filter(self::rows(), static fn (array $row): bool => $row['key'] === PolicySetting::KEY);
		$this->assertCount(1, $rows);
		$this->assertSame('{"version":1,"window":{"days":7}}', $setting->read(0));
	}

	public function testOnlyAJsonObjectIsStored(): void {
		$setting = new PolicySetting(self::$database->connection, 'oc_');

		foreach (['', '[1]', 'null', '{"version": 1,}'] as $bad) {
			try {
				$setting->write(0, $bad);
				$this->fail('stored ' . $bad);
			} catch (\InvalidArgumentException $e) {
				$this->assertNull($setting->read(0));
			}
		}
	}
}
