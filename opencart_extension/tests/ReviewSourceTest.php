<?php
use Opencart\System\Library\Extension\Rebound\EmailToken;
use Opencart\System\Library\Extension\Rebound\ReviewSource;
use PHPUnit\Framework\TestCase;

/**
 * ReviewSource: the review request whose link brought the shopper to a product's review form, kept in the
 * session per product from the link's signed `review` token (tests/vectors/tokens.json).
 */
final class ReviewSourceTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';
	private const OTHER = '4d6d8f79a6060d73ec9bd0f3d47aa91ce7a286928bceeccb33f0e0fc08dc3ccc';

	private static function tokens(string $secret = self::SECRET): EmailToken {
		return new EmailToken($secret);
	}

	public function testAReviewRequestsLinkIsKeptForItsProduct(): void {
		$session = ['customer_id' => 3];

		$this->assertTrue(ReviewSource::remember($session, self::tokens()->sign('review', 21, 'dana@example.com'), 40, self::tokens()));

		$this->assertSame(21, ReviewSource::emailFor($session, 40));
		$this->assertSame(0, ReviewSource::emailFor($session, 41), 'only the product whose page the link opened');
		$this->assertSame(3, $session['customer_id'], 'the rest of the session is left alone');

		ReviewSource::remember($session, self::tokens()->sign('review', 22, 'dana@example.com'), 40, self::tokens());
		$this->assertSame(22, ReviewSource::emailFor($session, 40), 'the latest link wins');
	}

	public function testAnythingButAGenuineReviewTokenIsIgnored(): void {
		$genuine = self::tokens()->sign('review', 21, 'dana@example.com');
		$refused = [
			'another purpose' => [self::tokens()->sign('unsubscribe', 21, 'dana@example.com'), 40, self::tokens()],
			'another secret'  => [(new EmailToken(self::OTHER))->sign('review', 21, 'dana@example.com'), 40, self::tokens()],
			'altered'         => [substr($genuine, 0, -2) . 'AA', 40, self::tokens()],
			'empty'           => ['', 40, self::tokens()],
			'too long'        => [str_repeat('a', 4096), 40, self::tokens()],
			'no product'      => [$genuine, 0, self::tokens()],
			'no secret set'   => [$genuine, 40, null]
		];

		foreach ($refused as $case => [$token, $productId, $tokens]) {
			$session = [];

			$this->assertFalse(ReviewSource::remember($session, $token, $productId, $tokens), $case);
			$this->assertSame([], $session, $case);
		}

		$this->assertSame(0, ReviewSource::emailFor([ReviewSource::SESSION_KEY => [40 => 'x']], 40), 'a value the session should not hold');
	}

	public function testTheSessionKeepsOnlyTheLatestProducts(): void {
		$session = [];

		for ($product = 1; $product <= ReviewSource::MAX_PRODUCTS + 5; $product++) {
			ReviewSource::remember($session, self::tokens()->sign('review', 100 + $product, 'dana@example.com'), $product, self::tokens());
		}

		$this->assertCount(ReviewSource::MAX_PRODUCTS, $session[ReviewSource::SESSION_KEY]);
		$this->assertSame(0, ReviewSource::emailFor($session, 1), 'the oldest went first');
		$this->assertSame(100 + ReviewSource::MAX_PRODUCTS + 5, ReviewSource::emailFor($session, ReviewSource::MAX_PRODUCTS + 5));
	}
}
