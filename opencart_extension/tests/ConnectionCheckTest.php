<?php
use Opencart\System\Library\Extension\Rebound\ClientResponse;
use Opencart\System\Library\Extension\Rebound\ConnectionCheck;
use Opencart\System\Library\Extension\Rebound\SidecarSecret;
use PHPUnit\Framework\TestCase;

/**
 * The settings page's Test connection in the page's own sentences (the real language file), on canned
 * answers of GET /v1/health per secret (ClientTest asks a live sidecar); and the secret's rotation.
 */
final class ConnectionCheckTest extends TestCase {
	private const NOW = 1767225600;
	private const URL = 'http://127.0.0.1:8765';
	private const CURRENT = 'c';
	private const PREVIOUS = 'p';

	/**
	 * @param array<string, mixed> $overrides
	 */
	private static function healthy(array $overrides = []): ClientResponse {
		return new ClientResponse(200, (string)json_encode(array_replace_recursive([
			'sidecar_version' => '0.1.0',
			'server_time'     => self::NOW + 2,
			'database'        => ['ok' => true],
			'schema'          => ['ok' => true, 'version' => 7, 'expected' => 7],
			'worker'          => ['ok' => true, 'heartbeat_age_s' => 1.5],
			'outbox'          => ['pending' => 3, 'dead' => 0]
		], $overrides)), '', false, 0.012);
	}

	private static function badSignature(): ClientResponse {
		return new ClientResponse(401, '{"error": {"code": "bad_signature", "message": "No Rebound-Signature matches this request", "fields": {}}}', '', false, 0.004);
	}

	/**
	 * A check whose sidecar answers each secret as given, counting the calls.
	 *
	 * @param array<string, ClientResponse> $answers secret => answer
	 * @param list<string>                  $asked
	 */
	private static function check(array $answers, array &$asked = []): ConnectionCheck {
		$_ = [];
		require dirname(__DIR__) . '/admin/language/en-gb/module/rebound.php';
		$strings = $_;

		return new ConnectionCheck(
			function (string $url, string $secret) use ($answers, &$asked): ClientResponse {
				$asked[] = $secret;

				return $answers[$secret];
			},
			static fn (string $key): string => $strings[$key] ?? $key
		);
	}

	public function testAHealthySidecarIsASuccessWithItsFacts(): void {
		$json = self::check([self::CURRENT => self::healthy()])->run(self::URL, self::CURRENT, '', 0, 7, self::NOW, 'Y-m-d');

		$this->assertSame('Connected to Rebound sidecar 0.1.0 in 12 ms.', $json['success']);
		$this->assertSame([], $json['problems']);
		$this->assertSame(['Schema version 7 (the sidecar expects 7)', 'Worker heartbeat 1.5 s ago', 'Outbox: 3 pending, 0 dead', 'Clock difference: +2 s'], $json['facts']);
	}

	public function testAnUnreachableSidecarFailsAndNamesTheUrl(): void {
		$json = self::check([self::CURRENT => new ClientResponse(0, '', 'Connection refused', false, 0.001)])->run(self::URL, self::CURRENT, '', 0, 7, self::NOW, 'Y-m-d');

		$this->assertSame('The test failed:', $json['error']['warning']);
		$this->assertSame(['The sidecar is unreachable at ' . self::URL . ': Connection refused. Is `rebound serve` running there?'], $json['problems']);
		$this->assertArrayNotHasKey('success', $json);
	}

	public function testAWorkerDownIsAFailureOfAConnectedSidecar(): void {
		$json = self::check([self::CURRENT => self::healthy(['worker' => ['ok' => false, 'heartbeat_age_s' => null]])])->run(self::URL, self::CURRENT, '', 0, 8, self::NOW, 'Y-m-d');

		$this->assertStringStartsWith('Connected to Rebound sidecar 0.1.0 in 12 ms, but Rebound is not working yet', $json['error']['warning']);
		$this->assertStringContainsString('expects schema version 7 but this extension ships version 8', $json['problems'][0]);
		$this->assertStringContainsString('no heartbeat ever', $json['problems'][1]);
		$this->assertNotContains('No worker heartbeat', $json['facts'], 'a stopped worker is already a problem line');
	}

	public function testASidecarOnThePreviousSecretIsAWarningDuringTheRotation(): void {
		$asked = [];
		$json = self::check([self::CURRENT => self::badSignature(), self::PREVIOUS => self::healthy()], $asked)->run(self::URL, self::CURRENT, self::PREVIOUS, self::NOW + 3600, 7, self::NOW, 'Y-m-d');

		$this->assertSame([self::CURRENT, self::PREVIOUS], $asked);
		$this->assertSame('Connected to Rebound sidecar 0.1.0 in 12 ms, but:', $json['warning']);
		$this->assertStringContainsString('still has the previous secret', $json['problems'][0]);
		$this->assertStringContainsString(date('Y-m-d', self::NOW + 3600), $json['problems'][0]);
		$this->assertCount(4, $json['facts']);
	}

	public function testAfterTheRotationThePreviousSecretIsNotTried(): void {
		$asked = [];
		$json = self::check([self::CURRENT => self::badSignature(), self::PREVIOUS => self::healthy()], $asked)->run(self::URL, self::CURRENT, self::PREVIOUS, self::NOW - 1, 7, self::NOW, 'Y-m-d');

		$this->assertSame([self::CURRENT], $asked);
		$this->assertSame('The test failed:', $json['error']['warning']);
		$this->assertStringContainsString('(bad_signature)', $json['problems'][0]);
	}

	public function testRotatingKeepsTheOldSecretForTheGracePeriod(): void {
		$settings = SidecarSecret::rotate(['module_rebound_secret' => str_repeat('a', 64), 'module_rebound_status' => '1'], self::NOW);

		$this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/D', $settings['module_rebound_secret']);
		$this->assertNotSame(str_repeat('a', 64), $settings['module_rebound_secret']);
		$this->assertSame([str_repeat('a', 64), (string)(self::NOW + SidecarSecret::ROTATION_GRACE), '1', '1'], [$settings['module_rebound_secret_previous'], $settings['module_rebound_secret_previous_until'], $settings['module_rebound_secret_shown'], $settings['module_rebound_status']]);
		$this->assertSame("export REBOUND_SECRET=" . $settings['module_rebound_secret'] . "\nexport REBOUND_SECRET_PREVIOUS=" . str_repeat('a', 64), SidecarSecret::environment($settings, self::NOW));
		$this->assertSame("export REBOUND_SECRET=" . $settings['module_rebound_secret'], SidecarSecret::environment($settings, self::NOW + SidecarSecret::ROTATION_GRACE), 'the previous one only until the grace ends');

		$store = ['hostname' => 'db.internal', 'port' => '3307', 'database' => 'shop', 'prefix' => 'oc_', 'url' => 'https://shop.example/'];

		$this->assertSame("export REBOUND_SECRET=" . $settings['module_rebound_secret'] . "\nexport REBOUND_DB_URL='mysql://rebound:PASSWORD@db.internal:3307/shop'\nexport REBOUND_DB_PREFIX=oc_\nexport REBOUND_STORE_URL=https://shop.example/", SidecarSecret::environment($settings, self::NOW + SidecarSecret::ROTATION_GRACE, $store), 'where the store is, never a password');
		$this->assertStringContainsString('@127.0.0.1:3306/shop', SidecarSecret::environment($settings, self::NOW, ['hostname' => '', 'port' => '', 'database' => 'shop']), 'defaults for an empty host and port');

		$first = SidecarSecret::rotate([], self::NOW);

		$this->assertArrayNotHasKey('module_rebound_secret_previous', $first, 'no previous secret without a current one');
	}
}
