<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Signs and verifies requests between the store and the sidecar (DESIGN.md, "Request signing").
 *
 * Headers Rebound-Id, Rebound-Timestamp (unix seconds) and Rebound-Signature (`v1,<base64 HMAC-SHA256>`,
 * several separated by spaces), signed over `{id}.{timestamp}.{METHOD}.{path with query}.{body}`. The key
 * is the secret string's bytes as written (64 hex characters, not decoded). The Python mirror is
 * sidecar/signing.py; both are checked against tests/vectors/signing.json.
 *
 * @example
 * $signer = new Signer($this->config->get('module_rebound_secret'));
 * $headers = $signer->headers('GET', '/v1/orders/7/eligibility?customer_id=3');
 */
class Signer {
	public const TOLERANCE = 300;
	public const ID_HEADER = 'Rebound-Id';
	public const TIMESTAMP_HEADER = 'Rebound-Timestamp';
	public const SIGNATURE_HEADER = 'Rebound-Signature';
	private const VERSION = 'v1';

	/** @var list<string> current secret first, then the previous one during a rotation */
	private array $secrets;

	/**
	 * @param string $secret         the current secret, used to sign and to verify
	 * @param string $previousSecret the previous secret, still accepted when verifying ('' when none)
	 *
	 * @throws \InvalidArgumentException when a secret is not 64 hexadecimal characters
	 */
	public function __construct(string $secret, string $previousSecret = '') {
		$this->secrets = [self::checkSecret($secret)];

		if ($previousSecret !== '') {
			$this->secrets[] = self::checkSecret($previousSecret);
		}
	}

	/**
	 * The Rebound-Signature value for one request: `v1,<base64>`.
	 */
	public function sign(string $id, int $timestamp, string $method, string $pathWithQuery, string $body): string {
		return self::VERSION . ',' . self::digest($this->secrets[0], $id, $timestamp, $method, $pathWithQuery, $body);
	}

	/**
	 * The three Rebound-* headers for a request, as name => value; a fresh id and the current time unless given.
	 *
	 * @return array<string, string>
	 */
	public function headers(string $method, string $pathWithQuery, string $body = '', ?string $id = null, ?int $timestamp = null): array {
		$id = $id ?? 'msg_' . bin2hex(random_bytes(16));
		$timestamp = $timestamp ?? time();

		return [
			self::ID_HEADER        => $id,
			self::TIMESTAMP_HEADER => (string)$timestamp,
			self::SIGNATURE_HEADER => $this->sign($id, $timestamp, $method, $pathWithQuery, $body)
		];
	}

	/**
	 * Returns quietly when the request was signed with the current or the previous secret.
	 *
	 * @param array<string, string|list<string>> $headers header name => value; names in any case
	 * @param string                             $path    the path with its query string, exactly as sent
	 * @param string                             $body    the raw body ('' for a GET)
	 * @param int|null                           $now     unix seconds; the clock when null
	 *
	 * @throws SignatureError naming the check that failed
	 */
	public function verify(array $headers, string $method, string $path, string $body, ?int $now = null): void {
		$id = self::header($headers, self::ID_HEADER);

		if ($id === '') {
			throw new SignatureError('Missing ' . self::ID_HEADER . ' header');
		}

		$rawTimestamp = self::header($headers, self::TIMESTAMP_HEADER);

		if ($rawTimestamp === '') {
			throw new SignatureError('Missing ' . self::TIMESTAMP_HEADER . ' header');
		}

		$rawSignatures = self::header($headers, self::SIGNATURE_HEADER);

		if ($rawSignatures === '') {
			throw new SignatureError('Missing ' . self::SIGNATURE_HEADER . ' header');
		}

		// At most 18 digits, so the value fits a 64-bit int; the Python mirror has the same limit.
		if (!preg_match('/^[0-9]{1,18}$/D', $rawTimestamp)) {
			throw new SignatureError('Invalid ' . self::TIMESTAMP_HEADER . ' header: expected whole unix seconds');
		}

		$timestamp = (int)$rawTimestamp;
		$now = $now ?? time();

		if ($timestamp < $now - self::TOLERANCE) {
			throw new SignatureError(self::TIMESTAMP_HEADER . ' is too old (more than ' . self::TOLERANCE . " s behind this server's clock)");
		}

		if ($timestamp > $now + self::TOLERANCE) {
			throw new SignatureError(self::TIMESTAMP_HEADER . ' is too far in the future (more than ' . self::TOLERANCE . " s ahead of this server's clock)");
		}

		$candidates = [];

		foreach (explode(' ', $rawSignatures) as $part) {
			$pieces = explode(',', $part, 2);

			if ($pieces[0] === self::VERSION && isset($pieces[1]) && $pieces[1] !== '') {
				$candidates[] = $pieces[1];
			}
		}

		if (!$candidates) {
			throw new SignatureError(self::SIGNATURE_HEADER . ' has no ' . self::VERSION . ' signature');
		}

		// Compare every pair without stopping early, so timing says nothing about which one matched.
		$matched = false;

		foreach ($this->secrets as $secret) {
			$expected = self::digest($secret, $id, $timestamp, $method, $path, $body);

			foreach ($candidates as $candidate) {
				$matched = hash_equals($expected, $candidate) || $matched;
			}
		}

		if (!$matched) {
			throw new SignatureError('No ' . self::SIGNATURE_HEADER . ' matches this request');
		}
	}

	private static function digest(string $secret, string $id, int $timestamp, string $method, string $path, string $body): string {
		$message = $id . '.' . $timestamp . '.' . strtoupper($method) . '.' . $path . '.' . $body;

		return base64_encode(hash_hmac('sha256', $message, $secret, true));
	}

	/**
	 * @param array<string, string|list<string>> $headers
	 */
	private static function header(array $headers, string $name): string {
		$value = $headers[$name] ?? null;

		// HTTP header names are case-insensitive.
		if ($value === null) {
			foreach ($headers as $key => $candidate) {
				if (strcasecmp((string)$key, $name) === 0) {
					$value = $candidate;

					break;
				}
			}
		}

		if (is_array($value)) {
			$value = implode(' ', $value);
		}

		return trim((string)$value, " \t");
	}

	private static function checkSecret(string $secret): string {
		if (!preg_match('/^[0-9a-fA-F]{64}$/D', $secret)) {
			// Never echo the value: it is a secret even when malformed.
			throw new \InvalidArgumentException('a Rebound secret must be 64 hexadecimal characters');
		}

		return $secret;
	}
}
