<?php
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/admin_stand_ins.php';
require_once dirname(__DIR__) . '/admin/controller/catalog/reviews.php';

/**
 * The Catalog menu entry "Review photos (Rebound)", as OpenCart 4.1 calls the view event
 * admin/view/common/column_left/before, with the count of photos waiting read from the real database.
 */
final class ReviewsMenuTest extends TestCase {
	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore(opencart: false);
	}

	protected function setUp(): void {
		self::$database->connection->query("DELETE FROM `oc_rebound_photo`");
	}

	/**
	 * @param list<string> $access
	 */
	private static function controller(array $access): \Opencart\Admin\Controller\Extension\Rebound\Catalog\Reviews {
		$registry = MenuStandIns::registry($access);
		$registry->set('db', new StandInDb(self::$database->connection));

		return new \Opencart\Admin\Controller\Extension\Rebound\Catalog\Reviews($registry);
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function menus(): array {
		return ['menus' => [
			['id' => 'menu-dashboard', 'icon' => 'fas fa-home', 'name' => 'Dashboard', 'href' => 'x', 'children' => []],
			['id' => 'menu-catalog', 'icon' => 'fas fa-tag', 'name' => 'Catalog', 'href' => '', 'children' => [
				['name' => 'Products', 'href' => 'index.php?route=catalog/product&amp;user_token=tok123', 'children' => []],
				['name' => 'Reviews', 'href' => 'index.php?route=catalog/review&amp;user_token=tok123', 'children' => []],
				['name' => 'Information', 'href' => 'index.php?route=catalog/information&amp;user_token=tok123', 'children' => []]
			]]
		]];
	}

	private static function pendingPhoto(int $reviewId, string $status = 'pending'): void {
		self::$database->connection->query("INSERT INTO `oc_rebound_photo` (`photo_id`, `kind`, `owner_id`, `file`, `thumb`, `mime`, `width`, `height`, `bytes`, `status`, `created_at`) VALUES ('" . bin2hex(random_bytes(16)) . "', 'review', " . $reviewId . ", 'a.jpg', 'a_t.jpg', 'image/jpeg', 1, 1, 1, '" . $status . "', UTC_TIMESTAMP(6))");
	}

	public function testTheEntryFollowsOpenCartsReviewsWithTheCountWaiting(): void {
		self::pendingPhoto(3);
		self::pendingPhoto(4);
		self::pendingPhoto(4, 'approved');
		$data = MenuStandIns::run(self::controller(['extension/rebound/catalog/reviews']), self::menus());

		$catalog = $data['menus'][1]['children'];
		$this->assertSame(['Products', 'Reviews', '<span class="text-nowrap">Review photos (Rebound)<span class="badge rounded-pill bg-warning text-dark ms-1 rebound-reviews-pending" style="font-size: .65em;">2</span></span>', 'Information'], array_column($catalog, 'name'));
		$this->assertSame('index.php?route=extension/rebound/catalog/reviews&amp;user_token=tok123', $catalog[2]['href']);
	}

	public function testNoBadgeWhenNothingWaits(): void {
		$data = MenuStandIns::run(self::controller(['extension/rebound/catalog/reviews']), self::menus());

		$this->assertSame('Review photos (Rebound)', $data['menus'][1]['children'][2]['name']);
	}

	public function testNoEntryWithoutAccess(): void {
		$data = MenuStandIns::run(self::controller(['catalog/review']), self::menus());

		$this->assertSame(self::menus(), $data);
	}
}
