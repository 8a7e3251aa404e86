<?php
use Opencart\System\Library\Extension\Rebound\PhotoFiles;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\ReviewCleanup;
use Opencart\System\Library\Extension\Rebound\ReviewQueue;

require_once __DIR__ . '/support/photo_corpus.php';
require_once __DIR__ . '/support/photo_test_case.php';

/**
 * A review deleted in OpenCart takes its photos (rows and files) and the owner's reply with it, and
 * nothing of any other review; and the admin menu's count of photos waiting. Real files, real MariaDB.
 */
final class ReviewCleanupTest extends PhotoTestCase {
	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore(opencart: false);
	}

	private function store(): PhotoStore {
		return new PhotoStore(self::$database->connection, 'oc_', new PhotoFiles($this->directory));
	}

	private function photo(string $kind, int $owner): string {
		return $this->store()->add($this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::image(320, 240))), $kind, $owner);
	}

	private static function reply(int $reviewId): void {
		self::$database->connection->query("INSERT INTO `oc_rebound_review_reply` (`review_id`, `text`, `author`, `created_at`, `updated_at`) VALUES (" . $reviewId . ", 'Thanks!', 'Shop', UTC_TIMESTAMP(), UTC_TIMESTAMP())");
	}

	/**
	 * The review was written from a review request's link (rebound_review_source).
	 */
	private static function fromRequest(int $reviewId): void {
		self::$database->connection->query("INSERT INTO `oc_rebound_review_source` (`review_id`, `email_id`, `order_id`, `created_at`) VALUES (" . $reviewId . ", 7, 70, UTC_TIMESTAMP())");
	}

	/**
	 * @return list<string>
	 */
	private static function sources(): array {
		return array_column(self::$database->connection->query("SELECT `review_id` FROM `oc_rebound_review_source` ORDER BY `review_id`"), 'review_id');
	}

	public function testTheReviewsPhotosAndReplyGoAndNothingElse(): void {
		$gone = [$this->photo('review', 5), $this->photo('review', 5)];
		$kept = [$this->photo('review', 6), $this->photo('return', 5)];
		self::reply(5);
		self::reply(6);
		self::fromRequest(5);
		self::fromRequest(6);
		$files = array_map(fn (string $id): string => $this->directory . $this->store()->find($id)['file'], $gone);

		$deleted = (new ReviewCleanup(self::$database->connection, 'oc_', $this->store()))->forReview(5);

		$this->assertSame(2, $deleted);
		foreach ($gone as $i => $photoId) {
			$this->assertNull($this->store()->find($photoId));
			$this->assertFileDoesNotExist($files[$i]);
		}
		foreach ($kept as $photoId) {
			$this->assertNotNull($this->store()->open($photoId), 'another review\'s photo, and a return photo with the same owner id, stay');
		}
		$this->assertSame(['6'], array_column(self::$database->connection->query("SELECT `review_id` FROM `oc_rebound_review_reply`"), 'review_id'));
		$this->assertSame(['6'], self::sources(), 'its link to a review request goes too');

		$this->assertSame(0, (new ReviewCleanup(self::$database->connection, 'oc_', $this->store()))->forReview(5), 'again: nothing left to do');
	}

	public function testAProductsReviewsDeletedTogetherLeaveNoPhotoNorReply(): void {
		$db = self::$database->connection;
		$db->query("CREATE TABLE IF NOT EXISTS `oc_review` (`review_id` INT NOT NULL AUTO_INCREMENT, `product_id` INT NOT NULL, PRIMARY KEY (`review_id`))");
		$db->query("INSERT INTO `oc_review` (`review_id`, `product_id`) VALUES (31, 40), (32, 40), (33, 41)");
		$cleanup = new ReviewCleanup($db, 'oc_', $this->store());
		$cleanup->orphans();  // the other tests' photos and replies have no review rows

		$this->assertSame([31, 32], $cleanup->reviewsOf(40));
		$this->assertSame([], $cleanup->reviewsOf(0));

		$gone = [$this->photo('review', 31), $this->photo('review', 32)];
		$kept = [$this->photo('review', 33), $this->photo('review', 0), $this->photo('return', 31)];
		self::reply(32);
		self::reply(33);
		self::fromRequest(31);
		$files = array_map(fn (string $id): string => $this->directory . $this->store()->find($id)['file'], $gone);

		$this->assertSame([], $cleanup->orphans(), 'every review still there: nothing to do');
		$db->query("DELETE FROM `oc_review` WHERE `product_id` = 40");  // OpenCart's deleteReviewsByProductId(40)

		$this->assertSame([31, 32], $cleanup->orphans());
		foreach ($gone as $i => $photoId) {
			$this->assertNull($this->store()->find($photoId));
			$this->assertFileDoesNotExist($files[$i]);
		}
		foreach ($kept as $photoId) {
			$this->assertNotNull($this->store()->open($photoId), 'another product\'s review photo, a photo still in a form and a return photo stay');
		}
		$this->assertSame([], $db->query("SELECT `review_id` FROM `oc_rebound_review_reply` WHERE `review_id` IN (31, 32)"));
		$this->assertCount(1, $db->query("SELECT `review_id` FROM `oc_rebound_review_reply` WHERE `review_id` = 33"));
		$this->assertNotContains('31', self::sources());

		$this->assertSame([], $cleanup->orphans(), 'again: nothing left to do');

		// Without a photo store the rows (and their files) stay; an orphaned reply still goes.
		$db->query("DELETE FROM `oc_review` WHERE `review_id` = 33");
		$this->assertSame([33], (new ReviewCleanup($db, 'oc_', null))->orphans());
		$this->assertNotNull($this->store()->open($kept[0]));
		$this->assertSame([33], $cleanup->orphans(), 'the photo goes once a store is there');
		$this->assertNull($this->store()->find($kept[0]));
	}

	public function testWithoutAPhotoStoreTheRowsStay(): void {
		$photoId = $this->photo('review', 8);

		$this->assertSame(0, (new ReviewCleanup(self::$database->connection, 'oc_', null))->forReview(8));
		$this->assertNotNull($this->store()->open($photoId), 'no file is ever left without its row');
	}

	public function testMissingTablesAreNoError(): void {
		$empty = TestDatabase::create();

		try {
			$cleanup = new ReviewCleanup($empty->connection, 'oc_', new PhotoStore($empty->connection, 'oc_', new PhotoFiles($this->directory)));
			$this->assertSame(0, $cleanup->forReview(3));
			$this->assertSame([], $cleanup->reviewsOf(3));
			$this->assertSame([], $cleanup->orphans());
		} finally {
			$empty->drop();
		}
	}

	public function testTheMenuCountsReviewPhotosWaitingForADecision(): void {
		$queue = new ReviewQueue(self::$database->connection, 'oc_');
		$before = $queue->pendingPhotos();

		$this->photo('review', 21);
		$this->photo('review', 21);
		$this->photo('review', 0);  // still in the shopper's form: not the owner's to decide yet
		$this->photo('return', 21);
		$approved = $this->photo('review', 22);
		self::$database->connection->query("UPDATE `oc_rebound_photo` SET `status` = 'approved' WHERE `photo_id` = '" . $approved . "'");

		$this->assertSame($before + 2, $queue->pendingPhotos());

		$empty = TestDatabase::create();

		try {
			$this->assertSame(0, (new ReviewQueue($empty->connection, 'oc_'))->pendingPhotos(), 'no table: no badge, no error');
		} finally {
			$empty->drop();
		}
	}
}
