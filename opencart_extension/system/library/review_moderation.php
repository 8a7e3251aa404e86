<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The review moderation page's calls to the sidecar's /v1/admin/reviews routes (docs/reviews-api.md).
 * Every call comes back as an AdminAnswer and none throws, so the page shows what is wrong instead of
 * breaking. The caller checks OpenCart's permissions first. Every action is idempotent: repeating one
 * answers `changed: false`.
 *
 * @example
 * $reviews = ReviewModeration::fromSettings(fn ($key) => $this->config->get($key));
 * $answer = $reviews->reviews(['photos' => 'pending'], 1, 25);
 * $answer = $reviews->photo(12, $photoId, 'approved');
 */
class ReviewModeration extends AdminRoutes {
	public const ACTION_TIMEOUT = 10.0;

	public const PHOTO_FILTERS = ['pending', 'approved', 'hidden', 'any', 'none'];
	public const PHOTO_STATUSES = ['pending', 'approved', 'hidden'];
	public const REPLY_MAX = 2000;
	public const AUTHOR_MAX = 64;

	private const JSON = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE;
	private const PHOTO_ID = '/^[0-9a-f]{32}$/D';

	/**
	 * GET /v1/admin/reviews with the filters that are set.
	 *
	 * @param array<string, mixed> $filters photos, status, rating, product_id
	 */
	public function reviews(array $filters, int $page = 1, int $perPage = 25): AdminAnswer {
		return $this->call('GET', '/v1/admin/reviews?' . self::listQuery($filters, $page, $perPage));
	}

	public function review(int $reviewId): AdminAnswer {
		return $reviewId < 1 ? self::noReview() : $this->call('GET', '/v1/admin/reviews/' . $reviewId);
	}

	/**
	 * One photo's decision: approved (shown to shoppers), hidden, or back to pending.
	 */
	public function photo(int $reviewId, string $photoId, string $status): AdminAnswer {
		if ($reviewId < 1) {
			return self::noReview();
		}

		if (!preg_match(self::PHOTO_ID, $photoId)) {
			return new AdminAnswer(404, [], 'not_found', 'No such photo.');
		}

		if (!in_array($status, self::PHOTO_STATUSES, true)) {
			return self::badField('status', 'Not a photo status.');
		}

		return $this->post('/v1/admin/reviews/' . $reviewId . '/photos/' . $photoId, ['status' => $status]);
	}

	/**
	 * Every still-pending photo of a review at once.
	 */
	public function pendingPhotos(int $reviewId, string $status): AdminAnswer {
		if ($reviewId < 1) {
			return self::noReview();
		}

		if (!in_array($status, self::PHOTO_STATUSES, true)) {
			return self::badField('status', 'Not a photo status.');
		}

		return $this->post('/v1/admin/reviews/' . $reviewId . '/photos', ['status' => $status, 'only' => 'pending']);
	}

	/**
	 * Publishes (1) or withdraws (0) the review in OpenCart; the sidecar recomputes the product's rating.
	 */
	public function status(int $reviewId, int $status): AdminAnswer {
		if ($reviewId < 1) {
			return self::noReview();
		}

		if ($status !== 0 && $status !== 1) {
			return self::badField('status', 'Not a review status.');
		}

		return $this->post('/v1/admin/reviews/' . $reviewId . '/status', ['status' => $status]);
	}

	/**
	 * Creates or edits the reply shown under the review.
	 *
	 * @param string $text   as typed (not HTML-encoded); the sidecar stores it as OpenCart stores form input
	 * @param string $author the name shown with it, usually the store's
	 */
	public function saveReply(int $reviewId, string $text, string $author): AdminAnswer {
		if ($reviewId < 1) {
			return self::noReview();
		}

		$text = trim($text);
		$author = trim($author);

		if ($text === '') {
			return self::badField('text', 'The reply is empty.');
		}

		if (mb_strlen($text) > self::REPLY_MAX) {
			return self::badField('text', 'The reply is longer than ' . self::REPLY_MAX . ' characters.');
		}

		if ($author === '' || mb_strlen($author) > self::AUTHOR_MAX) {
			return self::badField('author', 'The name is empty or longer than ' . self::AUTHOR_MAX . ' characters.');
		}

		return $this->call('PUT', '/v1/admin/reviews/' . $reviewId . '/reply', (string)json_encode(['text' => $text, 'author' => $author], self::JSON), self::ACTION_TIMEOUT);
	}

	public function deleteReply(int $reviewId): AdminAnswer {
		return $reviewId < 1 ? self::noReview() : $this->call('DELETE', '/v1/admin/reviews/' . $reviewId . '/reply', '', self::ACTION_TIMEOUT);
	}

	/**
	 * The list's query string, each value checked so nothing unexpected reaches the sidecar. There is no
	 * filter that leaves reviews out by rating: `rating` finds one exact rating, to read, not to hide.
	 *
	 * @param array<string, mixed> $filters
	 */
	public static function listQuery(array $filters, int $page, int $perPage): string {
		$query = [];

		if (in_array($filters['photos'] ?? '', self::PHOTO_FILTERS, true)) {
			$query['photos'] = $filters['photos'];
		}

		if (isset($filters['status']) && in_array((string)$filters['status'], ['0', '1'], true)) {
			$query['status'] = (int)$filters['status'];
		}

		if (isset($filters['rating']) && in_array((string)$filters['rating'], ['1', '2', '3', '4', '5'], true)) {
			$query['rating'] = (int)$filters['rating'];
		}

		if (isset($filters['product_id']) && ctype_digit((string)$filters['product_id']) && (int)$filters['product_id'] > 0) {
			$query['product_id'] = (int)$filters['product_id'];
		}

		$query['page'] = max(1, $page);
		$query['per_page'] = min(100, max(1, $perPage));

		return http_build_query($query, '', '&', PHP_QUERY_RFC3986);
	}

	/**
	 * The language key of what the page says after an action that succeeded: `text_unchanged` when nothing
	 * changed, else `done_<action>`; but photos approved on a review that is not published are not shown to
	 * shoppers until it is, so `done_<action>_unpublished` for those (the answer's `review.status` says).
	 *
	 * @param string               $action e.g. `photo_approved`, `photos_hidden`, `review_1`
	 * @param array<string, mixed> $answer the sidecar's answer: `changed`, `review`
	 */
	public static function doneKey(string $action, array $answer): string {
		if (empty($answer['changed'])) {
			return 'text_unchanged';
		}

		$unpublished = is_array($answer['review'] ?? null) && isset($answer['review']['status']) && (int)$answer['review']['status'] === 0;

		return 'done_' . $action . ($unpublished && in_array($action, ['photo_approved', 'photos_approved'], true) ? '_unpublished' : '');
	}

	/**
	 * @param array<string, mixed> $body
	 */
	private function post(string $path, array $body): AdminAnswer {
		return $this->call('POST', $path, (string)json_encode($body, self::JSON), self::ACTION_TIMEOUT);
	}

	private static function noReview(): AdminAnswer {
		return new AdminAnswer(404, [], 'not_found', 'No such review.');
	}

	private static function badField(string $field, string $message): AdminAnswer {
		return new AdminAnswer(0, [], 'bad_request', $message, [$field => $message]);
	}
}
