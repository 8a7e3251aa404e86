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
 * $answer = $api->report('return-rate', $filters, ['by' => 'product', 'limit' => 10]);
 * $download = $api->csv('returners', $filters);   // AnalyticsCsv, or an AdminAnswer saying why not
 */
class AnalyticsApi {
	/** The page waits this long for its numbers; summary tables make them quick, a cold live query may not be. */
	public const READ_TIMEOUT = 10.0;
	/** An export may hold every product or customer of a big store. */
	public const CSV_TIMEOUT = 25.0;
	public const PATH = '/v1/admin/analytics/';

	/**
	 * @param Client|null $client  null when the sidecar URL or secret is not configured
	 * @param float       $timeout seconds one JSON answer may take
	 */
	public function __construct(private ?Client $client, public readonly float $timeout = self::READ_TIMEOUT) {
	}

	/**
	 * @param \Closure(string): mixed $setting reads one setting, e.g. fn ($key) => $this->config->get($key)
	 */
	public static function fromSettings(\Closure $setting): self {
		return new self(Client::fromSettings($setting));
	}

	/** Routes with a period table: they take `period`; the others refuse it. */
	public const PERIOD_ROUTES = ['return-rate', 'reasons', 'resolution-time', 'reviews', 'satisfaction', 'repeat-purchase'];
	/** Routes that answer `format=csv`. */
	public const TABLES = ['return-rate', 'reasons', 'resolutions', 'resolution-time', 'returners', 'reviews', 'satisfaction', 'repeat-purchase', 'unusual-products'];
	public const ROUTES = ['overview', 'return-rate', 'reasons', 'resolutions', 'resolution-time', 'returners', 'reviews', 'satisfaction', 'repeat-purchase', 'unusual-products'];

	/**
	 * GET /v1/admin/analytics/<route>?<filters>[&<extra>]: one route's JSON.
	 *
	 * @param array<string, string|int> $extra e.g. ['by' => 'product', 'limit' => 10]
	 */
	public function report(string $route, AnalyticsFilters $filters, array $extra = []): AdminAnswer {
		if (!in_array($route, self::ROUTES, true)) {
			return new AdminAnswer(404, [], 'not_found', 'No such analytics route: ' . $route);
		}

		return $this->call('GET', self::path($route, $filters, $extra), $this->timeout);
	}

	/**
	 * Several routes asked at once, one answer per key.
	 *
	 * @param array<array-key, array{0: string, 1: array<string, string|int>}> $calls   key => [route, extra query]
	 * @param float|null                                                       $timeout seconds for each; the reader's own when null
	 *
	 * @return array<array-key, AdminAnswer> the same keys
	 */
	public function reports(array $calls, AnalyticsFilters $filters, ?float $timeout = null): array {
		$requests = [];
		$answers = [];

		foreach ($calls as $key => [$route, $extra]) {
			if (in_array($route, self::ROUTES, true)) {
				$requests[$key] = ['GET', self::path($route, $filters, $extra)];
			} else {
				$answers[$key] = new AdminAnswer(404, [], 'not_found', 'No such analytics route: ' . $route);
			}
		}

		$answers += $requests ? AdminAnswer::askAll($this->client, $requests, $timeout ?? $this->timeout) : [];

		return array_replace(array_intersect_key($calls, $answers), $answers);
	}

	/**
	 * GET /v1/admin/analytics/products/<product_id>/insight: one product's rates, reasons, comments, photos.
	 */
	public function insight(int $productId, AnalyticsFilters $filters): AdminAnswer {
		if ($productId < 1) {
			return new AdminAnswer(404, [], 'not_found', 'No such product.');
		}

		return $this->call('GET', self::PATH . 'products/' . $productId . '/insight?' . $filters->sidecarQuery(false), $this->timeout);
	}

	/**
	 * POST /v1/admin/analytics/refresh: brings the summary tables up to date now.
	 */
	public function refresh(): AdminAnswer {
		return $this->call('POST', self::PATH . 'refresh', self::CSV_TIMEOUT);
	}

	/**
	 * One table as a download: the route's answer with format=csv.
	 *
	 * @param array<string, string|int> $extra
	 */
	public function csv(string $table, AnalyticsFilters $filters, array $extra = []): AnalyticsCsv|AdminAnswer {
		if (!in_array($table, self::TABLES, true)) {
			return new AdminAnswer(404, [], 'not_found', 'No such table: ' . $table);
		}

		if (!$this->client) {
			return AdminAnswer::notConfigured();
		}

		try {
			$response = $this->client->request('GET', self::path($table, $filters, ['format' => 'csv'] + $extra), '', self::CSV_TIMEOUT);
		} catch (\Throwable $e) {
			return new AdminAnswer(0, [], 'unreachable', $e->getMessage());
		}

		return AnalyticsCsv::fromResponse($response, $table . (isset($extra['by']) ? '-by-' . $extra['by'] : ''), $filters);
	}

	/**
	 * The path with its query, `period` only where the route takes it.
	 *
	 * @param array<string, string|int> $extra
	 */
	public static function path(string $route, AnalyticsFilters $filters, array $extra = []): string {
		$query = $filters->sidecarQuery(in_array($route, self::PERIOD_ROUTES, true));

		if ($extra) {
			$query .= '&' . http_build_query($extra, '', '&', PHP_QUERY_RFC3986);
		}

		return self::PATH . $route . '?' . $query;
	}

	private function call(string $method, string $pathWithQuery, float $timeout): AdminAnswer {
		return AdminAnswer::ask($this->client, $method, $pathWithQuery, '', $timeout);
	}
}
