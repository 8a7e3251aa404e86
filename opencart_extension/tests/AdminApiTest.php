<?php
use Opencart\System\Library\Extension\Rebound\AdminApi;
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\Event;
use Opencart\System\Library\Extension\Rebound\PolicyForm;
use Opencart\System\Library\Extension\Rebound\PolicySetting;
use PHPUnit\Framework\TestCase;

/**
 * The admin pages' calls against a real `rebound serve` and MariaDB: a shopper's request becomes a case,
 * and the owner lists it, opens it and acts on it, each refusal read into the problem the page shows.
 */
final class AdminApiTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';
	private const POLICY = '{"version": 1, "window": {"days": 30}, "resolutions": {"refund": true, "store_credit": true, "store_credit_bonus_percent": "10", "exchange": true}, "reasons": [{"reason_id": 1, "photos_required": true, "merchant_fault": true}, {"reason_id": 5}]}';

	use LiveSidecar;
	/** @var array<int, int> product_id => order_product_id of order 7 */
	private static array $lines = [];

	public static function setUpBeforeClass(): void {
		self::openStore();

		$db = self::$database->connection;
		$db->query("INSERT INTO `oc_return_status` (`return_status_id`, `language_id`, `name`) VALUES (4, 1, 'Rejected'), (5, 1, 'Received')");
		$db->query("INSERT INTO `oc_customer` (`customer_id`, `customer_group_id`, `store_id`, `language_id`, `firstname`, `lastname`, `email`, `status`, `date_added`) VALUES (3, 1, 0, 1, 'Ann', 'Lee', 'ann@example.com', 1, NOW())");
		$db->query("INSERT INTO `oc_product` (`product_id`, `model`, `price`, `status`) VALUES (40, 'TEE', 10, 1), (41, 'MUG', 5, 1)");
		$db->query("INSERT INTO `oc_product_description` (`product_id`, `language_id`, `name`) VALUES (40, 1, 'Tee'), (41, 1, 'Mug')");

		// Orders of customer 3 delivered two days ago: 7 (two tees, a mug) and 8 (one tee).
		foreach ([7, 8] as $order_id) {
			$db->query("INSERT INTO `oc_order` (`order_id`, `store_id`, `store_name`, `customer_id`, `customer_group_id`, `firstname`, `lastname`, `email`, `total`, `order_status_id`, `language_id`, `currency_code`, `currency_value`, `date_added`, `date_modified`) VALUES (" . $order_id . ", 0, 'Shop', 3, 1, 'Ann', 'Lee', 'ann@example.com', 25, 5, 1, 'USD', 1, NOW() - INTERVAL 5 DAY, NOW() - INTERVAL 2 DAY)");
			$db->query("INSERT INTO `oc_order_history` (`order_id`, `order_status_id`, `notify`, `comment`, `date_added`) VALUES (" . $order_id . ", 1, 0, '', NOW() - INTERVAL 5 DAY), (" . $order_id . ", 5, 0, '', NOW() - INTERVAL 2 DAY)");
		}

		// What the worker's scan mirrors (the simulator reads only mirrored orders).
		$db->query("INSERT INTO `oc_rebound_order_status_time` (`order_id`, `order_status_id`, `first_at`) SELECT `order_id`, `order_status_id`, CONVERT_TZ(`date_added`, @@session.time_zone, '+00:00') FROM `oc_order_history`");

		$db->query("INSERT INTO `oc_order_product` (`order_id`, `product_id`, `name`, `model`, `quantity`, `price`, `total`, `tax`) VALUES (7, 40, 'Tee', 'TEE', 2, 10, 20, 0), (7, 41, 'Mug', 'MUG', 1, 5, 5, 0), (8, 40, 'Tee', 'TEE', 1, 10, 10, 0)");

		foreach ($db->query("SELECT `order_product_id`, `product_id` FROM `oc_order_product` WHERE `order_id` = 7") as $row) {
			self::$lines[(int)$row['product_id']] = (int)$row['order_product_id'];
		}

		(new PolicySetting($db, 'oc_'))->write(0, self::POLICY);

		self::startSidecar(self::SECRET);
	}

	private static function api(): AdminApi {
		return new AdminApi(self::client());
	}

	/**
	 * A shopper's request, as the storefront sends it; the new case's id.
	 *
	 * @param list<array<string, mixed>> $lines
	 */
	private function submit(int $orderId, array $lines): int {
		$event = Event::create('return.submitted', ['order_id' => $orderId, 'customer_id' => 3, 'comment' => 'Too small & scratchy', 'lines' => $lines]);
		$response = self::client()->request('POST', '/v1/events', $event->json(), 10.0);

		$this->assertSame(200, $response->status, $response->body . self::$sidecar->output());
		$this->assertSame('accepted', $response->json()['result']['outcome'] ?? null, $response->body);

		return (int)$response->json()['result']['case']['case_id'];
	}

	/**
	 * @param array<string, mixed> $fields
	 *
	 * @return array<string, mixed>
	 */
	private static function action(string $action, array $fields = []): array {
		return AdminApi::actionBody(['action' => $action, 'idempotency_key' => AdminApi::idempotencyKey()] + $fields, 'Owner');
	}

	public function testTheOwnerListsOpensAndSettlesACase(): void {
		$caseId = $this->submit(7, [['order_product_id' => self::$lines[40], 'quantity' => 2, 'reason_id' => 5, 'resolution' => 'store_credit']]);
		$api = self::api();

		$listed = $api->cases(['status' => 'requested']);
		$this->assertTrue($listed->ok(), $listed->message);
		$this->assertSame(1, $listed->data['total']);
		$this->assertSame($caseId, $listed->data['cases'][0]['case_id']);
		$this->assertSame('22.00', $listed->data['cases'][0]['base_value'], 'what the store gives back: 2 x 10 + 10 % credit bonus');
		$this->assertSame(0, $api->cases(['status' => 'approved'])->data['total']);
		$this->assertSame(1, $api->cases(['reason_id' => 5, 'min_value' => '21.99'])->data['total']);
		$this->assertSame(0, $api->cases(['reason_id' => 1])->data['total']);
		$this->assertSame(0, $api->cases(['min_value' => '22.01'])->data['total']);
		$this->assertSame(0, $api->cases(['min_age_days' => 1])->data['total'], 'asked today');

		$case = $api->returnCase($caseId);
		$this->assertTrue($case->ok(), $case->message);
		$this->assertSame(['approve', 'reject'], $case->data['allowed_actions']);
		$this->assertTrue($case->data['policy_check']['accepted']);
		$this->assertSame('22.00', $case->data['policy_check']['credit'], '2 x 10 + 10 % bonus');
		$this->assertSame([], $case->data['lines'][0]['photo_ids']);
		$this->assertSame('Too small & scratchy', $case->data['comment'], 'plain text: the page escapes it');
		$this->assertNotFalse(strtotime((string)$case->data['created_at']), 'a time the page can format');

		// Not approved yet: the sidecar refuses, and says what is allowed.
		$early = $api->act($caseId, self::action('receive'));
		$this->assertSame('invalid_transition', $early->problem);
		$this->assertSame(['allowed' => 'approve reject'], $early->fields);

		// One key, two clicks: one approval.
		$approve = self::action('approve', ['comment' => 'Looks fine']);
		$first = $api->act($caseId, $approve);
		$second = $api->act($caseId, $approve);
		$this->assertTrue($first->ok(), $first->message);
		$this->assertTrue($second->ok(), $second->message);
		$this->assertSame('approved', $second->data['status']);
		$this->assertCount(2, $second->data['history'], 'requested, approved: the second click added nothing');
		$this->assertSame('Owner', $second->data['history'][1]['actor']);

		$received = $api->act($caseId, self::action('receive', ['condition' => 'opened']));
		$this->assertSame('received', $received->data['status']);
		$this->assertStringContainsString('opened', $received->data['history'][2]['comment']);

		$tooMuch = $api->act($caseId, self::action('credit', ['amount' => '999']));
		$this->assertSame('bad_request', $tooMuch->problem);
		$this->assertArrayHasKey('amount', $tooMuch->fields);

		$typo = $api->act($caseId, self::action('credit', ['amount' => 'ten']));
		$this->assertSame('bad_request', $typo->problem);
		$this->assertArrayHasKey('amount', $typo->fields);

		$credited = $api->act($caseId, self::action('credit'));
		$this->assertTrue($credited->ok(), $credited->message);
		$this->assertSame('credited', $credited->data['status']);

		$ledger = self::$database->connection->query("SELECT `customer_id`, `order_id`, `amount` FROM `oc_customer_transaction`");
		$this->assertSame([['customer_id' => '3', 'order_id' => '0', 'amount' => '22.0000']], $ledger);

		$this->assertSame('invalid_transition', $api->act($caseId, self::action('refund'))->problem, 'finished');
		$this->assertSame('not_found', $api->returnCase(999999)->problem);
		$this->assertSame('not_found', $api->act(999999, self::action('approve'))->problem);
	}

	public function testARejectionCarriesItsReason(): void {
		$caseId = $this->submit(8, [['order_product_id' => (int)self::$database->connection->query("SELECT `order_product_id` FROM `oc_order_product` WHERE `order_id` = 8")[0]['order_product_id'], 'quantity' => 1, 'reason_id' => 5, 'resolution' => 'refund']]);

		$rejected = self::api()->act($caseId, self::action('reject', ['reason' => 'Worn & washed']));

		$this->assertTrue($rejected->ok(), $rejected->message);
		$this->assertSame('rejected', $rejected->data['status']);
		$this->assertSame([], $rejected->data['allowed_actions']);
		$history = $rejected->data['history'];
		$this->assertStringContainsString('Worn & washed', end($history)['comment']);
	}

	public function testAPolicyChangedSinceTheRequestIsOverriddenOnlyOnPurpose(): void {
		$db = self::$database->connection;
		$db->query("INSERT INTO `oc_order` (`order_id`, `store_id`, `store_name`, `customer_id`, `customer_group_id`, `firstname`, `lastname`, `email`, `total`, `order_status_id`, `language_id`, `currency_code`, `currency_value`, `date_added`, `date_modified`) VALUES (9, 0, 'Shop', 3, 1, 'Ann', 'Lee', 'ann@example.com', 5, 5, 1, 'USD', 1, NOW() - INTERVAL 5 DAY, NOW() - INTERVAL 2 DAY)");
		$db->query("INSERT INTO `oc_order_history` (`order_id`, `order_status_id`, `notify`, `comment`, `date_added`) VALUES (9, 5, 0, '', NOW() - INTERVAL 2 DAY)");
		$db->query("INSERT INTO `oc_rebound_order_status_time` (`order_id`, `order_status_id`, `first_at`) SELECT `order_id`, `order_status_id`, CONVERT_TZ(`date_added`, @@session.time_zone, '+00:00') FROM `oc_order_history` WHERE `order_id` = 9");
		$db->query("INSERT INTO `oc_order_product` (`order_id`, `product_id`, `name`, `model`, `quantity`, `price`, `total`, `tax`) VALUES (9, 41, 'Mug', 'MUG', 1, 5, 5, 0)");
		$line = (int)$db->query("SELECT `order_product_id` FROM `oc_order_product` WHERE `order_id` = 9")[0]['order_product_id'];

		$caseId = $this->submit(9, [['order_product_id' => $line, 'quantity' => 1, 'reason_id' => 5, 'resolution' => 'refund']]);
		$setting = new PolicySetting($db, 'oc_');

		try {
			// The owner then excludes mugs; the sidecar reads settings again within 5 s.
			$setting->write(0, str_replace('"version": 1,', '"version": 1, "excluded": {"product_ids": [41]},', self::POLICY));
			$deadline = microtime(true) + 10;

			do {
				usleep(250000);
				$case = self::api()->returnCase($caseId);
			} while (($case->data['policy_check']['accepted'] ?? true) && microtime(true) < $deadline);

			$this->assertFalse($case->data['policy_check']['accepted']);

			$refused = self::api()->act($caseId, self::action('approve'));
			$this->assertSame('policy_violation', $refused->problem);
			$this->assertSame(['lines.0.order_product_id' => 'This product can\'t be returned.'], $refused->fields);

			$overridden = self::api()->act($caseId, self::action('approve', ['override' => '1']));
			$this->assertTrue($overridden->ok(), $overridden->message);
			$this->assertSame('approved', $overridden->data['status']);
		} finally {
			$setting->write(0, self::POLICY);
		}
	}

	public function testThePolicyIsValidatedWithErrorsByDottedPath(): void {
		$api = self::api();

		$good = $api->validatePolicy('{"version": 1, "window": {"days": 14}, "excluded": {}}');
		$this->assertTrue($good->ok(), $good->message);
		$normal = PolicyForm::parse((string)$good->member('document'));
		$this->assertSame(14, $normal['window']['days']);
		$this->assertSame('100.00', $normal['auto_approve']['max_value'], 'every default spelled out');

		// What the form makes goes through as it is.
		$form = PolicyForm::toDocument(['window_days' => '21', 'reason_offered' => [1 => '1'], 'reason_photos' => [1 => '1'], 'resolution_refund' => '1', 'auto_approve_max_value' => '50'], ['version' => 1]);
		$fromForm = $api->validatePolicy(PolicyForm::encode($form));
		$this->assertTrue($fromForm->ok(), $fromForm->message . json_encode($fromForm->fields));
		$this->assertSame(21, PolicyForm::parse((string)$fromForm->member('document'))['window']['days']);

		$bad = $api->validatePolicy('{"version": 1, "window": {"days": 0}, "reasons": [{"reason_id": 4}, {"reason_id": 4}], "surprise": true}');
		$this->assertSame('bad_request', $bad->problem);
		$this->assertArrayHasKey('window.days', $bad->fields);
		$this->assertArrayHasKey('surprise', $bad->fields);
		$this->assertArrayHasKey('reasons', $bad->fields);

		$typed = $api->validatePolicy(PolicyForm::encode(PolicyForm::toDocument(['window_days' => 'thirty', 'resolution_refund' => '1'], ['version' => 1])));
		$this->assertSame('bad_request', $typed->problem);
		$this->assertArrayHasKey('window.days', $typed->fields);

		$this->assertSame('bad_request', $api->validatePolicy('[1]')->problem, 'not an object: refused before any request');
	}

	public function testTheSimulatorComparesThePolicies(): void {
		// One day instead of thirty: the orders delivered two days ago could not be returned any more.
		$answer = self::api()->simulate('{"version": 1, "window": {"days": 1}}', 90, 0);

		if ($answer->status === 404) {
			$this->markTestSkipped('this sidecar has no simulator');
		}

		$this->assertTrue($answer->ok(), $answer->message . json_encode($answer->fields));
		$this->assertSame(0, $answer->data['orders']['not_mirrored']);
		$this->assertGreaterThan(0, $answer->data['lines']['changed']);
		$this->assertSame($answer->data['lines']['changed'], count($answer->data['examples']));
		$this->assertSame('became_ineligible', $answer->data['examples'][0]['change']);

		$bad = self::api()->simulate('{"version": 2}', 90, 0);
		$this->assertSame('bad_request', $bad->problem);
		$this->assertArrayHasKey('version', $bad->fields);
	}

	public function testASimulationRunsInStepsAndCanBeCancelled(): void {
		$api = self::api();
		$started = $api->startSimulation('{"version": 1, "window": {"days": 1}}', 90, 0);

		$this->assertSame(201, $started->status, $started->message . json_encode($started->fields));
		$this->assertSame('running', $started->data['status']);
		$this->assertSame(0, $started->data['progress']['done']);

		$answer = $started;

		for ($i = 0; $answer->ok() && $answer->data['status'] === 'running' && $i < 20; $i++) {
			$answer = $api->simulationStep((int)$started->data['simulation_id']);
		}

		$this->assertTrue($answer->ok(), $answer->message);
		$this->assertSame('done', $answer->data['status']);
		$this->assertSame(100, $answer->data['progress']['percent']);
		$this->assertSame($api->simulate('{"version": 1, "window": {"days": 1}}', 90, 0)->data['lines'], $answer->data['result']['lines']);

		$this->assertSame('done', $api->cancelSimulation((int)$started->data['simulation_id'])->data['status'], 'a finished run stays finished');

		$other = $api->startSimulation('{"version": 1, "window": {"days": 1}}', 90, 0);
		$this->assertSame('cancelled', $api->cancelSimulation((int)$other->data['simulation_id'])->data['status']);
		$this->assertSame('cancelled', $api->simulationStep((int)$other->data['simulation_id'])->data['status']);

		$this->assertSame('not_found', $api->simulationStep(999999)->problem);
		$this->assertArrayHasKey('version', $api->startSimulation('{"version": 2}', 90, 0)->fields);
	}

	public function testASidecarThatIsNotThereIsDownQuickly(): void {
		$api = new AdminApi(new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET));

		$start = microtime(true);
		$answer = $api->cases([]);

		$this->assertSame('unreachable', $answer->problem);
		$this->assertTrue($answer->down());
		$this->assertLessThan(1.0, microtime(true) - $start);

		$wrong = (new AdminApi(new Client(self::$sidecar->url, str_repeat('ab', 32))))->returnCase(1);
		$this->assertSame('unauthorized', $wrong->problem);
		$this->assertStringContainsString('bad_signature', $wrong->message);
	}
}
