<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What a picture file says about itself, read from its headers and structure without decoding any pixel.
 *
 * The type comes from the content (getimagesize's magic and header parse), never from the name or the
 * browser's MIME type. The walk over each format's structure also catches what decoders let through:
 * a JPEG cut short (GD accepts those by default), a JPEG with so many scans that decoding it takes
 * minutes, a GIF whose first frame is incomplete. An animated WebP, which GD cannot decode, is reduced to
 * its first frame as a still WebP, as GD does itself for an animated GIF.
 *
 * Orientation is read from a JPEG's Exif (APP1) block by parsing its TIFF structure here, from the block
 * the structure walk has already found: the exif extension (tested to agree) would copy and parse the
 * whole file again, and it is not always installed.
 */
final class PhotoProbe {
	public const TYPES = [IMAGETYPE_JPEG => 'jpeg', IMAGETYPE_PNG => 'png', IMAGETYPE_GIF => 'gif', IMAGETYPE_WEBP => 'webp'];
	/** A progressive JPEG has about ten scans; thousands make a tiny file that takes minutes to decode. */
	public const MAX_JPEG_SCANS = 100;

	/**
	 * @param string      $type        jpeg, png, gif or webp
	 * @param int         $orientation Exif orientation 1–8 (1 when absent or not a JPEG)
	 * @param int         $frames      frames counted (GIF, WebP), else 1
	 * @param string|null $still       an animated WebP's first frame as a still WebP, which is what gets decoded
	 */
	private function __construct(public readonly string $type, public readonly int $width, public readonly int $height, public readonly int $orientation = 1, public readonly int $frames = 1, public readonly ?string $still = null) {
	}

	/**
	 * @throws PhotoRejected type (not one of the four formats) or corrupt (damaged, cut short, unusual)
	 */
	public static function inspect(string $bytes): self {
		[$info] = PhotoWarnings::collect(static fn () => $bytes === '' ? false : getimagesizefromstring($bytes));

		if (!is_array($info) || !isset(self::TYPES[$info[2] ?? 0])) {
			throw new PhotoRejected(PhotoRejected::TYPE, 'Only JPEG, PNG, GIF and WebP photos can be uploaded.', 'detected: ' . (is_array($info) ? ($info['mime'] ?? 'unknown') : 'not a picture'));
		}

		$type = self::TYPES[$info[2]];
		$width = (int)$info[0];
		$height = (int)$info[1];

		if ($width < 1 || $height < 1) {
			throw self::corrupt('zero width or height in the header');
		}

		switch ($type) {
			case 'jpeg':
				return new self($type, $width, $height, self::orientationFromTiff(self::walkJpeg($bytes)['exif'] ?? ''));
			case 'gif':
				return new self($type, $width, $height, 1, self::walkGif($bytes));
			case 'webp':
				return self::walkWebp($bytes, $width, $height);
			default:
				return new self($type, $width, $height);
		}
	}

	/**
	 * The Exif orientation (1–8) of JPEG bytes; 1 when there is none or it cannot be read.
	 *
	 * @throws PhotoRejected corrupt, when the JPEG's structure is damaged
	 */
	public static function orientation(string $jpeg): int {
		return self::orientationFromTiff(self::walkJpeg($jpeg)['exif'] ?? '');
	}

	/**
	 * The Orientation tag (0x0112) of IFD0 in a TIFF structure (an Exif block after its "Exif\0\0"), or 1.
	 */
	public static function orientationFromTiff(string $tiff): int {
		$order = substr($tiff, 0, 4);

		if ($order === "II*\0") {
			$u16 = 'v';
			$u32 = 'V';
		} elseif ($order === "MM\0*") {
			$u16 = 'n';
			$u32 = 'N';
		} else {
			return 1;
		}

		if (strlen($tiff) < 8) {
			return 1;
		}

		$ifd = unpack($u32, $tiff, 4)[1];

		if ($ifd < 8 || $ifd + 2 > strlen($tiff)) {
			return 1;
		}

		$count = unpack($u16, $tiff, $ifd)[1];

		for ($i = 0; $i < $count; $i++) {
			$entry = $ifd + 2 + 12 * $i;

			if ($entry + 12 > strlen($tiff)) {
				break;
			}

			// tag 0x0112, type SHORT (3), count 1: the value sits in the first two bytes of the value field
			if (unpack($u16, $tiff, $entry)[1] === 0x0112 && unpack($u16, $tiff, $entry + 2)[1] === 3) {
				$value = unpack($u16, $tiff, $entry + 8)[1];

				return $value >= 1 && $value <= 8 ? $value : 1;
			}
		}

		return 1;
	}

	/**
	 * Walks a JPEG's markers up to EOI, through the entropy-coded data of each scan.
	 *
	 * @return array{scans: int, exif: ?string} the scan count and the first Exif block's TIFF bytes
	 *
	 * @throws PhotoRejected corrupt: no EOI (cut short), a bad marker, or more than MAX_JPEG_SCANS scans
	 */
	private static function walkJpeg(string $bytes): array {
		$length = strlen($bytes);
		$position = 2;
		$scans = 0;
		$exif = null;

		while (true) {
			if ($position + 2 > $length) {
				throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo is incomplete: the file was cut short. Please try uploading it again.', 'JPEG without EOI');
			}

			if ($bytes[$position] !== "\xFF") {
				throw self::corrupt('JPEG marker expected at byte ' . $position);
			}

			$marker = ord($bytes[$position + 1]);

			if ($marker === 0xFF) {
				$position++;

				continue;
			}

			$position += 2;

			if ($marker === 0xD9) {
				break;
			}

			if ($marker === 0x01 || ($marker >= 0xD0 && $marker <= 0xD7)) {
				continue;
			}

			if ($position + 2 > $length) {
				continue;
			}

			$segment = unpack('n', $bytes, $position)[1];

			if ($segment < 2) {
				throw self::corrupt('JPEG segment length below 2');
			}

			if ($marker === 0xE1 && $exif === null && substr($bytes, $position + 2, 6) === "Exif\0\0") {
				$exif = substr($bytes, $position + 8, $segment - 8);
			}

			$position += $segment;

			if ($marker === 0xDA) {
				if (++$scans > self::MAX_JPEG_SCANS) {
					throw self::corrupt('JPEG with more than ' . self::MAX_JPEG_SCANS . ' scans');
				}

				// Entropy-coded data runs to the next 0xFF that is neither a stuffed 0xFF00 nor a restart marker.
				$position = preg_match('/\xFF[^\x00\xD0-\xD7]/', $bytes, $match, PREG_OFFSET_CAPTURE, $position) ? $match[0][1] : $length;
			}
		}

		return ['scans' => $scans, 'exif' => $exif];
	}

	/**
	 * Walks a GIF's blocks and counts its images.
	 *
	 * @throws PhotoRejected corrupt when the first image's data is incomplete (GD would quietly decode
	 *                       a truncated GIF as grey); a missing trailer after a whole first frame is tolerated
	 */
	private static function walkGif(string $bytes): int {
		$length = strlen($bytes);

		if ($length < 13) {
			throw self::corrupt('GIF header cut short');
		}

		$packed = ord($bytes[10]);
		$position = 13 + (($packed & 0x80) ? 3 * (2 << ($packed & 0x07)) : 0);
		$frames = 0;

		while ($position < $length) {
			$block = ord($bytes[$position]);

			if ($block === 0x3B) {
				return max(1, $frames);
			}

			if ($block === 0x21) {
				$position += 2;
			} elseif ($block === 0x2C) {
				if ($position + 10 > $length) {
					break;
				}

				$local = ord($bytes[$position + 9]);
				// descriptor (10 bytes), local colour table, LZW minimum code size (1 byte)
				$position += 10 + (($local & 0x80) ? 3 * (2 << ($local & 0x07)) : 0) + 1;
			} else {
				throw self::corrupt('unknown GIF block 0x' . dechex($block));
			}

			// data sub-blocks: a length byte, that many bytes, until a zero length
			while ($position < $length && ($size = ord($bytes[$position])) !== 0) {
				$position += 1 + $size;
			}

			if ($position >= $length) {
				break;
			}

			$position++;

			if ($block === 0x2C) {
				$frames++;
			}
		}

		if ($frames === 0) {
			throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo is incomplete: the file was cut short. Please try uploading it again.', 'GIF whose first image is cut short');
		}

		return $frames;
	}

	/**
	 * Walks a WebP's RIFF chunks; an animation becomes its first frame as a still WebP.
	 *
	 * @throws PhotoRejected corrupt
	 */
	private static function walkWebp(string $bytes, int $width, int $height): self {
		$chunks = self::riffChunks($bytes, 12, strlen($bytes));

		if (!isset($chunks[0]) || $chunks[0]['id'] !== 'VP8X' || !(ord($chunks[0]['data'][0] ?? "\0") & 0x02)) {
			return new self('webp', $width, $height);
		}

		$frames = array_values(array_filter($chunks, static fn (array $chunk): bool => $chunk['id'] === 'ANMF'));

		if (!$frames || strlen($frames[0]['data']) < 16) {
			throw self::corrupt('animated WebP without a whole first frame');
		}

		$frame = $frames[0]['data'];
		$frameWidth = 1 + (unpack('V', substr($frame, 6, 3) . "\0")[1]);
		$frameHeight = 1 + (unpack('V', substr($frame, 9, 3) . "\0")[1]);

		if ($frameWidth > $width || $frameHeight > $height) {
			throw self::corrupt('WebP frame larger than its canvas');
		}

		$inner = self::riffChunks($frame, 16, strlen($frame));
		$alpha = '';
		$image = '';

		foreach ($inner as $chunk) {
			if ($chunk['id'] === 'ALPH' && $alpha === '') {
				$alpha = self::riffChunk('ALPH', $chunk['data']);
			} elseif (($chunk['id'] === 'VP8 ' || $chunk['id'] === 'VP8L') && $image === '') {
				$image = self::riffChunk($chunk['id'], $chunk['data']);
			}
		}

		if ($image === '') {
			throw self::corrupt('animated WebP frame without image data');
		}

		if ($alpha !== '') {
			$canvas = substr(pack('V', $frameWidth - 1), 0, 3) . substr(pack('V', $frameHeight - 1), 0, 3);
			$image = self::riffChunk('VP8X', "\x10\0\0\0" . $canvas) . $alpha . $image;
		}

		return new self('webp', $frameWidth, $frameHeight, 1, count($frames), 'RIFF' . pack('V', 4 + strlen($image)) . 'WEBP' . $image);
	}

	/**
	 * @return list<array{id: string, data: string}>
	 *
	 * @throws PhotoRejected corrupt when a chunk runs past the end
	 */
	private static function riffChunks(string $bytes, int $position, int $end): array {
		$chunks = [];

		while ($position + 8 <= $end) {
			$size = unpack('V', $bytes, $position + 4)[1];

			if ($position + 8 + $size > $end) {
				throw new PhotoRejected(PhotoRejected::CORRUPT, 'This photo is incomplete: the file was cut short. Please try uploading it again.', 'WebP chunk past the end');
			}

			$chunks[] = ['id' => substr($bytes, $position, 4), 'data' => substr($bytes, $position + 8, $size)];
			$position += 8 + $size + ($size & 1);
		}

		return $chunks;
	}

	private static function riffChunk(string $id, string $data): string {
		return $id . pack('V', strlen($data)) . $data . (strlen($data) & 1 ? "\0" : '');
	}

	private static function corrupt(string $detail): PhotoRejected {
		return new PhotoRejected(PhotoRejected::CORRUPT, 'This photo could not be read: the file is damaged or in an unusual format. Please save it again as a JPEG and retry.', $detail);
	}
}
