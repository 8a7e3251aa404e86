<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The Returns analytics page's filters, read from its query string and checked: a date range of order
 * dates (the cohort whose returns are counted), a store, a category and the period the time series are
 * grouped by. Bad values are reported per field (the page shows them beside the field) and replaced by
 * the defaults, so the page always has something to show. No I/O here.
 *
 * @example
 * $filters = AnalyticsFilters::fromQuery($this->request->get, new \DateTimeImmutable('today'), [0, 1], [20, 25]);
 * $answer = $api->summary($filters);            // sends $filters->sidecarQuery()
 * $link = $url . $filters->pageQuery();         // keeps them in links
 */
class AnalyticsFilters {
	public const PERIODS = ['day', 'week', 'month'];
	/** The range shown when none is asked for, in days, today included. */
	public const DEFAULT_DAYS = 90;
	/** Longer ranges are refused, as the sidecar does (docs/analytics-api.md): three years. */
	public const MAX_DAYS = 1096;

	/**
	 * @param string                $dateFrom   first order date, YYYY-MM-DD
	 * @param string                $dateTo     last order date, YYYY-MM-DD (inclusive)
	 * @param int|null              $storeId    null: every store
	 * @param int|null              $categoryId null: every category
	 * @param string                $period     one of PERIODS
	 * @param array<string, string> $errors     field => what was wrong with the value given (it was replaced)
	 * @param int|null              $minUnits   "unusual" products: at least this many sold (null: the sidecar's default)
	 * @param int|null              $margin     "unusual" products: this many points above the store's rate (null: default)
	 */
	public function __construct(
		public readonly string $dateFrom,
		public readonly string $dateTo,
		public readonly ?int $storeId,
		public readonly ?int $categoryId,
		public readonly string $period,
		public readonly array $errors = [],
		public readonly ?int $minUnits = null,
		public readonly ?int $margin = null
	) {
	}

	/**
	 * The filters the query string asks for: filter_date_from, filter_date_to, filter_store_id,
	 * filter_category_id, filter_period. Missing ones take their defaults; bad ones too, with an error.
	 *
	 * @param array<string, mixed> $get        the request's query (OpenCart HTML-encodes it; dates and ids survive that)
	 * @param \DateTimeImmutable   $today      today in the store's time zone
	 * @param list<int>            $stores     the store ids that exist (0 is the default store)
	 * @param list<int>|null       $categories the category ids that exist; null: don't check
	 */
	public static function fromQuery(array $get, \DateTimeImmutable $today, array $stores, ?array $categories = null): self {
		$errors = [];
		$today = $today->setTime(0, 0);

		$to = self::date($get['filter_date_to'] ?? '');
		$from = self::date($get['filter_date_from'] ?? '');

		if ($to === false) {
			$errors['date_to'] = 'date';
		}

		if ($from === false) {
			$errors['date_from'] = 'date';
		}

		$to = $to ?: $today;
		$from = $from ?: $to->modify('-' . (self::DEFAULT_DAYS - 1) . ' days');

		if ($from > $to) {
			$errors['date_from'] = 'order';
			$from = $to->modify('-' . (self::DEFAULT_DAYS - 1) . ' days');
		}

		if (self::days($from, $to) > self::MAX_DAYS) {
			$errors['date_from'] = 'range';
			$from = $to->modify('-' . (self::MAX_DAYS - 1) . ' days');
		}

		$store = self::id($get['filter_store_id'] ?? '', 0);

		if ($store === false || ($store !== null && !in_array($store, $stores, true))) {
			$errors['store_id'] = 'store';
			$store = null;
		}

		$category = self::id($get['filter_category_id'] ?? '', 1);

		if ($category === false || ($category !== null && $categories !== null && !in_array($category, $categories, true))) {
			$errors['category_id'] = 'category';
			$category = null;
		}

		$period = is_string($get['filter_period'] ?? null) ? trim($get['filter_period']) : '';

		if ($period !== '' && !in_array($period, self::PERIODS, true)) {
			$errors['period'] = 'period';
			$period = '';
		}

		if ($period === '') {
			$period = self::defaultPeriod(self::days($from, $to));
		}

		$minUnits = self::id($get['filter_min_units'] ?? '', 1);

		if ($minUnits === false || $minUnits > 100000) {
			$errors['min_units'] = 'min_units';
			$minUnits = null;
		}

		$margin = self::id($get['filter_margin'] ?? '', 0);

		if ($margin === false || $margin > 100) {
			$errors['margin'] = 'margin';
			$margin = null;
		}

		return new self($from->format('Y-m-d'), $to->format('Y-m-d'), $store, $category, $period, $errors, $minUnits, $margin);
	}

	/**
	 * The unusual-products route's own parameters, when asked for: min_units, margin.
	 *
	 * @return array<string, int>
	 */
	public function unusualQuery(): array {
		return array_filter(['min_units' => $this->minUnits, 'margin' => $this->margin], static fn (?int $value): bool => $value !== null);
	}

	/**
	 * Day for a month or less, week up to half a year, month beyond: 5 to 60 points per series.
	 */
	public static function defaultPeriod(int $days): string {
		if ($days <= 31) {
			return 'day';
		}

		return $days <= 183 ? 'week' : 'month';
	}

	/**
	 * The query string for the sidecar's analytics routes (docs/analytics-api.md): from, to, store_id and
	 * category_id when set, and period for the routes with a period table (the others refuse it).
	 */
	public function sidecarQuery(bool $withPeriod = true): string {
		$query = ['from' => $this->dateFrom, 'to' => $this->dateTo];

		if ($withPeriod) {
			$query['period'] = $this->period;
		}

		if ($this->storeId !== null) {
			$query['store_id'] = $this->storeId;
		}

		if ($this->categoryId !== null) {
			$query['category_id'] = $this->categoryId;
		}

		return http_build_query($query, '', '&', PHP_QUERY_RFC3986);
	}

	/**
	 * The filters as the page's own query string, starting with '&', for links that keep them.
	 */
	public function pageQuery(): string {
		$query = ['filter_date_from' => $this->dateFrom, 'filter_date_to' => $this->dateTo, 'filter_period' => $this->period];

		if ($this->storeId !== null) {
			$query['filter_store_id'] = $this->storeId;
		}

		if ($this->categoryId !== null) {
			$query['filter_category_id'] = $this->categoryId;
		}

		foreach (['filter_min_units' => $this->minUnits, 'filter_margin' => $this->margin] as $key => $value) {
			if ($value !== null) {
				$query[$key] = $value;
			}
		}

		return '&' . http_build_query($query, '', '&', PHP_QUERY_RFC3986);
	}

	/**
	 * The number of days in the range, both ends included.
	 */
	public function dayCount(): int {
		return self::days(new \DateTimeImmutable($this->dateFrom), new \DateTimeImmutable($this->dateTo));
	}

	/**
	 * A slug for file names: "2026-08-29_2026-11-26" plus "_store-1", "_category-20" when set.
	 */
	public function slug(): string {
		return $this->dateFrom . '_' . $this->dateTo . ($this->storeId !== null ? '_store-' . $this->storeId : '') . ($this->categoryId !== null ? '_category-' . $this->categoryId : '');
	}

	/**
	 * null when empty, false when not a real YYYY-MM-DD date.
	 */
	private static function date(mixed $value): \DateTimeImmutable|false|null {
		$value = is_string($value) ? trim($value) : '';

		if ($value === '') {
			return null;
		}

		$date = \DateTimeImmutable::createFromFormat('!Y-m-d', $value);

		// createFromFormat rolls 2026-02-30 over to March: only a date that prints back the same is real.
		return $date !== false && $date->format('Y-m-d') === $value ? $date : false;
	}

	/**
	 * null when empty, false when not a whole number >= $min.
	 */
	private static function id(mixed $value, int $min): int|false|null {
		$value = is_scalar($value) ? trim((string)$value) : '';

		if ($value === '') {
			return null;
		}

		return preg_match('/^[0-9]{1,10}$/D', $value) && (int)$value >= $min ? (int)$value : false;
	}

	private static function days(\DateTimeImmutable $from, \DateTimeImmutable $to): int {
		return (int)$from->diff($to)->format('%r%a') + 1;
	}
}
