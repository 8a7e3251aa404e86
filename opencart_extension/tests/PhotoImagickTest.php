<?php
use Opencart\System\Library\Extension\Rebound\PhotoCodec;
use Opencart\System\Library\Extension\Rebound\PhotoImagickCodec;

require_once __DIR__ . '/PhotoSanitizerTest.php';

/**
 * Every PhotoSanitizerTest case again with Imagick as the library (used where a PHP has no GD).
 */
final class PhotoImagickTest extends PhotoSanitizerTest {
	protected function setUp(): void {
		if (!PhotoImagickCodec::available()) {
			$this->markTestSkipped('PHP has no imagick extension here (apt-get install php-imagick); GD is what stores have, as OpenCart requires it');
		}

		parent::setUp();
	}

	protected function codec(): ?PhotoCodec {
		return new PhotoImagickCodec();
	}

	/**
	 * @dataProvider hostileFiles
	 *
	 * @param callable(): string $make
	 */
	public function testHostileFilesAreRefusedAndLeaveNothingBehind(string $reason, callable $make): void {
		if ($this->dataName() === 'JPEG cut short, EOI glued on') {
			$this->markTestSkipped('ImageMagick reports a premature end of JPEG data only as a warning that imagick drops: such a file decodes with a grey bottom. One cut short without a new EOI is refused by PhotoProbe whatever the library.');
		}

		parent::testHostileFilesAreRefusedAndLeaveNothingBehind($reason, $make);
	}

	public function testTheLibraryIsDetected(): void {
		$this->assertSame('imagick', $this->codec()->name());
	}
}
