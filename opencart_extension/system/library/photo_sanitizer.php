<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Turns one uploaded file into a safe stored photo and thumbnail, or refuses it with PhotoRejected.
 *
 * In this order, each step refusing before any costlier one runs:
 * 1. size: nothing, or more than the limit (the declared size first, then the bytes actually read);
 * 2. payload: PHP or script markup anywhere in the bytes (a polyglot is an attack, not a photo);
 * 3. type and structure by content (PhotoProbe): JPEG, PNG, GIF or WebP, not cut short;
 * 4. pixels: width × height from the header against the limit, before anything is decoded, so a
 *    decompression bomb (a tiny file declaring 20,000 × 20,000) costs nothing;
 * 5. decode (first frame), shrink to fit MAX_EDGE (a phone's 12 megapixels become 1600 × 1200, plenty for
 *    a review's lightbox or a damage photo), then turn upright by the Exif orientation — after shrinking, so the turn
 *    moves a quarter of the pixels — and put transparency on white for JPEG;
 * 6. re-encode the photo and a thumbnail (JPEG by default, WebP when asked and the library can), which
 *    keeps pixels only: no Exif, GPS, comments, profiles, or anything appended;
 * 7. store both under new random names (PhotoFiles), all or nothing.
 * The client's name and MIME type are never used to decide anything.
 *
 * @example
 * $sanitizer = new PhotoSanitizer(DIR_STORAGE . 'rebound/photos/');
 * try {
 *     $result = $sanitizer->sanitize($upload->path, $upload->clientName, $upload->size);
 *     $photoId = (new PhotoStore($db, DB_PREFIX, $sanitizer->files))->add($result, 'review', 0, $storeId, $customerId);
 * } catch (PhotoRejected $e) {
 *     $json['error']['photo'] = $e->getMessage();   // $e->reason for code, $e->detail for the log
 * }
 */
final class PhotoSanitizer {
	public const MAX_BYTES = 5 * 1024 * 1024;
	public const MAX_PIXELS = 40_000_000;
	public const THUMB_EDGE = 320;
	/**
	 * The stored photo fits in this many pixels square (0: kept at the size uploaded). 1600 keeps a phone
	 * photo sharp in a lightbox and sanitising within 1.3 times a plain decode and encode even when the photo
	 * must be turned (benchmarks/photos.php; 2048 costs 1.5 times there).
	 */
	public const MAX_EDGE = 1600;
	public const QUALITY = 85;
	public const THUMB_QUALITY = 80;
	/** Lower-case markers refused anywhere in an upload's bytes. */
	public const PAYLOADS = ['<?php', '<script'];
	private const EXTENSIONS = ['jpeg' => 'jpg', 'webp' => 'webp'];

	public readonly PhotoFiles $files;
	public readonly PhotoCodec $codec;
	public readonly string $format;

	/**
	 * @param string|PhotoFiles $storage   the storage directory, outside the web root (DIR_STORAGE . 'rebound/photos/')
	 * @param int               $maxBytes  largest upload accepted, in bytes (default 5 MiB)
	 * @param int               $maxPixels largest width × height accepted (default 40 megapixels)
	 * @param string            $format    `jpeg` (default), or `webp` where the library writes it (else JPEG)
	 * @param int               $thumbEdge the thumbnail fits in this many pixels square
	 * @param PhotoCodec|null   $codec     default: detected (GD, else Imagick)
	 * @param int               $maxEdge   the stored photo fits in this many pixels square; 0 keeps its size
	 *
	 * @throws \RuntimeException when PHP has neither GD nor Imagick
	 */
	public function __construct(string|PhotoFiles $storage, public readonly int $maxBytes = self::MAX_BYTES, public readonly int $maxPixels = self::MAX_PIXELS, string $format = 'jpeg', public readonly int $thumbEdge = self::THUMB_EDGE, public readonly int $quality = self::QUALITY, ?PhotoCodec $codec = null, public readonly int $maxEdge = self::MAX_EDGE) {
		$this->files = $storage instanceof PhotoFiles ? $storage : new PhotoFiles($storage);
		$this->codec = $codec ?? self::detectCodec() ?? throw new \RuntimeException('PHP has neither GD nor Imagick: photos cannot be processed');
		$this->format = $format === 'webp' && $this->codec->canWrite('webp') ? 'webp' : 'jpeg';
	}

	/**
	 * The image library this PHP has: GD first (OpenCart requires it), else Imagick; null when neither.
	 */
	public static function detectCodec(): ?PhotoCodec {
		if (PhotoGdCodec::available()) {
			return new PhotoGdCodec();
		}

		if (PhotoImagickCodec::available()) {
			return new PhotoImagickCodec();
		}

		return null;
	}

	/**
	 * @param string   $path         the uploaded file (PHP's temporary file; it is only read)
	 * @param string   $clientName   the name the browser sent: shown back cleaned, never used otherwise
	 * @param int|null $declaredSize $_FILES' size, checked before reading
	 *
	 * @throws PhotoRejected
	 */
	public function sanitize(string $path, string $clientName = '', ?int $declaredSize = null): PhotoResult {
		$bytes = $this->read($path, $declaredSize);

		foreach (self::PAYLOADS as $marker) {
			if (stripos($bytes, $marker) !== false) {
				throw new PhotoRejected(PhotoRejected::PAYLOAD, 'This file is not a plain photo. Please upload a photo straight from your camera or phone.', 'contains ' . $marker);
			}
		}

		$probe = PhotoProbe::inspect($bytes);

		if ($probe->width * $probe->height > $this->maxPixels) {
			throw new PhotoRejected(PhotoRejected::TOO_MANY_PIXELS, sprintf('This photo has too many pixels (%d × %d); the most accepted is %s megapixels.', $probe->width, $probe->height, rtrim(rtrim(number_format($this->maxPixels / 1e6, 1, '.', ''), '0'), '.')), $probe->type . ' ' . $probe->width . 'x' . $probe->height);
		}

		[$photo, $thumb, $size, $thumbSize] = $this->process($path, $bytes, $probe);
		unset($bytes);

		$extension = self::EXTENSIONS[$this->format];
		$file = $this->files->newName($extension);
		$thumbFile = $this->files->newName($extension);
		// The thumbnail first: if the disk fills up, it fills on the larger write, with both still temporary.
		$this->files->commit([$thumbFile => $thumb, $file => $photo]);

		return new PhotoResult($this->files->directory, $file, $thumbFile, 'image/' . $this->format, $size[0], $size[1], strlen($photo), $thumbSize[0], $thumbSize[1], strlen($thumb), $probe->type, PhotoUpload::displayName($clientName));
	}

	/**
	 * The size that fits $width × $height into $edge × $edge, keeping proportions, never enlarging.
	 *
	 * @return array{0: int, 1: int}
	 */
	public static function fit(int $width, int $height, int $edge): array {
		if ($width <= $edge && $height <= $edge) {
			return [$width, $height];
		}

		$scale = $edge / max($width, $height);

		return [max(1, (int)round($width * $scale)), max(1, (int)round($height * $scale))];
	}

	/**
	 * A php.ini size (`128M`, `1G`, `-1`) in bytes; -1 for no limit.
	 */
	public static function bytesFromIni(string $value): int {
		$value = trim($value);

		if ($value === '' || $value === '-1') {
			return -1;
		}

		$number = (int)$value;

		return match (strtolower(substr($value, -1))) {
			'g'     => $number * 1024 ** 3,
			'm'     => $number * 1024 ** 2,
			'k'     => $number * 1024,
			default => $number
		};
	}

	/**
	 * @throws PhotoRejected empty, too_large, upload
	 */
	private function read(string $path, ?int $declaredSize): string {
		if ($declaredSize === 0) {
			throw self::empty();
		}

		if ($declaredSize !== null && $declaredSize > $this->maxBytes) {
			throw $this->tooLarge($declaredSize);
		}

		[$bytes] = PhotoWarnings::collect(fn () => is_file($path) ? file_get_contents($path, false, null, 0, $this->maxBytes + 1) : false);

		if (!is_string($bytes)) {
			throw new PhotoRejected(PhotoRejected::UPLOAD, 'The photo did not arrive. Please try again.', 'cannot read the uploaded file');
		}

		if ($bytes === '') {
			throw self::empty();
		}

		if (strlen($bytes) > $this->maxBytes) {
			throw $this->tooLarge(strlen($bytes));
		}

		if ($declaredSize !== null && $declaredSize !== strlen($bytes)) {
			throw new PhotoRejected(PhotoRejected::UPLOAD, 'The photo did not arrive whole. Please try again.', 'declared ' . $declaredSize . ' bytes, read ' . strlen($bytes));
		}

		return $bytes;
	}

	/**
	 * Decode, shrink, orient, flatten, thumbnail, encode; every image released whatever happens.
	 *
	 * @return array{0: string, 1: string, 2: array{0: int, 1: int}, 3: array{0: int, 1: int}}
	 *
	 * @throws PhotoRejected
	 */
	private function process(string $path, string $bytes, PhotoProbe $probe): array {
		$image = null;
		$thumb = null;

		try {
			$image = $this->codec->decode($path, $bytes, $probe);

			if ($this->maxEdge > 0) {
				$image = $this->codec->scale($image, $this->maxEdge);
			}

			$image = $this->codec->orient($image, $probe->orientation);

			if ($this->format === 'jpeg' && $probe->type !== 'jpeg') {
				$image = $this->codec->flatten($image);
			}

			$thumb = $this->codec->thumbnail($image, $this->thumbEdge);

			return [
				$this->codec->encode($image, $this->format, $this->quality),
				$this->codec->encode($thumb, $this->format, self::THUMB_QUALITY),
				$this->codec->size($image),
				$this->codec->size($thumb)
			];
		} catch (PhotoRejected $e) {
			throw $e;
		} catch (\Throwable $e) {
			throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo could not be processed. Please save it again as a JPEG and retry.', get_class($e) . ': ' . $e->getMessage(), $e);
		} finally {
			foreach ([$image, $thumb] as $held) {
				if ($held !== null) {
					$this->codec->release($held);
				}
			}
		}
	}

	private static function empty(): PhotoRejected {
		return new PhotoRejected(PhotoRejected::EMPTY, 'The photo is empty. Please choose the file again.', 'zero bytes');
	}

	private function tooLarge(int $bytes): PhotoRejected {
		return new PhotoRejected(PhotoRejected::TOO_LARGE, sprintf('This photo is too large (%s); the most accepted is %s.', self::megabytes($bytes), self::megabytes($this->maxBytes)), $bytes . ' bytes, limit ' . $this->maxBytes);
	}

	/**
	 * A size as shoppers read it: "4.8 MB", "5 MB"; '∞' for no limit (a negative size).
	 */
	public static function megabytes(int $bytes): string {
		return $bytes < 0 ? '∞' : rtrim(rtrim(number_format($bytes / 1048576, 1, '.', ''), '0'), '.') . ' MB';
	}
}
