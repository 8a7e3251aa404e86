<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The token in the unsubscribe and survey links of Rebound's email (docs/email.md, "Link tokens"):
 *
 * token = "v1" "." purpose "." email_id "." b64url(address) "." b64url(mac)
 * mac   = HMAC-SHA256(key = the secret's 64 hex characters as written,
 *                     message = "rebound.email.v1:" purpose ":" email_id ":" address)
 *
 * purpose is unsubscribe, csat, nps or review (a review request's product links); email_id the
 * rebound_email row (decimal, no leading zeros, ≥ 1); the address trimmed and ASCII-lower-cased; b64url
 * the URL-safe alphabet without padding, canonical only. The sidecar makes them (sidecar/mail/tokens.py);
 * both sides check tests/vectors/tokens.json. Tokens do not expire.
 *
 * @example
 * $tokens = EmailToken::fromSettings(fn (string $key): mixed => $this->config->get($key));
 * $claims = $tokens?->verify($token); // ['purpose' => 'unsubscribe', 'email_id' => 12, 'address' => 'ann@example.com'] or null
 */
class EmailToken extends LinkToken {
	public const PURPOSES = ['unsubscribe', 'csat', 'nps', 'review'];

	private const PREFIX = 'rebound.email.v1:';

	/**
	 * The recipient as tokens carry it: trimmed as PHP's trim() does and ASCII-lower-cased (never multibyte).
	 */
	public static function canonical(string $address): string {
		return strtr(trim($address, " \t\r\n\0\x0B"), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
	}

	/**
	 * The exact message that is signed.
	 */
	public static function message(string $purpose, int $emailId, string $address): string {
		return self::PREFIX . $purpose . ':' . $emailId . ':' . self::canonical($address);
	}

	/**
	 * The token for one email's link, with the current secret.
	 *
	 * @throws \InvalidArgumentException for an unknown purpose or an email_id below 1
	 */
	public function sign(string $purpose, int $emailId, string $address): string {
		if (!in_array($purpose, self::PURPOSES, true) || $emailId < 1) {
			throw new \InvalidArgumentException('an email token needs a known purpose and an email_id of at least 1');
		}

		return implode('.', ['v1', $purpose, (string)$emailId, self::b64(self::canonical($address)), self::b64(self::mac($this->secrets[0], $purpose, (string)$emailId, self::canonical($address)))]);
	}

	/**
	 * The token's claims when it was made with the current or the previous secret, else null.
	 *
	 * @return array{purpose: string, email_id: int, address: string}|null
	 */
	public function verify(string $token): ?array {
		$parts = explode('.', $token);

		if (count($parts) !== 5) {
			return null;
		}

		[$version, $purpose, $emailId, $encodedAddress, $encodedMac] = $parts;

		if ($version !== 'v1' || !in_array($purpose, self::PURPOSES, true) || !self::isId($emailId)) {
			return null;
		}

		$address = self::unb64($encodedAddress);
		$mac = self::unb64($encodedMac);

		if ($address === null || $mac === null || strlen($mac) !== 32 || $address === '' || !mb_check_encoding($address, 'UTF-8') || self::canonical($address) !== $address) {
			return null;
		}

		$matched = false;

		// Check every secret without stopping early: timing says nothing about which one matched.
		foreach ($this->secrets as $secret) {
			$matched = hash_equals(self::mac($secret, $purpose, $emailId, $address), $mac) || $matched;
		}

		return $matched ? ['purpose' => $purpose, 'email_id' => (int)$emailId, 'address' => $address] : null;
	}

	/**
	 * Decimal, no leading zeros, at least 1, and no larger than PHP's integers (BIGINT ids above that are refused).
	 */
	private static function isId(string $id): bool {
		if (!preg_match('/^[1-9][0-9]{0,18}$/D', $id)) {
			return false;
		}

		return strlen($id) < 19 || strcmp($id, (string)PHP_INT_MAX) <= 0;
	}

	private static function mac(string $secret, string $purpose, string $emailId, string $address): string {
		return hash_hmac('sha256', self::PREFIX . $purpose . ':' . $emailId . ':' . $address, $secret, true);
	}

	/**
	 * Strict base64url: the URL-safe alphabet only, no padding, and only the canonical spelling.
	 */
	private static function unb64(string $text): ?string {
		if ($text === '' || !preg_match('/^[A-Za-z0-9_-]+$/D', $text) || strlen($text) % 4 === 1) {
			return null;
		}

		$raw = base64_decode(strtr($text, '-_', '+/'), true);

		if ($raw === false || self::b64($raw) !== $text) {
			return null;
		}

		return $raw;
	}
}
