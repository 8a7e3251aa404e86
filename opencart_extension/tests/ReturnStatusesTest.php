<?php
use PHPUnit\Framework\TestCase;

if (!defined('DB_PREFIX')) {
	define('DB_PREFIX', 'oc_');
}

require_once __DIR__ . '/support/opencart_stand_ins.php';

/**
 * The install step that adds the OpenCart return statuses Rebound's cases map to (docs/returns-api.md,
 * "Return statuses in OpenCart"): once per name, in every language, keeping what the store has.
 */
final class ReturnStatusesTest extends TestCase {
	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore(rebound: false);
	}

	private static function model(): \Opencart\Admin\Model\Extension\Rebound\Module\Rebound {
		$registry = stand_in_registry('admin', new StandInDb(self::$database->connection), []);
		$registry->get('load')->model('extension/rebound/module/rebound');

		return $registry->get('model_extension_rebound_module_rebound');
	}

	/**
	 * @return array<string, list<string>> name => "id/language_id" rows
	 */
	private static function statuses(): array {
		$statuses = [];

		foreach (self::$database->connection->query("SELECT `return_status_id`, `language_id`, `name` FROM `oc_return_status` ORDER BY `return_status_id`, `language_id`") as $row) {
			$statuses[$row['name']][] = $row['return_status_id'] . '/' . $row['language_id'];
		}

		return $statuses;
	}

	public function testAddsRejectedAndReceivedInEveryLanguageOnceAndKeepsExistingOnes(): void {
		$connection = self::$database->connection;
		$connection->query("INSERT INTO `oc_language` SET `language_id` = '2', `name` = 'Deutsch', `code` = 'de-de', `locale` = 'de', `sort_order` = '2', `status` = '1'");
		// A store that already has Received (under its own id, English only).
		$connection->query("INSERT INTO `oc_return_status` SET `return_status_id` = '9', `language_id` = '1', `name` = 'Received'");

		self::model()->addReturnStatuses();
		self::model()->addReturnStatuses();

		$statuses = self::statuses();
		$this->assertSame(['1/1'], $statuses['Pending']);
		$this->assertSame(['9/1', '9/2'], $statuses['Received']);
		$this->assertSame(['10/1', '10/2'], $statuses['Rejected']);
	}
}
