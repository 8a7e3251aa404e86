<?php
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoSettings;
use Opencart\System\Library\Extension\Rebound\ReviewStatusChange;
use PHPUnit\Framework\TestCase;

/**
 * The owner's photo settings as the settings page reads and checks them, and when an admin save of a
 * review is a moderation decision.
 */
final class PhotoSettingsTest extends TestCase {
	public function testDefaultsWhenNothingIsStored(): void {
		$settings = PhotoSettings::fromConfig(static fn (string $key): mixed => null);

		$this->assertFalse($settings->autoApprove);
		$this->assertSame(5, $settings->maxPhotos);
		$this->assertSame(5, $settings->maxMegabytes);
	}

	public function testStoredValuesAndOutOfRangeOnes(): void {
		$stored = [PhotoSettings::AUTO_KEY => '1', PhotoSettings::MAX_KEY => '8', PhotoSettings::MAX_MB_KEY => '21'];
		$settings = PhotoSettings::fromConfig(static fn (string $key): mixed => $stored[$key] ?? null);

		$this->assertTrue($settings->autoApprove);
		$this->assertSame(8, $settings->maxPhotos);
		$this->assertSame(5, $settings->maxMegabytes, 'over the limit reads as the default');
	}

	/**
	 * The size limit both photo forms use (ReviewPhotos for reviews, the return form through this): the
	 * owner's megabytes, never above PHP's upload_max_filesize.
	 */
	public function testTheLargestPhotoIsTheOwnersUnlessPhpTakesLess(): void {
		$twelve = new PhotoSettings(false, 5, 12);

		$this->assertSame(12 * 1048576, $twelve->maxBytes('64M'));
		$this->assertSame(2 * 1048576, $twelve->maxBytes('2M'), 'Debian\'s default upload_max_filesize wins');
		$this->assertSame(12 * 1048576, $twelve->maxBytes(''), 'no PHP limit known: the owner\'s');
		$this->assertSame(5 * 1048576, PhotoSettings::fromConfig(static fn (string $key): mixed => null)->maxBytes('8M'));
	}

	/**
	 * @return iterable<string, array{array<string, mixed>, array<string, string>, list<string>}>
	 */
	public static function posts(): iterable {
		yield 'valid' => [['module_rebound_review_photo_auto' => '1', 'module_rebound_photo_max' => '5', 'module_rebound_photo_max_mb' => '20'], ['module_rebound_review_photo_auto' => '1', 'module_rebound_photo_max' => '5', 'module_rebound_photo_max_mb' => '20'], []];
		yield 'unchecked switch' => [['module_rebound_review_photo_auto' => '0', 'module_rebound_photo_max' => ' 1 ', 'module_rebound_photo_max_mb' => '1'], ['module_rebound_review_photo_auto' => '0', 'module_rebound_photo_max' => '1', 'module_rebound_photo_max_mb' => '1'], []];
		yield 'zero' => [['module_rebound_photo_max' => '0', 'module_rebound_photo_max_mb' => '5'], ['module_rebound_review_photo_auto' => '0', 'module_rebound_photo_max_mb' => '5'], ['module_rebound_photo_max']];
		yield 'over the limit' => [['module_rebound_photo_max' => '21', 'module_rebound_photo_max_mb' => '21'], ['module_rebound_review_photo_auto' => '0'], ['module_rebound_photo_max', 'module_rebound_photo_max_mb']];
		yield 'not numbers' => [['module_rebound_photo_max' => '5.5', 'module_rebound_photo_max_mb' => '-1'], ['module_rebound_review_photo_auto' => '0'], ['module_rebound_photo_max', 'module_rebound_photo_max_mb']];
		yield 'missing' => [[], ['module_rebound_review_photo_auto' => '0'], ['module_rebound_photo_max', 'module_rebound_photo_max_mb']];
		yield 'an array posted' => [['module_rebound_photo_max' => ['5'], 'module_rebound_photo_max_mb' => '5'], ['module_rebound_review_photo_auto' => '0', 'module_rebound_photo_max_mb' => '5'], ['module_rebound_photo_max']];
	}

	/**
	 * @dataProvider posts
	 *
	 * @param array<string, mixed>  $post
	 * @param array<string, string> $settings
	 * @param list<string>          $errors
	 */
	public function testFromPost(array $post, array $settings, array $errors): void {
		$result = PhotoSettings::fromPost($post);

		$this->assertSame($settings, $result['settings']);
		$this->assertSame($errors, array_keys($result['errors']));

		foreach ($result['errors'] as $key => $language) {
			$this->assertSame('error_' . substr($key, strlen('module_rebound_')), $language);
		}
	}

	/**
	 * @return iterable<string, array{int|null, array<string, mixed>, int|null}>
	 */
	public static function saves(): iterable {
		yield 'published, saved published' => [1, ['status' => '1'], null];
		yield 'waiting, saved waiting' => [0, ['status' => '0'], null];
		yield 'waiting, no status posted' => [0, [], null];
		yield 'approved' => [0, ['status' => '1'], 1];
		yield 'withdrawn' => [1, ['status' => '0'], 0];
		yield 'withdrawn, no status posted' => [1, [], 0];
		yield 'unknown before counts' => [null, ['status' => '1'], 1];
		yield 'unknown before, waiting' => [null, [], 0];
	}

	/**
	 * @dataProvider saves
	 *
	 * @param array<string, mixed> $data
	 */
	public function testReviewStatusChange(?int $before, array $data, ?int $expected): void {
		$this->assertSame($expected, ReviewStatusChange::newStatus($before, $data));
	}

	public function testSizesReadInMegabytes(): void {
		$this->assertSame(['5 MB', '4.8 MB', '0.5 MB', '∞'], [PhotoSanitizer::megabytes(5 * 1048576), PhotoSanitizer::megabytes(5000000), PhotoSanitizer::megabytes(524288), PhotoSanitizer::megabytes(-1)]);
	}

}
