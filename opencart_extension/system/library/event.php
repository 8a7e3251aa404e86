<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * One event as the sidecar receives it (docs/bridge.md, "The envelope"):
 * `{"id", "type", "store_id", "created_at", "data"}`.
 *
 * The id is the event's for ever (a retry sends the same one); json() is the exact body that is stored
 * in the outbox and POSTed to /v1/events.
 */
class Event {
	private const TYPE_PATTERN = '/^[a-z_]+(\.[a-z_]+)+$/D';

	/**
	 * @param array<string, mixed> $data
	 */
	private function __construct(
		public readonly string $id,
		public readonly string $type,
		public readonly int $storeId,
		public readonly \DateTimeImmutable $createdAt,
		public readonly array $data
	) {
	}

	/**
	 * A new event with a fresh UUID v4, created now (or at $now) in UTC.
	 *
	 * @param array<string, mixed> $data
	 *
	 * @throws \InvalidArgumentException for a type that is not dotted lower-case words of at most 64 characters
	 */
	public static function create(string $type, array $data, int $storeId = 0, ?\DateTimeImmutable $now = null): self {
		if (strlen($type) > 64 || !preg_match(self::TYPE_PATTERN, $type)) {
			throw new \InvalidArgumentException('Rebound event type must be dotted lower-case words: ' . $type);
		}

		$now = ($now ?? new \DateTimeImmutable('now'))->setTimezone(new \DateTimeZone('UTC'));

		return new self(self::uuid4(), $type, $storeId, $now, $data);
	}

	/**
	 * The envelope as JSON: the body of POST /v1/events and the outbox row's payload.
	 */
	public function json(): string {
		return json_encode([
			'id'         => $this->id,
			'type'       => $this->type,
			'store_id'   => $this->storeId,
			'created_at' => $this->createdAt->format('Y-m-d\TH:i:s.u\Z'),
			'data'       => $this->data
		], JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR);
	}

	/**
	 * A random UUID version 4, lower case.
	 */
	public static function uuid4(): string {
		$bytes = random_bytes(16);
		$bytes[6] = chr((ord($bytes[6]) & 0x0f) | 0x40);
		$bytes[8] = chr((ord($bytes[8]) & 0x3f) | 0x80);

		return vsprintf('%s%s-%s-%s-%s-%s%s%s', str_split(bin2hex($bytes), 4));
	}
}
