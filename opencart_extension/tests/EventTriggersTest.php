<?php
use Opencart\System\Library\Extension\Rebound\EventTriggers;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/opencart_stand_ins.php';
require_once dirname(__DIR__) . '/admin/model/module/rebound.php';

/**
 * The triggers Rebound registers on each OpenCart it supports, pinned string by string against
 * ../shared/opencart-notes.md §3.2 (4.1.0.4: model methods after '.'; 4.0.2.3: after '/', as its
 * system/engine/loader.php names them; controllers and views alike in both).
 */
final class EventTriggersTest extends TestCase {
	/** Code => [4.1.0.4 trigger, 4.0.2.3 trigger]. */
	private const PINNED = [
		'rebound_order_status_before'     => ['catalog/model/checkout/order.addHistory/before', 'catalog/model/checkout/order/addHistory/before'],
		'rebound_order_status'            => ['catalog/model/checkout/order.addHistory/after', 'catalog/model/checkout/order/addHistory/after'],
		'rebound_return_requested'        => ['catalog/model/account/returns.addReturn/after', 'catalog/model/account/returns/addReturn/after'],
		'rebound_review_submitted'        => ['catalog/model/catalog/review.addReview/after', 'catalog/model/catalog/review/addReview/after'],
		'rebound_return_status'           => ['admin/model/sale/returns.addHistory/after', 'admin/model/sale/returns/addHistory/after'],
		'rebound_review_moderated'        => ['admin/model/catalog/review.editReview/after', 'admin/model/catalog/review/editReview/after'],
		'rebound_order_info'              => ['catalog/view/account/order_info/before', 'catalog/view/account/order_info/before'],
		'rebound_order_info_after'        => ['catalog/view/account/order_info/after', 'catalog/view/account/order_info/after'],
		'rebound_returns_add'             => ['catalog/controller/account/returns.add/before', 'catalog/controller/account/returns.add/before'],
		'rebound_order_list'              => ['catalog/view/account/order_list/after', 'catalog/view/account/order_list/after'],
		'rebound_review_photos'           => ['catalog/model/catalog/review.addReview/after', 'catalog/model/catalog/review/addReview/after'],
		'rebound_review_rows'             => ['catalog/model/catalog/review.getReviewsByProductId/after', 'catalog/model/catalog/review/getReviewsByProductId/after'],
		'rebound_review_list'             => ['catalog/view/product/review_list/after', 'catalog/view/product/review_list/after'],
		'rebound_review_form'             => ['catalog/view/product/review/after', 'catalog/view/product/review/after'],
		'rebound_admin_menu'              => ['admin/view/common/column_left/before', 'admin/view/common/column_left/before'],
		'rebound_reviews_menu'            => ['admin/view/common/column_left/before', 'admin/view/common/column_left/before'],
		'rebound_review_before'           => ['admin/model/catalog/review.editReview/before', 'admin/model/catalog/review/editReview/before'],
		'rebound_review_deleted'          => ['admin/model/catalog/review.deleteReview/after', 'admin/model/catalog/review/deleteReview/after'],
		// 4.0.2.3 deletes a product's reviews inside admin/model/catalog/product deleteProduct(product_id).
		'rebound_product_reviews_before'  => ['admin/model/catalog/review.deleteReviewsByProductId/before', 'admin/model/catalog/product/deleteProduct/before'],
		'rebound_product_reviews_deleted' => ['admin/model/catalog/review.deleteReviewsByProductId/after', 'admin/model/catalog/product/deleteProduct/after'],
		'rebound_analytics_menu'          => ['admin/view/common/column_left/before', 'admin/view/common/column_left/before'],
		'rebound_email_menu'              => ['admin/view/common/column_left/before', 'admin/view/common/column_left/before'],
		'rebound_upgrade'                 => ['admin/controller/common/column_left/before', 'admin/controller/common/column_left/before'],
		'rebound_keep_settings'           => ['admin/model/setting/extension.uninstall/before', 'admin/model/setting/extension/uninstall/before']
	];

	private static function triggers(?string $version): array {
		return array_map(static fn (array $row): string => $row['trigger'], \Opencart\Admin\Model\Extension\Rebound\Module\Rebound::eventRows($version));
	}

	public function testOpencart41KeepsTheListAsWritten(): void {
		$this->assertSame(array_map(static fn (array $pair): string => $pair[0], self::PINNED), self::triggers('4.1.0.4'));
		$this->assertSame(self::triggers('4.1.0.4'), self::triggers('4.1.0.0'));
		// Outside OpenCart (no VERSION), as in these tests: 4.1.
		$this->assertFalse(defined('VERSION'));
		$this->assertSame(self::triggers('4.1.0.4'), self::triggers(null));
	}

	public function testOpencart4023NamesModelMethodsAfterASlash(): void {
		// Plus the one event only 4.0.2.x gets: its review form loads a missing model (opencart/opencart#13603).
		$this->assertSame(array_map(static fn (array $pair): string => $pair[1], self::PINNED) + ['rebound_review_write_model' => 'catalog/controller/product/review.write/before'], self::triggers('4.0.2.3'));
		$this->assertSame(self::triggers('4.0.2.3'), self::triggers('4.0.2.0'));
	}

	public function testActionsAndDescriptionsAreTheSameOnBoth(): void {
		$strip = static fn (array $rows): array => array_map(static fn (array $row): array => [$row['action'], $row['description']], $rows);

		$this->assertSame($strip(\Opencart\Admin\Model\Extension\Rebound\Module\Rebound::eventRows('4.1.0.4')), array_diff_key($strip(\Opencart\Admin\Model\Extension\Rebound\Module\Rebound::eventRows('4.0.2.3')), ['rebound_review_write_model' => 0]));
	}

	public function testWhichOpencartIsBefore41(): void {
		$this->assertTrue(EventTriggers::before41('4.0.2.3'));
		$this->assertTrue(EventTriggers::before41('4.0.2.0'));
		$this->assertFalse(EventTriggers::before41('4.1.0.0'));
		$this->assertFalse(EventTriggers::before41('4.1.0.4'));
		$this->assertFalse(EventTriggers::before41('4.2.0.0'));
	}
}
