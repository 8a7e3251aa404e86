<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The Returns analytics page's calls to the sidecar's /v1/admin/analytics routes (docs/analytics-api.md).
 * Every call comes back as an AdminAnswer (or a CSV download) and none throws, so the page says what is
 * wrong instead of breaking. The caller checks OpenCart's permissions first: the sidecar trusts whatever
 * the store's PHP asks under /v1/admin/.
 *
 * @example
 * $api = AnalyticsApi::fromSettings(fn ($key) => $this->config->get($key));
 * $answer = $api->report('overview', $filters);
 * $download = $api->csv('by_product', $filters);   // AnalyticsCsv, or an AdminAnswer saying why not
 */
class AnalyticsApi {
	/** The page waits this long for its numbers; summary tables make them quick, a cold live query may not be. */
	public const READ_TIMEOUT = 10.0;
	/** An export may hold every product or customer of a big store. */
	public const CSV_TIMEOUT = 25.0;
	public const PATH = '/v1/admin/analytics/';

	/**
	 * @param Client|null $client null when the sidecar URL or secret is not configured
	 */
	public function __construct(private ?Client $client) {
	}

	/**
	 * @param \Closure(string): mixed $setting reads one setting, e.g. fn ($key) => $this->config->get($key)
	 */
	public static function fromSettings(\Closure $setting): self {
		return new self(Client::fromSettings($setting));
	}

	/**
	 * GET /v1/admin/analytics/<report>?<filters>: one report's JSON.
	 */
	public function report(string $report, AnalyticsFilters $filters, string $extraQuery = ''): AdminAnswer {
		if (!self::isName($report)) {
			return new AdminAnswer(0, [], 'bad_request', 'No such report: ' . $report);
		}

		return $this->call(self::PATH . $report . '?' . $filters->sidecarQuery() . $extraQuery, self::READ_TIMEOUT);
	}

	/**
	 * GET /v1/admin/analytics/<table>.csv?<filters>: one table as a download.
	 */
	public function csv(string $table, AnalyticsFilters $filters): AnalyticsCsv|AdminAnswer {
		if (!self::isName($table)) {
			return new AdminAnswer(404, [], 'not_found', 'No such table: ' . $table);
		}

		if (!$this->client) {
			return AdminAnswer::notConfigured();
		}

		try {
			$response = $this->client->request('GET', self::PATH . $table . '.csv?' . $filters->sidecarQuery(), '', self::CSV_TIMEOUT);
		} catch (\Throwable $e) {
			return new AdminAnswer(0, [], 'unreachable', $e->getMessage());
		}

		return AnalyticsCsv::fromResponse($response, $table, $filters);
	}

	/**
	 * Report and table names are lower-case words joined by underscores: nothing else reaches the path.
	 */
	public static function isName(string $name): bool {
		return (bool)preg_match('/^[a-z][a-z0-9_]{0,63}$/D', $name);
	}

	private function call(string $pathWithQuery, float $timeout): AdminAnswer {
		if (!$this->client) {
			return AdminAnswer::notConfigured();
		}

		try {
			return AdminAnswer::fromResponse($this->client->request('GET', $pathWithQuery, '', $timeout));
		} catch (\Throwable $e) {
			return new AdminAnswer(0, [], 'unreachable', $e->getMessage());
		}
	}
}
