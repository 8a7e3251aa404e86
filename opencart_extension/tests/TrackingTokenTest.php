<?php
use Opencart\System\Library\Extension\Rebound\TrackingToken;
use PHPUnit\Framework\TestCase;

/**
 * TrackingToken over the vectors the sidecar's email links must also match (tests/vectors/tracking_token.json).
 */
final class TrackingTokenTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';
	private const PREVIOUS = '4d6d8f79a6060d73ec9bd0f3d47aa91ce7a286928bceeccb33f0e0fc08dc3ccc';

	use VectorCases;

	protected static function vectorFile(): string {
		return 'tracking_token.json';
	}

	/**
	 * @dataProvider signCases
	 *
	 * @param array<string, mixed> $case
	 */
	public function testSignMatchesVector(array $case): void {
		$this->assertSame($case['message'], TrackingToken::message($case['reference'], $case['email']));
		$this->assertSame($case['token'], (new TrackingToken($case['secret']))->sign($case['reference'], $case['email']));
	}

	/**
	 * @dataProvider verifyCases
	 *
	 * @param array<string, mixed> $case
	 */
	public function testVerifyMatchesVector(array $case): void {
		$tokens = new TrackingToken($case['secrets'][0], $case['secrets'][1] ?? '');

		$this->assertSame($case['valid'], $tokens->verify($case['reference'], $case['email'], $case['token']));
	}

	public function testATokenIsUrlSafe(): void {
		$token = (new TrackingToken(self::SECRET))->sign('QC4GXDND', 'bob+returns@example.co.uk');

		$this->assertMatchesRegularExpression('/^[A-Za-z0-9_-]{43}$/D', $token);
		$this->assertSame($token, rawurlencode($token));
	}

	public function testSettingsGiveTokensOnlyWithAUsableSecret(): void {
		$get = static fn (array $settings): \Closure => static fn (string $key): mixed => $settings[$key] ?? null;
		$token = (new TrackingToken(self::PREVIOUS))->sign('R7K2M9QX', 'ann@example.com');

		$rotating = ['module_rebound_secret' => self::SECRET, 'module_rebound_secret_previous' => self::PREVIOUS, 'module_rebound_secret_previous_until' => '2000'];

		// A link mailed before the rotation opens during the grace period, and not after it.
		$this->assertTrue(TrackingToken::fromSettings($get($rotating), 1999)->verify('R7K2M9QX', 'ann@example.com', $token));
		$this->assertFalse(TrackingToken::fromSettings($get($rotating), 2001)->verify('R7K2M9QX', 'ann@example.com', $token));

		// A malformed previous secret never disables the current one.
		$broken = ['module_rebound_secret_previous' => 'oops'] + $rotating;
		$this->assertInstanceOf(TrackingToken::class, TrackingToken::fromSettings($get($broken), 1999));

		$this->assertNull(TrackingToken::fromSettings($get(['module_rebound_secret' => ''])));
		$this->assertNull(TrackingToken::fromSettings($get([])));
	}

	public function testAMalformedSecretIsRefusedWithoutEchoingIt(): void {
		try {
			new TrackingToken('not-a-secret-but-close');
			$this->fail('expected an exception');
		} catch (\InvalidArgumentException $e) {
			$this->assertStringNotContainsString('not-a-secret', $e->getMessage());
		}
	}
}
