<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What the tokens in Rebound's links share (TrackingToken, EmailToken): HMAC-SHA256 keyed with the secret's
 * 64 hex characters as written, the current secret signing, the previous one still accepted while a
 * rotation lasts, and base64url without padding.
 */
abstract class LinkToken {
	/** @var list<string> current secret first, then the previous one during a rotation */
	protected array $secrets;

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
	public static function fromSettings(\Closure $setting, ?int $now = null): ?static {
		$previous = (string)$setting('module_rebound_secret_previous');

		if ((int)$setting('module_rebound_secret_previous_until') < ($now ?? time())) {
			$previous = '';
		}

		try {
			return new static((string)$setting('module_rebound_secret'), $previous);
		} catch (\InvalidArgumentException $e) {
			try {
				// A malformed previous secret must not disable the links signed with the current one.
				return new static((string)$setting('module_rebound_secret'));
			} catch (\InvalidArgumentException $e) {
				return null;
			}
		}
	}

	protected static function b64(string $raw): string {
		return rtrim(strtr(base64_encode($raw), '+/', '-_'), '=');
	}

	private static function checkSecret(string $secret): string {
		if (!preg_match('/^[0-9a-fA-F]{64}$/D', $secret)) {
			// Never echo the value: it is a secret even when malformed.
			throw new \InvalidArgumentException('a Rebound secret must be 64 hexadecimal characters');
		}

		return $secret;
	}
}
