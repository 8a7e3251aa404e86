<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What became of a shopper's return request (docs/returns-api.md, "Submitting a return").
 *
 * - accepted: the sidecar made a case; `case` holds at least its reference and status;
 * - refused: the sidecar applied the request and refused it; `errors` is keyed by the event's fields
 *   (`lines.0.quantity`, `order_id`, …);
 * - received: the request is in the outbox but the sidecar did not answer in time (or is not configured,
 *   or answered something this page cannot read): the worker delivers it, email confirms;
 * - failed: not even the outbox took it, so nothing was recorded and the shopper must try again.
 */
class Submission {
	public const ACCEPTED = 'accepted';
	public const REFUSED = 'refused';
	public const RECEIVED = 'received';
	public const FAILED = 'failed';

	/**
	 * @param array<string, mixed>  $case
	 * @param array<string, string> $errors
	 */
	public function __construct(
		public readonly string $outcome,
		public readonly string $eventId = '',
		public readonly array $case = [],
		public readonly array $errors = []
	) {
	}

	/**
	 * Reads the sidecar's answer to the POST of event $eventId; null (no answer) means received.
	 */
	public static function fromResponse(string $eventId, ?ClientResponse $response): self {
		if (!$response || !$response->ok()) {
			return new self(self::RECEIVED, $eventId);
		}

		$result = $response->json()['result'] ?? null;

		if (!is_array($result)) {
			return new self(self::RECEIVED, $eventId);
		}

		$outcome = $result['outcome'] ?? '';

		if ($outcome === self::ACCEPTED && is_array($result['case'] ?? null) && self::isReference($result['case']['reference'] ?? null)) {
			return new self(self::ACCEPTED, $eventId, $result['case']);
		}

		if ($outcome === self::REFUSED) {
			$errors = [];

			foreach (is_array($result['errors'] ?? null) ? $result['errors'] : [] as $field => $message) {
				// Marshmallow-style lists of messages are joined; anything else is not shown.
				if (is_array($message)) {
					$message = implode(' ', array_filter($message, 'is_string'));
				}

				if (is_string($message) && $message !== '') {
					$errors[(string)$field] = $message;
				}
			}

			return new self(self::REFUSED, $eventId, [], $errors);
		}

		return new self(self::RECEIVED, $eventId);
	}

	/**
	 * A case reference as the sidecar makes them: upper-case letters and digits.
	 */
	public static function isReference(mixed $value): bool {
		return is_string($value) && preg_match('/^[A-Z0-9]{4,16}$/D', $value) === 1;
	}
}
