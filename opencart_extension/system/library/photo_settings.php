<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The owner's photo settings (Extensions > Modules > Rebound): whether review photos are published without
 * moderation (reviews only: return photos are only ever shown to the owner), how many photos a shopper
 * attaches to one review or to one returned item, and the largest file accepted, on both forms. Read with
 * fromConfig(); the settings page checks what was posted with fromPost(). The review form applies them
 * through ReviewPhotos::maxCount() and ::maxBytes(), the return form through maxPhotos and maxBytes() (both
 * cap the size at PHP's upload_max_filesize). No I/O here.
 *
 * @example
 * $photos = PhotoSettings::fromConfig(fn ($key) => $this->config->get($key));
 * $photos->autoApprove; $photos->maxPhotos; $photos->maxMegabytes;
 */
final class PhotoSettings {
	public const AUTO_KEY = 'module_rebound_review_photo_auto';
	public const MAX_KEY = 'module_rebound_photo_max';
	public const MAX_MB_KEY = 'module_rebound_photo_max_mb';

	public const DEFAULT_MAX = 5;
	public const DEFAULT_MAX_MB = 5;
	public const LIMIT_MAX = 20;
	public const LIMIT_MAX_MB = 20;

	public function __construct(public readonly bool $autoApprove = false, public readonly int $maxPhotos = self::DEFAULT_MAX, public readonly int $maxMegabytes = self::DEFAULT_MAX_MB) {
	}

	/**
	 * The settings in force; a missing or out-of-range value reads as its default.
	 *
	 * @param \Closure(string): mixed $setting e.g. fn ($key) => $this->config->get($key)
	 */
	public static function fromConfig(\Closure $setting): self {
		return new self(
			(string)$setting(self::AUTO_KEY) === '1',
			self::inRange($setting(self::MAX_KEY), 1, self::LIMIT_MAX) ?? self::DEFAULT_MAX,
			self::inRange($setting(self::MAX_MB_KEY), 1, self::LIMIT_MAX_MB) ?? self::DEFAULT_MAX_MB
		);
	}

	/**
	 * The most bytes one photo may have: maxMegabytes, never more than PHP's upload_max_filesize (which
	 * drops a larger file before PHP code sees it).
	 */
	public function maxBytes(string $uploadMaxFilesize): int {
		return ReviewPhotos::maxBytes($this->maxMegabytes, $uploadMaxFilesize);
	}

	/**
	 * The posted form's values as settings to store, or errors keyed by setting.
	 *
	 * @param array<string, mixed> $post
	 *
	 * @return array{settings: array<string, string>, errors: array<string, string>} errors hold the key of
	 *                                                                                  the language string
	 */
	public static function fromPost(array $post): array {
		$settings = [self::AUTO_KEY => !empty($post[self::AUTO_KEY]) ? '1' : '0'];
		$errors = [];

		foreach ([self::MAX_KEY => self::LIMIT_MAX, self::MAX_MB_KEY => self::LIMIT_MAX_MB] as $key => $limit) {
			$value = self::inRange($post[$key] ?? null, 1, $limit);

			if ($value === null) {
				$errors[$key] = 'error_' . substr($key, strlen('module_rebound_'));
			} else {
				$settings[$key] = (string)$value;
			}
		}

		return ['settings' => $settings, 'errors' => $errors];
	}

	private static function inRange(mixed $value, int $low, int $high): ?int {
		$text = trim((string)(is_scalar($value) ? $value : ''));

		if (!preg_match('/^\d{1,4}$/D', $text)) {
			return null;
		}

		$number = (int)$text;

		return $number >= $low && $number <= $high ? $number : null;
	}
}
