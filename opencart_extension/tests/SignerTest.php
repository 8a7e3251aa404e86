<?php
use Opencart\System\Library\Extension\Rebound\SignatureError;
use Opencart\System\Library\Extension\Rebound\Signer;
use PHPUnit\Framework\TestCase;

/**
 * The PHP Signer over the vectors shared with sidecar/signing.py (tests/vectors/signing.json).
 */
final class SignerTest extends TestCase {
	use VectorCases;

	protected static function vectorFile(): string {
		return 'signing.json';
	}

	/**
	 * @dataProvider signCases
	 *
	 * @param array<string, mixed> $case
	 */
	public function testSignMatchesVector(array $case): void {
		$signer = new Signer($case['secret']);

		$this->assertSame($case['signature'], $signer->sign($case['id'], $case['timestamp'], $case['method'], $case['path'], $case['body']));
	}

	/**
	 * @dataProvider verifyCases
	 *
	 * @param array<string, mixed> $case
	 */
	public function testVerifyMatchesVector(array $case): void {
		$signer = new Signer($case['secrets'][0], $case['secrets'][1] ?? '');

		try {
			$signer->verify($case['headers'], $case['method'], $case['path'], $case['body'], $case['now']);
			$error = null;
		} catch (SignatureError $e) {
			$error = $e->getMessage();
		}

		$this->assertSame($case['error'], $error);
	}

	public function testToleranceMatchesVectors(): void {
		$this->assertSame(self::vectors()['tolerance_seconds'], Signer::TOLERANCE);
	}

	public function testHeadersRoundTripThroughVerify(): void {
		$secret = self::vectors()['sign'][0]['secret'];
		$signer = new Signer($secret);
		$body = '{"type":"review.submitted"}';

		$headers = $signer->headers('POST', '/v1/events', $body);

		$this->assertSame(['Rebound-Id', 'Rebound-Timestamp', 'Rebound-Signature'], array_keys($headers));
		$this->assertEqualsWithDelta(time(), (int)$headers['Rebound-Timestamp'], 5);
		$this->assertNotSame($headers['Rebound-Id'], $signer->headers('POST', '/v1/events', $body)['Rebound-Id']);

		// A sidecar that has rotated to a new secret still accepts this one as its previous secret.
		$rotated = new Signer(str_repeat('ab', 32), $secret);
		$rotated->verify($headers, 'POST', '/v1/events', $body);
		$this->addToAssertionCount(1);
	}

	public function testHeadersWithFixedIdAndTimestampMatchSign(): void {
		$case = self::vectors()['sign'][0];
		$signer = new Signer($case['secret']);

		$this->assertSame([
			'Rebound-Id'        => $case['id'],
			'Rebound-Timestamp' => (string)$case['timestamp'],
			'Rebound-Signature' => $case['signature']
		], $signer->headers($case['method'], $case['path'], $case['body'], $case['id'], $case['timestamp']));
	}

	/** @return array<string, array{0: string, 1: string}> */
	public static function badSecrets(): array {
		$good = str_repeat('0f', 32);

		return [
			'empty current'       => ['', ''],
			'too short'           => ['abc', ''],
			'not hex'             => [str_repeat('g', 64), ''],
			'too long'            => [$good . '0', ''],
			'trailing newline'    => [substr($good, 0, -1) . "\n", ''],
			'bad previous secret' => [$good, 'abc']
		];
	}

	/**
	 * @dataProvider badSecrets
	 */
	public function testRefusesAMalformedSecretWithoutEchoingIt(string $secret, string $previous): void {
		$this->expectException(\InvalidArgumentException::class);
		$this->expectExceptionMessage('a Rebound secret must be 64 hexadecimal characters');

		new Signer($secret, $previous);
	}
}
