<?php
use Opencart\System\Library\Extension\Rebound\EmailToken;
use PHPUnit\Framework\TestCase;

/**
 * EmailToken over the vectors the sidecar's unsubscribe and survey links must also match (tests/vectors/tokens.json).
 */
final class EmailTokenTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';
	private const PREVIOUS = '4d6d8f79a6060d73ec9bd0f3d47aa91ce7a286928bceeccb33f0e0fc08dc3ccc';

	use VectorCases;

	protected static function vectorFile(): string {
		return 'tokens.json';
	}

	/**
	 * @dataProvider signCases
	 *
	 * @param array<string, mixed> $case
	 */
	public function testSignMatchesVector(array $case): void {
		$this->assertSame($case['message'], EmailToken::message($case['purpose'], $case['email_id'], $case['address']));

		$tokens = new EmailToken($case['secret']);
		$this->assertSame($case['token'], $tokens->sign($case['purpose'], $case['email_id'], $case['address']));
		$this->assertSame(['purpose' => $case['purpose'], 'email_id' => $case['email_id'], 'address' => EmailToken::canonical($case['address'])], $tokens->verify($case['token']));
	}

	/**
	 * @dataProvider verifyCases
	 *
	 * @param array<string, mixed> $case
	 */
	public function testVerifyMatchesVector(array $case): void {
		$tokens = new EmailToken($case['secrets'][0], $case['secrets'][1] ?? '');

		$this->assertSame($case['claims'], $tokens->verify($case['token']));
	}

	public function testTheVectorsCoverWhatTheContractNames(): void {
		$names = array_column(self::vectors()['verify'], 'name');

		foreach (['previous_secret_after_rotation', 'address_not_canonical', 'mac_standard_alphabet', 'email_id_leading_zero', 'extra_part', 'empty'] as $name) {
			$this->assertContains($name, $names);
		}
	}

	public function testATokenIsUrlSafe(): void {
		$token = (new EmailToken(self::SECRET))->sign('nps', 99, 'bob+returns@example.co.uk');

		$this->assertMatchesRegularExpression('/^[A-Za-z0-9._-]+$/D', $token);
		$this->assertSame($token, rawurlencode($token));
	}

	public function testMalformedTokensAreRefusedWithoutErrors(): void {
		$tokens = new EmailToken(self::SECRET);
		$good = $tokens->sign('unsubscribe', 12, 'ann@example.com');
		[$v, $purpose, $id, $address, $mac] = explode('.', $good);

		foreach ([
			'....',
			'v1.unsubscribe.12..' . $mac,
			"v1.unsubscribe.12.$address.",
			"v1.unsubscribe.99999999999999999999.$address.$mac",
			"v1.unsubscribe.12.$address." . substr($mac, 0, 42) . 'A',
			"v1.unsubscribe.12.$address.$mac" . 'AAAA',
			// Not valid UTF-8, and not canonical (trailing space).
			'v1.unsubscribe.12.' . rtrim(strtr(base64_encode("\xff@example.com"), '+/', '-_'), '=') . '.' . $mac,
			'v1.unsubscribe.12.' . rtrim(strtr(base64_encode('ann@example.com '), '+/', '-_'), '=') . '.' . $mac,
			" $good",
			"$good\n"
		] as $token) {
			$this->assertNull($tokens->verify($token), $token);
		}
	}

	public function testSigningRefusesWhatVerifyingWouldRefuse(): void {
		$this->expectException(\InvalidArgumentException::class);

		(new EmailToken(self::SECRET))->sign('unsubscribe', 0, 'ann@example.com');
	}

	public function testSettingsGiveTokensOnlyWithAUsableSecret(): void {
		$get = static fn (array $settings): \Closure => static fn (string $key): mixed => $settings[$key] ?? null;
		$previousToken = (new EmailToken(self::PREVIOUS))->sign('csat', 7, 'ann@example.com');

		$this->assertNull(EmailToken::fromSettings($get([])));
		$this->assertNull(EmailToken::fromSettings($get(['module_rebound_secret' => 'short'])));

		$during = EmailToken::fromSettings($get(['module_rebound_secret' => self::SECRET, 'module_rebound_secret_previous' => self::PREVIOUS, 'module_rebound_secret_previous_until' => 2000]), 1000);
		$this->assertSame(7, $during->verify($previousToken)['email_id']);

		$after = EmailToken::fromSettings($get(['module_rebound_secret' => self::SECRET, 'module_rebound_secret_previous' => self::PREVIOUS, 'module_rebound_secret_previous_until' => 2000]), 3000);
		$this->assertNull($after->verify($previousToken));

		$badPrevious = EmailToken::fromSettings($get(['module_rebound_secret' => self::SECRET, 'module_rebound_secret_previous' => 'nope', 'module_rebound_secret_previous_until' => 2000]), 1000);
		$this->assertNotNull($badPrevious->verify((new EmailToken(self::SECRET))->sign('csat', 7, 'ann@example.com')));
	}
}
