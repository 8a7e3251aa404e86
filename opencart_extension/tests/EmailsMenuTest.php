<?php
use Opencart\System\Engine\Registry;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/opencart_stand_ins.php';
// The menu stand-ins (user, language, loader, url) live beside the Returns menu's test.
require_once __DIR__ . '/ReturnsMenuTest.php';
require_once dirname(__DIR__) . '/admin/controller/marketing/emails.php';

/**
 * The Marketing menu entry for the email page, as OpenCart 4.1 calls admin/view/common/column_left/before.
 */
final class EmailsMenuTest extends TestCase {
	/**
	 * @param list<string> $access routes the user may open
	 */
	private static function controller(array $access): \Opencart\Admin\Controller\Extension\Rebound\Marketing\Emails {
		$registry = new Registry();
		$registry->set('session', (object)['data' => ['user_token' => 'tok123']]);
		$registry->set('user', new MenuTestUser($access));
		$registry->set('language', $strings = new MenuTestLanguage());
		$registry->set('load', new MenuTestLoader($strings, null));
		$registry->set('url', new MenuTestUrl());
		$registry->set('log', new StandInLog());

		return new \Opencart\Admin\Controller\Extension\Rebound\Marketing\Emails($registry);
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
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';

		self::controller(['extension/rebound/marketing/emails'])->menu($route, $data, $code, $output);

		$marketing = $data['menus'][1]['children'];
		$this->assertSame(['Coupons', 'Emails (Rebound)'], array_column($marketing, 'name'));
		$this->assertSame('index.php?route=extension/rebound/marketing/emails&amp;user_token=tok123', $marketing[1]['href']);
		$this->assertSame(self::menus()['menus'][0], $data['menus'][0]);
	}

	public function testNoEntryWithoutAccessAndAMenuOfItsOwnWithoutMarketing(): void {
		$route = 'common/column_left';
		$data = self::menus();
		$code = '';
		$output = '';

		self::controller(['marketing/coupon'])->menu($route, $data, $code, $output);
		$this->assertSame(self::menus(), $data);

		$data = ['menus' => [self::menus()['menus'][0]]];
		self::controller(['extension/rebound/marketing/emails'])->menu($route, $data, $code, $output);
		$this->assertSame(['menu-dashboard', 'menu-rebound-email'], array_column($data['menus'], 'id'));
	}
}
