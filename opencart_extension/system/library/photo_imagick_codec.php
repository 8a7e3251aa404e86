<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * PhotoCodec over Imagick, used when PHP has no GD.
 *
 * ImageMagick reads dozens of formats and would pick one by itself from the bytes: here the decoder is
 * always named (`jpeg:`, `png:`, `gif:`, `webp:`) from PhotoProbe's verdict, only the first frame is read,
 * and its resource limits (area, width, height) are set to the pixel limit the probe already enforced.
 *
 * Unlike GD, it cannot refuse a JPEG whose data was cut short and then given a new EOI marker: ImageMagick
 * reports that only as a warning, which imagick drops, and the picture decodes with a grey bottom. A JPEG
 * cut short without an EOI is refused by PhotoProbe whatever the library.
 */
final class PhotoImagickCodec implements PhotoCodec {
	public static function available(): bool {
		return extension_loaded('imagick') && class_exists(\Imagick::class) && \Imagick::queryFormats('JPEG') !== [];
	}

	public function name(): string {
		return 'imagick';
	}

	public function canWrite(string $format): bool {
		return in_array($format, ['jpeg', 'webp'], true) && \Imagick::queryFormats(strtoupper($format)) !== [];
	}

	public function decode(string $path, string $bytes, PhotoProbe $probe): object {
		// Limits for this read only (they are process-wide), so that ImageMagick refuses the same pixel count
		// even if its own header parse disagreed with the probe's.
		$limits = [\Imagick::RESOURCETYPE_AREA => max(1, $probe->width * $probe->height)];

		foreach (['RESOURCETYPE_WIDTH' => $probe->width, 'RESOURCETYPE_HEIGHT' => $probe->height] as $constant => $limit) {
			if (defined(\Imagick::class . '::' . $constant)) {
				$limits[constant(\Imagick::class . '::' . $constant)] = $limit;
			}
		}

		$previous = [];

		foreach ($limits as $type => $limit) {
			$previous[$type] = \Imagick::getResourceLimit($type);
			\Imagick::setResourceLimit($type, $limit);
		}

		$image = new \Imagick();

		try {
			[, $warnings] = PhotoWarnings::collect(static fn () => $image->readImageBlob($probe->still ?? $bytes, $probe->type . ':photo[0]'));
		} catch (\ImagickException $e) {
			$image->clear();

			throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo could not be read: the file is damaged or in an unusual format. Please save it again as a JPEG and retry.', 'Imagick: ' . $e->getMessage(), $e);
		} finally {
			foreach ($previous as $type => $limit) {
				\Imagick::setResourceLimit($type, (int)$limit);
			}
		}

		$image->setIteratorIndex(0);
		$first = $image->getImage();
		$image->clear();
		$first->setImagePage(0, 0, 0, 0);

		if ($first->getImageWidth() !== $probe->width || $first->getImageHeight() !== $probe->height) {
			$first->clear();

			throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo is incomplete: the file was cut short. Please try uploading it again.', 'Imagick: size differs from the header ' . implode(' ', $warnings));
		}

		if ($first->getImageColorspace() === \Imagick::COLORSPACE_CMYK) {
			$first->transformImageColorspace(\Imagick::COLORSPACE_SRGB);
		}

		$first->setImageDepth(8);

		return $first;
	}

	public function scale(object $image, int $edge): object {
		/** @var \Imagick $image */
		[$width, $height] = PhotoSanitizer::fit($image->getImageWidth(), $image->getImageHeight(), $edge);

		if ($width !== $image->getImageWidth() || $height !== $image->getImageHeight()) {
			$image->resizeImage($width, $height, \Imagick::FILTER_TRIANGLE, 1);
			$image->setImagePage(0, 0, 0, 0);
		}

		return $image;
	}

	public function orient(object $image, int $orientation): object {
		/** @var \Imagick $image */
		// rotateImage() turns clockwise.
		match ($orientation) {
			2       => $image->flopImage(),
			3       => $image->rotateImage('#000', 180),
			4       => $image->flipImage(),
			5       => $image->transposeImage(),
			6       => $image->rotateImage('#000', 90),
			7       => $image->transverseImage(),
			8       => $image->rotateImage('#000', 270),
			default => null
		};

		$image->setImagePage(0, 0, 0, 0);
		$image->setImageOrientation(\Imagick::ORIENTATION_TOPLEFT);

		return $image;
	}

	public function flatten(object $image): object {
		/** @var \Imagick $image */
		if ($image->getImageAlphaChannel()) {
			$image->setImageBackgroundColor('#ffffff');
			$image->setImageAlphaChannel(\Imagick::ALPHACHANNEL_REMOVE);
		}

		return $image;
	}

	public function thumbnail(object $image, int $edge): object {
		/** @var \Imagick $image */
		[$width, $height] = PhotoSanitizer::fit($image->getImageWidth(), $image->getImageHeight(), $edge);
		$thumb = clone $image;
		$thumb->thumbnailImage($width, $height);

		return $thumb;
	}

	public function size(object $image): array {
		/** @var \Imagick $image */
		return [$image->getImageWidth(), $image->getImageHeight()];
	}

	public function encode(object $image, string $format, int $quality): string {
		/** @var \Imagick $image */
		$copy = clone $image;

		try {
			$copy->stripImage();
			$copy->setImageFormat($format === 'webp' ? 'WEBP' : 'JPEG');
			$copy->setImageCompressionQuality($quality);
			$copy->setInterlaceScheme(\Imagick::INTERLACE_NO);

			return $copy->getImageBlob();
		} finally {
			$copy->clear();
		}
	}

	public function release(object $image): void {
		/** @var \Imagick $image */
		$image->clear();
	}
}
