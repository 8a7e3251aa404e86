<?php
use Opencart\System\Library\Extension\Rebound\ReviewPhotoClaim;
use PHPUnit\Framework\TestCase;

/**
 * ReviewPhotoClaim: a review form attaches only photos whose claim was signed with this session's key, for
 * this product; at most the allowed number, each once.
 */
final class ReviewPhotoClaimTest extends TestCase {
	private const KEY = '5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592';

	private static function id(int $n): string {
		return str_pad(dechex($n), 32, 'a', STR_PAD_LEFT);
	}

	public function testASignedClaimProvesItsPhoto(): void {
		$claim = ReviewPhotoClaim::sign(self::KEY, self::id(1), 40);

		$this->assertMatchesRegularExpression('/^' . self::id(1) . '\.[0-9a-f]{64}$/', $claim);
		$this->assertSame(self::id(1), ReviewPhotoClaim::verify(self::KEY, $claim, 40));
	}

	/**
	 * @return array<string, array{0: mixed, 1: int}>
	 */
	public static function forgeries(): array {
		$good = ReviewPhotoClaim::sign(self::KEY, self::id(1), 40);
		[$id, $mac] = explode('.', $good);

		return [
			'a bare photo id'                 => [self::id(1), 40],
			'another session\'s key'          => [ReviewPhotoClaim::sign(str_repeat('0', 64), self::id(1), 40), 40],
			'another product'                 => [$good, 41],
			'the signature of another photo'  => [self::id(2) . '.' . $mac, 40],
			'one character changed'           => [$id . '.' . substr($mac, 0, -1) . ($mac[63] === 'a' ? 'b' : 'a'), 40],
			'upper case'                      => [strtoupper($good), 40],
			'a path'                          => ['../../' . $good, 40],
			'an array'                        => [[$good], 40],
			'nothing'                         => ['', 40]
		];
	}

	/**
	 * @dataProvider forgeries
	 */
	public function testAnythingElseProvesNothing(mixed $claim, int $productId): void {
		$this->assertNull(ReviewPhotoClaim::verify(self::KEY, $claim, $productId));
	}

	public function testAtMostTheAllowedNumberEachOnceInTheOrderPosted(): void {
		$claims = array_map(static fn (int $n): string => ReviewPhotoClaim::sign(self::KEY, self::id($n), 40), range(1, 7));
		$posted = array_merge([$claims[2], $claims[2], self::id(9)], $claims);

		$this->assertSame([self::id(3), self::id(1), self::id(2), self::id(4), self::id(5)], ReviewPhotoClaim::verifyAll(self::KEY, $posted, 40, 5));
	}

	public function testTheSessionKeyIsKeptOrMade(): void {
		$this->assertSame(self::KEY, ReviewPhotoClaim::key(self::KEY));

		foreach ([null, '', 'short', str_repeat('z', 64), ['x']] as $bad) {
			$key = ReviewPhotoClaim::key($bad);
			$this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/D', $key);
		}

		$this->assertNotSame(ReviewPhotoClaim::key(null), ReviewPhotoClaim::key(null));
		$this->assertNull(ReviewPhotoClaim::verify('not a key', ReviewPhotoClaim::sign('not a key', self::id(1), 40), 40), 'a malformed key proves nothing');
	}
}
