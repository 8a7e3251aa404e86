<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The settings page's Test connection (docs/bridge.md): a signed GET /v1/health with the current secret,
 * read into a HealthReport and told in the page's sentences. During a secret rotation a sidecar that still
 * has the previous secret is a warning with its real facts, not a failure. The one call is a closure, so
 * everything else here is plain logic.
 *
 * @example
 * $check = new ConnectionCheck(fn ($url, $secret) => (new Client($url, $secret))->health(), fn ($key) => $this->language->get($key));
 * $json = $check->run($url, $secret, $previous, $previousUntil, $migrator->latest(), time(), $dateFormat);
 */
class ConnectionCheck {
	/**
	 * @param \Closure(string, string): ClientResponse $health asks the sidecar at a URL with one secret
	 * @param \Closure(string): string                  $text   the settings page's language
	 */
	public function __construct(private \Closure $health, private \Closure $text) {
	}

	/**
	 * The JSON the page shows: `success`, `warning` or error[warning], with `problems` and `facts` lines.
	 *
	 * @param int    $previousUntil when the previous secret stops being sent (unix seconds); 0 for none
	 * @param int    $latest        the newest migration this extension ships
	 * @param string $dateFormat    PHP date() format of the admin's language
	 *
	 * @return array<string, mixed>
	 */
	public function run(string $url, string $secret, string $previous, int $previousUntil, int $latest, int $now, string $dateFormat): array {
		$text = $this->text;

		// Signed with the current secret alone, so a sidecar still on the old one shows up here.
		$report = HealthReport::fromResponse(($this->health)($url, $secret), $now, $latest);
		$lines = $this->problems($report, $url);

		// A sidecar still on the previous secret keeps working until the rotation's grace ends: report what
		// it says when asked with that secret, the pending switch first (a warning, not a failure).
		if ($report->codes() === ['bad_signature'] && $previous !== '' && $previousUntil > $now) {
			$old = ($this->health)($url, $previous);

			if ($old->ok()) {
				$report = HealthReport::fromResponse($old, $now, $latest);

				$lines = array_merge([sprintf($text('problem_previous_secret'), date($dateFormat, $previousUntil))], $this->problems($report, $url));
			}
		}

		$json = [];
		$version = $report->facts['sidecar_version'] ?? null;

		if (!$report->ok() && $version !== null) {
			$json['error']['warning'] = sprintf($text('text_connected_failing'), $version, $report->facts['latency_ms']);
		} elseif (!$report->ok()) {
			$json['error']['warning'] = $text('text_not_connected');
		} elseif ($lines) {
			$json['warning'] = sprintf($text('text_connected_warnings'), $version ?? '?', $report->facts['latency_ms']);
		} else {
			$json['success'] = sprintf($text('text_connected'), $version ?? '?', $report->facts['latency_ms']);
		}

		$json['problems'] = $lines;
		$json['facts'] = $this->facts($report);

		return $json;
	}

	/**
	 * One sentence per problem of the report.
	 *
	 * @return list<string>
	 */
	public function problems(HealthReport $report, string $url): array {
		$lines = [];

		foreach ($report->problems as $problem) {
			$lines[] = $this->problem($problem['code'], $problem['values'], $url);
		}

		return $lines;
	}

	/**
	 * What the health report says, one line each, for the result panel.
	 *
	 * @return list<string>
	 */
	public function facts(HealthReport $report): array {
		$text = $this->text;
		$facts = $report->facts;
		$lines = [];

		if (array_key_exists('schema_version', $facts)) {
			$lines[] = sprintf($text('text_fact_schema'), $facts['schema_version'] ?? '-', $facts['schema_expected'] ?? '-');
		}

		// A stopped worker is already a problem line.
		if (array_key_exists('heartbeat_age_s', $facts) && !in_array('worker_down', $report->codes(), true)) {
			$lines[] = $facts['heartbeat_age_s'] === null ? $text('text_fact_worker_none') : sprintf($text('text_fact_worker'), $facts['heartbeat_age_s']);
		}

		if (isset($facts['pending'])) {
			$lines[] = sprintf($text('text_fact_outbox'), $facts['pending'], $facts['dead']);
		}

		if (isset($facts['clock_offset_s'])) {
			$lines[] = sprintf($text('text_fact_clock'), $facts['clock_offset_s']);
		}

		return $lines;
	}

	/**
	 * One sentence for a HealthReport problem.
	 *
	 * @param array<string, mixed> $values
	 */
	private function problem(string $code, array $values, string $url): string {
		$text = $this->text;

		switch ($code) {
			case 'timeout':
				return sprintf($text('problem_timeout'), $values['seconds']);
			case 'unreachable':
				return sprintf($text('problem_unreachable'), $url, $values['message']);
			case 'clock_skew':
				return sprintf($text('problem_clock_skew'), abs($values['offset']), $text($values['offset'] > 0 ? 'problem_clock_ahead' : 'problem_clock_behind'));
			case 'worker_down':
				return sprintf($text('problem_worker_down'), $values['age'] === null ? $text('problem_worker_never') : sprintf($text('problem_worker_age'), $values['age']));
			default:
				return vsprintf($text('problem_' . $code), array_values($values));
		}
	}
}
