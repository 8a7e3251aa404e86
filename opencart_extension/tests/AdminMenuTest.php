<?php
use Opencart\System\Library\Extension\Rebound\AdminMenu;
use PHPUnit\Framework\TestCase;

/**
 * AdminMenu: where a Rebound page's entry goes among OpenCart's admin menus. The pages' menu handlers are
 * tested as OpenCart calls them in ReturnsMenuTest, ReviewsMenuTest, EmailsMenuTest and AnalyticsMenuTest.
 */
final class AdminMenuTest extends TestCase {
	private const ENTRY = ['name' => 'Mine', 'href' => 'index.php?route=extension/rebound/x&amp;user_token=t'];

	/**
	 * @return array<mixed>
	 */
	private static function menus(): array {
		return [
			['id' => 'menu-dashboard', 'icon' => 'fas fa-home', 'name' => 'Dashboard', 'href' => 'x', 'children' => []],
			['id' => 'menu-catalog', 'icon' => 'fas fa-tag', 'name' => 'Catalog', 'href' => '', 'children' => [
				['name' => 'Reviews', 'href' => 'index.php?route=catalog/review&amp;user_token=t', 'children' => []],
				['name' => 'Review stats', 'href' => 'index.php?route=catalog/review_stats&amp;user_token=t', 'children' => []],
				['name' => 'Information', 'href' => 'index.php?route=catalog/information', 'children' => []]
			]]
		];
	}

	private static function names(array $menus, int $i): array {
		return array_column($menus[$i]['children'], 'name');
	}

	public function testTheEntryGoesLastUnderItsMenu(): void {
		$menus = AdminMenu::add(self::menus(), 'menu-catalog', self::ENTRY, 'menu-mine', 'fa-x');

		$this->assertSame(['Reviews', 'Review stats', 'Information', 'Mine'], self::names($menus, 1));
		$this->assertSame(['name' => 'Mine', 'href' => self::ENTRY['href'], 'children' => []], $menus[1]['children'][3]);
		$this->assertCount(2, $menus);
	}

	public function testTheEntryGoesRightAfterTheChildItFollows(): void {
		$after = static fn (array $child): bool => AdminMenu::linksTo($child, 'catalog/review');

		$this->assertSame(['Reviews', 'Mine', 'Review stats', 'Information'], self::names(AdminMenu::add(self::menus(), 'menu-catalog', self::ENTRY, 'menu-mine', 'fa-x', $after), 1));

		$information = static fn (array $child): bool => AdminMenu::linksTo($child, 'catalog/information');

		$this->assertSame(['Reviews', 'Review stats', 'Information', 'Mine'], self::names(AdminMenu::add(self::menus(), 'menu-catalog', self::ENTRY, 'menu-mine', 'fa-x', $information), 1), 'a link that ends with the route');

		$none = static fn (array $child): bool => AdminMenu::linksTo($child, 'catalog/product');

		$this->assertSame(['Reviews', 'Review stats', 'Information', 'Mine'], self::names(AdminMenu::add(self::menus(), 'menu-catalog', self::ENTRY, 'menu-mine', 'fa-x', $none), 1), 'last when nothing matches');
	}

	public function testACountBadgeStaysOnTheNamesLine(): void {
		$this->assertSame('Photos &amp; &lt;more&gt;', AdminMenu::nameWithCount('Photos & <more>', 0, 'x'), 'no badge when nothing waits; the name escaped');
		$this->assertSame(
			'<span class="text-nowrap">Photos &amp; &lt;more&gt;<span class="badge rounded-pill bg-warning text-dark ms-1 rebound-x" style="font-size: .65em;">12</span></span>',
			AdminMenu::nameWithCount('Photos & <more>', 12, 'rebound-x')
		);
	}

	public function testWithoutItsMenuTheEntryIsAMenuOfItsOwn(): void {
		$menus = AdminMenu::add(self::menus(), 'menu-marketing', self::ENTRY, 'menu-mine', 'fa-solid fa-envelope');

		$this->assertCount(3, $menus);
		$this->assertSame(['id' => 'menu-mine', 'icon' => 'fa-solid fa-envelope', 'name' => 'Mine', 'href' => self::ENTRY['href'], 'children' => []], $menus[2]);
		$this->assertSame(self::menus()[1], $menus[1], 'the other menus stay as they were');
	}
}
