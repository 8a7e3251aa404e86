<?php
use Opencart\System\Engine\Registry;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/opencart_stand_ins.php';
require_once dirname(__DIR__) . '/admin/controller/sale/returns.php';

/**
 * The Sales menu entry, as OpenCart 4.1 calls the view event admin/view/common/column_left/before with the
 * menu's data by reference, on stand-ins for the few services it uses.
 */
final class ReturnsMenuTest extends TestCase {
	/**
	 * @param list<string> $access routes the user may open
	 */
	private static function controller(array $access, ?\Closure $language = null): \Opencart\Admin\Controller\Extension\Rebound\Sale\Returns {
		$registry = new Registry();
		$registry->set('session', (object)['data' => ['user_token' => 'tok123']]);
		$registry->set('user', new MenuTestUser($access));
		$registry->set('language', $strings = new MenuTestLanguage());
		$registry->set('load', new MenuTestLoader($strings, $language));
		$registry->set('url', new MenuTestUrl());
		$registry->set('log', new StandInLog());

		return new \Opencart\Admin\Controller\Extension\Rebound\Sale\Returns($registry);
	}

	/**
	 * @return array<string, mixed> the view data column_left renders, as far as the menu goes
	 */
	private static function menus(): array {
		return ['menus' => [
			['id' => 'menu-dashboard', 'icon' => 'fas fa-home', 'name' => 'Dashboard', 'href' => 'x', 'children' => []],
			['id' => 'menu-sale', 'icon' => 'fas fa-shopping-cart', 'name' => 'Sales', 'href' => '', 'children' => [['name' => 'Orders', 'href' => 'o', 'children' => []], ['name' => 'Returns', 'href' => 'r', 'children' => []]]]
		]];
	}

	public function testTheEntryGoesUnderSalesAfterOpenCartsOwn(): void {
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';

		self::controller(['extension/rebound/sale/returns'])->menu($route, $data, $code, $output);

		$sales = $data['menus'][1]['children'];
		$this->assertCount(3, $sales);
		$this->assertSame(['Orders', 'Returns', 'Returns (Rebound)'], array_column($sales, 'name'));
		$this->assertSame('index.php?route=extension/rebound/sale/returns&amp;user_token=tok123', $sales[2]['href']);
		$this->assertSame(self::menus()['menus'][0], $data['menus'][0]);
		$this->assertSame('', $output);
	}

	public function testNoEntryWithoutAccess(): void {
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';

		self::controller(['sale/order'])->menu($route, $data, $code, $output);

		$this->assertSame(self::menus(), $data);
	}

	public function testAUserWithoutOtherSalesPagesGetsAMenuOfItsOwn(): void {
		$route = 'common/column_left';
		$data = ['menus' => [self::menus()['menus'][0]]];
		$code = '';
		$output = '';

		self::controller(['extension/rebound/sale/returns'])->menu($route, $data, $code, $output);

		$this->assertCount(2, $data['menus']);
		$this->assertSame('menu-rebound', $data['menus'][1]['id']);
		$this->assertSame('Returns (Rebound)', $data['menus'][1]['name']);
	}

	public function testAFailureIsLoggedAndTheMenuLeftAlone(): void {
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';
		$controller = self::controller(['extension/rebound/sale/returns'], static function (): void {
			throw new \RuntimeException('language file unreadable');
		});

		$controller->menu($route, $data, $code, $output);

		$this->assertSame(self::menus(), $data);
	}
}

final class MenuTestUser {
	/** @param list<string> $access */
	public function __construct(private array $access) {
	}

	public function hasPermission(string $type, string $route): bool {
		return $type === 'access' && in_array($route, $this->access, true);
	}
}

final class MenuTestLanguage {
	/** @var array<string, string> */
	public array $data = [];

	public function get(string $key): string {
		return $this->data[$key] ?? $key;
	}
}

/**
 * load->language(): reads the extension's real language file, keys prefixed as OpenCart 4.1 does.
 */
final class MenuTestLoader {
	public function __construct(private MenuTestLanguage $language, private ?\Closure $fail) {
	}

	/**
	 * @return array<string, string>
	 */
	public function language(string $route, string $prefix = ''): array {
		if ($this->fail) {
			($this->fail)();
		}

		$_ = [];
		require dirname(__DIR__) . '/admin/language/en-gb/' . substr($route, strlen('extension/rebound/')) . '.php';

		foreach ($_ as $key => $value) {
			$this->language->data[$prefix !== '' ? $prefix . '_' . $key : $key] = $value;
		}

		return $this->language->data;
	}
}

final class MenuTestUrl {
	public function link(string $route, string $args = '', bool $js = false): string {
		$url = 'index.php?route=' . $route . ($args !== '' ? '&' . $args : '');

		return $js ? $url : str_replace('&', '&amp;', $url);
	}
}
