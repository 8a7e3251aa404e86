<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The moderation page's rows from the sidecar's reviews (docs/reviews-api.md): every text HTML-escaped
 * here (OpenCart's Twig does not escape), photos with links to the admin-only photo route, and the facts
 * the owner decides on: rating, published or not, verified buyer or guest, photos per status, the reply.
 * No I/O here; links and dates come from the closures the controller passes.
 */
final class ReviewRows {
	/**
	 * @param \Closure(string, bool): string $photoUrl photo id, thumbnail? => the admin photo route's URL
	 * @param \Closure(mixed): string        $date     an ISO 8601 time => the admin's date format
	 */
	public function __construct(private \Closure $photoUrl, private \Closure $date) {
	}

	/**
	 * @param list<array<string, mixed>> $reviews as the sidecar lists them
	 *
	 * @return list<array<string, mixed>>
	 */
	public function rows(array $reviews): array {
		$rows = [];

		foreach ($reviews as $review) {
			if (is_array($review) && (int)($review['review_id'] ?? 0) > 0) {
				$rows[] = $this->row($review);
			}
		}

		return $rows;
	}

	/**
	 * @param array<string, mixed> $review
	 *
	 * @return array<string, mixed>
	 */
	public function row(array $review): array {
		$photos = [];

		foreach ((array)($review['photos'] ?? []) as $photo) {
			$photo_id = (string)($photo['photo_id'] ?? '');

			if (!preg_match('/^[0-9a-f]{32}$/D', $photo_id)) {
				continue;
			}

			$status = in_array($photo['status'] ?? '', ReviewModeration::PHOTO_STATUSES, true) ? $photo['status'] : 'pending';

			$photos[] = [
				'photo_id' => $photo_id,
				'status'   => $status,
				'thumb'    => self::escape(($this->photoUrl)($photo_id, true)),
				'href'     => self::escape(($this->photoUrl)($photo_id, false)),
				'size'     => (int)($photo['width'] ?? 0) . ' × ' . (int)($photo['height'] ?? 0)
			];
		}

		$reply = is_array($review['reply'] ?? null) ? $review['reply'] : null;
		$rating = max(0, min(5, (int)($review['rating'] ?? 0)));

		return [
			'review_id'     => (int)$review['review_id'],
			'product_id'    => (int)($review['product_id'] ?? 0),
			'product_name'  => self::escape((string)($review['product_name'] ?? '')),
			'author'        => self::escape((string)($review['author'] ?? '')),
			'text'          => nl2br(self::escape((string)($review['text'] ?? ''))),
			'rating'        => $rating,
			'stars'         => str_repeat('★', $rating) . str_repeat('☆', 5 - $rating),
			'published'     => (int)($review['status'] ?? 0) === 1,
			'verified'      => !empty($review['verified_buyer']),
			'guest'         => !empty($review['guest']) || (int)($review['customer_id'] ?? 0) === 0,
			'date_added'    => ($this->date)($review['date_added'] ?? null),
			'photos'        => $photos,
			'pending'       => count(array_filter($photos, static fn (array $photo): bool => $photo['status'] === 'pending')),
			'reply'         => $reply ? nl2br(self::escape((string)($reply['text'] ?? ''))) : '',
			'reply_text'    => $reply ? self::escape((string)($reply['text'] ?? '')) : '',
			'reply_author'  => $reply ? self::escape((string)($reply['author'] ?? '')) : '',
			'reply_date'    => $reply ? ($this->date)($reply['updated_at'] ?? null) : ''
		];
	}

	private static function escape(string $text): string {
		return htmlspecialchars($text, ENT_QUOTES | ENT_SUBSTITUTE, 'UTF-8');
	}
}
