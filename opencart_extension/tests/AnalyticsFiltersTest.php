<?php
use Opencart\System\Library\Extension\Rebound\AnalyticsFilters;
use PHPUnit\Framework\TestCase;

/**
 * The analytics page's filters: defaults, each bad value reported and replaced, and the two query strings.
 */
final class AnalyticsFiltersTest extends TestCase {
	private static function read(array $get, ?array $categories = [20, 25]): AnalyticsFilters {
		return AnalyticsFilters::fromQuery($get, new \DateTimeImmutable('2026-11-26 15:30:00'), [0, 1], $categories);
	}

	public function testNothingAskedMeansTheLast90DaysOfEveryStoreByWeek(): void {
		$filters = self::read([]);

		$this->assertSame('2026-08-29', $filters->dateFrom);
		$this->assertSame('2026-11-26', $filters->dateTo);
		$this->assertSame(90, $filters->dayCount());
		$this->assertNull($filters->storeId);
		$this->assertNull($filters->categoryId);
		$this->assertSame('week', $filters->period);
		$this->assertSame([], $filters->errors);
		$this->assertSame('from=2026-08-29&to=2026-11-26&period=week', $filters->sidecarQuery());
	}

	public function testEverythingAskedIsKept(): void {
		$filters = self::read(['filter_date_from' => '2026-01-01', 'filter_date_to' => '2026-01-31', 'filter_store_id' => '1', 'filter_category_id' => '25', 'filter_period' => 'month']);

		$this->assertSame([], $filters->errors);
		$this->assertSame('from=2026-01-01&to=2026-01-31&period=month&store_id=1&category_id=25', $filters->sidecarQuery());
		$this->assertSame('from=2026-01-01&to=2026-01-31&store_id=1&category_id=25', $filters->sidecarQuery(false), 'routes without a period table refuse the parameter');
		$this->assertSame('&filter_date_from=2026-01-01&filter_date_to=2026-01-31&filter_period=month&filter_store_id=1&filter_category_id=25', $filters->pageQuery());
		$this->assertSame('2026-01-01_2026-01-31_store-1_category-25', $filters->slug());
	}

	public function testStoreZeroIsTheDefaultStoreNotAll(): void {
		$filters = self::read(['filter_store_id' => '0']);

		$this->assertSame(0, $filters->storeId);
		$this->assertStringContainsString('&store_id=0', $filters->sidecarQuery());
	}

	public function testTheFromDateAloneCountsToToday(): void {
		$filters = self::read(['filter_date_from' => '2026-11-20']);

		$this->assertSame('2026-11-26', $filters->dateTo);
		$this->assertSame(7, $filters->dayCount());
		$this->assertSame('day', $filters->period, 'a week is shown day by day');
	}

	/**
	 * @return array<string, array{array<string, mixed>, string, string}>
	 */
	public static function badValues(): array {
		return [
			'not a date'          => [['filter_date_to' => '26/11/2026'], 'date_to', 'date'],
			'a day that is not'   => [['filter_date_from' => '2026-02-30'], 'date_from', 'date'],
			'script in the date'  => [['filter_date_from' => '2026-01-01<script>'], 'date_from', 'date'],
			'from after to'       => [['filter_date_from' => '2026-11-27', 'filter_date_to' => '2026-11-26'], 'date_from', 'order'],
			'more than 3 years'   => [['filter_date_from' => '2020-01-01'], 'date_from', 'range'],
			'unknown store'       => [['filter_store_id' => '7'], 'store_id', 'store'],
			'negative store'      => [['filter_store_id' => '-1'], 'store_id', 'store'],
			'store as an array'   => [['filter_store_id' => ['1']], 'store_id', ''],
			'unknown category'    => [['filter_category_id' => '99'], 'category_id', 'category'],
			'category zero'       => [['filter_category_id' => '0'], 'category_id', 'category'],
			'category with text'  => [['filter_category_id' => '20 OR 1=1'], 'category_id', 'category'],
			'unknown period'      => [['filter_period' => 'year'], 'period', 'period'],
			'no units'            => [['filter_min_units' => '0'], 'min_units', 'min_units'],
			'too many units'      => [['filter_min_units' => '100001'], 'min_units', 'min_units'],
			'margin over 100'     => [['filter_margin' => '101'], 'margin', 'margin'],
			'negative margin'     => [['filter_margin' => '-5'], 'margin', 'margin'],
		];
	}

	/**
	 * @dataProvider badValues
	 *
	 * @param array<string, mixed> $get
	 */
	public function testABadValueIsReportedAndReplacedByItsDefault(array $get, string $field, string $code): void {
		$filters = self::read($get);
		$defaults = self::read([]);

		if ($code === '') {
			// An array where a number belongs is simply not one: ignored, like an empty field.
			$this->assertSame([], $filters->errors);
		} else {
			$this->assertSame([$field => $code], $filters->errors);
		}

		$this->assertSame($field === 'date_to' ? $defaults->dateTo : $filters->dateTo, $filters->dateTo);
		$this->assertNull($field === 'store_id' ? $filters->storeId : null);
		$this->assertNull($field === 'category_id' ? $filters->categoryId : null);
		$this->assertContains($filters->period, AnalyticsFilters::PERIODS);
		$this->assertLessThanOrEqual(AnalyticsFilters::MAX_DAYS, $filters->dayCount());
		$this->assertGreaterThanOrEqual(1, $filters->dayCount());
	}

	public function testARangeTooLongKeepsItsEndAndShortensItsStart(): void {
		$filters = self::read(['filter_date_from' => '2020-01-01', 'filter_date_to' => '2025-12-31']);

		$this->assertSame('2025-12-31', $filters->dateTo);
		$this->assertSame(AnalyticsFilters::MAX_DAYS, $filters->dayCount());
		$this->assertSame('month', $filters->period);
	}

	public function testTheUnusualThresholdsGoOnlyToTheirRouteAndStayInLinks(): void {
		$filters = self::read(['filter_min_units' => '20', 'filter_margin' => '0']);

		$this->assertSame(['min_units' => 20, 'margin' => 0], $filters->unusualQuery());
		$this->assertStringNotContainsString('min_units', $filters->sidecarQuery(), 'other routes refuse unknown parameters');
		$this->assertStringEndsWith('&filter_min_units=20&filter_margin=0', $filters->pageQuery());
		$this->assertSame([], self::read([])->unusualQuery(), 'not asked: the sidecar\'s defaults');
	}

	public function testCategoriesAreNotCheckedWhenTheListIsUnknown(): void {
		$this->assertSame(99, self::read(['filter_category_id' => '99'], null)->categoryId);
	}

	/**
	 * @return array<string, array{int, string}>
	 */
	public static function periods(): array {
		return ['a day' => [1, 'day'], 'a month' => [31, 'day'], 'a month and a day' => [32, 'week'], 'half a year' => [183, 'week'], 'more' => [184, 'month']];
	}

	/**
	 * @dataProvider periods
	 */
	public function testTheDefaultPeriodFollowsTheRange(int $days, string $period): void {
		$this->assertSame($period, AnalyticsFilters::defaultPeriod($days));
	}
}
