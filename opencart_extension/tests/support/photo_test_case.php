<?php
use Opencart\System\Library\Extension\Rebound\PhotoCodec;
use Opencart\System\Library\Extension\Rebound\PhotoFiles;
use Opencart\System\Library\Extension\Rebound\PhotoProbe;
use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoResult;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoWarnings;
use PHPUnit\Framework\TestCase;

/**
 * Base of the photo tests: a fresh storage directory and a separate "incoming" directory (standing in for
 * PHP's upload_tmp_dir) per test, both removed afterwards.
 */
abstract class PhotoTestCase extends TestCase {
	/** The storage directory given to the sanitizer, with a trailing slash; made by the sanitizer itself. */
	protected string $directory;
	protected string $incoming;
	private string $root;

	protected function setUp(): void {
		$this->root = sys_get_temp_dir() . '/rebound-photo-test-' . bin2hex(random_bytes(6));
		$this->incoming = $this->root . '/incoming/';
		$this->directory = $this->root . '/storage/photos/';
		mkdir($this->incoming, 0700, true);
	}

	protected function tearDown(): void {
		self::removeTree($this->root);
	}

	protected function sanitizer(int $maxBytes = PhotoSanitizer::MAX_BYTES, int $maxPixels = PhotoSanitizer::MAX_PIXELS, string $format = 'jpeg', ?PhotoCodec $codec = null, ?PhotoFiles $files = null): PhotoSanitizer {
		return new PhotoSanitizer($files ?? $this->directory, $maxBytes, $maxPixels, $format, codec: $codec ?? $this->codec());
	}

	/**
	 * The image library under test; null for the one PhotoSanitizer detects.
	 */
	protected function codec(): ?PhotoCodec {
		return null;
	}

	/**
	 * Writes bytes where PHP would have put an upload, and answers the path.
	 */
	protected function upload(string $bytes): string {
		$path = $this->incoming . 'php' . bin2hex(random_bytes(3));
		file_put_contents($path, $bytes);

		return $path;
	}

	protected function sanitize(string $bytes, string $clientName = 'photo.jpg', ?PhotoSanitizer $sanitizer = null): PhotoResult {
		$path = $this->upload($bytes);

		return ($sanitizer ?? $this->sanitizer())->sanitize($path, $clientName, strlen($bytes));
	}

	/**
	 * The refusal's code is $reason, and no photo or temporary file exists afterwards.
	 */
	protected function assertRefused(string $reason, string $bytes, string $clientName = 'x.jpg', ?PhotoSanitizer $sanitizer = null, ?int $declaredSize = null): PhotoRejected {
		$path = $this->upload($bytes);
		$before = $this->stored();

		try {
			($sanitizer ?? $this->sanitizer())->sanitize($path, $clientName, $declaredSize ?? strlen($bytes));
			$this->fail('accepted; expected a refusal: ' . $reason);
		} catch (PhotoRejected $e) {
			$this->assertSame($reason, $e->reason, $e->getMessage() . ' [' . $e->detail . ']');
			$this->assertNotSame('', $e->getMessage());
		}

		$this->assertSame($before, $this->stored(), 'nothing left behind');
		$this->assertSame([], $this->temporary(), 'no temporary file left behind');

		return $e;
	}

	/**
	 * The photo files in the storage directory (not its .htaccess and index.html, nor temporary files).
	 *
	 * @return list<string>
	 */
	protected function stored(?string $directory = null): array {
		$entries = is_dir($directory ?? $this->directory) ? scandir($directory ?? $this->directory) : [];

		return array_values(array_filter($entries, static fn (string $name): bool => !in_array($name, ['.', '..', '.htaccess', 'index.html'], true) && !str_ends_with($name, '.tmp')));
	}

	/**
	 * @return list<string>
	 */
	protected function temporary(?string $directory = null): array {
		$entries = is_dir($directory ?? $this->directory) ? scandir($directory ?? $this->directory) : [];

		return array_values(array_filter($entries, static fn (string $name): bool => str_ends_with($name, '.tmp')));
	}

	/**
	 * Close enough for JPEG: each channel within 40 of the expected value.
	 *
	 * @param array{0: int, 1: int, 2: int} $expected
	 * @param array{0: int, 1: int, 2: int} $actual
	 */
	protected function assertColour(array $expected, array $actual, string $message = ''): void {
		$off = max(array_map(static fn (int $a, int $b): int => abs($a - $b), $expected, $actual));

		$this->assertLessThanOrEqual(40, $off, trim($message . ' expected rgb(' . implode(',', $expected) . '), got rgb(' . implode(',', $actual) . ')'));
	}

	protected static function removeTree(string $path): void {
		if (is_link($path) || is_file($path)) {
			@unlink($path);

			return;
		}

		if (!is_dir($path)) {
			return;
		}

		@chmod($path, 0700);

		foreach (array_diff(scandir($path) ?: [], ['.', '..']) as $entry) {
			self::removeTree($path . '/' . $entry);
		}

		@rmdir($path);
	}

	/**
	 * Where stored pixel (x, y) of a W × H picture is shown, per the Exif/TIFF definition of each
	 * orientation (which stored row and column are the visual top and left).
	 *
	 * @return array{0: int, 1: int}
	 */
	protected static function shownAt(int $orientation, int $x, int $y, int $w, int $h): array {
		return match ($orientation) {
			1 => [$x, $y],
			2 => [$w - 1 - $x, $y],
			3 => [$w - 1 - $x, $h - 1 - $y],
			4 => [$x, $h - 1 - $y],
			5 => [$y, $x],
			6 => [$h - 1 - $y, $x],
			7 => [$h - 1 - $y, $w - 1 - $x],
			8 => [$y, $w - 1 - $x]
		};
	}
}

/**
 * Small samples and readers the photo tests share, beside the corpus.
 */
final class PhotoSamples {
	/**
	 * exif_read_data() over bytes, warnings kept quiet; [] when there is nothing.
	 *
	 * @return array<string, mixed>
	 */
	public static function exif(string $bytes): array {
		$read = self::quiet(static function () use ($bytes) {
			$stream = fopen('php://memory', 'w+b');
			fwrite($stream, $bytes);
			rewind($stream);

			return exif_read_data($stream);
		});

		return is_array($read) ? $read : [];
	}

	public static function quiet(callable $call): mixed {
		return PhotoWarnings::collect($call)[0];
	}

	public static function bmp(): string {
		$stream = fopen('php://memory', 'w+b');
		imagebmp(PhotoCorpus::image(10, 10), $stream);
		rewind($stream);

		return (string)stream_get_contents($stream);
	}

	/**
	 * Random pixels, so that the encoded file is big enough to cut short meaningfully.
	 */
	public static function noise(int $width, int $height, int $seed = 7): \GdImage {
		mt_srand($seed);
		$image = imagecreatetruecolor($width, $height);

		for ($y = 0; $y < $height; $y++) {
			for ($x = 0; $x < $width; $x++) {
				imagesetpixel($image, $x, $y, mt_rand(0, 0xFFFFFF));
			}
		}

		mt_srand();

		return $image;
	}

	/**
	 * A JPEG followed by $count extra (empty) scans before its EOI.
	 */
	public static function manyScans(string $jpeg, int $count): string {
		return substr($jpeg, 0, -2) . str_repeat("\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00\x00", $count) . "\xFF\xD9";
	}

	/**
	 * A PNG with one more chunk right after IHDR.
	 */
	public static function withPngChunk(string $png, string $type, string $data): string {
		return substr($png, 0, 33) . pack('N', strlen($data)) . $type . $data . pack('N', crc32($type . $data)) . substr($png, 33);
	}

	/**
	 * A WebP whose VP8X canvas is changed to $width × $height.
	 */
	public static function canvas(string $webp, int $width, int $height): string {
		return substr_replace($webp, substr(pack('V', $width - 1), 0, 3) . substr(pack('V', $height - 1), 0, 3), 24, 6);
	}
}

/**
 * A codec that hands every step to another one: test codecs extend it and override the steps they watch.
 */
abstract class DelegatingCodec implements PhotoCodec {
	public function __construct(protected PhotoCodec $inner) {
	}

	public function name(): string {
		return $this->inner->name();
	}

	public function canWrite(string $format): bool {
		return $this->inner->canWrite($format);
	}

	public function decode(string $path, string $bytes, PhotoProbe $probe): object {
		return $this->inner->decode($path, $bytes, $probe);
	}

	public function scale(object $image, int $edge): object {
		return $this->inner->scale($image, $edge);
	}

	public function orient(object $image, int $orientation): object {
		return $this->inner->orient($image, $orientation);
	}

	public function flatten(object $image): object {
		return $this->inner->flatten($image);
	}

	public function thumbnail(object $image, int $edge): object {
		return $this->inner->thumbnail($image, $edge);
	}

	public function size(object $image): array {
		return $this->inner->size($image);
	}

	public function encode(object $image, string $format, int $quality): string {
		return $this->inner->encode($image, $format, $quality);
	}

	public function release(object $image): void {
		$this->inner->release($image);
	}
}

/**
 * A codec that counts decodes, to prove which refusals happen before any pixel is decoded.
 */
final class SpyCodec extends DelegatingCodec {
	public int $decodes = 0;

	public function decode(string $path, string $bytes, PhotoProbe $probe): object {
		$this->decodes++;

		return $this->inner->decode($path, $bytes, $probe);
	}
}
