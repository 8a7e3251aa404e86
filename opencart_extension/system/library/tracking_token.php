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
class TrackingToken extends LinkToken {
	private const PREFIX = 'rebound.track.v1:';

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
		return self::b64(hash_hmac('sha256', self::message($reference, $email), $secret, true));
	}
}
