<?php
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/admin_stand_ins.php';
require_once dirname(__DIR__) . '/admin/controller/insight/analytics.php';

/**
 * The Reports menu entry, as OpenCart 4.1 calls the view event admin/view/common/column_left/before with the
 * menu's data by reference, on stand-ins for the few services it uses.
 */
final class AnalyticsMenuTest extends TestCase {
	/**
	 * @param list<string> $access routes the user may open
	 */
	private static function controller(array $access, bool $fail = false): \Opencart\Admin\Controller\Extension\Rebound\Insight\Analytics {
		return new \Opencart\Admin\Controller\Extension\Rebound\Insight\Analytics(MenuStandIns::registry($access, $fail ? static function (): void {
			throw new \RuntimeException('language file unreadable');
		} : null));
	}

	/**
	 * @return array<string, mixed> the view data column_left renders, as far as the menu goes
	 */
	private static function menus(): array {
		return ['menus' => [
			['id' => 'menu-dashboard', 'icon' => 'fas fa-home', 'name' => 'Dashboard', 'href' => 'x', 'children' => []],
			['id' => 'menu-report', 'icon' => 'fa-solid fa-chart-bar', 'name' => 'Reports', 'href' => '', 'children' => [['name' => 'Reports', 'href' => 'r', 'children' => []], ['name' => 'Who\'s Online', 'href' => 'o', 'children' => []]]]
		]];
	}

	public function testTheEntryGoesUnderReportsAfterOpenCartsOwn(): void {
		$data = MenuStandIns::run(self::controller(['extension/rebound/insight/analytics']), self::menus());

		$reports = $data['menus'][1]['children'];
		$this->assertSame(['Reports', 'Who\'s Online', 'Returns analytics'], array_column($reports, 'name'));
		$this->assertSame('index.php?route=extension/rebound/insight/analytics&amp;user_token=tok123', $reports[2]['href']);
		$this->assertSame(self::menus()['menus'][0], $data['menus'][0]);
	}

	public function testNoEntryWithoutAccess(): void {
		$data = MenuStandIns::run(self::controller(['extension/rebound/sale/returns']), self::menus());

		$this->assertSame(self::menus(), $data);
	}

	public function testAUserWithoutOtherReportsGetsAMenuOfItsOwn(): void {
		$data = MenuStandIns::run(self::controller(['extension/rebound/insight/analytics']), ['menus' => [self::menus()['menus'][0]]]);

		$this->assertCount(2, $data['menus']);
		$this->assertSame('menu-rebound-analytics', $data['menus'][1]['id']);
		$this->assertSame('Returns analytics', $data['menus'][1]['name']);
	}

	public function testAFailureIsLoggedAndTheMenuLeftAlone(): void {
		$data = MenuStandIns::run(self::controller(['extension/rebound/insight/analytics'], true), self::menus());

		$this->assertSame(self::menus(), $data);
	}

	public function testEveryLanguageKeyThePageUsesExists(): void {
		$texts = admin_texts('insight/analytics');

		$used = [];

		foreach (glob(dirname(__DIR__) . '/admin/view/template/insight/analytics*.twig') as $file) {
			preg_match_all('/\{\{ ((?:text|column|entry|button|error)_[a-z_]+)/', (string)file_get_contents($file), $match);
			$used = array_merge($used, $match[1]);
		}

		$code = file_get_contents(dirname(__DIR__) . '/admin/controller/insight/analytics.php') . file_get_contents(dirname(__DIR__) . '/system/library/analytics_view.php');
		preg_match_all('/(?:language->get|->text)\(\'([a-z_]+)\'\)|\$t\(\'([a-z_]+)\'/', (string)$code, $match);
		// The menu reads its entry with the prefix it loaded the file under.
		$used = array_merge($used, array_map(static fn (string $key): string => preg_replace('/^rebound_analytics_/', '', $key), array_merge(array_filter($match[1]), array_filter($match[2]))));

		// Keys made from codes: every code the page can meet.
		foreach (['date', 'order', 'range', 'store', 'category', 'period', 'min_units', 'margin'] as $code) {
			$used[] = 'error_filter_' . $code;
		}

		foreach (\Opencart\System\Library\Extension\Rebound\AnalyticsFilters::PERIODS as $period) {
			$used[] = 'text_period_' . $period;
		}

		foreach (\Opencart\System\Library\Extension\Rebound\AdminAnswer::DOWN as $problem) {
			$used[] = \Opencart\System\Library\Extension\Rebound\AdminAnswer::SHARED . 'problem_' . $problem;
		}

		foreach (['bad_request', 'not_found'] as $problem) {
			$used[] = 'problem_' . $problem;
		}

		foreach (['refund', 'exchange', 'store_credit', 'rejected', 'open'] as $resolution) {
			$used[] = 'resolution_' . $resolution;
			$used[] = 'chart_resolution_' . $resolution;
		}

		foreach (['requested', 'approved', 'received'] as $stage) {
			$used[] = 'text_stage_' . $stage;
		}

		// OpenCart's own language file has these; column_left is the menu's HTML, not a text.
		$core = ['text_home', 'date_format_short', 'datetime_format', 'decimal_point', 'thousand_point', 'column_left'];

		$this->assertSame([], array_values(array_diff(array_unique($used), array_keys($texts), $core)));
	}
}
