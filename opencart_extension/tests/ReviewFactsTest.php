<?php
use Opencart\System\Library\Extension\Rebound\ReviewFacts;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/return_fixtures.php';

/**
 * ReviewFacts against the real MariaDB with OpenCart 4.1's tables: review rows with their ids in
 * OpenCart's order, verified buyers by order status, the owner's replies (also with no reply table), the
 * rating over published reviews.
 */
final class ReviewFactsTest extends TestCase {
	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore();
	}

	protected function setUp(): void {
		foreach (['review', 'order', 'order_product', 'order_history', 'rebound_review_reply', 'rebound_review_source'] as $table) {
			self::$database->connection->query("DELETE FROM `oc_" . $table . "`");
		}
	}

	private static function facts(): ReviewFacts {
		return new ReviewFacts(self::$database->connection, 'oc_');
	}

	private static function review(int $customerId, int $rating, int $status = 1, string $date = '2026-11-20 10:00:00', int $productId = 40): int {
		self::$database->connection->query("INSERT INTO `oc_review` SET `product_id` = '" . $productId . "', `customer_id` = '" . $customerId . "', `author` = 'R" . $customerId . "', `text` = 'Twenty-five characters or more here.', `rating` = '" . $rating . "', `status` = '" . $status . "', `date_added` = '" . $date . "', `date_modified` = '" . $date . "'");

		return (int)self::$database->connection->mysqli->insert_id;
	}

	public function testRowsArePublishedReviewsNewestFirstWithTheirIds(): void {
		ReturnFixtures::order(self::$database->connection, 1, 'a@example.com');
		self::$database->connection->query("UPDATE `oc_product` SET `date_available` = '2020-01-01' WHERE `product_id` = '40'");
		$first = self::review(1, 5, 1, '2026-11-20 10:00:00');
		$tieA = self::review(2, 4, 1, '2026-11-21 10:00:00');
		$tieB = self::review(3, 3, 1, '2026-11-21 10:00:00');
		self::review(4, 1, 0, '2026-11-22 10:00:00');

		$rows = self::facts()->rows(40, 1, 0, 5);

		$this->assertSame([(string)$tieB, (string)$tieA, (string)$first], array_column($rows, 'review_id'), 'pending left out; a tie in date by id');
		$this->assertSame(['review_id', 'customer_id', 'author', 'rating', 'text', 'date_added', 'rebound_date_added'], array_keys($rows[0]));
		$this->assertSame('2026-11-21 10:00:00', $rows[0]['rebound_date_added']);
		$this->assertSame([(string)$first], array_column(self::facts()->rows(40, 1, 2, 5), 'review_id'), 'the second page');
		$this->assertSame([], self::facts()->rows(40, 2, 0, 5), 'no description in that language: none, as OpenCart');
	}

	public function testVerifiedBuyersHaveTheProductInAProcessingOrCompleteOrder(): void {
		$db = self::$database->connection;
		ReturnFixtures::order($db, 1, 'complete@example.com', 5);
		ReturnFixtures::order($db, 2, 'pending@example.com', 1);
		ReturnFixtures::order($db, 3, 'other@example.com', 5, 1, 41);
		$variant = ReturnFixtures::order($db, 4, 'variant@example.com', 2, 1, 42);
		$db->query("UPDATE `oc_order_product` SET `master_id` = '40' WHERE `order_product_id` = '" . $variant['order_product_id'] . "'");

		$later = ReturnFixtures::order($db, 1, 'complete@example.com', 5);
		$db->query("UPDATE `oc_order` SET `date_added` = NOW() + INTERVAL 1 DAY WHERE `order_id` = '" . $later['order_id'] . "'");

		$verified = self::facts()->verifiedBuyers(40, [1, 2, 3, 4, 5, 0], ['2', '3', '5']);

		$this->assertEqualsCanonicalizing([1, 4], array_keys($verified), 'complete, and a variant in processing; not pending, not another product, not a guest');
		$first = $db->query("SELECT MIN(`date_added`) AS `d` FROM `oc_order` WHERE `customer_id` = '1'")[0]['d'];
		$this->assertSame($first, $verified[1], 'the earliest counting order: a review is a buyer\'s only if written after it');
		$this->assertSame([], self::facts()->verifiedBuyers(40, [1], []));
		$this->assertSame([], self::facts()->verifiedBuyers(40, [], ['5']));
	}

	public function testBoughtMeansPaidNotJustPlaced(): void {
		// OpenCart's defaults: processing Complete, Pending, Processing, Reversed, Shipped; complete Complete, Shipped; new orders Pending.
		$this->assertSame([5, 2, 3], ReviewFacts::boughtStatuses(['5', '1', '2', '12', '3'], ['5', '3'], 1));
		$this->assertSame([], ReviewFacts::boughtStatuses([], [], 1));
	}

	public function testReviewsFromAReviewRequestsLinkAreVerifiedWhileTheirOrderCounts(): void {
		$db = self::$database->connection;
		$complete = ReturnFixtures::order($db, 0, 'guest@example.com', 5);
		$pending = ReturnFixtures::order($db, 0, 'other@example.com', 1);
		$fromComplete = self::review(0, 5);
		$fromPending = self::review(0, 4);
		$plain = self::review(0, 3);

		foreach ([[$fromComplete, $complete['order_id']], [$fromPending, $pending['order_id']]] as [$reviewId, $orderId]) {
			$db->query("INSERT INTO `oc_rebound_review_source` SET `review_id` = '" . $reviewId . "', `email_id` = '7', `order_id` = '" . $orderId . "', `created_at` = NOW()");
		}

		$this->assertSame([$fromComplete], self::facts()->verifiedFromRequests([$fromComplete, $fromPending, $plain], ['2', '3', '5']));
		$this->assertSame([], self::facts()->verifiedFromRequests([$fromComplete], []));

		$db->query('RENAME TABLE `oc_rebound_review_source` TO `oc_rebound_review_source_away`');

		try {
			$this->assertSame([], self::facts()->verifiedFromRequests([$fromComplete], ['5']), 'no table yet: none');
		} finally {
			$db->query('RENAME TABLE `oc_rebound_review_source_away` TO `oc_rebound_review_source`');
		}
	}

	public function testRepliesAreReadAndAMissingTableMeansNone(): void {
		$review = self::review(1, 2);
		self::$database->connection->query("INSERT INTO `oc_rebound_review_reply` SET `review_id` = '" . $review . "', `text` = 'Sorry about the seam &amp; thanks.', `author` = 'Shop', `created_at` = UTC_TIMESTAMP(), `updated_at` = UTC_TIMESTAMP()");
		self::$database->connection->query("INSERT INTO `oc_rebound_review_reply` SET `review_id` = '999', `text` = '  ', `author` = 'Shop', `created_at` = UTC_TIMESTAMP(), `updated_at` = UTC_TIMESTAMP()");

		$replies = self::facts()->replies([$review, 999, 0]);

		$this->assertSame([$review], array_keys($replies), 'an empty reply is no reply');
		$this->assertSame(['Sorry about the seam &amp; thanks.', 'Shop'], [$replies[$review]['text'], $replies[$review]['author']]);

		$other = TestDatabase::create();

		try {
			$other->loadOpencartSchema();
			$this->assertSame([], (new ReviewFacts($other->connection, 'oc_'))->replies([1, 2]), 'before migration 0006');
		} finally {
			$other->drop();
		}
	}

	public function testTheRatingCountsPublishedReviewsOnly(): void {
		self::review(1, 5);
		self::review(2, 4);
		self::review(3, 4);
		self::review(4, 1, 0);
		self::review(5, 1, 1, '2026-11-20 10:00:00', 41);

		$this->assertSame(['count' => 3, 'average' => 4.33], self::facts()->rating(40));
		$this->assertSame(['count' => 0, 'average' => 0.0], self::facts()->rating(99));
	}
}
