<?php
use Opencart\System\Library\Extension\Rebound\AnalyticsCharts;
use PHPUnit\Framework\TestCase;

/**
 * The Chart.js configurations made from the sidecar's answers (the shapes of docs/analytics-api.md).
 */
final class AnalyticsChartsTest extends TestCase {
	private static function charts(string $period = 'week'): AnalyticsCharts {
		return new AnalyticsCharts(['return_rate' => 'Return rate', 'units_returned' => 'Units returned', 'other' => 'Other reasons', 'resolution_refund' => 'Refund', 'resolution_store_credit' => 'Store credit', 'nps_promoters' => 'Promoters', 'with_photos' => 'With photos', 'without_photos' => 'Without photos'], $period);
	}

	public function testReturnRateByPeriodIsBarsOfUnitsAndALineOfTheRateOnItsOwnAxis(): void {
		$chart = self::charts()->rateByPeriod(['rows' => [
			['period' => '2026-11-16', 'units_sold' => 80, 'units_returned' => 4, 'return_rate' => 5.0],
			['period' => '2026-11-23', 'units_sold' => 40, 'units_returned' => 1, 'return_rate' => 2.5]
		]]);

		$this->assertSame(['16 Nov', '23 Nov'], $chart['config']['data']['labels']);
		$this->assertSame(['Week of 16 Nov 2026', 'Week of 23 Nov 2026'], $chart['titles'], 'the tooltip names the whole period');
		[$line, $bars] = $chart['config']['data']['datasets'];
		$this->assertSame(['line', 'Return rate', [5.0, 2.5], 'rate'], [$line['type'], $line['label'], $line['data'], $line['yAxisID']]);
		$this->assertSame(['bar', [4, 1], 'y'], [$bars['type'], $bars['data'], $bars['yAxisID']]);
		$this->assertSame('right', $chart['config']['options']['scales']['rate']['position']);
		$this->assertSame(['rate' => 'percent'], $chart['axes']);
		$this->assertSame('count', $chart['format']);
		$this->assertFalse($chart['empty']);
		$this->assertFalse($chart['config']['options']['animation'], 'drawn at once: a screenshot or a print shows it whole');
	}

	public function testNothingSoldIsAnEmptyChart(): void {
		$this->assertTrue(self::charts()->rateByPeriod(['rows' => [['period' => '2026-11-23', 'units_sold' => 0, 'units_returned' => 0, 'return_rate' => 0.0]]])['empty']);
		$this->assertTrue(self::charts()->rateByPeriod([])['empty'], 'a section that failed draws nothing');
		$this->assertTrue(self::charts()->rateByItem(['rows' => 'not a list'])['empty']);
	}

	public function testProductsAreHorizontalBarsOfTheTenMostReturned(): void {
		$rows = [];

		for ($i = 1; $i <= 12; $i++) {
			$rows[] = ['product_id' => $i, 'name' => 'Product ' . $i, 'units_sold' => 100, 'units_returned' => 13 - $i, 'return_rate' => (float)(13 - $i)];
		}

		$rows[0]['name'] = 'A very long product name that would push the chart to one side';

		$chart = self::charts()->rateByItem(['rows' => $rows]);

		$this->assertSame('y', $chart['config']['options']['indexAxis']);
		$this->assertCount(AnalyticsCharts::MAX_BARS, $chart['config']['data']['labels']);
		$this->assertSame('A very long product name that…', $chart['config']['data']['labels'][0]);
		$this->assertSame('Product 10', $chart['config']['data']['labels'][9]);
		$this->assertSame('Abcdefghijabcdefghijabcdefghija…', AnalyticsCharts::shorten('Abcdefghij' . str_repeat('abcdefghij', 3)), 'no space near the end: cut at the length');
		$this->assertSame('percent', $chart['format']);
	}

	public function testReasonsAreStackedPerPeriodWithEveryPeriodAndTheSmallReasonsAsOther(): void {
		$reasons = [];
		$rows = [];

		for ($id = 1; $id <= 8; $id++) {
			$reasons[] = ['reason_id' => $id, 'name' => 'Reason ' . $id, 'units' => 10 - $id];
			$rows[] = ['period' => '2026-11-23', 'reason_id' => $id, 'reason' => 'Reason ' . $id, 'units' => 10 - $id];
		}

		$rows[] = ['period' => '2026-11-09', 'reason_id' => 8, 'reason' => 'Reason 8', 'units' => 3];

		$chart = self::charts()->reasonsOverTime(['reasons' => $reasons, 'rows' => $rows], ['2026-11-09', '2026-11-16', '2026-11-23']);
		$datasets = $chart['config']['data']['datasets'];

		$this->assertSame(['9 Nov', '16 Nov', '23 Nov'], $chart['config']['data']['labels'], 'a week without returns is still on the axis');
		$this->assertCount(AnalyticsCharts::MAX_SERIES + 1, $datasets);
		$this->assertSame('Reason 1', $datasets[0]['label']);
		$this->assertSame([0, 0, 9], $datasets[0]['data']);
		$this->assertSame('Other reasons', $datasets[6]['label']);
		$this->assertSame([3, 0, 3 + 2], $datasets[6]['data'], 'reasons 7 and 8 summed');
		$this->assertTrue($chart['config']['options']['scales']['y']['stacked']);
		$this->assertSame(9 + 8 + 7 + 6 + 5 + 4 + 3 + 2 + 3, array_sum(array_map('array_sum', array_column($datasets, 'data'))), 'no unit lost or counted twice');
	}

	public function testResolutionsAreADoughnutOfCasesWithTheirNames(): void {
		$chart = self::charts()->resolutionMix(['rows' => [['resolution' => 'refund', 'cases' => 4], ['resolution' => 'store_credit', 'cases' => 2], ['resolution' => 'new_kind', 'cases' => 1]]]);

		$this->assertSame('doughnut', $chart['config']['type']);
		$this->assertSame(['Refund', 'Store credit', 'new_kind'], $chart['config']['data']['labels'], 'an unknown code is shown as it came');
		$this->assertSame([4, 2, 1], $chart['config']['data']['datasets'][0]['data']);
	}

	public function testCsatCountsEveryScoreAndNpsItsThreeGroups(): void {
		$answer = ['csat' => ['distribution' => ['1' => 1, '4' => 10, '5' => 23]], 'nps' => ['promoters' => 40, 'passives' => 19, 'detractors' => 16]];

		$this->assertSame([1, 0, 0, 10, 23], self::charts()->csat($answer)['config']['data']['datasets'][0]['data']);
		$this->assertSame([40, 19, 16], self::charts()->nps($answer)['config']['data']['datasets'][0]['data']);
		$this->assertSame('Promoters', self::charts()->nps($answer)['config']['data']['labels'][0]);
		$this->assertTrue(self::charts()->csat([])['empty']);
	}

	public function testReviewsAreStackedWithAndWithoutPhotos(): void {
		$chart = self::charts()->reviewPhotos(['rows' => [['period' => '2026-11', 'reviews' => 20, 'with_photos' => 5], ['period' => '2026-12', 'reviews' => 3, 'with_photos' => 4]]]);

		$this->assertSame(['Nov 2026', 'Dec 2026'], $chart['config']['data']['labels']);
		$this->assertSame([5, 4], $chart['config']['data']['datasets'][0]['data']);
		$this->assertSame([15, 0], $chart['config']['data']['datasets'][1]['data'], 'never a negative bar');
	}

	public function testResolutionTimeCountsDaysBeyondThreeDays(): void {
		$short = self::charts()->resolutionTime(['rows' => [['period' => '2026-11-23', 'closed' => 3, 'median_hours' => 20.0, 'p90_hours' => 72.0]]]);
		$long = self::charts()->resolutionTime(['rows' => [['period' => '2026-11-23', 'closed' => 3, 'median_hours' => 36.0, 'p90_hours' => 190.2]]]);

		$this->assertSame('hours', $short['format']);
		$this->assertSame([20.0], $short['config']['data']['datasets'][0]['data']);
		$this->assertSame('days', $long['format']);
		$this->assertSame([1.5], $long['config']['data']['datasets'][0]['data']);
		$this->assertSame([7.9], $long['config']['data']['datasets'][1]['data']);
		$this->assertTrue(self::charts()->resolutionTime(['rows' => [['period' => '2026-11-23', 'closed' => 0]]])['empty'], 'nothing closed');
	}

	public function testNumbersAsStringsAreReadAndAnythingElseIsZero(): void {
		$chart = self::charts()->repeatPurchase(['rows' => [['period' => '2026-11-23', 'customers' => 5, 'rate' => '40.5'], ['period' => '2026-11-30', 'customers' => 1, 'rate' => null], 'junk']]);

		$this->assertSame([40.5, 0], $chart['config']['data']['datasets'][0]['data']);
		$this->assertCount(2, $chart['config']['data']['labels']);
	}

	/**
	 * @return array<string, array{string, string, string}>
	 */
	public static function periodKeys(): array {
		return [
			'a day'            => ['day', '2026-11-26', '26 Nov'],
			'a week'           => ['week', '2026-11-23', '23 Nov'],
			'a month'          => ['month', '2026-11', 'Nov 2026'],
			'something else'   => ['week', '2026-W48', '2026-W48'],
			'a day that is not' => ['day', '2026-02-30', '2 Mar']
		];
	}

	/**
	 * @dataProvider periodKeys
	 */
	public function testPeriodKeysReadAsTheAxisShowsThem(string $period, string $key, string $label): void {
		$this->assertSame($label, self::charts($period)->periodLabel($key));
	}

	public function testTooltipsNameDaysAndMonthsWhole(): void {
		$this->assertSame('Thu 26 Nov 2026', self::charts('day')->periodTitle('2026-11-26'));
		$this->assertSame('November 2026', self::charts('month')->periodTitle('2026-11'));
		$this->assertSame([], self::charts()->csat([])['titles'], 'scores are not periods');
	}

	public function testTheConfigurationSurvivesJsonForThePage(): void {
		$chart = self::charts()->rateByItem(['rows' => [['name' => '</script><script>alert(1)</script>', 'return_rate' => 5.0]]]);
		$json = json_encode($chart, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_HEX_TAG | JSON_HEX_AMP);

		$this->assertStringNotContainsString('</script>', $json, 'the page prints it inside a script element');
		$this->assertEquals($chart, json_decode($json, true));
	}
}
