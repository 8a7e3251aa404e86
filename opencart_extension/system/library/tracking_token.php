<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The token in a guest's return tracking link (DESIGN.md: "Tokens inside email links … are HMACs the PHP
 * side can verify"), so the page opens from an email without logging in.
 *
 * token = base64url, unpadded, of HMAC-SHA256(key = the secret string's bytes as written,
 *         message = "rebound.track.v1:" . REFERENCE . ":" . email)
 * where the reference is upper-cased and the email trimmed and ASCII-lower-cased. The sidecar makes the same
 * token for the links in its email; both sides check tests/vectors/tracking_token.json. The link carries
 * reference, email and token: the email is what the sidecar's `GET /v1/returns/<reference>?email=` needs.
 *
 * @example
 * $tokens = new TrackingToken($this->config->get('module_rebound_secret'));
 * $token = $tokens->sign('R7K2M9QX', 'ann@example.com');
 * $tokens->verify('R7K2M9QX', 'Ann@Example.com', $token); // true
 */
class TrackingToken {
	private const PREFIX = 'rebound.track.v1:';

	/** @var list<string> current secret first, then the previous one during a rotation */
	private array $secrets;

	/**
	 * @param string $secret         the current secret: signs, and verifies
	 * @param string $previousSecret the previous secret, still accepted while a rotation lasts ('' when none)
	 *
	 * @throws \InvalidArgumentException when a secret is not 64 hexadecimal characters
	 */
	public function __construct(string $secret, string $previousSecret = '') {
		$this->secrets = [self::checkSecret($secret)];

		if ($previousSecret !== '' && $previousSecret !== $secret) {
			$this->secrets[] = self::checkSecret($previousSecret);
		}
	}

	/**
	 * The tokens the store's settings allow, or null when no usable secret is set. The previous secret
	 * counts until `module_rebound_secret_previous_until` (unix seconds), as for Client::fromSettings().
	 *
	 * @param \Closure(string): mixed $setting reads one setting
	 */
	public static function fromSettings(\Closure $setting, ?int $now = null): ?self {
		$previous = (string)$setting('module_rebound_secret_previous');

		if ((int)$setting('module_rebound_secret_previous_until') < ($now ?? time())) {
			$previous = '';
		}

		try {
			return new self((string)$setting('module_rebound_secret'), $previous);
		} catch (\InvalidArgumentException $e) {
			try {
				// A malformed previous secret must not disable the links signed with the current one.
				return new self((string)$setting('module_rebound_secret'));
			} catch (\InvalidArgumentException $e) {
				return null;
			}
		}
	}

	/**
	 * The exact message that is signed.
	 */
	public static function message(string $reference, string $email): string {
		return self::PREFIX . strtoupper(trim($reference)) . ':' . strtolower(trim($email));
	}

	/**
	 * The token for one case and email, with the current secret.
	 */
	public function sign(string $reference, string $email): string {
		return self::digest($this->secrets[0], $reference, $email);
	}

	/**
	 * Whether the token was made for this case and email with the current or the previous secret.
	 */
	public function verify(string $reference, string $email, string $token): bool {
		if ($token === '' || trim($reference) === '' || trim($email) === '') {
			return false;
		}

		$matched = false;

		// Check every secret without stopping early: timing says nothing about which one matched.
		foreach ($this->secrets as $secret) {
			$matched = hash_equals(self::digest($secret, $reference, $email), $token) || $matched;
		}

		return $matched;
	}

	private static function digest(string $secret, string $reference, string $email): string {
		return rtrim(strtr(base64_encode(hash_hmac('sha256', self::message($reference, $email), $secret, true)), '+/', '-_'), '=');
	}

	private static function checkSecret(string $secret): string {
		if (!preg_match('/^[0-9a-fA-F]{64}$/D', $secret)) {
			// Never echo the value: it is a secret even when malformed.
			throw new \InvalidArgumentException('a Rebound secret must be 64 hexadecimal characters');
		}

		return $secret;
	}
}
