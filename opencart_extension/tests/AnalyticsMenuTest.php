<?php
use Opencart\System\Engine\Registry;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/opencart_stand_ins.php';
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
		$registry = new Registry();
		$registry->set('session', (object)['data' => ['user_token' => 'tok123']]);
		$registry->set('user', new AnalyticsMenuUser($access));
		$registry->set('language', $strings = new AnalyticsMenuLanguage());
		$registry->set('load', new AnalyticsMenuLoader($strings, $fail));
		$registry->set('url', new AnalyticsMenuUrl());
		$registry->set('log', $log = new StandInLog());

		return new \Opencart\Admin\Controller\Extension\Rebound\Insight\Analytics($registry);
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
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';

		self::controller(['extension/rebound/insight/analytics'])->menu($route, $data, $code, $output);

		$reports = $data['menus'][1]['children'];
		$this->assertSame(['Reports', 'Who\'s Online', 'Returns analytics'], array_column($reports, 'name'));
		$this->assertSame('index.php?route=extension/rebound/insight/analytics&amp;user_token=tok123', $reports[2]['href']);
		$this->assertSame(self::menus()['menus'][0], $data['menus'][0]);
		$this->assertSame('', $output);
	}

	public function testNoEntryWithoutAccess(): void {
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';

		self::controller(['extension/rebound/sale/returns'])->menu($route, $data, $code, $output);

		$this->assertSame(self::menus(), $data);
	}

	public function testAUserWithoutOtherReportsGetsAMenuOfItsOwn(): void {
		$route = 'common/column_left';
		$data = ['menus' => [self::menus()['menus'][0]]];
		$code = '';
		$output = '';

		self::controller(['extension/rebound/insight/analytics'])->menu($route, $data, $code, $output);

		$this->assertCount(2, $data['menus']);
		$this->assertSame('menu-rebound-analytics', $data['menus'][1]['id']);
		$this->assertSame('Returns analytics', $data['menus'][1]['name']);
	}

	public function testAFailureIsLoggedAndTheMenuLeftAlone(): void {
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';

		self::controller(['extension/rebound/insight/analytics'], true)->menu($route, $data, $code, $output);

		$this->assertSame(self::menus(), $data);
	}

	public function testEveryLanguageKeyThePageUsesExists(): void {
		$_ = [];
		require dirname(__DIR__) . '/admin/language/en-gb/insight/analytics.php';

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

		foreach (array_merge(\Opencart\System\Library\Extension\Rebound\AdminAnswer::DOWN, ['bad_request', 'not_found']) as $problem) {
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

		$this->assertSame([], array_values(array_diff(array_unique($used), array_keys($_), $core)));
	}
}

final class AnalyticsMenuUser {
	/** @param list<string> $access */
	public function __construct(private array $access) {
	}

	public function hasPermission(string $type, string $route): bool {
		return $type === 'access' && in_array($route, $this->access, true);
	}
}

final class AnalyticsMenuLanguage {
	/** @var array<string, string> */
	public array $data = [];

	public function get(string $key): string {
		return $this->data[$key] ?? $key;
	}
}

/**
 * load->language(): reads the extension's real language file, keys prefixed as OpenCart 4.1 does.
 */
final class AnalyticsMenuLoader {
	public function __construct(private AnalyticsMenuLanguage $language, private bool $fail) {
	}

	/**
	 * @return array<string, string>
	 */
	public function language(string $route, string $prefix = ''): array {
		if ($this->fail) {
			throw new \RuntimeException('language file unreadable');
		}

		$_ = [];
		require dirname(__DIR__) . '/admin/language/en-gb/' . substr($route, strlen('extension/rebound/')) . '.php';

		foreach ($_ as $key => $value) {
			$this->language->data[$prefix !== '' ? $prefix . '_' . $key : $key] = $value;
		}

		return $this->language->data;
	}
}

final class AnalyticsMenuUrl {
	public function link(string $route, string $args = '', bool $js = false): string {
		$url = 'index.php?route=' . $route . ($args !== '' ? '&' . $args : '');

		return $js ? $url : str_replace('&', '&amp;', $url);
	}
}
