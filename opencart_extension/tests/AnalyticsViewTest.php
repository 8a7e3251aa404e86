<?php
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AnalyticsFilters;
use Opencart\System\Library\Extension\Rebound\AnalyticsPage;
use Opencart\System\Library\Extension\Rebound\AnalyticsView;
use PHPUnit\Framework\TestCase;

/**
 * What the analytics page prints, from answers shaped as docs/analytics-api.md has them: tiles, tables,
 * links (only where the admin may go), the insight view, freshness and the sentences for problems. The texts
 * are the extension's real language file.
 */
final class AnalyticsViewTest extends TestCase {
	/**
	 * @param list<string> $access routes the admin may open
	 */
	private static function view(array $access = ['customer/customer', 'extension/rebound/sale/returns', 'extension/rebound/catalog/reviews', 'catalog/product']): AnalyticsView {
		// What OpenCart's own en-gb file adds.
		$texts = admin_texts('insight/analytics') + ['date_format_short' => 'd/m/Y', 'datetime_format' => 'd/m/Y H:i:s', 'decimal_point' => '.', 'thousand_point' => ','];

		return new AnalyticsView(
			static fn (string $key): string => $texts[$key] ?? $key,
			static fn (mixed $amount): string => '$' . number_format((float)$amount, 2),
			static fn (string $route, string $args): string => 'index.php?route=' . $route . '&user_token=T' . $args,
			static fn (string $route): bool => in_array($route, $access, true)
		);
	}

	private static function filters(array $get = []): AnalyticsFilters {
		return AnalyticsFilters::fromQuery($get + ['filter_date_from' => '2026-08-29', 'filter_date_to' => '2026-11-26'], new \DateTimeImmutable('2026-11-26'), [0, 1], [20]);
	}

	/**
	 * @param array<string, mixed> $data
	 */
	private static function ok(array $data): AdminAnswer {
		return new AdminAnswer(200, $data);
	}

	/**
	 * Every section answered, with the documented examples.
	 *
	 * @return array<string, AdminAnswer>
	 */
	private static function answers(): array {
		$fresh = ['as_of' => '2026-11-26T16:35:00+01:00', 'freshness' => ['summary_refreshed_at' => '2026-11-26T16:35:00+01:00', 'summary_lag_seconds' => 212, 'live_at' => '2026-11-26T16:38:32+01:00']];

		return [
			'overview'         => self::ok($fresh + ['sales' => ['units_sold' => 1200, 'units_returned' => 96, 'return_rate' => 8.0], 'cases' => ['count' => 80, 'open' => 12, 'refund_value' => '1800.00', 'value_kept' => '1030.00'], 'resolution_time' => ['closed' => 60, 'median_hours' => 50.5, 'p90_hours' => 190.2, 'sla_breaches' => 7], 'satisfaction' => ['csat_average' => 4.21, 'csat_count' => 40, 'nps' => 32.0, 'nps_count' => 75], 'reviews' => ['count' => 300, 'with_photos' => 75, 'photo_rate' => 25.0], 'unusual_products' => 3]),
			'rate_period'      => self::ok(['rows' => [['period' => '2026-11-23', 'units_sold' => 80, 'units_returned' => 4, 'return_rate' => 5.0]]]),
			'rate_product'     => self::ok(['rows' => [['product_id' => 42, 'name' => 'Linen shirt', 'model' => 'LS-1', 'units_sold' => 200, 'units_returned' => 40, 'return_rate' => 20.0]]]),
			'rate_category'    => self::ok(['rows' => [['category_id' => 20, 'name' => 'Shirts & tops', 'units_sold' => 500, 'units_returned' => 50, 'return_rate' => 10.0]]]),
			'reasons'          => self::ok(['reasons' => [['reason_id' => 1, 'name' => 'Dead On Arrival', 'units' => 20, 'share' => 20.83]], 'rows' => [['period' => '2026-11-23', 'reason_id' => 1, 'units' => 2]]]),
			'resolutions'      => self::ok(['rows' => [['resolution' => 'refund', 'cases' => 40, 'units' => 52, 'value' => '1800.00'], ['resolution' => 'store_credit', 'cases' => 8, 'units' => 9, 'value' => '420.00']], 'value_kept' => '1030.00', 'value_kept_share' => 36.4]),
			'resolution-time'  => self::ok(['closed' => 60, 'sla' => ['requested_hours' => 48, 'approved_days' => 14, 'received_hours' => 72, 'breaches' => 7, 'by_stage' => ['requested' => 4, 'approved' => 2, 'received' => 1], 'open_breaching' => 2], 'rows' => []]),
			'returners'        => self::ok(['rows' => [
				['customer_id' => 17, 'name' => 'Ann Lee', 'email' => 'ann@example.com', 'cases' => 6, 'units_returned' => 9, 'units_bought' => 12, 'return_rate' => 75.0, 'value_returned' => '310.00', 'serial_returner' => true, 'flagged_cases' => 2],
				['customer_id' => 0, 'name' => '', 'email' => 'guest@example.com', 'cases' => 1, 'units_returned' => 1, 'units_bought' => 1, 'return_rate' => 100.0, 'value_returned' => '10.00', 'serial_returner' => false, 'flagged_cases' => 0]
			]]),
			'reviews'          => self::ok(['count' => 300, 'with_photos' => 75, 'photos' => 110, 'photo_rate' => 25.0, 'rows' => []]),
			'satisfaction'     => self::ok(['csat' => ['average' => 4.21, 'count' => 40], 'nps' => ['score' => 32.0, 'count' => 75], 'rows' => []]),
			'repeat-purchase'  => self::ok(['customers' => 50, 'bought_again' => 18, 'rate' => 36.0, 'rows' => []]),
			'unusual-products' => self::ok(['store_return_rate' => 8.0, 'min_units' => 30, 'margin' => 10.0, 'rows' => [['product_id' => 42, 'name' => 'Linen shirt', 'model' => 'LS-1', 'units_sold' => 200, 'units_returned' => 40, 'return_rate' => 20.0, 'excess_units' => 24, 'top_reason' => 'Received Wrong Item']]])
		];
	}

	public function testTheTilesSayEachNumberWithWhatItCounts(): void {
		$data = self::view()->sections(self::answers(), self::filters());
		$tiles = array_column($data['kpis'], null, 'title');

		$this->assertSame(['8 %', '96 of 1200 units'], [$tiles['Return rate']['value'], $tiles['Return rate']['note']]);
		$this->assertSame(['80', '12 open'], [$tiles['Return cases']['value'], $tiles['Return cases']['note']]);
		$this->assertSame('$1,030.00', $tiles['Value kept']['value']);
		$this->assertSame(['2.1 days', 'median; 90 % within 7.9 days (60 closed)'], [$tiles['Time to resolution']['value'], $tiles['Time to resolution']['note']]);
		$this->assertSame('7', $tiles['SLA breaches']['value']);
		$this->assertSame(['4.21 / 5', '40 answers'], [$tiles['CSAT']['value'], $tiles['CSAT']['note']]);
		$this->assertSame('+32', $tiles['NPS']['value']);
		$this->assertSame('25 %', $tiles['Reviews with photos']['value']);
		$this->assertSame(['36 %', '18 of 50 customers'], [$tiles['Bought again after a return']['value'], $tiles['Bought again after a return']['note']]);
		$this->assertSame('1', $tiles['Unusual products']['value'], 'counted as the table counts them, not with the overview\'s defaults (3)');
		$this->assertSame([], $data['errors']);
	}

	public function testNothingToMeasureIsADashNotAZero(): void {
		$answers = self::answers();
		$answers['overview'] = self::ok(['sales' => [], 'cases' => [], 'resolution_time' => ['closed' => 0, 'median_hours' => 0], 'satisfaction' => ['csat_count' => 0, 'nps_count' => 0, 'nps' => 0], 'reviews' => []]);

		$tiles = array_column(self::view()->sections($answers, self::filters())['kpis'], 'value', 'title');

		$this->assertSame(['–', '–', '–'], [$tiles['Time to resolution'], $tiles['CSAT'], $tiles['NPS']]);
	}

	public function testTablesLinkOnlyWhereTheAdminMayGo(): void {
		$data = self::view()->sections(self::answers(), self::filters());

		$this->assertSame('Ann Lee', $data['returners'][0]['name']);
		$this->assertTrue($data['returners'][0]['serial']);
		$this->assertSame(2, $data['returners'][0]['flagged_cases']);
		$this->assertSame('index.php?route=customer/customer.form&user_token=T&customer_id=17', $data['returners'][0]['href']);
		$this->assertSame(['Guest', ''], [$data['returners'][1]['name'], $data['returners'][1]['href']], 'a guest has no customer page');
		$this->assertSame('', self::view([])->sections(self::answers(), self::filters())['returners'][0]['href'], 'no access to customers: no link');

		$this->assertSame('index.php?route=extension/rebound/insight/analytics.product&user_token=T&product_id=42&filter_date_from=2026-08-29&filter_date_to=2026-11-26&filter_period=week', $data['products'][0]['insight']);
		$this->assertSame(['Shirts & tops', ''], [$data['categories_rows'][0]['name'], $data['categories_rows'][0]['insight']], 'categories have no insight view');
		$this->assertSame(24, $data['unusual'][0]['excess_units']);
		$this->assertSame('20 %', $data['unusual'][0]['return_rate']);
	}

	public function testEveryTableHasItsCsvWithTheSameFilters(): void {
		$csv = self::view()->sections(self::answers(), self::filters(['filter_store_id' => '1', 'filter_min_units' => '5']))['csv'];

		$this->assertSame(['rate_period', 'rate_product', 'rate_category', 'reasons', 'resolutions', 'resolution_time', 'returners', 'reviews', 'satisfaction', 'repeat', 'unusual'], array_keys($csv));
		$this->assertSame('index.php?route=extension/rebound/insight/analytics.csv&user_token=T&table=return-rate&by=product&filter_date_from=2026-08-29&filter_date_to=2026-11-26&filter_period=week&filter_store_id=1&filter_min_units=5', $csv['rate_product']);
		$this->assertStringContainsString('&table=unusual-products&', $csv['unusual']);
	}

	public function testTheSectionsAndSlaSayWhatTheyCount(): void {
		$data = self::view()->sections(self::answers(), self::filters());

		$this->assertSame('Value kept in the store by exchanges and store credit: $1,030.00 (36.4 % of what was given back).', $data['value_kept']);
		$this->assertSame([['stage' => 'Waiting for a decision', 'limit' => '48 h', 'breaches' => 4], ['stage' => 'Approved, waiting for the items', 'limit' => '14 days', 'breaches' => 2], ['stage' => 'Received, waiting for the refund, credit or exchange', 'limit' => '72 h', 'breaches' => 1]], $data['sla']);
		$this->assertSame('7 of 60 closed cases breached an SLA stage; 2 open cases are already over their limit.', $data['sla_summary']);
		$this->assertSame('18 of 50 customers who returned something bought again afterwards (36 %).', $data['repeat_summary']);
		$this->assertSame('NPS +32 from 75 answers.', $data['nps_summary']);
		$this->assertSame(['name' => 'Store credit', 'cases' => 8, 'units' => 9, 'value' => '$420.00'], $data['resolutions'][1]);
	}

	public function testAFailedSectionSaysWhyAndTheOthersStillShow(): void {
		$answers = self::answers();
		$answers['returners'] = new AdminAnswer(0, [], 'skipped', 'too slow');
		$answers['reasons'] = new AdminAnswer(400, [], 'bad_request', 'The analytics query is invalid.', ['from' => 'Use a date as YYYY-MM-DD.']);
		$answers['satisfaction'] = new AdminAnswer(503, [], 'unavailable', 'The database is not answering.');

		$data = self::view()->sections($answers, self::filters());

		$this->assertSame('Not asked: the sidecar was too slow with the parts above. Reload the page, or narrow the filters.', $data['errors']['returners']);
		$this->assertSame('This part could not be shown: it refused the filters (The analytics query is invalid. from: Use a date as YYYY-MM-DD.).', $data['errors']['reasons']);
		$this->assertSame('Rebound\'s sidecar is not answering, so the analytics cannot be shown right now: it failed (The database is not answering.).', $data['errors']['satisfaction']);
		$this->assertSame([], $data['returners']);
		$this->assertSame('', $data['csat_summary']);
		$this->assertTrue($data['charts']['csat']['empty']);
		$this->assertFalse($data['charts']['rate_period']['empty'], 'the rest is drawn');
	}

	public function testFreshnessSaysWhenAndHowFarBehindTheSummaryIs(): void {
		$page = self::view();

		$this->assertSame('Numbers as of 26/11/2026 16:35:00. Sales and returns are counted from summary tables the sidecar refreshes every 5 minutes (the last refresh was 4 min before the page was made); cases, reviews and surveys are read live.', $page->freshness(['as_of' => '2026-11-26T16:35:00+01:00', 'summary_lag_seconds' => 212]));
		$this->assertSame('Numbers as of 26/11/2026 16:35:00.', $page->freshness(['as_of' => '2026-11-26T16:35:00+01:00', 'summary_lag_seconds' => null]), 'live only: no word of a summary');
		$this->assertSame('', $page->freshness([]), 'no answer came: no claim');
		$this->assertSame('', $page->freshness(['as_of' => 'yesterday-ish']));
	}

	/**
	 * @return array<string, array{AdminAnswer, string}>
	 */
	public static function problems(): array {
		return [
			'not configured' => [AdminAnswer::notConfigured(), 'the sidecar URL or the secret is not set.'],
			'unreachable'    => [new AdminAnswer(0, [], 'unreachable', 'Connection refused'), 'it cannot be reached (Connection refused).'],
			'timeout'        => [new AdminAnswer(0, [], 'timeout', 'Operation timed out'), 'it did not answer in time (Operation timed out).'],
			'wrong secret'   => [new AdminAnswer(401, [], 'unauthorized', 'No signature matches. (bad_signature)'), 'it refused the store\'s signature (No signature matches. (bad_signature)).'],
			'no message'     => [new AdminAnswer(502, [], 'unavailable'), 'it failed (HTTP 502).']
		];
	}

	/**
	 * @dataProvider problems
	 */
	public function testEachProblemIsASentence(AdminAnswer $answer, string $why): void {
		$this->assertSame('Rebound\'s sidecar is not answering, so the analytics cannot be shown right now: ' . $why, self::view()->downText($answer));
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function insightAnswer(): array {
		return [
			'as_of' => '2026-11-26T16:35:00+01:00',
			'product' => ['product_id' => 42, 'name' => 'Linen shirt', 'model' => 'LS-1'],
			'units_sold' => 200, 'units_returned' => 40, 'return_rate' => 20.0, 'store_return_rate' => 8.0,
			'reasons' => [['reason_id' => 2, 'name' => 'Received Wrong Item', 'units' => 25, 'share' => 62.5]],
			'comments' => [
				['source' => 'return', 'return_id' => 9, 'case_id' => 12, 'date' => '2026-11-20', 'reason' => 'Received Wrong Item', 'text' => 'Runs <small>'],
				['source' => 'review', 'review_id' => 77, 'date' => '2026-11-18', 'rating' => 2, 'text' => 'Shrank after washing']
			],
			'photos' => [
				['photo_id' => str_repeat('a', 32), 'kind' => 'return', 'owner_id' => 12, 'status' => 'approved'],
				['photo_id' => str_repeat('b', 32), 'kind' => 'review', 'owner_id' => 77, 'status' => 'pending'],
				['photo_id' => '../../etc/passwd', 'kind' => 'return', 'owner_id' => 12]
			]
		];
	}

	public function testTheInsightPutsReasonsCommentsAndPhotosTogether(): void {
		$data = self::view()->insight(self::insightAnswer(), self::filters());

		$this->assertSame('40 of 200 units sold were returned: a return rate of 20 %, against 8 % for the store.', $data['product']['summary']);
		$this->assertSame('index.php?route=catalog/product.form&user_token=T&product_id=42', $data['product']['edit']);
		$this->assertSame([['name' => 'Received Wrong Item', 'units' => 25, 'share' => '62.5 %']], $data['reasons']);
		$this->assertSame(['Return', 'Review'], array_column($data['comments'], 'source'));
		$this->assertSame('Runs <small>', $data['comments'][0]['text'], 'plain text: the template escapes it');
		$this->assertSame('index.php?route=extension/rebound/sale/returns.info&user_token=T&case_id=12', $data['comments'][0]['href']);
		$this->assertSame([0, 2], array_column($data['comments'], 'rating'));
		$this->assertSame('20/11/2026', $data['comments'][0]['date']);
		$this->assertSame([
			'index.php?route=extension/rebound/sale/returns.photo&user_token=T&photo_id=' . str_repeat('a', 32),
			'index.php?route=extension/rebound/catalog/reviews.image&user_token=T&photo_id=' . str_repeat('b', 32)
		], array_column($data['photos'], 'href'), 'each kind through its own admin-only route; a malformed id is dropped');
		$this->assertSame(['', 'awaiting moderation'], array_column($data['photos'], 'status'), 'a pending photo is marked');
		$this->assertSame('', $data['text_photos_hidden']);
		$this->assertFalse($data['charts']['reasons']['empty']);
	}

	public function testPhotosTheAdminMayNotOpenAreCountedNotShown(): void {
		$data = self::view(['extension/rebound/sale/returns'])->insight(self::insightAnswer(), self::filters());

		$this->assertCount(1, $data['photos']);
		$this->assertSame('1 photo(s) not shown: you may not open the Returns (Rebound) or Review photos page they belong to. Photo ids: bbbbbbbb…', $data['text_photos_hidden']);
		$this->assertSame('', $data['product']['edit']);

		$none = self::view([])->insight(self::insightAnswer(), self::filters());
		$this->assertSame('', $none['comments'][0]['href'], 'no access to returns: no link to the case');
		$this->assertSame([], $none['photos']);
	}

	public function testTheSectionKeysAreTheOnesThePageAsksFor(): void {
		$this->assertSame(array_keys(AnalyticsPage::SECTIONS), array_keys(self::answers()));
	}
}
