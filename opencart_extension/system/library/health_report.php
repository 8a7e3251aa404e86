<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Reads the answer to GET /v1/health (docs/bridge.md, "Test connection") into what the admin page shows:
 * facts (latency, versions, worker, outbox) and problems, each a code with its values, which the page
 * turns into sentences from its language file. No I/O here.
 *
 * Problem codes: timeout, unreachable, bad_signature, clock_skew, unauthorized, not_found, http_error,
 * bad_answer, database_down, schema_missing, schema_behind, schema_ahead, sidecar_behind, worker_down
 * (errors) and dead_events (a warning).
 */
class HealthReport {
	/** @var list<array{code: string, level: string, values: array<string, mixed>}> */
	public array $problems = [];

	/** @var array<string, mixed> */
	public array $facts = [];

	/**
	 * @param ClientResponse $response        the health call's outcome
	 * @param int            $now             this server's clock, unix seconds
	 * @param int            $extensionSchema the newest migration shipped in this extension (0: don't compare)
	 */
	public static function fromResponse(ClientResponse $response, int $now, int $extensionSchema = 0): self {
		$report = new self();
		$report->facts['latency_ms'] = (int)round($response->seconds * 1000);

		if ($response->status === 0) {
			if ($response->timeout) {
				$report->add('timeout', ['seconds' => round($response->seconds, 1)]);
			} else {
				$report->add('unreachable', ['message' => $response->error]);
			}

			return $report;
		}

		$json = $response->json();
		$message = is_string($json['error']['message'] ?? null) ? $json['error']['message'] : '';

		if ($response->status === 401) {
			$code = $response->errorCode();
			$serverTime = $json['error']['fields']['server_time'] ?? null;

			if ($code === 'clock_skew' && is_int($serverTime)) {
				$report->add('clock_skew', ['offset' => $serverTime - $now]);
			} elseif ($code === 'bad_signature') {
				$report->add('bad_signature', ['message' => $message]);
			} else {
				$report->add('unauthorized', ['message' => $message]);
			}

			return $report;
		}

		if ($response->status === 404) {
			$report->add('not_found', []);

			return $report;
		}

		if (!$response->ok()) {
			$report->add('http_error', ['status' => $response->status, 'message' => $message]);

			return $report;
		}

		if (!is_array($json) || !isset($json['sidecar_version'])) {
			$report->add('bad_answer', []);

			return $report;
		}

		$report->facts['sidecar_version'] = (string)$json['sidecar_version'];

		if (is_int($json['server_time'] ?? null)) {
			$report->facts['clock_offset_s'] = $json['server_time'] - $now;
		}

		if (isset($json['database']['ok']) && !$json['database']['ok']) {
			$report->add('database_down', ['message' => (string)($json['database']['message'] ?? '')]);
		}

		$schema = is_array($json['schema'] ?? null) ? $json['schema'] : [];
		$version = isset($schema['version']) ? (int)$schema['version'] : null;
		$expected = isset($schema['expected']) ? (int)$schema['expected'] : null;
		$report->facts['schema_version'] = $version;
		$report->facts['schema_expected'] = $expected;

		if ($schema && $expected !== null) {
			if ($version === null) {
				$report->add('schema_missing', ['expected' => $expected]);
			} elseif ($version < $expected) {
				$report->add('schema_behind', ['version' => $version, 'expected' => $expected]);
			} elseif ($version > $expected) {
				$report->add('schema_ahead', ['version' => $version, 'expected' => $expected]);
			}

			if ($extensionSchema > $expected) {
				$report->add('sidecar_behind', ['expected' => $expected, 'extension' => $extensionSchema]);
			}
		}

		$worker = is_array($json['worker'] ?? null) ? $json['worker'] : null;

		if ($worker !== null) {
			$age = isset($worker['heartbeat_age_s']) ? (float)$worker['heartbeat_age_s'] : null;
			$report->facts['worker_ok'] = (bool)($worker['ok'] ?? false);
			$report->facts['heartbeat_age_s'] = $age;

			if (empty($worker['ok'])) {
				$report->add('worker_down', ['age' => $age]);
			}
		}

		if (is_array($json['outbox'] ?? null)) {
			$report->facts['pending'] = (int)($json['outbox']['pending'] ?? 0);
			$report->facts['dead'] = (int)($json['outbox']['dead'] ?? 0);

			if ($report->facts['dead'] > 0) {
				$report->add('dead_events', ['dead' => $report->facts['dead']], 'warning');
			}
		}

		return $report;
	}

	/**
	 * True when nothing is wrong beyond warnings.
	 */
	public function ok(): bool {
		foreach ($this->problems as $problem) {
			if ($problem['level'] === 'error') {
				return false;
			}
		}

		return true;
	}

	/**
	 * The problem codes, in the order found.
	 *
	 * @return list<string>
	 */
	public function codes(): array {
		return array_column($this->problems, 'code');
	}

	/**
	 * @param array<string, mixed> $values
	 */
	private function add(string $code, array $values, string $level = 'error'): void {
		$this->problems[] = ['code' => $code, 'level' => $level, 'values' => $values];
	}
}
