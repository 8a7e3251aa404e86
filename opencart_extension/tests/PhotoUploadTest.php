<?php
use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoUpload;
use PHPUnit\Framework\TestCase;

/**
 * Reading `$_FILES` into uploads: count limit, PHP's upload errors, HTTP-upload check, single and multiple
 * fields. (Client names are covered in PhotoSanitizerTest, where they must never reach the disk.)
 */
final class PhotoUploadTest extends TestCase {
	/**
	 * A `photos[]` field as PHP builds it for $count files.
	 *
	 * @return array<string, list<mixed>>
	 */
	private static function field(int $count, int $error = UPLOAD_ERR_OK): array {
		$field = ['name' => [], 'type' => [], 'tmp_name' => [], 'error' => [], 'size' => [], 'full_path' => []];

		for ($i = 0; $i < $count; $i++) {
			$field['name'][] = "photo$i.jpg";
			$field['type'][] = 'image/jpeg';
			$field['tmp_name'][] = $error === UPLOAD_ERR_OK ? "/tmp/php$i" : '';
			$field['error'][] = $error;
			$field['size'][] = $error === UPLOAD_ERR_OK ? 1000 + $i : 0;
			$field['full_path'][] = "photo$i.jpg";
		}

		return $field;
	}

	public function testFiveOfFiveAllowedAreRead(): void {
		$uploads = PhotoUpload::fromFiles(self::field(5), 5, false);

		$this->assertCount(5, $uploads);
		$this->assertEquals(new PhotoUpload('/tmp/php4', 'photo4.jpg', 1004), $uploads[4]);
	}

	public function testSixFilesWhenFiveAreAllowedAreRefused(): void {
		$this->expectExceptionObject(new PhotoRejected(PhotoRejected::COUNT, 'You can add up to 5 photos.'));

		PhotoUpload::fromFiles(self::field(6), 5, false);
	}

	public function testEmptySlotsDoNotCount(): void {
		$field = self::field(5);

		foreach (self::field(3, UPLOAD_ERR_NO_FILE) as $key => $values) {
			$field[$key] = array_merge($field[$key], $values);
		}

		$this->assertCount(5, PhotoUpload::fromFiles($field, 5, false));
		$this->assertSame([], PhotoUpload::fromFiles(self::field(2, UPLOAD_ERR_NO_FILE), 5, false));
		$this->assertSame([], PhotoUpload::fromFiles([], 5, false));
	}

	public function testASingleFileFieldIsRead(): void {
		$uploads = PhotoUpload::fromFiles(['name' => 'a.jpg', 'type' => 'image/jpeg', 'tmp_name' => '/tmp/phpA', 'error' => UPLOAD_ERR_OK, 'size' => 12], 5, false);

		$this->assertEquals([new PhotoUpload('/tmp/phpA', 'a.jpg', 12)], $uploads);
	}

	/**
	 * @return array<string, array{0: int, 1: string}>
	 */
	public static function uploadErrors(): array {
		return [
			'over upload_max_filesize' => [UPLOAD_ERR_INI_SIZE, PhotoRejected::TOO_LARGE],
			'over MAX_FILE_SIZE'       => [UPLOAD_ERR_FORM_SIZE, PhotoRejected::TOO_LARGE],
			'partial'                  => [UPLOAD_ERR_PARTIAL, PhotoRejected::UPLOAD],
			'no temporary folder'      => [UPLOAD_ERR_NO_TMP_DIR, PhotoRejected::STORAGE],
			'disk full on upload'      => [UPLOAD_ERR_CANT_WRITE, PhotoRejected::STORAGE],
			'stopped by an extension'  => [UPLOAD_ERR_EXTENSION, PhotoRejected::UPLOAD]
		];
	}

	/**
	 * @dataProvider uploadErrors
	 */
	public function testPhpUploadErrorsBecomeRefusals(int $error, string $reason): void {
		try {
			PhotoUpload::fromFiles(self::field(1, $error), 5, false);
			$this->fail('accepted');
		} catch (PhotoRejected $e) {
			$this->assertSame($reason, $e->reason);
			$this->assertStringContainsString('PHP upload error ' . $error, $e->detail);
		}
	}

	public function testAPhotoOverPhpsLimitIsToldTheLimit(): void {
		try {
			PhotoUpload::fromFiles(self::field(1, UPLOAD_ERR_INI_SIZE), 5, false);
			$this->fail('accepted');
		} catch (PhotoRejected $e) {
			$this->assertSame('This photo is larger than the server accepts (' . PhotoSanitizer::megabytes(PhotoSanitizer::bytesFromIni((string)ini_get('upload_max_filesize'))) . ' at most).', $e->getMessage());
			$this->assertMatchesRegularExpression('/\((\d+(\.\d)? MB|∞) at most\)/u', $e->getMessage());
		}
	}

	public function testAFileThatDidNotComeThroughAnHttpUploadIsRefused(): void {
		$path = tempnam(sys_get_temp_dir(), 'rebound-upload-');
		$field = self::field(1);
		$field['tmp_name'] = [$path];

		try {
			PhotoUpload::fromFiles($field, 5);
			$this->fail('accepted a file that was never uploaded');
		} catch (PhotoRejected $e) {
			$this->assertSame(PhotoRejected::UPLOAD, $e->reason);
		} finally {
			unlink($path);
		}
	}

	public function testARefusalSerialisesToTheErrorEnvelope(): void {
		$this->assertSame(['code' => 'count', 'message' => 'You can add up to 5 photos.'], (new PhotoRejected(PhotoRejected::COUNT, 'You can add up to 5 photos.', 'detail for the log'))->toArray());
	}
}
