<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * PhotoCodec over GD.
 *
 * GD decodes the first frame of a GIF, turns CMYK JPEGs (Adobe-inverted or not) and 16-bit PNGs into 8-bit
 * RGB, and writes JPEG and WebP with no metadata. It accepts a JPEG cut short by default
 * (gd.jpeg_ignore_warning): decode() asks for libjpeg's warnings and refuses on a premature end; PhotoProbe
 * has already refused a JPEG without EOI.
 *
 * PHP's bundled GD allocates through PHP and counts against memory_limit, so decode() first makes room for
 * the pixels (4 bytes each, twice over for a rotation) or refuses; a system libgd (Debian's) allocates
 * outside PHP, where the pixel limit is what bounds memory.
 */
final class PhotoGdCodec implements PhotoCodec {
	public static function available(): bool {
		return extension_loaded('gd') && function_exists('imagecreatefromstring') && (imagetypes() & IMG_JPG) !== 0;
	}

	public function name(): string {
		return 'gd';
	}

	public function canWrite(string $format): bool {
		return match ($format) {
			'jpeg'  => (imagetypes() & IMG_JPG) !== 0,
			'webp'  => (imagetypes() & IMG_WEBP) !== 0 && function_exists('imagewebp'),
			default => false
		};
	}

	public function decode(string $path, string $bytes, PhotoProbe $probe): object {
		$this->makeRoom($probe->width * $probe->height);

		// The type's own decoder on the file: imagecreatefromstring() would pick one by itself, and only the
		// file functions honour gd.jpeg_ignore_warning (a data: URL needs allow_url_fopen).
		$decode = match ($probe->type) {
			'jpeg'  => static fn () => imagecreatefromjpeg($path),
			'png'   => static fn () => imagecreatefrompng($path),
			'gif'   => static fn () => imagecreatefromgif($path),
			'webp'  => $probe->still !== null ? static fn () => imagecreatefromstring($probe->still) : static fn () => imagecreatefromwebp($path)
		};

		$ignore = ini_get('gd.jpeg_ignore_warning');
		ini_set('gd.jpeg_ignore_warning', '0');

		try {
			[$image, $warnings] = PhotoWarnings::collect($decode);
		} finally {
			ini_set('gd.jpeg_ignore_warning', (string)$ignore);
		}

		if (!$image instanceof \GdImage) {
			throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo could not be read: the file is damaged or in an unusual format. Please save it again as a JPEG and retry.', 'GD: ' . implode(' ', $warnings));
		}

		if (preg_grep('/premature end/i', $warnings) || imagesx($image) !== $probe->width || imagesy($image) !== $probe->height) {
			imagedestroy($image);

			throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo is incomplete: the file was cut short. Please try uploading it again.', 'GD: ' . (implode(' ', $warnings) ?: 'size differs from the header'));
		}

		if (!imageistruecolor($image)) {
			imagepalettetotruecolor($image);
		}

		return $image;
	}

	public function scale(object $image, int $edge): object {
		/** @var \GdImage $image */
		[$width, $height] = $this->size($image);
		[$targetWidth, $targetHeight] = PhotoSanitizer::fit($width, $height, $edge);

		if ([$targetWidth, $targetHeight] === [$width, $height]) {
			return $image;
		}

		// Bilinear steps, each shrinking at most 2.5 times (halving first while more is left), so a step
		// leaves out at most a fifth of its source's rows and columns: a fraction of imagecopyresampled()'s
		// cost on 12 megapixels (~70 ms against ~450 ms), slightly less smooth.
		$current = $image;

		do {
			if ($width <= 2.5 * $targetWidth && $height <= 2.5 * $targetHeight) {
				[$stepWidth, $stepHeight] = [$targetWidth, $targetHeight];
			} else {
				$stepWidth = max($targetWidth, intdiv($width + 1, 2));
				$stepHeight = max($targetHeight, intdiv($height + 1, 2));
			}

			imagealphablending($current, false);
			$next = imagescale($current, $stepWidth, $stepHeight, IMG_BILINEAR_FIXED);

			if (!$next instanceof \GdImage) {
				throw new \RuntimeException('GD could not scale the image');
			}

			imagedestroy($current);
			$current = $next;
			imagesavealpha($current, true);
			[$width, $height] = [$stepWidth, $stepHeight];
		} while ([$width, $height] !== [$targetWidth, $targetHeight]);

		return $current;
	}

	public function orient(object $image, int $orientation): object {
		/** @var \GdImage $image */
		// imagerotate() turns counter-clockwise; 90/180/270 take GD's exact paths.
		switch ($orientation) {
			case 2:
				imageflip($image, IMG_FLIP_HORIZONTAL);

				return $image;
			case 3:
				imageflip($image, IMG_FLIP_BOTH);

				return $image;
			case 4:
				imageflip($image, IMG_FLIP_VERTICAL);

				return $image;
			case 5:
				imageflip($image, IMG_FLIP_HORIZONTAL);

				return $this->rotate($image, 90);
			case 6:
				return $this->rotate($image, 270);
			case 7:
				imageflip($image, IMG_FLIP_HORIZONTAL);

				return $this->rotate($image, 270);
			case 8:
				return $this->rotate($image, 90);
			default:
				return $image;
		}
	}

	public function flatten(object $image): object {
		/** @var \GdImage $image */
		$canvas = $this->canvas(imagesx($image), imagesy($image));
		imagefilledrectangle($canvas, 0, 0, imagesx($image) - 1, imagesy($image) - 1, 0xFFFFFF);
		imagealphablending($canvas, true);
		imagecopy($canvas, $image, 0, 0, 0, 0, imagesx($image), imagesy($image));
		imagedestroy($image);

		return $canvas;
	}

	public function thumbnail(object $image, int $edge): object {
		/** @var \GdImage $image */
		[$width, $height] = $this->size($image);
		[$thumbWidth, $thumbHeight] = PhotoSanitizer::fit($width, $height, $edge);
		$source = $image;

		// A cheap bilinear step to twice the size first, so the box-filtered resample reads ~4x fewer pixels.
		if ($width > 4 * $thumbWidth && $height > 4 * $thumbHeight) {
			$source = imagescale($image, 2 * $thumbWidth, 2 * $thumbHeight, IMG_BILINEAR_FIXED);
		}

		$thumb = $this->canvas($thumbWidth, $thumbHeight);
		imagealphablending($thumb, false);
		imagecopyresampled($thumb, $source, 0, 0, 0, 0, $thumbWidth, $thumbHeight, imagesx($source), imagesy($source));

		if ($source !== $image) {
			imagedestroy($source);
		}

		return $thumb;
	}

	public function size(object $image): array {
		/** @var \GdImage $image */
		return [imagesx($image), imagesy($image)];
	}

	public function encode(object $image, string $format, int $quality): string {
		/** @var \GdImage $image */
		$stream = fopen('php://memory', 'w+b');

		try {
			if ($format === 'webp') {
				imagesavealpha($image, true);
				[$ok] = PhotoWarnings::collect(static fn () => imagewebp($image, $stream, $quality));
			} else {
				imageinterlace($image, false);
				[$ok] = PhotoWarnings::collect(static fn () => imagejpeg($image, $stream, $quality));
			}

			rewind($stream);
			$bytes = (string)stream_get_contents($stream);
		} finally {
			fclose($stream);
		}

		if (!$ok || $bytes === '') {
			throw new \RuntimeException('GD could not encode ' . $format);
		}

		return $bytes;
	}

	public function release(object $image): void {
		/** @var \GdImage $image */
		imagedestroy($image);
	}

	private function rotate(\GdImage $image, int $angle): \GdImage {
		$turned = imagerotate($image, $angle, 0);

		if (!$turned instanceof \GdImage) {
			throw new \RuntimeException('GD could not rotate the image');
		}

		imagedestroy($image);

		return $turned;
	}

	private function canvas(int $width, int $height): \GdImage {
		$canvas = imagecreatetruecolor($width, $height);
		imagesavealpha($canvas, true);

		return $canvas;
	}

	/**
	 * Bundled GD counts pixels against memory_limit: raise it for this request when needed, else refuse.
	 *
	 * @throws PhotoRejected too_many_pixels
	 */
	private function makeRoom(int $pixels): void {
		if (!str_contains((string)(gd_info()['GD Version'] ?? ''), 'bundled')) {
			return;
		}

		$limit = PhotoSanitizer::bytesFromIni((string)ini_get('memory_limit'));
		$needed = memory_get_usage() + 2 * 4 * $pixels + 32 * 1024 * 1024;

		if ($limit < 0 || $limit >= $needed) {
			return;
		}

		if (ini_set('memory_limit', (string)$needed) === false) {
			throw new PhotoRejected(PhotoRejected::TOO_MANY_PIXELS, 'This photo has too many pixels for the server to process. Please upload a smaller photo.', 'memory_limit ' . $limit . ' below ' . $needed . ' and cannot be raised');
		}
	}
}
