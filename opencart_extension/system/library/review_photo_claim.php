<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The proof that a review photo was uploaded in this shopper's session, for this product: the form carries
 * `<photo_id>.<HMAC-SHA256 of "photo_id|product_id" under a random key kept in the session>` instead of the
 * bare id. A shopper can only attach photos they uploaded, and unlike a list in the session the proof
 * survives two requests of the same session overlapping (OpenCart writes the whole session back at the end
 * of each request, so the later one would drop what the other added). No I/O here.
 *
 * @example
 * $key = ReviewPhotoClaim::key($this->session->data['rebound_review_key'] ?? null);   // store it back
 * $claim = ReviewPhotoClaim::sign($key, $photoId, $productId);
 * $photoId = ReviewPhotoClaim::verify($key, $posted, $productId);   // null unless genuine
 */
final class ReviewPhotoClaim {
	private const KEY_PATTERN = '/^[0-9a-f]{64}$/D';
	private const CLAIM_PATTERN = '/^([0-9a-f]{32})\.([0-9a-f]{64})$/D';

	/**
	 * The session's key when it has a well-formed one, else a new one (32 random bytes as hex).
	 */
	public static function key(mixed $current): string {
		return is_string($current) && preg_match(self::KEY_PATTERN, $current) ? $current : bin2hex(random_bytes(32));
	}

	public static function sign(string $key, string $photoId, int $productId): string {
		return $photoId . '.' . hash_hmac('sha256', $photoId . '|' . $productId, $key);
	}

	/**
	 * The photo id a posted claim proves, or null (malformed, another session's, another product's).
	 */
	public static function verify(string $key, mixed $claim, int $productId): ?string {
		if (!is_string($claim) || !preg_match(self::CLAIM_PATTERN, $claim, $match) || !preg_match(self::KEY_PATTERN, $key)) {
			return null;
		}

		return hash_equals(hash_hmac('sha256', $match[1] . '|' . $productId, $key), $match[2]) ? $match[1] : null;
	}

	/**
	 * Of the posted claims, the photo ids proven, in the posted order, without repeats, at most $max.
	 *
	 * @param list<mixed> $claims
	 *
	 * @return list<string>
	 */
	public static function verifyAll(string $key, array $claims, int $productId, int $max): array {
		$ids = [];

		foreach ($claims as $claim) {
			$photoId = self::verify($key, $claim, $productId);

			if ($photoId !== null && !in_array($photoId, $ids, true) && count($ids) < $max) {
				$ids[] = $photoId;
			}
		}

		return $ids;
	}
}
