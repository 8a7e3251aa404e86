<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The review photos this shopper's session uploaded and has not yet attached, per product and form: how
 * many a form already holds (the count limit), and which pending photos their uploader may see. Which
 * photos a shopper may attach is proven by ReviewPhotoClaim, which survives overlapping requests; this list,
 * rewritten whole by each request, may miss an entry when two overlap. It lives in the session
 * (`rebound_review_photos`), as photo_id => ['product_id' => …, 'form' => …, 'at' => unix time]; `form` is
 * the review form's token (OpenCart's review_token), so photos left behind by a form the shopper abandoned
 * (reloaded, closed) do not count against the next one.
 *
 * @example
 * $tray = ReviewPhotoTray::fromSession($this->session->data['rebound_review_photos'] ?? null);
 * $tray->add($photoId, $productId, $reviewToken, time());
 * $this->session->data['rebound_review_photos'] = $tray->toArray();
 */
final class ReviewPhotoTray {
	/** Entries kept at most (the oldest go first): a session is no storage. */
	public const MAX_ENTRIES = 60;

	/**
	 * @param array<string, array{product_id: int, form: string, at: int}> $entries
	 */
	private function __construct(private array $entries) {
	}

	/**
	 * The tray from the session's value; anything malformed is dropped.
	 */
	public static function fromSession(mixed $value): self {
		$entries = [];

		foreach (is_array($value) ? $value : [] as $photoId => $entry) {
			if (is_string($photoId) && preg_match('/^[0-9a-f]{32}$/D', $photoId) && is_array($entry) && (int)($entry['product_id'] ?? 0) > 0) {
				$entries[$photoId] = ['product_id' => (int)$entry['product_id'], 'form' => (string)($entry['form'] ?? ''), 'at' => (int)($entry['at'] ?? 0)];
			}
		}

		return new self($entries);
	}

	/**
	 * @return array<string, array{product_id: int, form: string, at: int}>
	 */
	public function toArray(): array {
		return $this->entries;
	}

	public function add(string $photoId, int $productId, string $form, int $now): void {
		$this->entries[$photoId] = ['product_id' => $productId, 'form' => $form, 'at' => $now];

		if (count($this->entries) > self::MAX_ENTRIES) {
			uasort($this->entries, static fn (array $a, array $b): int => $a['at'] <=> $b['at']);
			$this->entries = array_slice($this->entries, -self::MAX_ENTRIES, null, true);
		}
	}

	/**
	 * How many photos this session holds for this review form of this product.
	 */
	public function held(int $productId, string $form): int {
		return count($this->ids($productId, $form));
	}

	/**
	 * The photos held for this product (and this form, when given), oldest first.
	 *
	 * @return list<string>
	 */
	public function ids(int $productId, ?string $form = null): array {
		$held = array_filter($this->entries, static fn (array $entry): bool => $entry['product_id'] === $productId && ($form === null || $entry['form'] === $form));
		uasort($held, static fn (array $a, array $b): int => $a['at'] <=> $b['at']);

		return array_map('strval', array_keys($held));
	}

	public function holds(string $photoId, ?int $productId = null): bool {
		return isset($this->entries[$photoId]) && ($productId === null || $this->entries[$photoId]['product_id'] === $productId);
	}

	/**
	 * @param list<string> $photoIds
	 */
	public function remove(array $photoIds): void {
		foreach ($photoIds as $photoId) {
			unset($this->entries[$photoId]);
		}
	}
}
