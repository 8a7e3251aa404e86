<?php
use Opencart\System\Library\Extension\Rebound\ReviewPhotoTray;
use PHPUnit\Framework\TestCase;

/**
 * ReviewPhotoTray: the photos a session holds per product and form (the count limit, the uploader's own
 * view of pending photos).
 */
final class ReviewPhotoTrayTest extends TestCase {
	private static function id(int $n): string {
		return str_pad(dechex($n), 32, 'a', STR_PAD_LEFT);
	}

	public function testPhotosAreHeldPerProductAndFormUntilRemoved(): void {
		$tray = ReviewPhotoTray::fromSession(null);
		$tray->add(self::id(2), 40, 'form-a', 101);
		$tray->add(self::id(1), 40, 'form-a', 100);
		$tray->add(self::id(3), 41, 'form-b', 102);

		$this->assertSame([self::id(1), self::id(2)], $tray->ids(40), 'oldest first');
		$this->assertSame(2, $tray->held(40, 'form-a'));
		$this->assertTrue($tray->holds(self::id(3), 41));
		$this->assertFalse($tray->holds(self::id(3), 40));

		$tray->remove([self::id(1), self::id(9)]);

		$this->assertSame([self::id(2)], $tray->ids(40));
		$this->assertFalse($tray->holds(self::id(1)));
	}

	public function testPhotosOfAnAbandonedFormDoNotCountAgainstTheNextOne(): void {
		$tray = ReviewPhotoTray::fromSession(null);
		$tray->add(self::id(1), 40, 'old-form', 1);
		$tray->add(self::id(2), 40, 'new-form', 2);

		$this->assertSame(1, $tray->held(40, 'new-form'));
		$this->assertSame([self::id(1), self::id(2)], $tray->ids(40));
	}

	public function testTheSessionValueSurvivesARoundTripAndJunkIsDropped(): void {
		$tray = ReviewPhotoTray::fromSession(['../x' => ['product_id' => 40], self::id(1) => ['product_id' => 0], self::id(2) => 'x', self::id(3) => ['product_id' => '40', 'form' => 'f', 'at' => '5']]);

		$this->assertSame([self::id(3) => ['product_id' => 40, 'form' => 'f', 'at' => 5]], $tray->toArray());
		$this->assertSame($tray->toArray(), ReviewPhotoTray::fromSession($tray->toArray())->toArray());
	}

	public function testTheTrayKeepsOnlyTheNewestEntries(): void {
		$tray = ReviewPhotoTray::fromSession(null);

		for ($i = 1; $i <= ReviewPhotoTray::MAX_ENTRIES + 3; $i++) {
			$tray->add(self::id($i), 40, 'f', $i);
		}

		$this->assertCount(ReviewPhotoTray::MAX_ENTRIES, $tray->toArray());
		$this->assertFalse($tray->holds(self::id(3)));
		$this->assertTrue($tray->holds(self::id(4)));
	}
}
