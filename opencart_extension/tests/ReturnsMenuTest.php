<?php
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/admin_stand_ins.php';
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
		return new \Opencart\Admin\Controller\Extension\Rebound\Sale\Returns(MenuStandIns::registry($access, $language));
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
		$data = MenuStandIns::run(self::controller(['extension/rebound/sale/returns']), self::menus());

		$sales = $data['menus'][1]['children'];
		$this->assertCount(3, $sales);
		$this->assertSame(['Orders', 'Returns', 'Returns (Rebound)'], array_column($sales, 'name'));
		$this->assertSame('index.php?route=extension/rebound/sale/returns&amp;user_token=tok123', $sales[2]['href']);
		$this->assertSame(self::menus()['menus'][0], $data['menus'][0]);
	}

	public function testNoEntryWithoutAccess(): void {
		$data = MenuStandIns::run(self::controller(['sale/order']), self::menus());

		$this->assertSame(self::menus(), $data);
	}

	public function testAUserWithoutOtherSalesPagesGetsAMenuOfItsOwn(): void {
		$data = MenuStandIns::run(self::controller(['extension/rebound/sale/returns']), ['menus' => [self::menus()['menus'][0]]]);

		$this->assertCount(2, $data['menus']);
		$this->assertSame('menu-rebound', $data['menus'][1]['id']);
		$this->assertSame('Returns (Rebound)', $data['menus'][1]['name']);
	}

	public function testAFailureIsLoggedAndTheMenuLeftAlone(): void {
		$controller = self::controller(['extension/rebound/sale/returns'], static function (): void {
			throw new \RuntimeException('language file unreadable');
		});

		$data = MenuStandIns::run($controller, self::menus());

		$this->assertSame(self::menus(), $data);
	}
}
