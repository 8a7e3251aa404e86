<?php
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/admin_stand_ins.php';
require_once dirname(__DIR__) . '/admin/controller/marketing/emails.php';

/**
 * The Marketing menu entry for the email page, as OpenCart 4.1 calls admin/view/common/column_left/before.
 */
final class EmailsMenuTest extends TestCase {
	/**
	 * @param list<string> $access routes the user may open
	 */
	private static function controller(array $access): \Opencart\Admin\Controller\Extension\Rebound\Marketing\Emails {
		return new \Opencart\Admin\Controller\Extension\Rebound\Marketing\Emails(MenuStandIns::registry($access));
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function menus(): array {
		return ['menus' => [
			['id' => 'menu-dashboard', 'icon' => 'fas fa-home', 'name' => 'Dashboard', 'href' => 'x', 'children' => []],
			['id' => 'menu-marketing', 'icon' => 'fas fa-share-alt', 'name' => 'Marketing', 'href' => '', 'children' => [['name' => 'Coupons', 'href' => 'c', 'children' => []]]]
		]];
	}

	public function testTheEntryGoesUnderMarketing(): void {
		$data = MenuStandIns::run(self::controller(['extension/rebound/marketing/emails']), self::menus());

		$marketing = $data['menus'][1]['children'];
		$this->assertSame(['Coupons', 'Emails (Rebound)'], array_column($marketing, 'name'));
		$this->assertSame('index.php?route=extension/rebound/marketing/emails&amp;user_token=tok123', $marketing[1]['href']);
		$this->assertSame(self::menus()['menus'][0], $data['menus'][0]);
	}

	public function testNoEntryWithoutAccessAndAMenuOfItsOwnWithoutMarketing(): void {
		$data = MenuStandIns::run(self::controller(['marketing/coupon']), self::menus());
		$this->assertSame(self::menus(), $data);

		$data = MenuStandIns::run(self::controller(['extension/rebound/marketing/emails']), ['menus' => [self::menus()['menus'][0]]]);
		$this->assertSame(['menu-dashboard', 'menu-rebound-email'], array_column($data['menus'], 'id'));
	}
}
