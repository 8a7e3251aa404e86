<?php
use Opencart\System\Library\Extension\Rebound\AnalyticsApi;
use Opencart\System\Library\Extension\Rebound\AnalyticsCsv;
use Opencart\System\Library\Extension\Rebound\AnalyticsFilters;
use Opencart\System\Library\Extension\Rebound\AnalyticsPage;
use Opencart\System\Library\Extension\Rebound\Client;
use PHPUnit\Framework\TestCase;

/**
 * The analytics page's calls against a real `rebound serve` and MariaDB, on a store with known numbers:
 * 20 tees sold in Shirts and 5 returned (25 %), 10 mugs sold in Kitchen and 1 returned (10 %), 20 % in all.
 * Before the sidecar's first summary build the page is told "not ready"; after it, each number is the one
 * written here, the CSV download has them too, and a down sidecar or a slow one ends in a problem, never
 * an exception.
 */
final class AnalyticsApiTest extends TestCase {
	private const SECRET = '5f2a6f4cf9b6a1de2c6f1b7e0c9d5a3b8e1f0a2c4d6e8f0a1b3c5d7e9f1a3c5e';

	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore();

		$db = self::$database->connection;
		$db->query("INSERT INTO `oc_category` (`category_id`, `parent_id`, `status`) VALUES (20, 0, 1), (25, 0, 1)");
		$db->query("INSERT INTO `oc_category_description` (`category_id`, `language_id`, `name`) VALUES (20, 1, 'Shirts'), (25, 1, 'Kitchen &amp; home')");
		$db->query("INSERT INTO `oc_category_path` (`category_id`, `path_id`, `level`) VALUES (20, 20, 0), (25, 25, 0)");
		$db->query("INSERT INTO `oc_product` (`product_id`, `model`, `price`, `status`) VALUES (40, 'TEE', 10, 1), (41, 'MUG', 5, 1)");
		$db->query("INSERT INTO `oc_product_description` (`product_id`, `language_id`, `name`) VALUES (40, 1, 'Linen tee'), (41, 1, 'Mug')");
		$db->query("INSERT INTO `oc_product_to_category` (`product_id`, `category_id`) VALUES (40, 20), (41, 25)");
		$db->query("INSERT INTO `oc_product_to_store` (`product_id`, `store_id`) VALUES (40, 0), (41, 0)");

		// Ten orders ten days ago, each of two tees and a mug, all Complete.
		for ($order_id = 1; $order_id <= 10; $order_id++) {
			$db->query("INSERT INTO `oc_order` (`order_id`, `store_id`, `customer_id`, `customer_group_id`, `firstname`, `lastname`, `email`, `total`, `order_status_id`, `language_id`, `currency_code`, `currency_value`, `date_added`, `date_modified`) VALUES (" . $order_id . ", 0, " . (100 + $order_id) . ", 1, 'Ann', 'Lee', 'ann" . $order_id . "@example.com', 25, 5, 1, 'USD', 1, NOW() - INTERVAL 10 DAY, NOW() - INTERVAL 10 DAY)");
			$db->query("INSERT INTO `oc_order_history` (`order_id`, `order_status_id`, `notify`, `comment`, `date_added`) VALUES (" . $order_id . ", 5, 0, '', NOW() - INTERVAL 9 DAY)");
			$db->query("INSERT INTO `oc_order_product` (`order_id`, `product_id`, `name`, `model`, `quantity`, `price`, `total`, `tax`) VALUES (" . $order_id . ", 40, 'Linen tee', 'TEE', 2, 10, 20, 0), (" . $order_id . ", 41, 'Mug', 'MUG', 1, 5, 5, 0)");
		}

		// Returns: tees 1+1+1 (Dead On Arrival) and 2 (Other, with a comment), one mug (Dead On Arrival).
		$returns = [[1, 40, 1, 1, ''], [2, 40, 1, 1, ''], [3, 40, 1, 1, ''], [4, 40, 2, 5, '=Runs small, size up'], [5, 41, 1, 1, '']];

		foreach ($returns as [$order_id, $product_id, $quantity, $reason_id, $comment]) {
			$db->query("INSERT INTO `oc_return` (`order_id`, `product_id`, `customer_id`, `firstname`, `lastname`, `email`, `telephone`, `product`, `model`, `quantity`, `opened`, `return_reason_id`, `return_action_id`, `return_status_id`, `comment`, `date_ordered`, `date_added`, `date_modified`) VALUES (" . $order_id . ", " . $product_id . ", " . (100 + $order_id) . ", 'Ann', 'Lee', 'ann" . $order_id . "@example.com', '', 'x', 'x', " . $quantity . ", 0, " . $reason_id . ", 0, 2, '" . $db->escape($comment) . "', DATE(NOW() - INTERVAL 10 DAY), NOW() - INTERVAL 5 DAY, NOW() - INTERVAL 5 DAY)");
		}

		self::startSidecar(self::SECRET);
	}

	private static function api(): AnalyticsApi {
		return new AnalyticsApi(new Client(self::$sidecar->url, self::SECRET));
	}

	private static function filters(array $get = []): AnalyticsFilters {
		return AnalyticsFilters::fromQuery($get, new \DateTimeImmutable('today'), [0], [20, 25]);
	}

	/**
	 * First: before the summary tables exist the page shows "not ready"; Refresh builds them.
	 */
	public function testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers(): void {
		$before = self::api()->report('overview', self::filters());

		$this->assertTrue(AnalyticsPage::notReady($before), $before->problem . ' ' . $before->message . self::$sidecar->output());
		$this->assertSame(503, $before->status);

		$refresh = self::api()->refresh();
		$this->assertTrue($refresh->ok(), $refresh->message);
		$this->assertNotFalse(strtotime((string)($refresh->data['refreshed_at'] ?? '')));

		$after = self::api()->report('overview', self::filters());
		$this->assertTrue($after->ok(), $after->message);
		$this->assertSame(30, $after->data['sales']['units_sold']);
		$this->assertSame(6, $after->data['sales']['units_returned']);
		$this->assertEquals(20.0, $after->data['sales']['return_rate']);
	}

	/**
	 * @depends testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers
	 */
	public function testEverySectionOfThePageAnswersWithTheKnownNumbers(): void {
		$page = new AnalyticsPage(self::api(), self::filters(['filter_period' => 'week']));
		$answers = $page->fetchAll();

		$this->assertSame(array_keys(AnalyticsPage::SECTIONS), array_keys($answers));

		foreach ($answers as $key => $answer) {
			$this->assertTrue($answer->ok(), $key . ': ' . $answer->problem . ' ' . $answer->message);
		}

		$products = $page->rows($answers['rate_product']->data);
		$this->assertSame(['Linen tee', 'Mug'], array_column($products, 'name'), 'most units returned first');
		$this->assertSame([20, 10], array_column($products, 'units_sold'));
		$this->assertSame([5, 1], array_column($products, 'units_returned'));
		$this->assertEquals([25.0, 10.0], array_column($products, 'return_rate'));

		$categories = $page->rows($answers['rate_category']->data);
		$this->assertSame(['Shirts', 'Kitchen & home'], array_column($categories, 'name'), 'names decoded: the page escapes them');

		$reasons = $answers['reasons']->data['reasons'];
		$this->assertSame([1, 5], array_column($reasons, 'reason_id'));
		$this->assertSame([4, 2], array_column($reasons, 'units'));

		$periods = $page->rows($answers['rate_period']->data);
		$this->assertSame(6, array_sum(array_column($periods, 'units_returned')));
		$this->assertNotFalse(strtotime((string)$page->freshness()['as_of']), 'the page can say how fresh the numbers are');
	}

	/**
	 * @depends testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers
	 */
	public function testFiltersNarrowTheNumbers(): void {
		$kitchen = self::api()->report('return-rate', self::filters(['filter_category_id' => '25']), ['by' => 'product']);

		$this->assertTrue($kitchen->ok(), $kitchen->message);
		$this->assertSame(['Mug'], array_column($kitchen->data['rows'], 'name'));
		$this->assertEquals(10.0, $kitchen->data['totals']['return_rate']);

		$before = self::api()->report('overview', self::filters(['filter_date_to' => date('Y-m-d', strtotime('-11 days'))]));
		$this->assertSame(0, $before->data['sales']['units_sold'], 'the orders are ten days old');
	}

	/**
	 * @depends testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers
	 */
	public function testATableDownloadsAsCsvWithTheSameNumbers(): void {
		$download = self::api()->csv('return-rate', self::filters(), ['by' => 'product']);

		$this->assertInstanceOf(AnalyticsCsv::class, $download, $download instanceof AnalyticsCsv ? '' : $download->message);
		$this->assertStringStartsWith('rebound-return-rate-by-product_', $download->filename);

		$lines = explode("\r\n", rtrim(substr($download->body, strlen(AnalyticsCsv::BOM)), "\r\n"));
		$rows = array_map(static fn (string $line): array => str_getcsv($line, ',', '"', ''), $lines);

		$this->assertSame(['product_id', 'name', 'model', 'units_sold', 'units_returned', 'return_rate'], $rows[0]);
		$this->assertSame(['40', 'Linen tee', 'TEE', '20', '5'], array_slice($rows[1], 0, 5));
		$this->assertEquals(25.0, (float)$rows[1][5]);

		$this->assertSame('not_found', self::api()->csv('overview', self::filters())->problem, 'the overview has no table');
	}

	/**
	 * @depends testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers
	 */
	public function testAProductsInsightHasItsReasonsAndComments(): void {
		$insight = self::api()->insight(40, self::filters());

		$this->assertTrue($insight->ok(), $insight->message);
		$this->assertSame('Linen tee', $insight->data['product']['name']);
		$this->assertEquals(25.0, $insight->data['return_rate']);
		$this->assertEquals(20.0, $insight->data['store_return_rate']);
		$this->assertSame([1, 5], array_column($insight->data['reasons'], 'reason_id'));
		$this->assertSame(['=Runs small, size up'], array_column($insight->data['comments'], 'text'), 'plain text: the page escapes it');

		$this->assertSame('not_found', self::api()->insight(999, self::filters())->problem);
		$this->assertSame('not_found', self::api()->insight(0, self::filters())->problem);
	}

	/**
	 * @depends testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers
	 */
	public function testTheOwnerSetsWhatCountsAsUnusual(): void {
		$page = new AnalyticsPage(self::api(), self::filters(['filter_min_units' => '5', 'filter_margin' => '3']));
		$unusual = $page->fetch('unusual-products');

		$this->assertTrue($unusual->ok(), $unusual->message);
		$this->assertSame(['Linen tee'], array_column($unusual->data['rows'], 'name'), '25 % is 5 points above the store\'s 20 %');
		$this->assertSame(1, $unusual->data['rows'][0]['excess_units'], '5 returned where 20 % of 20 would be 4');

		$strict = (new AnalyticsPage(self::api(), self::filters(['filter_min_units' => '5', 'filter_margin' => '6'])))->fetch('unusual-products');
		$this->assertSame([], $strict->data['rows']);

		$download = self::api()->csv('unusual-products', self::filters(), ['min_units' => 5, 'margin' => 3]);
		$this->assertInstanceOf(AnalyticsCsv::class, $download);
		$this->assertStringContainsString('Linen tee', $download->body);
	}

	public function testFiltersTheSidecarRefusesComeBackPerField(): void {
		$answer = self::api()->report('return-rate', new AnalyticsFilters('2026-02-30', '2026-03-01', null, null, 'week'));

		$this->assertSame('bad_request', $answer->problem);
		$this->assertArrayHasKey('from', $answer->fields);
	}

	public function testAWrongSecretIsUnauthorized(): void {
		$answer = (new AnalyticsApi(new Client(self::$sidecar->url, str_repeat('0', 64))))->report('overview', self::filters());

		$this->assertSame('unauthorized', $answer->problem);
		$this->assertTrue($answer->down());
	}

	public function testADownSidecarIsAskedOnceAndEverySectionSaysSo(): void {
		$calls = 0;
		$clock = static function () use (&$calls): float {
			$calls++;

			return 0.0;
		};

		$page = new AnalyticsPage(new AnalyticsApi(new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET)), self::filters(), 20.0, $clock);
		$answers = $page->fetchAll();

		$this->assertSame(array_fill_keys(array_keys(AnalyticsPage::SECTIONS), 'unreachable'), array_map(static fn ($answer): string => $answer->problem, $answers));
		$this->assertSame(2, $calls, 'the clock is read when the page starts and before each request made: one request');
		$this->assertSame([], $page->freshness());

		$csv = (new AnalyticsApi(null))->csv('returners', self::filters());
		$this->assertSame('not_configured', $csv->problem);
	}

	public function testASlowSidecarTimesOutAndTheRestIsNotAsked(): void {
		$server = HangingServer::start();

		try {
			$page = new AnalyticsPage(new AnalyticsApi(new Client('http://127.0.0.1:' . $server->port, self::SECRET), 0.3), self::filters());
			$answers = $page->fetchAll();
		} finally {
			$server->stop();
		}

		$this->assertSame('timeout', $answers['overview']->problem);
		$this->assertSame(array_fill_keys(array_keys(AnalyticsPage::SECTIONS), 'timeout'), array_map(static fn ($answer): string => $answer->problem, $answers));
	}

	/**
	 * @depends testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers
	 */
	public function testThePageStopsAskingWhenItsTimeIsUp(): void {
		// The clock reads 0 when the page starts (deadline 50) and when the overview is asked, then 100.
		$readings = [0.0, 0.0];
		$clock = static function () use (&$readings): float {
			return array_shift($readings) ?? 100.0;
		};

		$answers = (new AnalyticsPage(self::api(), self::filters(), 50.0, $clock))->fetchAll();

		$problems = array_values(array_map(static fn ($answer): string => $answer->problem, $answers));
		$this->assertSame(array_merge([''], array_fill(0, count(AnalyticsPage::SECTIONS) - 1, 'skipped')), $problems);
	}

	/**
	 * @depends testTheFirstVisitIsToldToWaitAndRefreshBuildsTheNumbers
	 */
	public function testTheSectionsAfterTheOverviewAreAskedAtOnceWithinWhatIsLeft(): void {
		// Each reading of the clock moves it a second on: 0 at the start (deadline 30), 1 for the overview,
		// 2 for all the other sections together: one reading for them, not one each.
		$now = 0.0;
		$clock = static function () use (&$now): float {
			return $now++;
		};

		$answers = (new AnalyticsPage(self::api(), self::filters(), 30.0, $clock))->fetchAll();

		$this->assertSame([], array_filter(array_map(static fn ($answer): string => $answer->problem, $answers)));
		$this->assertSame(3.0, $now, 'three readings: start, overview, everything else');
	}
}
