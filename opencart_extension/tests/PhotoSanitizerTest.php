<?php
use Opencart\System\Library\Extension\Rebound\PhotoFiles;
use Opencart\System\Library\Extension\Rebound\PhotoProbe;
use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;

require_once __DIR__ . '/support/photo_corpus.php';
require_once __DIR__ . '/support/photo_test_case.php';

/**
 * The sanitising pipeline over the generated corpus (tests/support/photo_corpus.php), with the library
 * PhotoSanitizer detects (GD); PhotoImagickTest runs the same cases with Imagick where PHP has it.
 * Every refusal also proves that nothing was left in the storage directory.
 */
class PhotoSanitizerTest extends PhotoTestCase {
	public function testAPlainJpegIsStoredAsTwoFreshlyNamedJpegs(): void {
		$result = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::image(800, 600)), 'holiday.jpg');

		$this->assertMatchesRegularExpression('/^[0-9a-f]{32}\.jpg$/D', $result->file);
		$this->assertMatchesRegularExpression('/^[0-9a-f]{32}\.jpg$/D', $result->thumb);
		$this->assertNotSame(substr($result->file, 0, 32), substr($result->thumb, 0, 32));
		$this->assertSame(['image/jpeg', 800, 600, 320, 240, 'jpeg', 'holiday.jpg'], [$result->mime, $result->width, $result->height, $result->thumbWidth, $result->thumbHeight, $result->sourceType, $result->displayName]);
		$this->assertEqualsCanonicalizing([$result->file, $result->thumb], $this->stored());
		$this->assertSame(filesize($result->path()), $result->bytes);
		$this->assertSame([800, 600, IMAGETYPE_JPEG], array_slice(getimagesize($result->path()), 0, 3));
		$this->assertSame([320, 240, IMAGETYPE_JPEG], array_slice(getimagesize($result->thumbPath()), 0, 3));

		foreach ([$result->path(), $result->thumbPath()] as $path) {
			$this->assertSame('0644', substr(sprintf('%o', fileperms($path)), -4), 'no execute bit, nothing group- or world-writable');
		}

		$this->assertStringContainsString('Require all denied', (string)file_get_contents($this->directory . '.htaccess'));
		$this->assertSame('', (string)file_get_contents($this->directory . 'index.html'));
	}

	public function testTheUploadedFileIsOnlyRead(): void {
		$path = $this->upload(PhotoCorpus::jpeg(PhotoCorpus::markers()));
		$before = md5_file($path);

		$this->sanitizer()->sanitize($path, 'a.jpg', filesize($path));

		$this->assertSame($before, md5_file($path));
	}

	/**
	 * @return array<string, array{0: int}>
	 */
	public static function orientations(): array {
		$cases = [];

		for ($orientation = 1; $orientation <= 8; $orientation++) {
			$cases['orientation ' . $orientation] = [$orientation];
		}

		return $cases;
	}

	/**
	 * @dataProvider orientations
	 */
	public function testPixelsAreTurnedUprightByTheExifOrientation(int $orientation): void {
		$jpeg = PhotoCorpus::withSegment(PhotoCorpus::jpeg(PhotoCorpus::markers()), 0xE1, PhotoCorpus::exif($orientation));

		$result = $this->sanitize($jpeg);
		$image = imagecreatefromjpeg($result->path());

		$swapped = $orientation >= 5;
		$this->assertSame($swapped ? [48, 64] : [64, 48], [$result->width, $result->height]);
		$this->assertSame([$result->width, $result->height], [imagesx($image), imagesy($image)]);

		// The centres of the red (stored top-left) and green (stored top-right) blocks, and a blue pixel.
		foreach ([[8, 8, PhotoCorpus::RED], [55, 8, PhotoCorpus::GREEN], [32, 40, PhotoCorpus::BLUE]] as [$x, $y, $colour]) {
			[$shownX, $shownY] = self::shownAt($orientation, $x, $y, 64, 48);
			$this->assertColour($colour, PhotoCorpus::rgbAt($image, $shownX, $shownY), "stored ($x, $y) shown at ($shownX, $shownY)");
		}

		$this->assertSame(1, PhotoProbe::orientation((string)file_get_contents($result->path())), 'no orientation left to apply twice');
	}

	/**
	 * @return array<string, array{0: int, 1: bool}>
	 */
	public static function orientationTags(): array {
		return ['6, little-endian' => [6, false], '6, big-endian' => [6, true], '8, big-endian' => [8, true], '3, little-endian' => [3, false]];
	}

	/**
	 * @dataProvider orientationTags
	 */
	public function testTheOwnExifParserAgreesWithTheExifExtension(int $orientation, bool $bigEndian): void {
		$jpeg = PhotoCorpus::withSegment(PhotoCorpus::jpeg(PhotoCorpus::markers()), 0xE1, PhotoCorpus::exif($orientation, 'a description', [48.85, 2.35], $bigEndian));

		$this->assertSame($orientation, PhotoProbe::orientation($jpeg));
		$this->assertSame($orientation, PhotoProbe::inspect($jpeg)->orientation);

		if (!function_exists('exif_read_data')) {
			$this->markTestIncomplete('PHP has no exif extension here: only the own parser was checked');
		}

		$path = tempnam(sys_get_temp_dir(), 'exif');
		file_put_contents($path, $jpeg);
		$this->assertSame($orientation, exif_read_data($path)['Orientation'] ?? null);
		unlink($path);
	}

	public function testTheExifParserIgnoresWhatItCannotRead(): void {
		$this->assertSame(1, PhotoProbe::orientationFromTiff(''));
		$this->assertSame(1, PhotoProbe::orientationFromTiff("II*\0\xFF\xFF\xFF\xFF"));
		$this->assertSame(1, PhotoProbe::orientationFromTiff("II*\0\x08\0\0\0\x05\0"), 'five entries announced, none there');
		$this->assertSame(1, PhotoProbe::orientationFromTiff(substr(PhotoCorpus::exif(9), 6)), 'orientation 9 does not exist');
	}

	public function testExifAndGpsAreStripped(): void {
		$secret = 'REBOUND-SECRET-DESCRIPTION';
		$jpeg = PhotoCorpus::withSegment(PhotoCorpus::jpeg(PhotoCorpus::image(200, 100)), 0xE1, PhotoCorpus::exif(1, $secret, [48.8584, 2.2945]));

		if (function_exists('exif_read_data')) {
			$exif = PhotoSamples::exif($jpeg);
			$this->assertArrayHasKey('GPSLatitude', $exif, 'the corpus really carries GPS');
		}

		$result = $this->sanitize($jpeg);

		foreach ([$result->path(), $result->thumbPath()] as $path) {
			$bytes = (string)file_get_contents($path);
			$this->assertStringNotContainsString('Exif', $bytes);
			$this->assertStringNotContainsString($secret, $bytes);
			$this->assertStringNotContainsString("\xFF\xE1", $bytes, 'no APP1 segment at all');

			if (function_exists('exif_read_data')) {
				$this->assertSame([], array_filter(array_keys(PhotoSamples::exif($bytes)), static fn (string $key): bool => str_starts_with($key, 'GPS')));
			}
		}
	}

	public function testCommentsSegmentsAndAppendedBytesAreNotCarriedOver(): void {
		$marker = 'REBOUND-EMBEDDED-PAYLOAD';
		$jpeg = PhotoCorpus::withComment(PhotoCorpus::jpeg(PhotoCorpus::image(120, 80)), $marker);
		$jpeg = PhotoCorpus::withSegment($jpeg, 0xED, 'Photoshop 3.0' . "\0" . $marker);   // APP13 (IPTC)
		$jpeg = PhotoCorpus::withSegment($jpeg, 0xE2, 'ICC_PROFILE' . "\0" . $marker);     // APP2
		$jpeg .= 'PK' . $marker;                                                           // after EOI, e.g. a zip

		$result = $this->sanitize($jpeg);

		$this->assertStringNotContainsString($marker, (string)file_get_contents($result->path()));
		$this->assertStringNotContainsString($marker, (string)file_get_contents($result->thumbPath()));
	}

	public function testACmykJpegBecomesRgb(): void {
		// left half red ink (magenta + yellow), right half green (cyan + yellow), Adobe-inverted storage
		$jpeg = PhotoCorpus::cmykJpeg(32, 16, static fn (int $bx, int $by): array => $bx < 2 ? [0, 255, 255, 0] : [255, 0, 255, 0]);
		$this->assertSame(4, getimagesizefromstring($jpeg)['channels'], 'the corpus really is four-channel');

		$result = $this->sanitize($jpeg);
		$image = imagecreatefromjpeg($result->path());

		$this->assertSame(3, getimagesize($result->path())['channels']);
		$this->assertColour(PhotoCorpus::RED, PhotoCorpus::rgbAt($image, 4, 8));
		$this->assertColour(PhotoCorpus::GREEN, PhotoCorpus::rgbAt($image, 27, 8));
	}

	public function testA16BitPngBecomes8BitRgb(): void {
		$png = PhotoCorpus::png16(40, 20, false, static fn (int $x, int $y): array => $x < 20 ? [65535, 0, 0] : [0, 0, 65535]);
		$this->assertSame(16, getimagesizefromstring($png)['bits']);

		$result = $this->sanitize($png);
		$image = imagecreatefromjpeg($result->path());

		$this->assertSame('png', $result->sourceType);
		$this->assertColour(PhotoCorpus::RED, PhotoCorpus::rgbAt($image, 5, 10));
		$this->assertColour(PhotoCorpus::BLUE, PhotoCorpus::rgbAt($image, 35, 10));
	}

	public function testTransparencyIsPutOnWhiteInAJpeg(): void {
		$png = PhotoCorpus::png16(40, 20, true, static fn (int $x, int $y): array => $x < 20 ? [0, 0, 0, 0] : [0, 0, 65535, 65535]);

		$result = $this->sanitize($png);
		$image = imagecreatefromjpeg($result->path());

		$this->assertColour(PhotoCorpus::WHITE, PhotoCorpus::rgbAt($image, 5, 10), 'transparent, not black');
		$this->assertColour(PhotoCorpus::BLUE, PhotoCorpus::rgbAt($image, 35, 10));
	}

	public function testWebpOutputKeepsTransparency(): void {
		$sanitizer = $this->sanitizer(format: 'webp');

		if ($sanitizer->format !== 'webp') {
			$this->markTestSkipped('this GD cannot write WebP; JPEG is used instead');
		}

		$image = imagecreatetruecolor(40, 20);
		imagealphablending($image, false);
		imagefilledrectangle($image, 0, 0, 39, 19, 0x7F000000);    // fully transparent
		imagefilledrectangle($image, 20, 0, 39, 19, 0x000000FF);   // opaque blue
		$result = $this->sanitize(PhotoCorpus::png($image), sanitizer: $sanitizer);

		$this->assertMatchesRegularExpression('/^[0-9a-f]{32}\.webp$/D', $result->file);
		$this->assertSame(['image/webp', IMAGETYPE_WEBP], [$result->mime, getimagesize($result->path())[2]]);
		$decoded = imagecreatefromwebp($result->path());
		$this->assertSame(127, imagecolorat($decoded, 5, 10) >> 24 & 0x7F, 'still transparent');
	}

	public function testAnAnimatedGifKeepsItsFirstFrame(): void {
		$palette = [0 => [0, 0, 0], 1 => PhotoCorpus::RED, 2 => PhotoCorpus::BLUE];
		$gif = PhotoCorpus::gif(30, 20, $palette, [[30, 20, static fn (): int => 1], [30, 20, static fn (): int => 2], [30, 20, static fn (): int => 2]]);
		$this->assertSame(3, PhotoProbe::inspect($gif)->frames);

		$result = $this->sanitize($gif);

		$this->assertSame(['gif', 30, 20], [$result->sourceType, $result->width, $result->height]);
		$this->assertColour(PhotoCorpus::RED, PhotoCorpus::rgbAt(imagecreatefromjpeg($result->path()), 15, 10));
	}

	public function testAnAnimatedWebpKeepsItsFirstFrame(): void {
		// GD cannot write an animated WebP, nor decode one: the corpus wraps GD's stills in ANMF chunks.
		$webp = PhotoCorpus::animatedWebp(40, 30, [PhotoCorpus::webp(PhotoCorpus::image(40, 30, PhotoCorpus::RED)), PhotoCorpus::webp(PhotoCorpus::image(40, 30, PhotoCorpus::BLUE))]);
		$this->assertFalse(PhotoSamples::quiet(static fn () => imagecreatefromstring($webp)), 'GD alone cannot decode it');

		$result = $this->sanitize($webp);

		$this->assertSame(['webp', 40, 30], [$result->sourceType, $result->width, $result->height]);
		$this->assertColour(PhotoCorpus::RED, PhotoCorpus::rgbAt(imagecreatefromjpeg($result->path()), 20, 15));
	}

	/**
	 * @return array<string, array{0: string, 1: callable(): string}>
	 */
	public static function hostileFiles(): array {
		$gif = static fn (): string => PhotoCorpus::gif(30, 20, [0 => [0, 0, 0], 1 => PhotoCorpus::RED], [[30, 20, static fn (): int => 1]]);
		$jpeg = static fn (): string => PhotoCorpus::jpeg(PhotoCorpus::image(300, 200));
		$php = '<?php echo shell_exec($_GET["c"]); ?>';

		return [
			'GIF with PHP appended'           => [PhotoRejected::PAYLOAD, static fn (): string => $gif() . $php],
			'GIF with PHP in a comment'       => [PhotoRejected::PAYLOAD, static fn (): string => PhotoCorpus::gif(30, 20, [1 => PhotoCorpus::RED], [[30, 20, static fn (): int => 1]], $php)],
			'GIF89a header then PHP'          => [PhotoRejected::PAYLOAD, static fn (): string => "GIF89a\x01\x00\x01\x00\x00\x00\x00" . $php],
			'JPEG with PHP in a comment'      => [PhotoRejected::PAYLOAD, static fn (): string => PhotoCorpus::withComment($jpeg(), $php)],
			'JPEG with PHP in Exif'           => [PhotoRejected::PAYLOAD, static fn (): string => PhotoCorpus::withSegment($jpeg(), 0xE1, PhotoCorpus::exif(1, $php))],
			'JPEG with PHP appended'          => [PhotoRejected::PAYLOAD, static fn (): string => $jpeg() . $php],
			'JPEG with upper-case <?PHP'      => [PhotoRejected::PAYLOAD, static fn (): string => PhotoCorpus::withComment($jpeg(), '<?PHP phpinfo();')],
			'PNG with a script in a tEXt'     => [PhotoRejected::PAYLOAD, static fn (): string => PhotoSamples::withPngChunk(PhotoCorpus::png(PhotoCorpus::image(10, 10)), 'tEXt', "Comment\0<script>alert(1)</script>")],
			'SVG with a script'               => [PhotoRejected::PAYLOAD, static fn (): string => PhotoCorpus::svg()],
			'SVG without a script'            => [PhotoRejected::TYPE, static fn (): string => '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'],
			'HTML renamed .jpg'               => [PhotoRejected::TYPE, static fn (): string => PhotoCorpus::html()],
			'a PHP script renamed .jpg'       => [PhotoRejected::PAYLOAD, static fn (): string => $php],
			'plain text'                      => [PhotoRejected::TYPE, static fn (): string => "just some text\n"],
			'a BMP'                           => [PhotoRejected::TYPE, static fn (): string => PhotoSamples::bmp()],
			'a zip'                           => [PhotoRejected::TYPE, static fn (): string => "PK\x03\x04" . str_repeat("\0", 26)],
			'zero bytes'                      => [PhotoRejected::EMPTY, static fn (): string => ''],
			'20,000 x 20,000 PNG bomb'        => [PhotoRejected::TOO_MANY_PIXELS, static fn (): string => PhotoCorpus::pngBomb()],
			'60,000 x 60,000 JPEG header'     => [PhotoRejected::TOO_MANY_PIXELS, static fn (): string => PhotoCorpus::jpegHeaderBomb()],
			'65,535 x 65,535 GIF screen'      => [PhotoRejected::TOO_MANY_PIXELS, static fn (): string => PhotoCorpus::gif(65535, 65535, [], [[1, 1, static fn (): int => 0]])],
			'16,383 x 16,383 WebP animation'  => [PhotoRejected::TOO_MANY_PIXELS, static fn (): string => PhotoCorpus::animatedWebp(16383, 16383, [PhotoCorpus::webp(PhotoCorpus::image(8, 8))])],
			'JPEG cut short'                  => [PhotoRejected::CORRUPT, static fn (): string => substr($jpeg(), 0, 1500)],
			'JPEG cut short, EOI glued on'    => [PhotoRejected::CORRUPT, static fn (): string => substr($jpeg(), 0, 1500) . "\xFF\xD9"],
			'JPEG of 200 scans'               => [PhotoRejected::CORRUPT, static fn (): string => PhotoSamples::manyScans($jpeg(), 200)],
			'PNG cut short'                   => [PhotoRejected::CORRUPT, static fn (): string => substr(PhotoCorpus::png(PhotoSamples::noise(300, 200)), 0, 3000)],
			'GIF cut short in its first image' => [PhotoRejected::CORRUPT, static fn (): string => substr(PhotoCorpus::gif(300, 200, [1 => PhotoCorpus::RED], [[300, 200, static fn (): int => 1]]), 0, 2000)],
			'WebP cut short'                  => [PhotoRejected::CORRUPT, static fn (): string => substr(PhotoCorpus::webp(PhotoSamples::noise(300, 200)), 0, 2000)],
			'WebP frame larger than canvas'   => [PhotoRejected::CORRUPT, static fn (): string => PhotoSamples::canvas(PhotoCorpus::animatedWebp(8, 8, [PhotoCorpus::webp(PhotoCorpus::image(8, 8))]), 4, 4)],
			'JPEG magic then garbage'         => [PhotoRejected::TYPE, static fn (): string => "\xFF\xD8\xFF\xE0" . random_bytes(500)]
		];
	}

	/**
	 * @dataProvider hostileFiles
	 *
	 * @param callable(): string $make
	 */
	public function testHostileFilesAreRefusedAndLeaveNothingBehind(string $reason, callable $make): void {
		$codec = new SpyCodec($this->codec() ?? PhotoSanitizer::detectCodec());

		$this->assertRefused($reason, $make(), 'x.jpg', $this->sanitizer(codec: $codec));

		if (in_array($reason, [PhotoRejected::PAYLOAD, PhotoRejected::TYPE, PhotoRejected::EMPTY, PhotoRejected::TOO_MANY_PIXELS], true)) {
			$this->assertSame(0, $codec->decodes, 'refused before anything was decoded');
		}
	}

	public function testABombIsRefusedFromItsHeaderAlone(): void {
		$bomb = PhotoCorpus::pngBomb();
		$this->assertLessThan(100 * 1024, strlen($bomb), 'a tiny file');
		$this->assertSame([20000, 20000], array_slice(getimagesizefromstring($bomb), 0, 2));

		$codec = new SpyCodec($this->codec() ?? PhotoSanitizer::detectCodec());
		$started = hrtime(true);
		$this->assertRefused(PhotoRejected::TOO_MANY_PIXELS, $bomb, 'bomb.png', $this->sanitizer(codec: $codec));

		$this->assertSame(0, $codec->decodes);
		$this->assertLessThan(0.5, (hrtime(true) - $started) / 1e9);
	}

	public function testThePixelLimitIsInclusive(): void {
		$jpeg = PhotoCorpus::jpeg(PhotoCorpus::image(100, 50));

		$this->sanitize($jpeg, sanitizer: $this->sanitizer(maxPixels: 5000));
		$this->assertRefused(PhotoRejected::TOO_MANY_PIXELS, $jpeg, 'x.jpg', $this->sanitizer(maxPixels: 4999));
	}

	public function testExactlyTheSizeLimitIsAcceptedAndOneByteMoreIsNot(): void {
		$limit = PhotoSanitizer::MAX_BYTES;
		$jpeg = PhotoCorpus::jpeg(PhotoCorpus::image(640, 480));
		$exact = PhotoCorpus::padTo($jpeg, $limit);
		$over = PhotoCorpus::padTo($jpeg, $limit + 1);
		$this->assertSame([$limit, $limit + 1], [strlen($exact), strlen($over)]);

		$result = $this->sanitize($exact);
		$this->assertSame([640, 480], [$result->width, $result->height]);

		$this->assertRefused(PhotoRejected::TOO_LARGE, $over);
	}

	public function testADeclaredSizeOverTheLimitIsRefusedWithoutReading(): void {
		$this->expectExceptionObject(new PhotoRejected(PhotoRejected::TOO_LARGE, 'This photo is too large (6 MB); the most accepted is 5 MB.'));

		$this->sanitizer()->sanitize($this->directory . 'no-such-file', 'big.jpg', 6 * 1024 * 1024);
	}

	public function testADeclaredSizeThatDiffersFromTheFileIsRefused(): void {
		$jpeg = PhotoCorpus::jpeg(PhotoCorpus::image(20, 20));

		$this->assertRefused(PhotoRejected::UPLOAD, $jpeg, 'x.jpg', null, strlen($jpeg) + 10);
	}

	public function testAMissingFileIsRefused(): void {
		try {
			$this->sanitizer()->sanitize($this->directory . 'gone.jpg', 'gone.jpg');
			$this->fail('no refusal');
		} catch (PhotoRejected $e) {
			$this->assertSame(PhotoRejected::UPLOAD, $e->reason);
		}
	}

	/**
	 * @return array<string, array{0: string, 1: string}>
	 */
	public static function hostileNames(): array {
		return [
			'path traversal'     => ['../../etc/passwd.jpg', 'passwd.jpg'],
			'Windows path'       => ['C:\\Windows\\System32\\evil.jpg', 'evil.jpg'],
			'NUL byte'           => ["shell.php\0.jpg", 'shell.php.jpg'],
			'control characters' => ["a\r\nb\x1B[31m.jpg", 'ab[31m.jpg'],
			'right-to-left mark' => ["photo\u{202E}gpj.php", 'photogpj.php'],
			'a PHP name'         => ['photo.php', 'photo.php'],
			'.htaccess'          => ['.htaccess', 'htaccess'],
			'only dots'          => ['...', 'photo'],
			'empty'              => ['', 'photo'],
			'invalid UTF-8'      => ["caf\xE9.jpg", 'caf?.jpg'],
			'unicode'            => ['Фото 📷 ünïcödé.jpg', 'Фото 📷 ünïcödé.jpg'],
			'very long'          => [str_repeat('a', 5000) . '.jpg', str_repeat('a', 59) . '….jpg']
		];
	}

	/**
	 * @dataProvider hostileNames
	 */
	public function testHostileNamesNeverReachTheFileSystem(string $clientName, string $shown): void {
		$path = $this->upload(PhotoCorpus::jpeg(PhotoCorpus::markers()));
		$before = $this->tree();

		$result = $this->sanitizer()->sanitize($path, $clientName, filesize($path));

		$this->assertSame($shown, $result->displayName);
		$this->assertLessThanOrEqual(64, mb_strlen($result->displayName));
		$this->assertCount(2, $this->stored());

		foreach ($this->stored() as $name) {
			$this->assertMatchesRegularExpression(PhotoFiles::NAME_PATTERN, $name);
		}

		$this->assertSame($before, $this->tree(), 'nothing written outside the storage directory');
	}

	/**
	 * Every path under the test's temporary root, except what is inside the storage directory.
	 *
	 * @return list<string>
	 */
	private function tree(): array {
		$root = dirname($this->incoming);
		$paths = [];
		$entries = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root, FilesystemIterator::SKIP_DOTS), RecursiveIteratorIterator::SELF_FIRST);

		foreach ($entries as $entry) {
			if (!str_starts_with($entry->getPathname() . '/', $this->directory) && !str_starts_with($this->directory, $entry->getPathname() . '/')) {
				$paths[] = substr($entry->getPathname(), strlen($root));
			}
		}

		sort($paths);

		return $paths;
	}

	public function testThumbnailsFitTheBoxWhateverTheShape(): void {
		$panorama = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::image(4000, 100)));
		$this->assertSame([320, 8], [$panorama->thumbWidth, $panorama->thumbHeight]);

		$needle = $this->sanitize(PhotoCorpus::png(PhotoCorpus::image(1, 2000)));
		$this->assertSame([1, 320], [$needle->thumbWidth, $needle->thumbHeight]);

		$tiny = $this->sanitize(PhotoCorpus::gdGif(PhotoCorpus::image(1, 1, PhotoCorpus::RED)));
		$this->assertSame([1, 1, 1, 1], [$tiny->width, $tiny->height, $tiny->thumbWidth, $tiny->thumbHeight]);
	}

	public function testTheThumbnailShowsThePicture(): void {
		$result = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::image(2000, 1000, PhotoCorpus::BLUE, [[0, 0, 1000, 1000, PhotoCorpus::RED]])));
		$thumb = imagecreatefromjpeg($result->thumbPath());

		$this->assertSame([320, 160], [imagesx($thumb), imagesy($thumb)]);
		$this->assertColour(PhotoCorpus::RED, PhotoCorpus::rgbAt($thumb, 80, 80));
		$this->assertColour(PhotoCorpus::BLUE, PhotoCorpus::rgbAt($thumb, 240, 80));
	}

	public function testTheLibraryIsDetected(): void {
		$codec = PhotoSanitizer::detectCodec();

		$this->assertNotNull($codec);
		$this->assertSame(extension_loaded('gd') ? 'gd' : 'imagick', $codec->name());
	}

	/**
	 * @return array<string, array{0: string, 1: int}>
	 */
	public static function iniSizes(): array {
		return ['-1' => ['-1', -1], '128M' => ['128M', 134217728], '1G' => ['1G', 1073741824], '512k' => ['512k', 524288], 'bytes' => ['1000', 1000]];
	}

	/**
	 * @dataProvider iniSizes
	 */
	public function testIniSizesAreRead(string $value, int $bytes): void {
		$this->assertSame($bytes, PhotoSanitizer::bytesFromIni($value));
	}
}
