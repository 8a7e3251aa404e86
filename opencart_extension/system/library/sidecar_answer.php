<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What a storefront page got from a read of the sidecar (eligibility, tracking), reduced to the three
 * things a page acts on: the data, "no such thing for this shopper", or "not available now".
 */
class SidecarAnswer {
	public const OK = 'ok';
	public const NOT_FOUND = 'not_found';
	public const UNAVAILABLE = 'unavailable';

	/**
	 * @param string               $state OK, NOT_FOUND or UNAVAILABLE
	 * @param array<string, mixed> $data  the decoded body when OK, else []
	 * @param string               $why   for the log when UNAVAILABLE: timeout, HTTP status, …
	 */
	public function __construct(public readonly string $state, public readonly array $data = [], public readonly string $why = '') {
	}

	public static function fromResponse(ClientResponse $response): self {
		if ($response->status === 200) {
			$data = $response->json();

			return $data !== null ? new self(self::OK, $data) : new self(self::UNAVAILABLE, [], 'HTTP 200 with a body that is not a JSON object');
		}

		if ($response->status === 404) {
			return new self(self::NOT_FOUND);
		}

		if ($response->status === 0) {
			return new self(self::UNAVAILABLE, [], $response->timeout ? 'timed out after ' . round($response->seconds * 1000) . ' ms' : $response->error);
		}

		return new self(self::UNAVAILABLE, [], 'HTTP ' . $response->status . ($response->errorCode() !== '' ? ' ' . $response->errorCode() : ''));
	}

	public function ok(): bool {
		return $this->state === self::OK;
	}
}
