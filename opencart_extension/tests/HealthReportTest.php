<?php
use Opencart\System\Library\Extension\Rebound\ClientResponse;
use Opencart\System\Library\Extension\Rebound\HealthReport;
use PHPUnit\Framework\TestCase;

/**
 * How Test connection reads each answer of GET /v1/health (no I/O: canned answers).
 */
final class HealthReportTest extends TestCase {
	private const NOW = 1767225600;

	/**
	 * @param array<string, mixed> $overrides
	 */
	private static function healthy(array $overrides = []): string {
		return json_encode(array_replace_recursive([
			'sidecar_version' => '0.1.0',
			'server_time'     => self::NOW + 2,
			'database'        => ['ok' => true],
			'schema'          => ['ok' => true, 'version' => 2, 'expected' => 2],
			'worker'          => ['ok' => true, 'heartbeat_age_s' => 1.5],
			'outbox'          => ['pending' => 3, 'dead' => 0]
		], $overrides));
	}

	private static function error(string $code, string $message, array $fields = []): string {
		return json_encode(['error' => ['code' => $code, 'message' => $message, 'fields' => (object)$fields]]);
	}

	/**
	 * @return array<string, array{0: ClientResponse, 1: list<string>, 2: bool}>
	 */
	public static function answers(): array {
		return [
			'healthy'                 => [new ClientResponse(200, self::healthy(), '', false, 0.012), [], true],
			'timeout'                 => [new ClientResponse(0, '', 'Operation timed out after 5001 milliseconds', true, 5.0), ['timeout'], false],
			'refused'                 => [new ClientResponse(0, '', 'Failed to connect to 127.0.0.1 port 9: Connection refused', false, 0.001), ['unreachable'], false],
			'bad secret'              => [new ClientResponse(401, self::error('bad_signature', 'No Rebound-Signature matches this request')), ['bad_signature'], false],
			'clock skew'              => [new ClientResponse(401, self::error('clock_skew', 'too old', ['server_time' => self::NOW + 1000])), ['clock_skew'], false],
			'clock skew, no time'     => [new ClientResponse(401, self::error('clock_skew', 'too old')), ['unauthorized'], false],
			'not a rebound sidecar'   => [new ClientResponse(404, '<html>Not Found</html>'), ['not_found'], false],
			'database unavailable'    => [new ClientResponse(503, self::error('database_unavailable', 'The database is unavailable')), ['http_error'], false],
			'html 200'                => [new ClientResponse(200, '<html>It works!</html>'), ['bad_answer'], false],
			'database down'           => [new ClientResponse(200, self::healthy(['database' => ['ok' => false, 'message' => 'refused']])), ['database_down'], false],
			'tables missing'          => [new ClientResponse(200, self::healthy(['schema' => ['ok' => false, 'version' => null]])), ['schema_missing'], false],
			'schema behind'           => [new ClientResponse(200, self::healthy(['schema' => ['ok' => false, 'version' => 1]])), ['schema_behind'], false],
			'schema ahead'            => [new ClientResponse(200, self::healthy(['schema' => ['ok' => false, 'version' => 3]])), ['schema_ahead'], false],
			'worker never ran'        => [new ClientResponse(200, self::healthy(['worker' => ['ok' => false, 'heartbeat_age_s' => null]])), ['worker_down'], false],
			'worker stale'            => [new ClientResponse(200, self::healthy(['worker' => ['ok' => false, 'heartbeat_age_s' => 95.2]])), ['worker_down'], false],
			'dead events are a warning' => [new ClientResponse(200, self::healthy(['outbox' => ['dead' => 4]])), ['dead_events'], true],
			'worker down and dead'    => [new ClientResponse(200, self::healthy(['worker' => ['ok' => false], 'outbox' => ['dead' => 1]])), ['worker_down', 'dead_events'], false]
		];
	}

	/**
	 * @dataProvider answers
	 *
	 * @param list<string> $codes
	 */
	public function testReadsEachAnswer(ClientResponse $response, array $codes, bool $ok): void {
		$report = HealthReport::fromResponse($response, self::NOW);

		$this->assertSame($codes, $report->codes());
		$this->assertSame($ok, $report->ok());
	}

	public function testHealthyFacts(): void {
		$report = HealthReport::fromResponse(new ClientResponse(200, self::healthy(), '', false, 0.0124), self::NOW);

		$this->assertSame([
			'latency_ms'      => 12,
			'sidecar_version' => '0.1.0',
			'clock_offset_s'  => 2,
			'schema_version'  => 2,
			'schema_expected' => 2,
			'worker_ok'       => true,
			'heartbeat_age_s' => 1.5,
			'pending'         => 3,
			'dead'            => 0
		], $report->facts);
	}

	public function testClockSkewGivesTheSignedDifference(): void {
		$ahead = HealthReport::fromResponse(new ClientResponse(401, self::error('clock_skew', 'x', ['server_time' => self::NOW + 1000])), self::NOW);
		$behind = HealthReport::fromResponse(new ClientResponse(401, self::error('clock_skew', 'x', ['server_time' => self::NOW - 420])), self::NOW);

		$this->assertSame(['offset' => 1000], $ahead->problems[0]['values']);
		$this->assertSame(['offset' => -420], $behind->problems[0]['values']);
	}

	public function testUnreachableCarriesCurlsMessage(): void {
		$report = HealthReport::fromResponse(new ClientResponse(0, '', 'Could not resolve host: sidecar.invalid'), self::NOW);

		$this->assertSame(['message' => 'Could not resolve host: sidecar.invalid'], $report->problems[0]['values']);
	}

	public function testASidecarOlderThanTheExtensionIsReported(): void {
		$report = HealthReport::fromResponse(new ClientResponse(200, self::healthy()), self::NOW, 3);

		$this->assertSame(['sidecar_behind'], $report->codes());
		$this->assertSame(['expected' => 2, 'extension' => 3], $report->problems[0]['values']);
		$this->assertTrue(HealthReport::fromResponse(new ClientResponse(200, self::healthy()), self::NOW, 2)->ok());
	}
}
