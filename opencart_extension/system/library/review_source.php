<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Which review request brought the shopper to a product's review form (docs/reviews-api.md, "Verified
 * buyer"). A request's product link carries `rebound_from`, an EmailToken with the `review` purpose; the
 * product page keeps the email id it names in the session, per product, and review.submitted reports it as
 * `from_email_id`. The sidecar checks that the email asked about an order holding the product before it
 * ties the review to that order; the token only says the link is genuine. No I/O here.
 *
 * @example
 * ReviewSource::remember($this->session->data, (string)($this->request->get['rebound_from'] ?? ''), $product_id, $tokens);
 * $emailId = ReviewSource::emailFor($this->session->data, $product_id);   // 0: not from a request
 */
final class ReviewSource {
	public const SESSION_KEY = 'rebound_review_from';
	/** The products kept per session: a request names at most a few, a session rarely follows many. */
	public const MAX_PRODUCTS = 20;

	/**
	 * Keeps the email a valid `review` token names for this product; true when it did.
	 *
	 * @param array<string, mixed> $session the session's data, e.g. $this->session->data
	 */
	public static function remember(array &$session, string $token, int $productId, ?EmailToken $tokens): bool {
		if ($token === '' || strlen($token) > 2048 || $productId < 1 || !$tokens) {
			return false;
		}

		$claims = $tokens->verify($token);

		if (!$claims || $claims['purpose'] !== 'review') {
			return false;
		}

		$kept = is_array($session[self::SESSION_KEY] ?? null) ? $session[self::SESSION_KEY] : [];
		unset($kept[$productId]);
		$kept[$productId] = (int)$claims['email_id'];
		$session[self::SESSION_KEY] = array_slice($kept, -self::MAX_PRODUCTS, null, true);

		return true;
	}

	/**
	 * The email id kept for this product, or 0.
	 *
	 * @param array<string, mixed> $session
	 */
	public static function emailFor(array $session, int $productId): int {
		$emailId = $session[self::SESSION_KEY][$productId] ?? 0;

		return is_int($emailId) && $emailId > 0 ? $emailId : 0;
	}
}
