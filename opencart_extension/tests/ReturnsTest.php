<?php
use Opencart\System\Library\Extension\Rebound\Bridge;
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\Outbox;
use Opencart\System\Library\Extension\Rebound\Returns;
use Opencart\System\Library\Extension\Rebound\SidecarAnswer;
use Opencart\System\Library\Extension\Rebound\Submission;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/return_fixtures.php';

/**
 * Returns, the shopper pages' way to the sidecar, against a real `rebound serve`, a port where nothing
 * listens and a server that accepts and never answers: reads give up after ~300 ms, and a request is in
 * the outbox whatever the sidecar does.
 */
final class ReturnsTest extends TestCase {
	/** Tests of what the answers hold, not of how fast they come: a loaded machine may take over 300 ms. */
	private const CONTENT_TIMEOUT = 5.0;
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';

	use LiveSidecar;

	/** @var list<string> */
	private array $logged = [];

	public static function setUpBeforeClass(): void {
		self::openStore();
		self::startSidecar(self::SECRET);
	}

	private function returns(?string $url, string $prefix = 'oc_'): Returns {
		$client = $url !== null ? new Client($url, self::SECRET) : null;
		$log = function (string $line): void {
			$this->logged[] = $line;
		};

		// No flush function: nothing is queued for after the response, as under mod_php.
		return new Returns($client, new Bridge(new Outbox(self::$database->connection, $prefix), $client, $log, static fn () => null), $log);
	}

	/**
	 * @param array{order_id: int, order_product_id: int} $order
	 * @param array<string, mixed>                         $line
	 *
	 * @return array<string, mixed>
	 */
	private static function request(array $order, int $customerId, string $email, array $line = []): array {
		return [
			'order_id'    => $order['order_id'],
			'customer_id' => $customerId,
			'email'       => $email,
			'lines'       => [$line + ['order_product_id' => $order['order_product_id'], 'quantity' => 1, 'reason_id' => 5, 'resolution' => 'refund', 'exchange_option_value_id' => null, 'opened' => false, 'photo_ids' => []]],
			'comment'     => 'Too small & too "tight"',
			'language_id' => 1
		];
	}

	public function testTheSidecarAnswersEligibilityForTheOrdersCustomerOnly(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$returns = $this->returns(self::$sidecar->url);

		$answer = $returns->eligibility($order['order_id'], 3, '', self::CONTENT_TIMEOUT);

		$this->assertSame(SidecarAnswer::OK, $answer->state, $answer->why . self::$sidecar->output());
		$this->assertSame($order['order_product_id'], $answer->data['lines'][0]['order_product_id']);
		$this->assertSame(2, $answer->data['lines'][0]['returnable']);
		$this->assertTrue($answer->data['lines'][0]['eligible']);

		// Another customer, and a guest with the right email on a customer's order: never told it exists.
		$this->assertSame(SidecarAnswer::NOT_FOUND, $returns->eligibility($order['order_id'], 4, '', self::CONTENT_TIMEOUT)->state);
		$this->assertSame(SidecarAnswer::NOT_FOUND, $returns->eligibility($order['order_id'], 0, 'ann@example.com', self::CONTENT_TIMEOUT)->state);
		$this->assertSame([], $this->logged, 'a 404 is an answer, not a failure');
	}

	public function testTheOrderListAsksForAllItsOrdersInOneCall(): void {
		$mine = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$pending = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com', 1);
		$other = ReturnFixtures::order(self::$database->connection, 4, 'bo@example.com');
		$returns = $this->returns(self::$sidecar->url);

		$answer = $returns->orderList([$pending['order_id'], $mine['order_id'], $other['order_id'], 0], 3, self::CONTENT_TIMEOUT);

		$this->assertSame(SidecarAnswer::OK, $answer->state, $answer->why . self::$sidecar->output());
		$this->assertSame([[$pending['order_id'], true], [$mine['order_id'], true], [$other['order_id'], false]], array_map(static fn (array $o): array => [$o['order_id'], $o['found']], $answer->data['orders']));
		$this->assertTrue($answer->data['orders'][1]['lines'][0]['eligible']);
		$this->assertFalse($answer->data['orders'][0]['lines'][0]['eligible']);
		$this->assertNotNull($answer->data['orders'][0]['blocked']);

		$this->assertSame(SidecarAnswer::NOT_FOUND, $returns->orderList([], 3)->state, 'nothing to ask: no call');
		$this->assertSame(SidecarAnswer::NOT_FOUND, $returns->orderList([$mine['order_id']], 0)->state, 'guests have no order list');
		$this->assertSame([], $this->logged);
	}

	public function testAGuestReadsEligibilityByTheOrdersEmailInAnyCase(): void {
		$order = ReturnFixtures::order(self::$database->connection, 0, 'Gil@Example.com');

		$answer = $this->returns(self::$sidecar->url)->eligibility($order['order_id'], 0, 'gil@example.com', self::CONTENT_TIMEOUT);

		$this->assertSame(SidecarAnswer::OK, $answer->state, $answer->why);
	}

	public function testAnAcceptedRequestHasACaseTheShopperCanTrack(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$returns = $this->returns(self::$sidecar->url);

		$submission = $returns->submit(self::request($order, 3, 'ann@example.com'), 0);

		$this->assertSame(Submission::ACCEPTED, $submission->outcome, json_encode($submission) . self::$sidecar->output());
		$this->assertTrue(Submission::isReference($submission->case['reference']));

		// Outbox first, then delivered by the synchronous POST: the worker has nothing left to do.
		$rows = ReturnFixtures::outbox(self::$database->connection);
		$row = $rows[count($rows) - 1];
		$this->assertSame($submission->eventId, $row['event_uuid']);
		$this->assertSame('delivered', $row['status']);
		$this->assertSame('Too small & too "tight"', $row['payload']['data']['comment']);

		$tracking = $returns->tracking($submission->case['reference'], 3, '');
		$this->assertSame(SidecarAnswer::OK, $tracking->state, $tracking->why);
		$this->assertSame($order['order_id'], $tracking->data['order_id']);
		$this->assertSame(1, $tracking->data['lines'][0]['quantity']);

		$this->assertSame(SidecarAnswer::NOT_FOUND, $returns->tracking($submission->case['reference'], 4, '')->state);
		$this->assertSame(SidecarAnswer::NOT_FOUND, $returns->tracking('not a reference', 3, '')->state);
	}

	public function testARefusalComesBackWithTheSidecarsErrors(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');

		$submission = $this->returns(self::$sidecar->url)->submit(self::request($order, 3, 'ann@example.com', ['quantity' => 5]), 0);

		$this->assertSame(Submission::REFUSED, $submission->outcome);
		$this->assertArrayHasKey('lines.0.quantity', $submission->errors);
		$row = array_values(array_filter(ReturnFixtures::outbox(self::$database->connection), static fn (array $row): bool => $row['event_uuid'] === $submission->eventId))[0];
		$this->assertSame('delivered', $row['status'], 'a refusal is an outcome: the event is delivered');
	}

	public function testAHangingSidecarIsLeftAfterAboutThreeHundredMilliseconds(): void {
		$server = HangingServer::start();

		try {
			$returns = $this->returns('http://127.0.0.1:' . $server->port);

			foreach (['eligibility' => fn () => $returns->eligibility(7, 3, ''), 'tracking' => fn () => $returns->tracking('R7K2M9QX', 0, 'ann@example.com'), 'order list' => fn () => $returns->orderList([7, 8], 3)] as $read => $call) {
				$start = microtime(true);
				$answer = $call();
				$elapsed = microtime(true) - $start;

				$this->assertSame(SidecarAnswer::UNAVAILABLE, $answer->state, $read);
				$this->assertGreaterThanOrEqual(0.28, $elapsed, $read . ': the server accepted, only the limit ends the call');
				$this->assertLessThan(0.6, $elapsed, $read);
			}

			$this->assertStringContainsString('timed out', $this->logged[0]);
			$this->assertStringNotContainsString('ann@example.com', implode("\n", $this->logged), 'the query with the email is not logged');
		} finally {
			$server->stop();
		}
	}

	public function testWithTheSidecarDownTheRequestIsKeptAndReceived(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$before = count(ReturnFixtures::outbox(self::$database->connection));
		$returns = $this->returns('http://127.0.0.1:' . Processes::freePort());

		$this->assertSame(SidecarAnswer::UNAVAILABLE, $returns->eligibility($order['order_id'], 3, '')->state);

		$submission = $returns->submit(self::request($order, 3, 'ann@example.com'), 0);

		$this->assertSame(Submission::RECEIVED, $submission->outcome);

		$rows = ReturnFixtures::outbox(self::$database->connection);
		$this->assertCount($before + 1, $rows);
		$this->assertSame($submission->eventId, $rows[$before]['event_uuid']);
		$this->assertSame('pending', $rows[$before]['status'], 'left for the worker');
		$this->assertSame(self::request($order, 3, 'ann@example.com'), $rows[$before]['payload']['data']);
	}

	public function testASidecarThatNeverAnswersGetsThreeSecondsThenTheRequestIsReceived(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$server = HangingServer::start();

		try {
			$start = microtime(true);
			$submission = $this->returns('http://127.0.0.1:' . $server->port)->submit(self::request($order, 3, 'ann@example.com'), 0);
			$elapsed = microtime(true) - $start;

			$this->assertSame(Submission::RECEIVED, $submission->outcome);
			$this->assertGreaterThanOrEqual(Returns::SUBMIT_TIMEOUT - 0.1, $elapsed);
			$this->assertLessThan(Returns::SUBMIT_TIMEOUT + 0.5, $elapsed);
			$rows = ReturnFixtures::outbox(self::$database->connection);
			$this->assertSame($submission->eventId, $rows[count($rows) - 1]['event_uuid']);
			$this->assertSame('pending', $rows[count($rows) - 1]['status']);
		} finally {
			$server->stop();
		}
	}

	public function testNoSidecarConfiguredStillKeepsTheRequest(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$returns = $this->returns(null);

		$this->assertSame(SidecarAnswer::UNAVAILABLE, $returns->eligibility($order['order_id'], 3, '')->state);
		$this->assertSame(Submission::RECEIVED, $returns->submit(self::request($order, 3, 'ann@example.com'), 0)->outcome);
	}

	public function testWithoutTheOutboxNothingIsSentAndTheShopperIsToldToRetry(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$before = (int)self::$database->connection->query("SELECT COUNT(*) AS `n` FROM `oc_rebound_case`")[0]['n'];

		// A prefix with no tables: the insert fails, as with a lost database connection.
		$submission = $this->returns(self::$sidecar->url, 'missing_')->submit(self::request($order, 3, 'ann@example.com'), 0);

		$this->assertSame(Submission::FAILED, $submission->outcome);
		$this->assertStringContainsString('could not record return.submitted for order ' . $order['order_id'], $this->logged[0]);
		$this->assertSame($before, (int)self::$database->connection->query("SELECT COUNT(*) AS `n` FROM `oc_rebound_case`")[0]['n'], 'the sidecar never saw it');
	}
}
