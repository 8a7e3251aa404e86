<?php
use Opencart\System\Library\Extension\Rebound\Event;
use Opencart\System\Library\Extension\Rebound\Migrator;
use Opencart\System\Library\Extension\Rebound\Outbox;
use PHPUnit\Framework\TestCase;

/**
 * Events and the outbox row, against the real MariaDB with tables made by the Migrator.
 */
final class OutboxTest extends TestCase {
	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore(opencart: false);
		(new Migrator(self::$database->connection, 'shop_', REBOUND_MIGRATIONS))->migrate();
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function row(string $eventId, string $prefix = 'oc_'): array {
		$rows = self::$database->connection->query("SELECT * FROM `" . $prefix . "rebound_event` WHERE `event_uuid` = '" . self::$database->connection->escape($eventId) . "'");
		self::assertCount(1, $rows);

		return $rows[0];
	}

	public function testEnvelopeHasExactlyTheBridgeFields(): void {
		$now = new \DateTimeImmutable('2026-11-26 14:00:00.123456', new \DateTimeZone('Europe/Berlin'));
		$event = Event::create('order.status_changed', ['order_id' => 7, 'notify' => false, 'comment' => ''], 3, $now);

		$this->assertSame([
			'id'         => $event->id,
			'type'       => 'order.status_changed',
			'store_id'   => 3,
			'created_at' => '2026-11-26T13:00:00.123456Z',
			'data'       => ['order_id' => 7, 'notify' => false, 'comment' => '']
		], json_decode($event->json(), true, 512, JSON_THROW_ON_ERROR));
	}

	public function testIdsAreLowerCaseUuidVersion4AndUnique(): void {
		$ids = [];

		for ($i = 0; $i < 200; $i++) {
			$ids[] = Event::create('review.submitted', [])->id;
		}

		foreach ($ids as $id) {
			$this->assertMatchesRegularExpression('/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/D', $id);
		}

		$this->assertCount(200, array_unique($ids));
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function badTypes(): array {
		return [
			'empty'        => [''],
			'no dot'       => ['order'],
			'upper case'   => ['Order.status_changed'],
			'trailing dot' => ['order.'],
			'quote'        => ["order.x'"],
			'too long'     => ['a.' . str_repeat('b', 63)]
		];
	}

	/**
	 * @dataProvider badTypes
	 */
	public function testRefusesAMalformedType(string $type): void {
		$this->expectException(\InvalidArgumentException::class);

		Event::create($type, []);
	}

	public function testAddInsertsAPendingRowWhosePayloadIsTheEnvelope(): void {
		$event = Event::create('return.requested', ['return_id' => 12, 'order_id' => 7, 'customer_id' => 0, 'product_id' => 40, 'quantity' => 1], 2);

		(new Outbox(self::$database->connection, 'oc_'))->add($event);

		$row = self::row($event->id);

		$this->assertSame('return.requested', $row['type']);
		$this->assertSame(2, (int)$row['store_id']);
		$this->assertSame($event->json(), $row['payload']);
		$this->assertSame('pending', $row['status']);
		$this->assertSame(0, (int)$row['attempts']);
		$this->assertNull($row['delivered_at']);
		$this->assertNull($row['next_attempt_at']);
		// UTC with microseconds, whatever the session's time zone (+05:30 here, as OpenCart sets its own).
		$this->assertSame($event->createdAt->format('Y-m-d H:i:s.u'), $row['created_at']);
		$this->assertSame('UTC', $event->createdAt->getTimezone()->getName());
		$this->assertEqualsWithDelta(time(), $event->createdAt->getTimestamp(), 5);
	}

	public function testTextIsStoredExactlyWhateverItHolds(): void {
		$comment = "It's \\ broken'); DROP TABLE `oc_rebound_event`; -- \"quoted\" ünïcödé 😀 &amp; <b>";
		$event = Event::create('order.status_changed', ['order_id' => 1, 'comment' => $comment]);

		(new Outbox(self::$database->connection, 'oc_'))->add($event);

		$row = self::row($event->id);

		$this->assertSame($event->json(), $row['payload']);
		$this->assertSame($comment, json_decode($row['payload'], true)['data']['comment']);
		$this->assertStringContainsString('😀', $row['payload']);
	}

	public function testInvalidUtf8IsReplacedNotFatal(): void {
		$event = Event::create('order.status_changed', ['order_id' => 1, 'comment' => "bad \xC3\x28 byte"]);

		(new Outbox(self::$database->connection, 'oc_'))->add($event);

		$this->assertSame("bad \u{FFFD}( byte", json_decode(self::row($event->id)['payload'], true)['data']['comment']);
	}

	public function testTheSameEventCannotBeAddedTwice(): void {
		$outbox = new Outbox(self::$database->connection, 'oc_');
		$event = Event::create('review.moderated', ['review_id' => 1, 'status' => 1]);
		$outbox->add($event);

		$this->expectException(\mysqli_sql_exception::class);

		$outbox->add($event);
	}

	public function testUsesTheStoresPrefix(): void {
		$event = Event::create('review.moderated', ['review_id' => 2, 'status' => 0]);

		(new Outbox(self::$database->connection, 'shop_'))->add($event);

		$this->assertSame($event->json(), self::row($event->id, 'shop_')['payload']);
		$this->assertNull((new Outbox(self::$database->connection, 'oc_'))->find($event->id));
	}

	public function testFailsLoudlyWhenTheTableIsMissing(): void {
		$this->expectException(\mysqli_sql_exception::class);

		(new Outbox(self::$database->connection, 'none_'))->add(Event::create('review.moderated', ['review_id' => 3, 'status' => 0]));
	}
}
