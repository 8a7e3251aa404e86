<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Gathers what the Returns analytics page shows: one answer per section, the overview first and then the
 * others all at once, within a time budget, so a slow sidecar costs the owner at most that long and the
 * sections it could not fetch say so (problem `skipped` or `timeout`) instead of the page failing. Also
 * reads the freshness to print.
 *
 * @example
 * $page = new AnalyticsPage($api, $filters, 20.0);
 * $overview = $page->fetch('overview');     // first: when the sidecar is down, stop here
 * $answers = $page->fetchAll();             // section key => AdminAnswer
 */
class AnalyticsPage {
	/** Rows the page's ranked tables show (the charts show 10 of them); the CSV has up to 1000. */
	public const TABLE_ROWS = 10;
	public const RETURNER_ROWS = 20;

	/**
	 * Section key => [route, extra query]. The keys are what the view and its charts use.
	 *
	 * @var array<string, array{string, array<string, string|int>}>
	 */
	public const SECTIONS = [
		'overview'         => ['overview', []],
		'rate_period'      => ['return-rate', ['by' => 'period']],
		'rate_product'     => ['return-rate', ['by' => 'product', 'limit' => self::TABLE_ROWS]],
		'rate_category'    => ['return-rate', ['by' => 'category', 'limit' => self::TABLE_ROWS]],
		'reasons'          => ['reasons', []],
		'resolutions'      => ['resolutions', []],
		'resolution-time'  => ['resolution-time', []],
		'returners'        => ['returners', ['limit' => self::RETURNER_ROWS]],
		'reviews'          => ['reviews', []],
		'satisfaction'     => ['satisfaction', []],
		'repeat-purchase'  => ['repeat-purchase', []],
		'unusual-products' => ['unusual-products', ['limit' => self::TABLE_ROWS]]
	];

	/** @var array<string, AdminAnswer> */
	private array $answers = [];
	private float $deadline;

	/**
	 * @param AnalyticsApi|null $api    null for a page that only reads answers it is given
	 * @param float             $budget seconds the page may spend asking
	 * @param \Closure|null     $clock  returns the time in seconds (microtime(true) when null)
	 */
	public function __construct(private ?AnalyticsApi $api, private AnalyticsFilters $filters, float $budget = 20.0, private ?\Closure $clock = null) {
		$this->deadline = $this->now() + $budget;
	}

	/**
	 * One section's answer (asked once; later calls return the same answer).
	 */
	public function fetch(string $key): AdminAnswer {
		return $this->fetchMany([$key])[$key];
	}

	/**
	 * Every section's answer, in SECTIONS order: the overview first, alone — when it says the sidecar is
	 * down, the rest are not asked, they would only wait for the same timeout again — then the others at
	 * once, each given what is left of the budget.
	 *
	 * @return array<string, AdminAnswer>
	 */
	public function fetchAll(): array {
		$overview = $this->fetch('overview');

		if ($overview->down() && in_array($overview->problem, ['unreachable', 'timeout', 'not_configured', 'unauthorized'], true)) {
			foreach (array_keys(self::SECTIONS) as $key) {
				$this->answers[$key] ??= new AdminAnswer($overview->status, [], $overview->problem, $overview->message);
			}
		} else {
			$this->fetchMany(array_keys(self::SECTIONS));
		}

		$answers = [];

		foreach (array_keys(self::SECTIONS) as $key) {
			$answers[$key] = $this->answers[$key];
		}

		return $answers;
	}

	/**
	 * The answers of $keys, asking at once the ones not asked yet.
	 *
	 * @param list<string> $keys
	 *
	 * @return array<string, AdminAnswer>
	 */
	private function fetchMany(array $keys): array {
		$calls = [];

		foreach ($keys as $key) {
			if (isset($this->answers[$key])) {
				continue;
			}

			if (!isset(self::SECTIONS[$key]) || !$this->api) {
				$this->answers[$key] = new AdminAnswer(404, [], 'not_found', 'No such section: ' . $key);

				continue;
			}

			[$route, $extra] = self::SECTIONS[$key];
			$calls[$key] = [$route, $route === 'unusual-products' ? $extra + $this->filters->unusualQuery() : $extra];
		}

		if ($calls) {
			$left = $this->deadline - $this->now();

			$this->answers += $left <= 0
				? array_map(static fn (): AdminAnswer => new AdminAnswer(0, [], 'skipped', 'The sidecar was too slow to ask for this too.'), $calls)
				: $this->api->reports($calls, $this->filters, min($this->api->timeout, $left));
		}

		return array_intersect_key($this->answers, array_flip($keys));
	}

	/**
	 * True when the sidecar says its summary tables have not been built yet (503 analytics_not_ready).
	 */
	public static function notReady(AdminAnswer $answer): bool {
		$body = json_decode($answer->body, true);

		return $answer->status === 503 && is_array($body) && ($body['error']['code'] ?? '') === 'analytics_not_ready';
	}

	/**
	 * The freshness to print: the oldest `as_of` among the answers that came, with that answer's summary lag.
	 *
	 * @return array<string, mixed> as_of, summary_refreshed_at, summary_lag_seconds, live_at; [] when no answer came
	 */
	public function freshness(): array {
		$oldest = [];
		$oldestTime = null;

		foreach ($this->answers as $answer) {
			$asOf = $answer->ok() && is_string($answer->data['as_of'] ?? null) ? strtotime($answer->data['as_of']) : false;

			if ($asOf === false || ($oldestTime !== null && $asOf >= $oldestTime)) {
				continue;
			}

			$oldestTime = $asOf;
			$oldest = (is_array($answer->data['freshness'] ?? null) ? $answer->data['freshness'] : []) + ['as_of' => $answer->data['as_of']];
		}

		return $oldest;
	}

	/**
	 * An answer's `rows`, only the ones that are objects.
	 *
	 * @param array<string, mixed> $data
	 *
	 * @return list<array<string, mixed>>
	 */
	public function rows(array $data): array {
		return is_array($data['rows'] ?? null) ? array_values(array_filter($data['rows'], 'is_array')) : [];
	}

	private function now(): float {
		return $this->clock ? (float)($this->clock)() : microtime(true);
	}
}
