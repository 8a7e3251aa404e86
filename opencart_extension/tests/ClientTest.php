<?php
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\Event;
use Opencart\System\Library\Extension\Rebound\HealthReport;
use Opencart\System\Library\Extension\Rebound\Migrator;
use Opencart\System\Library\Extension\Rebound\Outbox;
use PHPUnit\Framework\TestCase;

/**
 * The Client against a real `rebound serve`, a port where nothing listens, and a server that never answers.
 */
final class ClientTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';
	private const OTHER = '4d6d8f79a6060d73ec9bd0f3d47aa91ce7a286928bceeccb33f0e0fc08dc3ccc';

	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore();
		self::startSidecar(self::SECRET);
	}

	/**
	 * An event recorded in the outbox as a handler would, for a review that exists in the store.
	 */
	private static function recordReview(): Event {
		$connection = self::$database->connection;
		$connection->query("INSERT INTO `oc_review` SET `product_id` = '40', `customer_id` = '0', `author` = 'Ann', `text` = 'Great phone, works as promised for weeks.', `rating` = '5', `status` = '0', `date_added` = NOW(), `date_modified` = NOW()");
		$reviewId = (int)$connection->mysqli->insert_id;

		$event = Event::create('review.submitted', ['review_id' => $reviewId, 'product_id' => 40, 'customer_id' => 0, 'rating' => 5], 0);
		(new Outbox($connection, 'oc_'))->add($event);

		return $event;
	}

	private static function statusOf(Event $event): string {
		return (string)(new Outbox(self::$database->connection, 'oc_'))->find($event->id)['status'];
	}

	/**
	 * Polls the outbox row until it leaves `pending`, for at most $seconds.
	 */
	private static function awaitStatus(Event $event, float $seconds = 10.0): string {
		$deadline = microtime(true) + $seconds;

		while (($status = self::statusOf($event)) === 'pending' && microtime(true) < $deadline) {
			usleep(20000);
		}

		return $status;
	}

	public function testHealthAnswersWithTheSchemaTheMigratorMade(): void {
		$response = self::client()->health();

		$this->assertSame(200, $response->status, $response->body . self::$sidecar->output());

		$report = HealthReport::fromResponse($response, time(), (new Migrator(self::$database->connection, 'oc_', REBOUND_MIGRATIONS))->latest());

		// No worker runs in this test: that, and only that, is reported.
		$this->assertSame(['worker_down'], $report->codes());
		$this->assertSame($report->facts['schema_expected'], $report->facts['schema_version']);
		$this->assertEqualsWithDelta(0, $report->facts['clock_offset_s'], 2);
		$this->assertLessThan(1000, $report->facts['latency_ms']);
	}

	public function testASignedEventIsAcceptedAndItsOutboxRowDelivered(): void {
		$event = self::recordReview();
		$this->assertSame('pending', self::statusOf($event));

		$this->assertTrue(self::client()->sendEvent($event->json()), self::$sidecar->output());

		$this->assertSame('delivered', self::awaitStatus($event));

		// A retry of the same event is accepted again without a second effect.
		$retry = self::client()->request('POST', '/v1/events', $event->json());
		$this->assertSame(200, $retry->status);
		$this->assertSame('duplicate', $retry->json()['status'] ?? null);
		$this->assertSame($event->id, $retry->json()['id'] ?? null);
	}

	public function testAWrongSecretIsRefusedWith401BadSignature(): void {
		$event = self::recordReview();
		$client = new Client(self::$sidecar->url, self::OTHER);

		$this->assertFalse($client->sendEvent($event->json()));
		$this->assertSame('pending', self::statusOf($event));

		$response = $client->health();
		$this->assertSame(401, $response->status);
		$this->assertSame('bad_signature', $response->errorCode());
		$this->assertSame(['bad_signature'], HealthReport::fromResponse($response, time())->codes());
	}

	public function testDuringARotationEitherSecretOnTheSidecarAcceptsTheRequest(): void {
		// The store has rotated to OTHER and still signs with SECRET; this sidecar knows only SECRET.
		$event = self::recordReview();

		$this->assertTrue((new Client(self::$sidecar->url, self::OTHER, self::SECRET))->sendEvent($event->json()), self::$sidecar->output());
		$this->assertSame('delivered', self::awaitStatus($event));
		$this->assertSame(200, (new Client(self::$sidecar->url, self::SECRET, self::OTHER))->health()->status);
	}

	public function testAClockOutsideTheToleranceIsReportedAsSkewWithTheDifference(): void {
		$skewed = time() - 1000;
		$response = self::client()->request('GET', '/v1/health', '', Client::CHECK_TIMEOUT, $skewed);

		$this->assertSame(401, $response->status);
		$this->assertSame('clock_skew', $response->errorCode());

		// Read as if this server's clock said $skewed: the sidecar's is about 1000 s ahead.
		$report = HealthReport::fromResponse($response, $skewed);
		$this->assertSame(['clock_skew'], $report->codes());
		$this->assertEqualsWithDelta(1000, $report->problems[0]['values']['offset'], 3);
	}

	public function testNothingListeningFailsFastAndQuietly(): void {
		$client = new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET);

		$start = microtime(true);
		$sent = $client->sendEvent(Event::create('review.moderated', ['review_id' => 1, 'status' => 1])->json());
		$elapsed = microtime(true) - $start;

		$this->assertFalse($sent);
		$this->assertLessThan(Client::EVENT_TIMEOUT, $elapsed);

		$response = $client->health();
		$this->assertSame(0, $response->status);
		$this->assertFalse($response->timeout);
		$this->assertStringContainsString('onnect', $response->error);
		$this->assertSame(['unreachable'], HealthReport::fromResponse($response, time())->codes());
	}

	public function testAServerThatNeverAnswersIsCutOffAfterOneSecond(): void {
		$server = HangingServer::start();

		try {
			$client = new Client('http://127.0.0.1:' . $server->port, self::SECRET);

			$start = microtime(true);
			$sent = $client->sendEvent(Event::create('review.moderated', ['review_id' => 1, 'status' => 1])->json());
			$elapsed = microtime(true) - $start;

			$this->assertFalse($sent);
			$this->assertGreaterThanOrEqual(0.9, $elapsed, 'the server accepted the connection: only the time limit can end the call');
			$this->assertLessThan(1.3, $elapsed);

			$response = $client->request('GET', '/v1/health', '', 0.3);
			$this->assertSame(0, $response->status);
			$this->assertTrue($response->timeout);
			$this->assertSame(['timeout'], HealthReport::fromResponse($response, time())->codes());
		} finally {
			$server->stop();
		}
	}

	public function testRequestsAskedAtOnceComeBackUnderTheirOwnKeys(): void {
		$event = Event::create('review.moderated', ['review_id' => 1, 'status' => 1])->json();

		$responses = self::client()->requestAll(['health' => ['GET', '/v1/health'], 'nowhere' => ['GET', '/v1/nowhere'], 7 => ['POST', '/v1/events', $event]], 10.0);

		$this->assertSame(['health', 'nowhere', 7], array_keys($responses));
		$this->assertSame([200, 404, 200], array_map(static fn ($response): int => $response->status, array_values($responses)), self::$sidecar->output());
		$this->assertIsArray($responses['health']->json()['schema'] ?? null, $responses['health']->body);
		$this->assertSame('not_found', $responses['nowhere']->errorCode());
	}

	public function testRequestsAskedAtOnceAreInFlightTogetherUpToTheCap(): void {
		// This server answers only while it holds four connections at once.
		$server = HangingServer::start(4);

		try {
			$client = new Client('http://127.0.0.1:' . $server->port, self::SECRET);
			$four = array_fill(0, 4, ['GET', '/v1/health']);

			$together = $client->requestAll($four, 5.0, 4);
			$this->assertSame([200, 200, 200, 200], array_map(static fn ($response): int => $response->status, $together));
			$this->assertSame(['held' => 4], $together[3]->json());

			$twoAtATime = $client->requestAll($four, 0.5, 2);
			$this->assertSame([true, true, true, true], array_map(static fn ($response): bool => $response->timeout, $twoAtATime), 'never four open at once');
		} finally {
			$server->stop();
		}

		$unreachable = (new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET))->requestAll(['a' => ['GET', '/v1/health'], 'b' => ['GET', '/v1/health']], 1.0);
		$this->assertSame(['a', 'b'], array_keys($unreachable));
		$this->assertSame([0, 0], [$unreachable['a']->status, $unreachable['b']->status]);
		$this->assertStringContainsString('onnect', $unreachable['b']->error);
	}

	/**
	 * @return array<string, array{0: string, 1: bool}>
	 */
	public static function urls(): array {
		return [
			'ip and port'      => ['http://127.0.0.1:8765', true],
			'trailing slash'   => ['http://127.0.0.1:8765/', true],
			'https host'       => ['https://sidecar.internal', true],
			'ipv6'             => ['http://[::1]:8765', true],
			'path'             => ['http://127.0.0.1:8765/rebound', false],
			'query'            => ['http://127.0.0.1:8765?x=1', false],
			'no scheme'        => ['127.0.0.1:8765', false],
			'other scheme'     => ['file:///etc/passwd', false],
			'credentials'      => ['http://user:pass@127.0.0.1:8765', false],
			'port zero'        => ['http://127.0.0.1:0', false],
			'port too big'     => ['http://127.0.0.1:70000', false],
			'empty'            => ['', false],
			'newline'          => ["http://127.0.0.1:8765\n", false]
		];
	}

	/**
	 * @dataProvider urls
	 */
	public function testAcceptsOnlySchemeHostAndPort(string $url, bool $valid): void {
		$this->assertSame($valid, Client::checkUrl($url) === '');
	}

	public function testSettingsGiveAClientOnlyWhenComplete(): void {
		$settings = [
			'module_rebound_sidecar_url'           => 'http://127.0.0.1:8765',
			'module_rebound_secret'                => self::SECRET,
			'module_rebound_secret_previous'       => 'not a secret',
			'module_rebound_secret_previous_until' => '1000'
		];
		$get = static fn (array $settings): \Closure => static fn (string $key): mixed => $settings[$key] ?? null;

		// An expired previous secret is not used at all, so even a malformed one does no harm.
		$this->assertInstanceOf(Client::class, Client::fromSettings($get($settings), 2000));
		$this->assertNull(Client::fromSettings($get($settings), 500));
		$this->assertNull(Client::fromSettings($get(['module_rebound_secret' => ''] + $settings), 2000));
		$this->assertNull(Client::fromSettings($get(['module_rebound_sidecar_url' => 'ftp://x'] + $settings), 2000));
	}
}
