<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Turns the sidecar's analytics answers (docs/analytics-api.md) into Chart.js configurations that the page
 * hands to admin/view/javascript/analytics.js as JSON. Each chart is
 * `['config' => <Chart.js config>, 'format' => <how the value axis reads>, 'empty' => <nothing to draw>]`,
 * where format is one of percent, count, hours, days: the script adds the matching tick and tooltip labels
 * (functions can't travel in JSON). No I/O here; texts come from the page's language file.
 */
class AnalyticsCharts {
	/** Bootstrap's blue first, as OpenCart's own dashboard chart; then colours that stay apart in print. */
	public const COLOURS = ['#1065d2', '#f0ad4e', '#5cb85c', '#d9534f', '#6f42c1', '#20c997', '#fd7e14', '#9fd5f1', '#6c757d'];
	/** Series beyond this many are summed into "Other", so a legend stays readable. */
	public const MAX_SERIES = 6;
	/** Bars on a ranked chart; the table below it has every row. */
	public const MAX_BARS = 10;
	/** Longer names are cut on the axis (the tooltip and the table have them whole). */
	public const LABEL_LENGTH = 32;

	/**
	 * @param array<string, string> $text   label texts by key: units_sold, units_returned, return_rate, median, p90,
	 *                                      with_photos, without_photos, answers, rate, other, week_of ("Week of %s"), resolution_<code>,
	 *                                      nps_<promoters|passives|detractors>
	 * @param string                $period day, week or month: how period keys are written on the axis
	 */
	public function __construct(private array $text, private string $period) {
	}

	/**
	 * Return rate by order period: units returned as bars, the rate as a line on its own axis.
	 *
	 * @param array<string, mixed> $answer the return-rate?by=period answer
	 *
	 * @return array<string, mixed>
	 */
	public function rateByPeriod(array $answer): array {
		$rows = self::rows($answer);

		return $this->chart('bar', array_column($rows, 'period'), [
			['type' => 'line', 'label' => $this->t('return_rate'), 'data' => self::numbers($rows, 'return_rate'), 'yAxisID' => 'rate', 'borderColor' => self::COLOURS[3], 'backgroundColor' => self::COLOURS[3], 'tension' => 0.2, 'order' => 0],
			['type' => 'bar', 'label' => $this->t('units_returned'), 'data' => self::numbers($rows, 'units_returned'), 'yAxisID' => 'y', 'backgroundColor' => self::COLOURS[7], 'order' => 1]
		], 'count', ['rate' => 'percent'], array_sum(self::numbers($rows, 'units_sold')) == 0, true);
	}

	/**
	 * Return rate per product or category, the most returned first, as horizontal bars.
	 *
	 * @param array<string, mixed> $answer the return-rate?by=product|category answer
	 *
	 * @return array<string, mixed>
	 */
	public function rateByItem(array $answer): array {
		$rows = array_slice(self::rows($answer), 0, self::MAX_BARS);

		$chart = $this->chart('bar', array_map([self::class, 'shorten'], array_map('strval', array_column($rows, 'name'))), [
			['label' => $this->t('return_rate'), 'data' => self::numbers($rows, 'return_rate'), 'backgroundColor' => self::COLOURS[0]]
		], 'percent', [], !$rows);

		$chart['config']['options']['indexAxis'] = 'y';
		$chart['config']['options']['plugins']['legend'] = ['display' => false];

		return $chart;
	}

	/**
	 * Reasons over time: returned units per period, stacked by reason (the biggest reasons, then Other).
	 *
	 * @param array<string, mixed> $answer  the reasons answer
	 * @param list<string>         $periods every period of the range, oldest first (the reasons rows skip empty ones)
	 *
	 * @return array<string, mixed>
	 */
	public function reasonsOverTime(array $answer, array $periods): array {
		$reasons = is_array($answer['reasons'] ?? null) ? $answer['reasons'] : [];
		$shown = array_slice(array_map(static fn (array $reason): int => (int)($reason['reason_id'] ?? 0), $reasons), 0, self::MAX_SERIES);
		$names = array_column($reasons, 'name', 'reason_id');
		$units = [];

		foreach (self::rows($answer) as $row) {
			$period = (string)($row['period'] ?? '');
			$reason = in_array((int)($row['reason_id'] ?? 0), $shown, true) ? (int)$row['reason_id'] : -1;

			if (!in_array($period, $periods, true)) {
				$periods[] = $period;
			}

			$units[$reason][$period] = ($units[$reason][$period] ?? 0) + (int)($row['units'] ?? 0);
		}

		sort($periods);

		$datasets = [];

		foreach (array_merge($shown, isset($units[-1]) ? [-1] : []) as $index => $reason) {
			$datasets[] = [
				'label'           => $reason === -1 ? $this->t('other') : (string)($names[$reason] ?? '#' . $reason),
				'data'            => array_map(static fn (string $period): int => $units[$reason][$period] ?? 0, $periods),
				'backgroundColor' => self::COLOURS[$index % count(self::COLOURS)]
			];
		}

		$chart = $this->chart('bar', $periods, $datasets, 'count', [], !$units, true);
		$chart['config']['options']['scales']['x']['stacked'] = true;
		$chart['config']['options']['scales']['y']['stacked'] = true;

		return $chart;
	}

	/**
	 * Resolution mix: cases by outcome (refund, exchange, store credit, rejected, open) as a doughnut.
	 *
	 * @param array<string, mixed> $answer the resolutions answer
	 *
	 * @return array<string, mixed>
	 */
	public function resolutionMix(array $answer): array {
		$rows = self::rows($answer);
		$codes = array_map('strval', array_column($rows, 'resolution'));

		return $this->doughnut(array_map(fn (string $code): string => $this->t('resolution_' . $code, $code), $codes), self::numbers($rows, 'cases'), 'right');
	}

	/**
	 * Time to resolution by the case's creation period: median and 90th percentile, in hours.
	 *
	 * @param array<string, mixed> $answer the resolution-time answer
	 *
	 * @return array<string, mixed>
	 */
	public function resolutionTime(array $answer): array {
		$rows = self::rows($answer);
		$median = self::numbers($rows, 'median_hours');
		$p90 = self::numbers($rows, 'p90_hours');
		// Beyond three days the axis counts days, so its steps are whole days rather than 50 hours.
		$days = max(array_merge([0], $median, $p90)) > 72;
		$scale = static fn (array $hours): array => $days ? array_map(static fn (int|float $value): float => round($value / 24, 1), $hours) : $hours;

		return $this->chart('bar', array_column($rows, 'period'), [
			['label' => $this->t('median'), 'data' => $scale($median), 'backgroundColor' => self::COLOURS[0]],
			['label' => $this->t('p90'), 'data' => $scale($p90), 'backgroundColor' => self::COLOURS[7]]
		], $days ? 'days' : 'hours', [], array_sum(self::numbers($rows, 'closed')) == 0, true);
	}

	/**
	 * Reviews per period, stacked: with photos and without.
	 *
	 * @param array<string, mixed> $answer the reviews answer
	 *
	 * @return array<string, mixed>
	 */
	public function reviewPhotos(array $answer): array {
		$rows = self::rows($answer);
		$with = self::numbers($rows, 'with_photos');
		$without = array_map(static fn (float|int $all, float|int $photos): float|int => max(0, $all - $photos), self::numbers($rows, 'reviews'), $with);

		$chart = $this->chart('bar', array_column($rows, 'period'), [
			['label' => $this->t('with_photos'), 'data' => $with, 'backgroundColor' => self::COLOURS[0]],
			['label' => $this->t('without_photos'), 'data' => $without, 'backgroundColor' => self::COLOURS[7]]
		], 'count', [], array_sum($with) + array_sum($without) == 0, true);
		$chart['config']['options']['scales']['x']['stacked'] = true;
		$chart['config']['options']['scales']['y']['stacked'] = true;

		return $chart;
	}

	/**
	 * CSAT answers by score, 1 to 5.
	 *
	 * @param array<string, mixed> $answer the satisfaction answer
	 *
	 * @return array<string, mixed>
	 */
	public function csat(array $answer): array {
		$distribution = is_array($answer['csat']['distribution'] ?? null) ? $answer['csat']['distribution'] : [];
		$counts = array_map(static fn (int $score): int => (int)($distribution[(string)$score] ?? 0), range(1, 5));

		$chart = $this->chart('bar', ['1', '2', '3', '4', '5'], [
			['label' => $this->t('answers'), 'data' => $counts, 'backgroundColor' => [self::COLOURS[3], self::COLOURS[6], self::COLOURS[1], self::COLOURS[2], self::COLOURS[2]]]
		], 'count', [], array_sum($counts) === 0);
		$chart['config']['options']['plugins']['legend'] = ['display' => false];

		return $chart;
	}

	/**
	 * NPS answers: promoters, passives, detractors.
	 *
	 * @param array<string, mixed> $answer the satisfaction answer
	 *
	 * @return array<string, mixed>
	 */
	public function nps(array $answer): array {
		$nps = is_array($answer['nps'] ?? null) ? $answer['nps'] : [];
		$groups = ['promoters', 'passives', 'detractors'];

		// Half a card wide: the legend goes below, where its labels fit.
		$chart = $this->doughnut(array_map(fn (string $group): string => $this->t('nps_' . $group), $groups), array_map(static fn (string $group): int => (int)($nps[$group] ?? 0), $groups), 'bottom');
		$chart['config']['data']['datasets'][0]['backgroundColor'] = [self::COLOURS[2], self::COLOURS[7], self::COLOURS[3]];

		return $chart;
	}

	/**
	 * Repeat purchase after a return: the share of returning customers who bought again, per period.
	 *
	 * @param array<string, mixed> $answer the repeat-purchase answer
	 *
	 * @return array<string, mixed>
	 */
	public function repeatPurchase(array $answer): array {
		$rows = self::rows($answer);

		return $this->chart('bar', array_column($rows, 'period'), [
			['label' => $this->t('rate'), 'data' => self::numbers($rows, 'rate'), 'backgroundColor' => self::COLOURS[2]]
		], 'percent', [], array_sum(self::numbers($rows, 'customers')) == 0, true);
	}

	/**
	 * One product's reasons, as horizontal bars of returned units.
	 *
	 * @param array<string, mixed> $answer the products/<id>/insight answer
	 *
	 * @return array<string, mixed>
	 */
	public function insightReasons(array $answer): array {
		$reasons = is_array($answer['reasons'] ?? null) ? array_values($answer['reasons']) : [];

		$chart = $this->chart('bar', array_map([self::class, 'shorten'], array_map('strval', array_column($reasons, 'name'))), [
			['label' => $this->t('units_returned'), 'data' => self::numbers($reasons, 'units'), 'backgroundColor' => self::COLOURS[1]]
		], 'count', [], !$reasons);
		$chart['config']['options']['indexAxis'] = 'y';
		$chart['config']['options']['plugins']['legend'] = ['display' => false];

		return $chart;
	}

	/**
	 * A period key as the axis shows it: day and week "23 Nov", month "Nov 2026"; anything else as it came.
	 */
	/**
	 * A period key as a tooltip names it: "Thu 26 Nov 2026", "Week of 23 Nov 2026", "November 2026".
	 */
	public function periodTitle(mixed $key): string {
		$key = (string)$key;

		if (preg_match('/^[0-9]{4}-[0-9]{2}$/D', $key) && ($date = \DateTimeImmutable::createFromFormat('!Y-m', $key))) {
			return $date->format('F Y');
		}

		if (preg_match('/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/D', $key) && ($date = \DateTimeImmutable::createFromFormat('!Y-m-d', $key))) {
			return match ($this->period) {
				'week'  => sprintf($this->t('week_of', 'Week of %s'), $date->format('j M Y')),
				'month' => $date->format('F Y'),
				default => $date->format('D j M Y')
			};
		}

		return $key;
	}

	public function periodLabel(mixed $key): string {
		$key = (string)$key;

		if (preg_match('/^[0-9]{4}-[0-9]{2}$/D', $key) && ($date = \DateTimeImmutable::createFromFormat('!Y-m', $key))) {
			return $date->format('M Y');
		}

		if (preg_match('/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/D', $key) && ($date = \DateTimeImmutable::createFromFormat('!Y-m-d', $key))) {
			return $date->format($this->period === 'month' ? 'M Y' : 'j M');
		}

		return $key;
	}

	/**
	 * A label cut to LABEL_LENGTH characters, at a word's end when one is near.
	 */
	public static function shorten(string $label): string {
		if (mb_strlen($label) <= self::LABEL_LENGTH) {
			return $label;
		}

		$cut = mb_substr($label, 0, self::LABEL_LENGTH - 1);
		$space = mb_strrpos($cut, ' ');

		return rtrim($space !== false && $space >= self::LABEL_LENGTH * 2 / 3 ? mb_substr($cut, 0, $space) : $cut) . '…';
	}

	/**
	 * @param list<mixed>                $labels   the labels, or the period keys when $periods
	 * @param list<array<string, mixed>> $datasets
	 * @param array<string, string>      $axes     extra value axes by id => format, drawn on the right
	 * @param bool                       $periods  the labels are period keys: shown short on the axis, whole in tooltips
	 *
	 * @return array<string, mixed>
	 */
	private function chart(string $type, array $labels, array $datasets, string $format, array $axes, bool $empty, bool $periods = false): array {
		$options = [
			'responsive'          => true,
			'maintainAspectRatio' => false,
			'animation'           => false,
			'interaction'         => ['mode' => 'index', 'intersect' => false],
			'plugins'             => ['legend' => ['position' => 'bottom']],
			'scales'              => ['y' => ['beginAtZero' => true]]
		];

		foreach ($axes as $id => $axisFormat) {
			$options['scales'][$id] = ['beginAtZero' => true, 'position' => 'right', 'grid' => ['drawOnChartArea' => false]];
		}

		return [
			'config' => ['type' => $type, 'data' => ['labels' => $periods ? array_map([$this, 'periodLabel'], array_values($labels)) : array_values($labels), 'datasets' => $datasets], 'options' => $options],
			'format' => $format,
			'axes'   => $axes,
			'titles' => $periods ? array_map([$this, 'periodTitle'], array_values($labels)) : [],
			'empty'  => $empty
		];
	}

	/**
	 * @param list<string>    $labels
	 * @param list<int|float> $values
	 *
	 * @return array<string, mixed>
	 */
	private function doughnut(array $labels, array $values, string $legend): array {
		return [
			'config' => [
				'type'    => 'doughnut',
				'data'    => ['labels' => $labels, 'datasets' => [['data' => $values, 'backgroundColor' => array_slice(self::COLOURS, 0, max(1, count($values)))]]],
				'options' => ['responsive' => true, 'maintainAspectRatio' => false, 'animation' => false, 'plugins' => ['legend' => ['position' => $legend]]]
			],
			'format' => 'count',
			'axes'   => [],
			'titles' => [],
			'empty'  => array_sum($values) == 0
		];
	}

	/**
	 * @param array<string, mixed> $answer
	 *
	 * @return list<array<string, mixed>>
	 */
	private static function rows(array $answer): array {
		return is_array($answer['rows'] ?? null) ? array_values(array_filter($answer['rows'], 'is_array')) : [];
	}

	/**
	 * One numeric column; anything that is not a number counts as 0.
	 *
	 * @param list<array<string, mixed>> $rows
	 *
	 * @return list<int|float>
	 */
	private static function numbers(array $rows, string $key): array {
		return array_map(static fn (array $row): int|float => is_int($row[$key] ?? null) || is_float($row[$key] ?? null) ? $row[$key] : (is_numeric($row[$key] ?? null) ? (float)$row[$key] : 0), $rows);
	}

	private function t(string $key, string $fallback = ''): string {
		return $this->text[$key] ?? ($fallback !== '' ? $fallback : $key);
	}
}
