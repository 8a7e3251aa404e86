<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What one request to the sidecar came back with: an HTTP answer, or the transport error instead.
 */
class ClientResponse {
	/**
	 * @param int    $status  the HTTP status; 0 when no answer arrived
	 * @param string $body    the raw body ('' when none)
	 * @param string $error   curl's message when no answer arrived ('' otherwise)
	 * @param bool   $timeout whether the request was cut off by its time limit
	 * @param float  $seconds the round trip, or the time until it failed
	 */
	public function __construct(
		public readonly int $status,
		public readonly string $body,
		public readonly string $error = '',
		public readonly bool $timeout = false,
		public readonly float $seconds = 0.0
	) {
	}

	public function ok(): bool {
		return $this->status >= 200 && $this->status < 300;
	}

	/**
	 * The body decoded as a JSON object, or null when it is not one.
	 *
	 * @return array<string, mixed>|null
	 */
	public function json(): ?array {
		$decoded = json_decode($this->body, true);

		return is_array($decoded) ? $decoded : null;
	}

	/**
	 * The error envelope's code (`{"error": {"code": …}}`), or ''.
	 */
	public function errorCode(): string {
		$code = $this->json()['error']['code'] ?? '';

		return is_string($code) ? $code : '';
	}
}
