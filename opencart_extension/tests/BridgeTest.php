<?php
use Opencart\System\Library\Extension\Rebound\Bridge;
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\Outbox;
use PHPUnit\Framework\TestCase;

/**
 * Bridge::record(): the outbox row always, the sidecar only after the response is flushed, and never an
 * exception out of the ringing.
 */
final class BridgeTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';

	use LiveSidecar;

	/** @var list<string> */
	private array $logged = [];
	private int $flushed = 0;

	public static function setUpBeforeClass(): void {
		self::openStore();
	}

	private function outbox(string $prefix = 'oc_'): Outbox {
		return new Outbox(self::$database->connection, $prefix);
	}

	/**
	 * A Bridge as under PHP-FPM: flushing the response is simulated and counted.
	 */
	private function bridge(?Client $client, string $prefix = 'oc_'): Bridge {
		return new Bridge(
			$this->outbox($prefix),
			$client,
			function (string $line): void {
				$this->logged[] = $line;
			},
			function (): bool {
				$this->flushed++;

				return true;
			}
		);
	}

	private static function status(string $eventId): string {
		return (string)(new Outbox(self::$database->connection, 'oc_'))->find($eventId)['status'];
	}

	public function testRecordsEvenWhenTheSidecarIsDown(): void {
		$bridge = $this->bridge(new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET));

		$event = $bridge->record('order.status_changed', ['order_id' => 7, 'order_status_id' => 5, 'previous_status_id' => 1, 'order_history_id' => 3, 'notify' => false, 'comment' => ''], 0);

		$this->assertSame('pending', self::status($event->id));
		$this->assertSame(1, $bridge->queued());
		$this->assertSame(0, $this->flushed, 'nothing happens before the response is done');

		$start = microtime(true);
		$bridge->ring();

		$this->assertLessThan(Client::EVENT_TIMEOUT + 0.3, microtime(true) - $start);
		$this->assertSame(1, $this->flushed);
		$this->assertSame(0, $bridge->queued());
		$this->assertSame('pending', self::status($event->id), 'the worker delivers it later');
		$this->assertCount(1, $this->logged);
		$this->assertStringContainsString($event->id, $this->logged[0]);
		$this->assertStringNotContainsString(self::SECRET, $this->logged[0]);
	}

	public function testASidecarThatHangsCostsAtMostASecondPerEventAfterTheResponse(): void {
		$server = HangingServer::start();

		try {
			$bridge = $this->bridge(new Client('http://127.0.0.1:' . $server->port, self::SECRET));
			$event = $bridge->record('review.moderated', ['review_id' => 5, 'status' => 1], 0);

			$start = microtime(true);
			$bridge->ring();
			$elapsed = microtime(true) - $start;

			$this->assertGreaterThanOrEqual(0.9, $elapsed);
			$this->assertLessThan(1.3, $elapsed);
			$this->assertSame('pending', self::status($event->id));
			$this->assertStringContainsString('timed out', $this->logged[0] ?? '');
		} finally {
			$server->stop();
		}
	}

	public function testRingsTheSidecarWhichDeliversEachEvent(): void {
		if (self::$sidecar === null) {
			self::startSidecar(self::SECRET);
		}

		$bridge = $this->bridge(self::client());

		$first = $bridge->record('review.moderated', ['review_id' => 11, 'status' => 1], 0);
		$second = $bridge->record('return.status_changed', ['return_id' => 4, 'return_status_id' => 2, 'notify' => true, 'comment' => 'Got it'], 0);

		$this->assertSame(2, $bridge->queued());

		$bridge->ring();

		$this->assertSame([], $this->logged, self::$sidecar->output());
		$this->assertSame(1, $this->flushed, 'the response is flushed once, before the first POST');
		$this->assertSame('delivered', self::status($first->id));
		$this->assertSame('delivered', self::status($second->id));
	}

	public function testWithoutAWayToFlushTheResponseTheSidecarIsNeverRung(): void {
		$this->assertFalse(function_exists('fastcgi_finish_request') || function_exists('litespeed_finish_request'), 'this test needs the CLI SAPI');
		$this->assertNull(Bridge::finisher());

		$bridge = new Bridge($this->outbox(), new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET), function (string $line): void {
			$this->logged[] = $line;
		});

		$event = $bridge->record('review.moderated', ['review_id' => 6, 'status' => 0], 0);

		$this->assertSame('pending', self::status($event->id));
		$this->assertSame(0, $bridge->queued());
		$bridge->ring();
		$this->assertSame([], $this->logged);
	}

	public function testWithoutSidecarSettingsTheEventIsOnlyRecorded(): void {
		$bridge = $this->bridge(null);

		$event = $bridge->record('review.moderated', ['review_id' => 7, 'status' => 1], 0);

		$this->assertSame('pending', self::status($event->id));
		$this->assertSame(0, $bridge->queued());
		$bridge->ring();
		$this->assertSame(0, $this->flushed);
	}

	public function testAFailedInsertIsNotSwallowedHereAndNothingIsQueued(): void {
		// The handlers catch and log it; the Bridge must not pretend the event was recorded.
		$bridge = $this->bridge(new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET), 'missing_');

		try {
			$bridge->record('review.moderated', ['review_id' => 8, 'status' => 1], 0);
			$this->fail('record() returned although nothing was stored');
		} catch (\mysqli_sql_exception $e) {
			$this->assertStringContainsString('missing_rebound_event', $e->getMessage());
		}

		$this->assertSame(0, $bridge->queued());
	}
}
