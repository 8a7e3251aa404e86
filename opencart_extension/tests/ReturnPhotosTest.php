<?php
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\ReturnPhotos;
use PHPUnit\Framework\TestCase;

/**
 * ReturnPhotos: a return form's `photos[<line>][]` through the real PhotoSanitizer and PhotoStore, into a
 * temporary directory and the real MariaDB; all or nothing per request.
 */
final class ReturnPhotosTest extends TestCase {
	use LiveSidecar;

	private string $directory;
	private string $uploads;
	/** @var list<string> */
	private array $logged = [];

	public static function setUpBeforeClass(): void {
		self::openStore(opencart: false);
	}

	protected function setUp(): void {
		$this->directory = sys_get_temp_dir() . '/rebound-return-photos-' . bin2hex(random_bytes(4));
		$this->uploads = $this->directory . '-uploads';
		mkdir($this->uploads);
		self::$database->connection->query("DELETE FROM `oc_rebound_photo`");
	}

	protected function tearDown(): void {
		foreach ([$this->directory, $this->uploads] as $directory) {
			foreach (glob($directory . '/{,.}*', GLOB_BRACE) ?: [] as $file) {
				if (is_file($file)) {
					unlink($file);
				}
			}

			if (is_dir($directory)) {
				rmdir($directory);
			}
		}
	}

	private function photos(): ReturnPhotos {
		$sanitizer = new PhotoSanitizer($this->directory);

		return new ReturnPhotos($sanitizer, new PhotoStore(self::$database->connection, 'oc_', $sanitizer->files), ReturnPhotos::PER_LINE, false, function (string $line): void {
			$this->logged[] = $line;
		});
	}

	/**
	 * A file as PHP would have received it: a small JPEG, or the given bytes.
	 */
	private function upload(?string $bytes = null): string {
		$path = tempnam($this->uploads, 'php');

		if ($bytes === null) {
			$image = imagecreatetruecolor(64, 48);
			imagefill($image, 0, 0, imagecolorallocate($image, 200, 40, 40));
			imagejpeg($image, $path, 85);
			imagedestroy($image);
		} else {
			file_put_contents($path, $bytes);
		}

		return $path;
	}

	/**
	 * `$_FILES['photos']` for files per line, HTML-encoded as OpenCart's Request leaves it.
	 *
	 * @param array<int, list<string|null>> $lines line => paths (null: an empty file field)
	 *
	 * @return array<string, mixed>
	 */
	private static function files(array $lines): array {
		$field = ['name' => [], 'type' => [], 'tmp_name' => [], 'error' => [], 'size' => []];

		foreach ($lines as $line => $paths) {
			foreach ($paths as $i => $path) {
				$field['name'][$line][$i] = $path === null ? '' : htmlspecialchars('cracked "screen" & case.jpg', ENT_COMPAT, 'UTF-8');
				$field['type'][$line][$i] = $path === null ? '' : 'image/jpeg';
				$field['tmp_name'][$line][$i] = $path ?? '';
				$field['error'][$line][$i] = (string)($path === null ? UPLOAD_ERR_NO_FILE : UPLOAD_ERR_OK);
				$field['size'][$line][$i] = (string)($path === null ? 0 : filesize($path));
			}
		}

		return ['photos' => $field];
	}

	private static function rows(): int {
		return (int)self::$database->connection->query("SELECT COUNT(*) AS `n` FROM `oc_rebound_photo`")[0]['n'];
	}

	public function testFieldsAreSplitPerLineWithoutTheEmptyOnes(): void {
		$path = $this->upload();
		$fields = ReturnPhotos::fields(self::files([12 => [null, $path], 13 => [null]]));

		$this->assertSame([12], array_keys($fields));
		$this->assertSame(['cracked "screen" & case.jpg'], $fields[12]['name']);
		$this->assertSame([$path], $fields[12]['tmp_name']);
		$this->assertSame([UPLOAD_ERR_OK], $fields[12]['error']);
		$this->assertSame([], ReturnPhotos::fields([]));
	}

	public function testPhotosOfTheReturnedLinesAreStoredForTheSidecar(): void {
		$fields = ReturnPhotos::fields(self::files([12 => [$this->upload(), $this->upload()], 14 => [$this->upload()]]));

		// Line 14 is not in the request (quantity 0): its photo is not kept.
		$stored = $this->photos()->store($fields, [12, 13], 2, 7);

		$this->assertSame([], $stored['errors']);
		$this->assertSame([12], array_keys($stored['ids']));
		$this->assertCount(2, $stored['ids'][12]);

		$row = self::$database->connection->query("SELECT * FROM `oc_rebound_photo` WHERE `photo_id` = '" . $stored['ids'][12][0] . "'")[0];
		$this->assertSame(['return', '0', '2', '7', 'pending'], [$row['kind'], $row['owner_id'], $row['store_id'], $row['customer_id'], $row['status']]);
		$this->assertFileExists($this->directory . '/' . $row['file']);
		$this->assertSame(2, self::rows());
	}

	public function testAGifIsTakenAsTheFormSays(): void {
		$path = tempnam($this->uploads, 'php');
		$image = imagecreate(40, 30);
		imagecolorallocate($image, 20, 120, 200);
		imagegif($image, $path);
		imagedestroy($image);

		$stored = $this->photos()->store(ReturnPhotos::fields(self::files([12 => [$path]])), [12], 0, 0);

		$this->assertSame([], $stored['errors']);
		$this->assertCount(1, $stored['ids'][12]);
		$this->assertSame(1, self::rows());
	}

	public function testOneRefusedPhotoSendsTheFormBackAndLeavesNothingBehind(): void {
		$fields = ReturnPhotos::fields(self::files([12 => [$this->upload()], 13 => [$this->upload('GIF89a <?php system($_GET["c"]); ?>')]]));

		$stored = $this->photos()->store($fields, [12, 13], 0, 0);

		$this->assertSame([], $stored['ids']);
		$this->assertSame([13], array_keys($stored['errors']));
		$this->assertStringContainsString('not a plain photo', $stored['errors'][13]);
		$this->assertStringContainsString('(payload)', $this->logged[0]);
		$this->assertSame(0, self::rows(), 'the photo of line 12 was removed again');
		$this->assertSame([], glob($this->directory . '/*.jpg') ?: []);
	}

	public function testMoreThanFivePhotosForALineAreRefused(): void {
		$paths = [];

		for ($i = 0; $i <= ReturnPhotos::PER_LINE; $i++) {
			$paths[] = $this->upload();
		}

		$stored = $this->photos()->store(ReturnPhotos::fields(self::files([12 => $paths])), [12], 0, 0);

		$this->assertSame(['You can add up to 5 photos.'], array_values($stored['errors']));
		$this->assertSame(0, self::rows());
	}
}
