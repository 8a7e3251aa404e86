<?php
use Opencart\System\Library\Extension\Rebound\PhotoCodec;
use Opencart\System\Library\Extension\Rebound\PhotoGdCodec;
use Opencart\System\Library\Extension\Rebound\PhotoImagickCodec;
use Opencart\System\Library\Extension\Rebound\PhotoProbe;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;

require_once __DIR__ . '/support/photo_test_case.php';
require_once __DIR__ . '/support/photo_corpus.php';

/**
 * The stored photo is shrunk to fit PhotoSanitizer's max edge before it is turned upright (the turn then
 * moves a quarter of a phone photo's pixels), with both libraries, for every Exif orientation.
 */
final class PhotoScaleTest extends PhotoTestCase {
	/**
	 * @return array<string, array{0: string, 1: int}>
	 */
	public static function cases(): array {
		$cases = [];

		foreach (['gd', 'imagick'] as $library) {
			for ($orientation = 1; $orientation <= 8; $orientation++) {
				$cases[$library . ', orientation ' . $orientation] = [$library, $orientation];
			}
		}

		return $cases;
	}

	private static function library(string $name): PhotoCodec {
		if ($name === 'imagick' && !PhotoImagickCodec::available()) {
			self::markTestSkipped('PHP has no imagick extension here');
		}

		return $name === 'gd' ? new PhotoGdCodec() : new PhotoImagickCodec();
	}

	/**
	 * @dataProvider cases
	 */
	public function testALargePhotoIsShrunkThenTurnedUpright(string $library, int $orientation): void {
		// 640 × 480 with a red block at the stored top-left and a green one at the top-right, edge 160: a quarter.
		$stored = PhotoCorpus::image(640, 480, PhotoCorpus::BLUE, [[0, 0, 160, 160, PhotoCorpus::RED], [480, 0, 160, 160, PhotoCorpus::GREEN]]);
		$jpeg = PhotoCorpus::withSegment(PhotoCorpus::jpeg($stored), 0xE1, PhotoCorpus::exif($orientation));
		$recorder = new OrderRecorder(self::library($library));

		$result = $this->sanitize($jpeg, 'big.jpg', new PhotoSanitizer($this->directory, thumbEdge: 80, codec: $recorder, maxEdge: 160));
		$image = imagecreatefromjpeg($result->path());

		$swapped = $orientation >= 5;
		$this->assertSame($swapped ? [120, 160] : [160, 120], [$result->width, $result->height]);
		$this->assertSame([$result->width, $result->height], [imagesx($image), imagesy($image)]);
		$this->assertSame(['decode 640x480', 'scale 640x480', 'orient 160x120'], array_slice($recorder->calls, 0, 3), 'shrunk before the turn');

		// Stored (x, y) of the scaled 160 × 120 picture: red block centre, green block centre, blue middle bottom.
		foreach ([[20, 20, PhotoCorpus::RED], [140, 20, PhotoCorpus::GREEN], [80, 100, PhotoCorpus::BLUE]] as [$x, $y, $colour]) {
			[$shownX, $shownY] = self::shownAt($orientation, $x, $y, 160, 120);
			$this->assertColour($colour, PhotoCorpus::rgbAt($image, $shownX, $shownY), "$library: stored ($x, $y) shown at ($shownX, $shownY)");
		}

		$this->assertSame(1, PhotoProbe::orientation((string)file_get_contents($result->path())));
		$this->assertSame($swapped ? [60, 80] : [80, 60], [$result->thumbWidth, $result->thumbHeight]);
	}

	public function testATransparentPngShrunkStillLandsOnWhite(): void {
		$png = imagecreatetruecolor(400, 200);
		imagealphablending($png, false);
		imagefilledrectangle($png, 0, 0, 399, 199, imagecolorallocatealpha($png, 0, 0, 0, 127));
		imagefilledrectangle($png, 0, 0, 99, 99, imagecolorallocatealpha($png, 255, 0, 0, 0));

		$result = $this->sanitize(PhotoCorpus::png($png), 'clear.png', new PhotoSanitizer($this->directory, maxEdge: 100));
		$image = imagecreatefromjpeg($result->path());

		$this->assertSame([100, 50], [$result->width, $result->height]);
		$this->assertColour(PhotoCorpus::WHITE, PhotoCorpus::rgbAt($image, 80, 40), 'transparent became white, not black');
		$this->assertColour(PhotoCorpus::RED, PhotoCorpus::rgbAt($image, 10, 10));
	}

	public function testZeroKeepsTheSizeUploaded(): void {
		$jpeg = PhotoCorpus::jpeg(PhotoCorpus::image(300, 200));

		$result = $this->sanitize($jpeg, 'a.jpg', new PhotoSanitizer($this->directory, maxEdge: 0));

		$this->assertSame([300, 200], [$result->width, $result->height]);
		$this->assertSame(1600, PhotoSanitizer::MAX_EDGE);
	}
}

/**
 * A codec that notes each step and the size of the image it was given.
 */
final class OrderRecorder extends DelegatingCodec {
	/** @var list<string> */
	public array $calls = [];

	private function note(string $step, object $image): void {
		$this->calls[] = $step . ' ' . implode('x', $this->inner->size($image));
	}

	public function decode(string $path, string $bytes, PhotoProbe $probe): object {
		$image = $this->inner->decode($path, $bytes, $probe);
		$this->note('decode', $image);

		return $image;
	}

	public function scale(object $image, int $edge): object {
		$this->note('scale', $image);

		return $this->inner->scale($image, $edge);
	}

	public function orient(object $image, int $orientation): object {
		$this->note('orient', $image);

		return $this->inner->orient($image, $orientation);
	}
}
