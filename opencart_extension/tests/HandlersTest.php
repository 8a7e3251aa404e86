<?php
use Opencart\System\Library\Extension\Rebound\ReviewSource;
use PHPUnit\Framework\TestCase;

if (!defined('DB_PREFIX')) {
	define('DB_PREFIX', 'oc_');
}

require_once __DIR__ . '/support/opencart_stand_ins.php';
require_once dirname(__DIR__) . '/catalog/controller/module/rebound.php';
require_once dirname(__DIR__) . '/admin/controller/event/handlers.php';

/**
 * The event handlers as OpenCart 4.1 calls them (by-reference route, args, output), on stand-ins for its
 * engine and the real MariaDB: the data each one records, that it checks the sidecar's own schema, and
 * that nothing ever escapes into OpenCart.
 */
final class HandlersTest extends TestCase {
	private const SETTINGS = [
		'module_rebound_status'      => '1',
		'module_rebound_sidecar_url' => 'http://127.0.0.1:9',
		'module_rebound_secret'      => '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7',
		'config_store_id'            => 0
	];

	use LiveSidecar;
	/** @var list<string> every envelope recorded, for the check against the sidecar's schemas */
	private static array $envelopes = [];

	private StandInDb $db;

	public static function setUpBeforeClass(): void {
		self::openStore();
	}

	protected function setUp(): void {
		$this->db = new StandInDb(self::$database->connection);
		self::$database->connection->query("DELETE FROM `oc_rebound_event`");
	}

	/**
	 * @param array<string, mixed> $settings
	 */
	private function catalog(array $settings = [], int $customerId = 0): \Opencart\Catalog\Controller\Extension\Rebound\Module\Rebound {
		return new \Opencart\Catalog\Controller\Extension\Rebound\Module\Rebound(stand_in_registry('catalog', $this->db, $settings + self::SETTINGS, $customerId));
	}

	/**
	 * @param array<string, mixed> $settings
	 */
	private function admin(array $settings = []): \Opencart\Admin\Controller\Extension\Rebound\Event\Handlers {
		return new \Opencart\Admin\Controller\Extension\Rebound\Event\Handlers(stand_in_registry('admin', $this->db, $settings + self::SETTINGS));
	}

	/**
	 * The envelopes recorded since setUp(), oldest first.
	 *
	 * @return list<array<string, mixed>>
	 */
	private static function recorded(): array {
		$envelopes = [];

		foreach (self::$database->connection->query("SELECT `type`, `store_id`, `payload` FROM `oc_rebound_event` ORDER BY `rebound_event_id`") as $row) {
			$envelope = json_decode($row['payload'], true, 512, JSON_THROW_ON_ERROR);
			self::assertSame($row['type'], $envelope['type']);
			self::assertSame((int)$row['store_id'], $envelope['store_id']);
			self::$envelopes[] = $row['payload'];
			$envelopes[] = $envelope;
		}

		return $envelopes;
	}

	private static function order(int $status, int $storeId = 0): int {
		self::$database->connection->query("INSERT INTO `oc_order` SET `store_id` = '" . $storeId . "', `customer_id` = '3', `order_status_id` = '" . $status . "', `total` = '10', `date_added` = NOW(), `date_modified` = NOW()");

		return (int)self::$database->connection->mysqli->insert_id;
	}

	/**
	 * What addHistory() does between its before and after events, reduced to the rows.
	 */
	private static function addHistory(int $orderId, int $status): int {
		self::$database->connection->query("UPDATE `oc_order` SET `order_status_id` = '" . $status . "' WHERE `order_id` = '" . $orderId . "'");
		self::$database->connection->query("INSERT INTO `oc_order_history` SET `order_id` = '" . $orderId . "', `order_status_id` = '" . $status . "', `notify` = '1', `comment` = '', `date_added` = NOW()");

		return (int)self::$database->connection->mysqli->insert_id;
	}

	public function testOrderStatusChangeRecordsThePreviousAndTheStoredStatus(): void {
		$orderId = self::order(1, 2);
		$controller = $this->catalog();

		$route = 'checkout/order/addHistory';
		$args = [$orderId, 5, 'Shipped &amp; on its way', true];
		$output = null;
		$controller->orderStatusBefore($route, $args);

		$output = self::addHistory($orderId, 5);
		$controller->orderStatusChanged($route, $args, $output);

		$recorded = self::recorded();
		$this->assertCount(1, $recorded);
		$this->assertSame('order.status_changed', $recorded[0]['type']);
		$this->assertSame(2, $recorded[0]['store_id'], "the order's store");
		$this->assertSame([
			'order_id'           => $orderId,
			'order_status_id'    => 5,
			'previous_status_id' => 1,
			'order_history_id'   => $output,
			'notify'             => true,
			'comment'            => 'Shipped &amp; on its way'
		], $recorded[0]['data']);
	}

	public function testTheStatusAFraudCheckSubstitutedIsTheOneRecorded(): void {
		$orderId = self::order(0);
		$controller = $this->catalog();

		$route = 'checkout/order/addHistory';
		$args = [$orderId, 2];
		$controller->orderStatusBefore($route, $args);
		$output = self::addHistory($orderId, 8);
		$controller->orderStatusChanged($route, $args, $output);

		$data = self::recorded()[0]['data'];
		$this->assertSame(8, $data['order_status_id']);
		$this->assertSame(0, $data['previous_status_id']);
		$this->assertFalse($data['notify']);
		$this->assertSame('', $data['comment']);
	}

	public function testAnAddHistoryThatFoundNoOrderRecordsNothing(): void {
		$controller = $this->catalog();
		$route = 'checkout/order/addHistory';
		$args = [999999, 5];
		$output = 0;

		$controller->orderStatusBefore($route, $args);
		$controller->orderStatusChanged($route, $args, $output);

		$this->assertSame([], self::recorded());
	}

	public function testReturnRequestedByAShopper(): void {
		$controller = $this->catalog(['config_store_id' => 1], 42);
		$route = 'account/returns/addReturn';
		$args = [['order_id' => '17', 'product_id' => '40', 'quantity' => '2', 'firstname' => 'Ann', 'comment' => 'Too small']];
		$output = 9;

		$controller->returnRequested($route, $args, $output);

		$recorded = self::recorded();
		$this->assertSame('return.requested', $recorded[0]['type']);
		$this->assertSame(1, $recorded[0]['store_id']);
		$this->assertSame(['return_id' => 9, 'order_id' => 17, 'customer_id' => 42, 'product_id' => 40, 'quantity' => 2], $recorded[0]['data']);
	}

	public function testReviewSubmittedByAGuest(): void {
		$controller = $this->catalog();
		$route = 'catalog/review/addReview';
		$args = ['40', ['author' => 'Ann', 'text' => 'Lovely', 'rating' => '4']];
		$output = 31;

		$controller->reviewSubmitted($route, $args, $output);

		$this->assertSame(['review_id' => 31, 'product_id' => 40, 'customer_id' => 0, 'rating' => 4], self::recorded()[0]['data']);
	}

	public function testAReviewWrittenFromAReviewRequestsLinkSaysWhichRequest(): void {
		$registry = stand_in_registry('catalog', $this->db, self::SETTINGS, 0);
		$registry->get('session')->data[ReviewSource::SESSION_KEY] = [40 => 21, 41 => 22];
		$controller = new \Opencart\Catalog\Controller\Extension\Rebound\Module\Rebound($registry);
		$route = 'catalog/review/addReview';
		$args = ['40', ['author' => 'Dana', 'text' => 'Lovely', 'rating' => '5']];
		$output = 32;

		$controller->reviewSubmitted($route, $args, $output);

		$this->assertSame(['review_id' => 32, 'product_id' => 40, 'customer_id' => 0, 'rating' => 5, 'from_email_id' => 21], self::recorded()[0]['data']);
	}

	public function testReturnStatusChangedInTheAdminTakesTheStoreOfTheReturnsOrder(): void {
		$orderId = self::order(5, 3);
		self::$database->connection->query("INSERT INTO `oc_return` SET `order_id` = '" . $orderId . "', `product_id` = '40', `quantity` = '1', `return_status_id` = '1', `date_added` = NOW(), `date_modified` = NOW()");
		$returnId = (int)self::$database->connection->mysqli->insert_id;

		$route = 'sale/returns/addHistory';
		$args = [$returnId, 3, '<b>Refunded</b> in full', true];
		$output = null;
		$this->admin()->returnStatusChanged($route, $args, $output);

		$recorded = self::recorded();
		$this->assertSame('return.status_changed', $recorded[0]['type']);
		$this->assertSame(3, $recorded[0]['store_id']);
		$this->assertSame(['return_id' => $returnId, 'return_status_id' => 3, 'notify' => true, 'comment' => 'Refunded in full'], $recorded[0]['data']);
	}

	public function testReviewModeratedInTheAdmin(): void {
		$route = 'catalog/review/editReview';
		$output = null;

		$args = [12, ['status' => '1', 'author' => 'Ann', 'product_id' => '40']];
		$this->admin()->reviewModerated($route, $args, $output);
		$args = [12, ['author' => 'Ann', 'product_id' => '40']];
		$this->admin()->reviewModerated($route, $args, $output);

		$this->assertSame([['review_id' => 12, 'status' => 1], ['review_id' => 12, 'status' => 0]], array_column(self::recorded(), 'data'));
	}

	/**
	 * OpenCart's editReview saves every field: only a save that changes the status is a moderation decision.
	 */
	public function testReviewModeratedOnlyWhenTheStatusChanges(): void {
		$connection = self::$database->connection;
		$connection->query("INSERT INTO `oc_review` SET `product_id` = '40', `customer_id` = '0', `author` = 'Ann', `text` = 'Great phone, works as promised for weeks.', `rating` = '5', `status` = '1', `date_added` = NOW(), `date_modified` = NOW()");
		$review_id = (int)$connection->mysqli->insert_id;
		$route = 'catalog/review/editReview';
		$output = null;

		$save = function (array $data) use ($review_id, $route, $output): void {
			$args = [$review_id, $data + ['author' => 'Ann', 'product_id' => '40', 'rating' => '5']];
			$this->admin()->reviewModeratedBefore($route, $args, $output);
			// What OpenCart's editReview does between the two events.
			self::$database->connection->query("UPDATE `oc_review` SET `status` = '" . (int)!empty($data['status']) . "', `text` = 'Edited: works as promised for weeks.' WHERE `review_id` = '" . $review_id . "'");
			$this->admin()->reviewModerated($route, $args, $output);
		};

		$save(['status' => '1']);  // the text fixed, still published
		$this->assertSame([], self::recorded());

		$save(['status' => '0']);  // withdrawn
		$save([]);                 // edited again, still withdrawn
		$save(['status' => '1']);  // published again

		$this->assertSame([['review_id' => $review_id, 'status' => 0], ['review_id' => $review_id, 'status' => 1]], array_column(self::recorded(), 'data'));
	}

	public function testReviewModeratedBeforeNeverThrows(): void {
		$route = 'catalog/review/editReview';
		$args = [5, ['status' => '1']];
		$output = null;

		$this->db->failOn('FROM `oc_review`');
		$this->admin()->reviewModeratedBefore($route, $args, $output);
		$this->db->failOn('');

		// Unknown before: the save is recorded, so no decision is ever missed.
		$this->admin()->reviewModerated($route, $args, $output);
		$this->assertSame([['review_id' => 5, 'status' => 1]], array_column(self::recorded(), 'data'));
	}

	public function testADeletedReviewLosesItsReplyAndTheSidecarIsTold(): void {
		$connection = self::$database->connection;
		$connection->query("INSERT INTO `oc_rebound_review_reply` (`review_id`, `text`, `author`, `created_at`, `updated_at`) VALUES (41, 'Thanks!', 'Shop', UTC_TIMESTAMP(), UTC_TIMESTAMP())");
		$route = 'catalog/review/deleteReview';
		$args = [41];
		$output = null;

		$this->admin(['module_rebound_status' => '0'])->reviewDeleted($route, $args, $output);
		$this->assertSame([], $connection->query("SELECT * FROM `oc_rebound_review_reply` WHERE `review_id` = 41"), 'cleaned up even while disabled');
		$this->assertSame([], self::recorded());

		$this->admin()->reviewDeleted($route, $args, $output);
		$this->assertSame([['review_id' => 41, 'status' => 0]], array_column(self::recorded(), 'data'));

		$this->db->failOn('rebound_review_reply');
		$this->admin()->reviewDeleted($route, $args, $output);  // never throws into OpenCart
		$this->db->failOn('');
	}

	public function testAProductDeletedWithItsReviewsLeavesNoReplyAndTheSidecarIsToldOfEach(): void {
		$connection = self::$database->connection;
		$ids = [];

		foreach ([77, 77, 78] as $productId) {
			$connection->query("INSERT INTO `oc_review` SET `product_id` = '" . $productId . "', `customer_id` = '0', `author` = 'Sam', `text` = 'Fine.', `rating` = '4', `status` = '1', `date_added` = NOW(), `date_modified` = NOW()");
			$ids[] = (int)$connection->mysqli->insert_id;
		}

		$connection->query("INSERT INTO `oc_rebound_review_reply` (`review_id`, `text`, `author`, `created_at`, `updated_at`) VALUES (" . $ids[1] . ", 'Thanks!', 'Shop', UTC_TIMESTAMP(), UTC_TIMESTAMP()), (" . $ids[2] . ", 'Thanks!', 'Shop', UTC_TIMESTAMP(), UTC_TIMESTAMP())");
		$route = 'catalog/review/deleteReviewsByProductId';
		$args = [77];
		$output = null;

		// What OpenCart's deleteProduct(77) does: its reviews go between the two events.
		$admin = $this->admin();
		$admin->productReviewsBefore($route, $args, $output);
		$connection->query("DELETE FROM `oc_review` WHERE `product_id` = '77'");
		$admin->productReviewsDeleted($route, $args, $output);

		$this->assertSame([['review_id' => $ids[0], 'status' => 0], ['review_id' => $ids[1], 'status' => 0]], array_column(self::recorded(), 'data'), 'each of the product\'s reviews, with a reply or not');
		$this->assertSame([(string)$ids[2]], array_column($connection->query("SELECT `review_id` FROM `oc_rebound_review_reply` WHERE `review_id` IN (" . implode(', ', $ids) . ")"), 'review_id'), 'another product\'s review keeps its reply');

		// Disabled: the clean-up still runs, nothing is recorded.
		$connection->query("DELETE FROM `oc_rebound_event`");
		$connection->query("DELETE FROM `oc_review` WHERE `product_id` = '78'");
		$args = [78];
		$disabled = $this->admin(['module_rebound_status' => '0']);
		$disabled->productReviewsBefore($route, $args, $output);
		$disabled->productReviewsDeleted($route, $args, $output);
		$this->assertSame([], $connection->query("SELECT `review_id` FROM `oc_rebound_review_reply` WHERE `review_id` = " . $ids[2]));
		$this->assertSame([], self::recorded());

		$this->db->failOn('oc_review');
		$admin->productReviewsBefore($route, $args, $output);  // never throws into OpenCart
		$admin->productReviewsDeleted($route, $args, $output);
		$this->db->failOn('');
	}

	public function testNothingIsRecordedWhileReboundIsDisabled(): void {
		$route = 'catalog/review/addReview';
		$args = ['40', ['rating' => '5']];
		$output = 5;

		$this->catalog(['module_rebound_status' => '0'])->reviewSubmitted($route, $args, $output);

		$this->assertSame([], self::recorded());
	}

	/**
	 * Every public method of the catalog controller can be requested by URL, with no arguments at all.
	 */
	public function testCalledByUrlAHandlerDoesNothing(): void {
		$controller = $this->catalog();
		$admin = $this->admin();

		$controller->orderStatusBefore();
		$controller->orderStatusChanged();
		$controller->returnRequested();
		$controller->reviewSubmitted();
		$admin->returnStatusChanged();
		$admin->reviewModerated();
		$admin->productReviewsBefore();
		$admin->productReviewsDeleted();

		$this->assertSame([], self::recorded());
	}

	public function testADatabaseFailureIsLoggedAndNeverReachesOpencart(): void {
		$registry = stand_in_registry('catalog', $this->db, self::SETTINGS, 0);
		$controller = new \Opencart\Catalog\Controller\Extension\Rebound\Module\Rebound($registry);
		$this->db->failOn('rebound_event');

		$route = 'catalog/review/addReview';
		$args = ['40', ['rating' => '5']];
		$output = 77;
		$controller->reviewSubmitted($route, $args, $output);

		$this->assertCount(1, $registry->get('log')->lines);
		$this->assertStringStartsWith('Rebound: could not record review.submitted: ', $registry->get('log')->lines[0]);

		$this->db->failOn('');
		$this->assertSame([], self::recorded());
	}

	/**
	 * @depends testOrderStatusChangeRecordsThePreviousAndTheStoredStatus
	 * @depends testReturnRequestedByAShopper
	 * @depends testReviewSubmittedByAGuest
	 * @depends testReturnStatusChangedInTheAdminTakesTheStoreOfTheReturnsOrder
	 * @depends testReviewModeratedInTheAdmin
	 * @depends testTheStatusAFraudCheckSubstitutedIsTheOneRecorded
	 */
	public function testEveryRecordedEnvelopePassesTheSidecarsValidation(): void {
		$this->assertGreaterThanOrEqual(6, count(self::$envelopes));

		$code = 'import json, sys; from sidecar.intake import parse; [parse(p) for p in json.load(sys.stdin)]; print("ok")';
		$process = proc_open([REBOUND_ROOT . '/.venv/bin/python', '-c', $code], [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, REBOUND_ROOT);
		fwrite($pipes[0], json_encode(self::$envelopes));
		fclose($pipes[0]);
		$output = stream_get_contents($pipes[1]) . stream_get_contents($pipes[2]);

		$this->assertSame(0, proc_close($process), $output);
		$this->assertSame("ok\n", $output);
	}
}
