<?php
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\Event;
use Opencart\System\Library\Extension\Rebound\ReviewModeration;
use Opencart\System\Library\Extension\Rebound\ReviewRows;
use PHPUnit\Framework\TestCase;

/**
 * The review moderation page's calls against a real `rebound serve` and MariaDB: the queue of reviews with
 * waiting photos, a decision per photo, publishing a review (OpenCart's review.status and product.rating),
 * the reply, and every refusal read into the problem the page shows; then the page's rows from the answer.
 */
final class ReviewModerationTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';

	use LiveSidecar;
	/** @var array<string, int> */
	private static array $reviews = [];
	/** @var list<string> Ann's photos */
	private static array $photos = [];

	public static function setUpBeforeClass(): void {
		self::openStore();

		$db = self::$database->connection;
		$db->query("INSERT INTO `oc_product` (`product_id`, `model`, `price`, `status`, `rating`) VALUES (40, 'TEE', 10, 1, 0)");
		$db->query("INSERT INTO `oc_product_description` (`product_id`, `language_id`, `name`) VALUES (40, 1, 'Tee & <Co>')");
		// Ann (customer 3) bought the tee; the order is complete.
		$db->query("INSERT INTO `oc_order` (`order_id`, `store_id`, `store_name`, `customer_id`, `customer_group_id`, `firstname`, `lastname`, `email`, `total`, `order_status_id`, `language_id`, `currency_code`, `currency_value`, `date_added`, `date_modified`) VALUES (7, 0, 'Shop', 3, 1, 'Ann', 'Lee', 'ann@example.com', 10, 5, 1, 'USD', 1, NOW() - INTERVAL 5 DAY, NOW())");
		$db->query("INSERT INTO `oc_order_product` (`order_id`, `product_id`, `name`, `model`, `quantity`, `price`, `total`, `tax`) VALUES (7, 40, 'Tee', 'TEE', 1, 10, 10, 0)");

		foreach (['ann' => [3, 'Ann', 5, 'Soft &amp; thick, true to size. Washed twice, no shrinking.'], 'guest' => [0, 'Sam', 1, 'Arrived torn at the seam &lt;b&gt;badly&lt;/b&gt;, very disappointed.']] as $key => [$customer, $author, $rating, $text]) {
			$db->query("INSERT INTO `oc_review` SET `product_id` = '40', `customer_id` = '" . $customer . "', `author` = '" . $author . "', `text` = '" . $db->escape($text) . "', `rating` = '" . $rating . "', `status` = '0', `date_added` = NOW(), `date_modified` = NOW()");
			self::$reviews[$key] = (int)$db->mysqli->insert_id;
		}

		foreach (['pending', 'pending', 'approved'] as $status) {
			$photo_id = bin2hex(random_bytes(16));
			$db->query("INSERT INTO `oc_rebound_photo` (`photo_id`, `kind`, `owner_id`, `store_id`, `customer_id`, `file`, `thumb`, `mime`, `width`, `height`, `bytes`, `status`, `created_at`) VALUES ('" . $photo_id . "', 'review', " . self::$reviews['ann'] . ", 0, 3, 'x/" . $photo_id . ".jpg', 'x/" . $photo_id . "_t.jpg', 'image/jpeg', 1200, 900, 80000, '" . $status . "', UTC_TIMESTAMP(6))");
			self::$photos[] = $photo_id;
		}

		self::startSidecar(self::SECRET);

		// The order reaches the sidecar as the store's event handler sends it, so its mirror knows the purchase.
		$sent = self::client()->request('POST', '/v1/events', Event::create('order.status_changed', ['order_id' => 7, 'order_status_id' => 5])->json(), 10.0);
		self::assertSame(200, $sent->status, $sent->body);
	}

	private static function api(): ReviewModeration {
		return new ReviewModeration(self::client());
	}

	private static function photoStatus(string $photoId): string {
		return (string)self::$database->connection->query("SELECT `status` FROM `oc_rebound_photo` WHERE `photo_id` = '" . $photoId . "'")[0]['status'];
	}

	public function testTheQueueShowsReviewsWithWaitingPhotos(): void {
		$answer = self::api()->reviews(['photos' => 'pending']);

		$this->assertTrue($answer->ok(), $answer->message . self::$sidecar->output());
		$this->assertSame(1, $answer->data['total']);
		$review = $answer->data['reviews'][0];
		$this->assertSame(self::$reviews['ann'], $review['review_id']);
		$this->assertSame('Soft & thick, true to size. Washed twice, no shrinking.', $review['text'], 'plain text: the page escapes it');
		$this->assertTrue($review['verified_buyer']);
		$this->assertEquals(['pending' => 2, 'approved' => 1, 'hidden' => 0], $review['photo_counts']);

		$all = self::api()->reviews([]);
		$this->assertSame(2, $all->data['total']);
		$guest = array_values(array_filter($all->data['reviews'], static fn (array $r): bool => $r['review_id'] === self::$reviews['guest']))[0];
		$this->assertFalse($guest['verified_buyer']);
		$this->assertTrue($guest['guest']);

		$this->assertSame(1, self::api()->reviews(['rating' => '1'])->data['total'], 'a rating finds reviews; it never hides any');
	}

	public function testEachPhotoIsDecidedOnceAndRepeatingChangesNothing(): void {
		$api = self::api();
		$ann = self::$reviews['ann'];

		$approved = $api->photo($ann, self::$photos[0], 'approved');
		$this->assertTrue($approved->ok(), $approved->message);
		$this->assertTrue($approved->data['changed']);
		$this->assertSame('approved', self::photoStatus(self::$photos[0]));

		$this->assertSame(0, $approved->data['review']['status']);
		$this->assertSame('done_photo_approved_unpublished', ReviewModeration::doneKey('photo_approved', $approved->data), 'approved, but not shown while its review is unpublished');

		$again = $api->photo($ann, self::$photos[0], 'approved');
		$this->assertTrue($again->ok());
		$this->assertFalse($again->data['changed']);
		$this->assertSame('text_unchanged', ReviewModeration::doneKey('photo_approved', $again->data));

		$hidden = $api->photo($ann, self::$photos[1], 'hidden');
		$this->assertTrue($hidden->data['changed']);
		$this->assertSame('done_photo_hidden', ReviewModeration::doneKey('photo_hidden', $hidden->data));
		$this->assertSame('hidden', self::photoStatus(self::$photos[1]));
		$this->assertEquals(['pending' => 0, 'approved' => 2, 'hidden' => 1], $hidden->data['review']['photo_counts']);

		// Another review's photo, an unknown one, a malformed id, a status that does not exist.
		$this->assertSame('not_found', $api->photo(self::$reviews['guest'], self::$photos[2], 'hidden')->problem);
		$this->assertSame('not_found', $api->photo($ann, str_repeat('0', 32), 'hidden')->problem);
		$this->assertSame('not_found', $api->photo($ann, '../etc/passwd', 'hidden')->problem);
		$bad = $api->photo($ann, self::$photos[2], 'deleted');
		$this->assertSame('bad_request', $bad->problem);
		$this->assertArrayHasKey('status', $bad->fields);
		$this->assertSame('approved', self::photoStatus(self::$photos[2]), 'nothing changed by a refusal');

		$api->photo($ann, self::$photos[1], 'pending');
		$all = $api->pendingPhotos($ann, 'approved');
		$this->assertTrue($all->ok(), $all->message);
		$this->assertSame('approved', self::photoStatus(self::$photos[1]));
		$this->assertSame('done_photos_approved_unpublished', ReviewModeration::doneKey('photos_approved', $all->data));
	}

	public function testPublishingAReviewSetsOpencartsStatusAndRating(): void {
		$api = self::api();
		$db = self::$database->connection;

		$published = $api->status(self::$reviews['ann'], 1);
		$this->assertTrue($published->ok(), $published->message);
		$this->assertTrue($published->data['changed']);
		$this->assertSame('1', (string)$db->query("SELECT `status` FROM `oc_review` WHERE `review_id` = " . self::$reviews['ann'])[0]['status']);
		$this->assertSame('5', (string)$db->query("SELECT `rating` FROM `oc_product` WHERE `product_id` = 40")[0]['rating']);

		$this->assertFalse($api->status(self::$reviews['ann'], 1)->data['changed']);

		// A photo approved on the published review is shown at once, and the page says so.
		$api->photo(self::$reviews['ann'], self::$photos[1], 'hidden');
		$this->assertSame('done_photo_approved', ReviewModeration::doneKey('photo_approved', $api->photo(self::$reviews['ann'], self::$photos[1], 'approved')->data));
		$this->assertSame('done_review_1', ReviewModeration::doneKey('review_1', $published->data));

		// The one-star review is published like any other: (5 + 1) / 2.
		$api->status(self::$reviews['guest'], 1);
		$this->assertSame('3', (string)$db->query("SELECT `rating` FROM `oc_product` WHERE `product_id` = 40")[0]['rating']);

		$this->assertSame('not_found', $api->status(999999, 1)->problem);
		$this->assertSame('bad_request', $api->status(self::$reviews['ann'], 2)->problem);
	}

	public function testTheReplyIsSavedEditedAndDeleted(): void {
		$api = self::api();
		$db = self::$database->connection;
		$guest = self::$reviews['guest'];

		$saved = $api->saveReply($guest, "We're sorry! A replacement is on its way <3", 'Tee & Co');
		$this->assertTrue($saved->ok(), $saved->message);
		$this->assertSame('created', $saved->data['outcome']);
		$this->assertSame("We're sorry! A replacement is on its way &lt;3", $db->query("SELECT `text` FROM `oc_rebound_review_reply` WHERE `review_id` = " . $guest)[0]['text'], 'stored as OpenCart stores form input');

		$this->assertSame('unchanged', $api->saveReply($guest, "We're sorry! A replacement is on its way <3", 'Tee & Co')->data['outcome']);
		$this->assertSame('updated', $api->saveReply($guest, 'Replaced, thank you for telling us.', 'Tee & Co')->data['outcome']);

		$this->assertTrue($api->deleteReply($guest)->data['changed']);
		$this->assertFalse($api->deleteReply($guest)->data['changed']);
		$this->assertSame([], $db->query("SELECT * FROM `oc_rebound_review_reply`"));
	}

	public function testBadRepliesAreRefusedBeforeAnyRequest(): void {
		// No client at all: what is refused here never needed the sidecar.
		$api = new ReviewModeration(null);

		$this->assertSame(['text'], array_keys($api->saveReply(1, "  \n ", 'Shop')->fields));
		$this->assertSame(['text'], array_keys($api->saveReply(1, str_repeat('é', 2001), 'Shop')->fields));
		$this->assertSame(['author'], array_keys($api->saveReply(1, 'Thanks!', '')->fields));
		$this->assertSame(['author'], array_keys($api->saveReply(1, 'Thanks!', str_repeat('x', 65))->fields));
		$this->assertSame('not_found', $api->saveReply(0, 'Thanks!', 'Shop')->problem);
		$this->assertSame('not_configured', $api->saveReply(1, str_repeat('é', 2000), 'Shop')->problem, 'the longest reply is allowed');
	}

	public function testASidecarThatIsDownIsReportedNotThrown(): void {
		$api = new ReviewModeration(new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET));

		$this->assertTrue($api->reviews([])->down());
		$this->assertTrue($api->photo(1, str_repeat('a', 32), 'approved')->down());
		$this->assertTrue($api->deleteReply(1)->down());
	}

	/**
	 * @return iterable<string, array{array<string, mixed>, string}>
	 */
	public static function listQueries(): iterable {
		yield 'defaults' => [[], 'page=1&per_page=25'];
		yield 'every filter' => [['photos' => 'pending', 'status' => '0', 'rating' => '2', 'product_id' => '40'], 'photos=pending&status=0&rating=2&product_id=40&page=1&per_page=25'];
		yield 'all reviews' => [['photos' => 'all'], 'page=1&per_page=25'];
		yield 'nonsense dropped' => [['photos' => 'later', 'status' => '2', 'rating' => '0', 'product_id' => '-4', 'hide_below' => '3'], 'page=1&per_page=25'];
	}

	/**
	 * @dataProvider listQueries
	 *
	 * @param array<string, mixed> $filters
	 */
	public function testListQuery(array $filters, string $query): void {
		$this->assertSame($query, ReviewModeration::listQuery($filters, 1, 25));
	}

	public function testThePageRowsEscapeEverything(): void {
		$answer = self::api()->reviews([]);
		$rows = (new ReviewRows(
			static fn (string $photoId, bool $thumb): string => 'index.php?route=x.image&photo_id=' . $photoId . ($thumb ? '&thumb=1' : ''),
			static fn (mixed $value): string => is_string($value) ? substr($value, 0, 10) : ''
		))->rows($answer->data['reviews']);

		$byId = array_column($rows, null, 'review_id');
		$ann = $byId[self::$reviews['ann']];
		$guest = $byId[self::$reviews['guest']];

		$this->assertSame('Tee &amp; &lt;Co&gt;', $ann['product_name']);
		$this->assertSame('Arrived torn at the seam &lt;b&gt;badly&lt;/b&gt;, very disappointed.', $guest['text']);
		$this->assertSame('★☆☆☆☆', $guest['stars']);
		$this->assertTrue($ann['verified']);
		$this->assertFalse($guest['verified']);
		$this->assertTrue($guest['guest']);
		$this->assertCount(3, $ann['photos']);
		$this->assertStringContainsString('&amp;thumb=1', $ann['photos'][0]['thumb']);
		// The review was written at the connection's NOW() (its session time zone is +05:30 on purpose), which the
		// store (config_timezone UTC) reads as its own time: the day is that NOW()'s, not PHP's today.
		$this->assertSame(self::$database->connection->query('SELECT DATE(NOW()) AS `day`')[0]['day'], $ann['date_added']);
	}

	public function testRowsSkipWhatIsNotAReview(): void {
		$rows = (new ReviewRows(static fn (): string => '', static fn (): string => ''))->rows([
			['review_id' => 0],
			'junk',
			['review_id' => 4, 'rating' => 9, 'photos' => [['photo_id' => '<script>', 'status' => 'approved'], ['photo_id' => str_repeat('b', 32), 'status' => 'weird']]]
		]);

		$this->assertCount(1, $rows);
		$this->assertSame('★★★★★', $rows[0]['stars']);
		$this->assertSame([str_repeat('b', 32)], array_column($rows[0]['photos'], 'photo_id'));
		$this->assertSame('pending', $rows[0]['photos'][0]['status']);
		$this->assertTrue($rows[0]['guest']);
	}
}
