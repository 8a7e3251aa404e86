<?php
use Opencart\Catalog\Controller\Extension\Rebound\Module\ReboundReview;
use Opencart\System\Library\Extension\Rebound\EmailToken;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\ReviewPhotoClaim;
use Opencart\System\Library\Extension\Rebound\ReviewPhotos;
use Opencart\System\Library\Extension\Rebound\ReviewPhotoTray;
use Opencart\System\Library\Extension\Rebound\ReviewSource;
use PHPUnit\Framework\TestCase;

if (!defined('DB_PREFIX')) {
	define('DB_PREFIX', 'oc_');
}

if (!defined('DIR_STORAGE')) {
	define('DIR_STORAGE', sys_get_temp_dir() . '/rebound-review-pages-' . bin2hex(random_bytes(4)) . '/');
}

if (!defined('DIR_IMAGE')) {
	define('DIR_IMAGE', DIR_STORAGE . 'image/');
}

require_once __DIR__ . '/support/storefront_stand_ins.php';
require_once __DIR__ . '/support/return_fixtures.php';
require_once __DIR__ . '/support/photo_corpus.php';

/**
 * ReboundReview, the product page's photo reviews, run as OpenCart 4.1 runs its handlers and routes, on
 * stand-ins for its engine (views recorded, not rendered), against the real MariaDB and real image files.
 * OpenCart's own review.write is stood in for by a closure that saves the review and fires the
 * addReview/after handler as OpenCart's event would. Uploads over real HTTP: tried in a real store.
 */
final class ReviewPagesTest extends TestCase {
	private const TOKEN = 'f00dfeedf00dfeedf00dfeedf00dfeed';
	private const KEY = '9b74c9897bac770ffc029102a200c5de9b74c9897bac770ffc029102a200c5de';

	use LiveSidecar;

	private StandInSession $session;

	public static function setUpBeforeClass(): void {
		self::openStore();
		ReturnFixtures::order(self::$database->connection, 7, 'buyer@example.com', 5);
		// Bought before the reviews here were written (2026-11-20): only then is a review a buyer's.
		self::$database->connection->query("UPDATE `oc_order` SET `date_added` = '2026-11-01 09:00:00'");
		self::$database->connection->query("UPDATE `oc_product` SET `date_available` = '2020-01-01' WHERE `product_id` = '40'");
	}

	public static function tearDownAfterClass(): void {
		self::closeStore();
		exec('rm -rf ' . escapeshellarg(rtrim(DIR_STORAGE, '/')));
	}

	protected function setUp(): void {
		$this->session = new StandInSession();
		$this->session->data['review_token'] = self::TOKEN;
		$this->session->data['rebound_review_key'] = self::KEY;

		foreach (['rebound_photo', 'review', 'rebound_event', 'rebound_review_reply', 'rebound_review_source'] as $table) {
			self::$database->connection->query("DELETE FROM `oc_" . $table . "`");
		}
	}

	/**
	 * @param array<string, mixed> $settings
	 */
	private function page(int $customerId = 0, array $settings = []): ReboundReview {
		$registry = storefront_registry(new StandInDb(self::$database->connection), $settings + review_page_settings(), new StandInShopper($customerId), $this->session);

		$registry->set('model_catalog_product', new class {
			/** @return array<string, mixed> */
			public function getProduct(int $product_id): array {
				return $product_id === 40 ? ['product_id' => 40, 'name' => 'Organic &amp; soft tee', 'image' => ''] : [];
			}
		});

		return new ReboundReview($registry);
	}

	/**
	 * No captcha in this store (the review page asks OpenCart's extension model which one).
	 */
	private static function withoutCaptcha(ReboundReview $page): void {
		$page->__set('model_setting_extension', new class {
			/** @return array<string, mixed> */
			public function getExtensionByCode(string $type, string $code): array {
				return [];
			}
		});
	}

	private static function get(ReboundReview $page, string $key): object {
		return $page->__get($key);
	}

	/**
	 * A photo stored as an upload would have been (the HTTP upload check is ReviewPhotos' and PhotoUpload's,
	 * tested there), and put in this session's tray when $mine.
	 */
	private function stored(bool $mine = true, string $form = self::TOKEN): string {
		$sanitizer = new PhotoSanitizer(DIR_STORAGE . 'rebound/photos/');
		$photos = new ReviewPhotos($sanitizer, new PhotoStore(self::$database->connection, 'oc_', $sanitizer->files), self::$database->connection, 'oc_', 5, false);
		$path = tempnam(sys_get_temp_dir(), 'php');
		file_put_contents($path, PhotoCorpus::jpeg(PhotoCorpus::image(400, 300)));
		$photoId = $photos->upload(['name' => 'a.jpg', 'tmp_name' => $path, 'error' => UPLOAD_ERR_OK, 'size' => filesize($path)], 0, 0, 0);
		unlink($path);

		if ($mine) {
			$tray = ReviewPhotoTray::fromSession($this->session->data['rebound_review_photos'] ?? null);
			$tray->add($photoId, 40, $form, time());
			$this->session->data['rebound_review_photos'] = $tray->toArray();
		}

		return $photoId;
	}

	private static function claim(string $photoId, string $key = self::KEY): string {
		return ReviewPhotoClaim::sign($key, $photoId, 40);
	}

	private static function review(int $customerId = 0, int $status = 1, string $author = 'Ann'): int {
		self::$database->connection->query("INSERT INTO `oc_review` SET `product_id` = '40', `customer_id` = '" . $customerId . "', `author` = '" . $author . "', `text` = 'Soft &amp; warm, kept its shape after many washes.', `rating` = '5', `status` = '" . $status . "', `date_added` = '2026-11-20 10:00:00', `date_modified` = NOW()");

		return (int)self::$database->connection->mysqli->insert_id;
	}

	/**
	 * @return array<string, string>
	 */
	private static function photoRow(string $photoId): array {
		return self::$database->connection->query("SELECT * FROM `oc_rebound_photo` WHERE `photo_id` = '" . $photoId . "'")[0] ?? [];
	}

	private static function attach(ReboundReview $page, int $reviewId, array $posted): void {
		$route = 'catalog/review/addReview';
		$args = [40, StandInRequest::clean(['author' => 'Ann', 'text' => 'x', 'rating' => '5', 'rebound_photo' => $posted])];
		$output = $reviewId;
		$page->attach($route, $args, $output);
	}

	public function testTheAuthorsOwnPhotosAreAttachedAndTheSidecarIsTold(): void {
		$first = $this->stored();
		$second = $this->stored();
		$stranger = $this->stored(false);
		$bare = $this->stored();
		$review = self::review(7, 0);

		self::attach($this->page(7), $review, [self::claim($second), self::claim($stranger, str_repeat('1', 64)), $bare, self::claim($first)]);

		$this->assertSame([(string)$review, 'pending'], [self::photoRow($first)['owner_id'], self::photoRow($first)['status']]);
		$this->assertSame((string)$review, self::photoRow($second)['owner_id']);
		$this->assertSame('0', self::photoRow($stranger)['owner_id'], 'a photo claimed with another session\'s key stays out');
		$this->assertSame('0', self::photoRow($bare)['owner_id'], 'a bare id proves nothing');

		$events = ReturnFixtures::outbox(self::$database->connection, 'review.photos_added');
		$this->assertCount(1, $events);
		$this->assertSame(['review_id' => $review, 'product_id' => 40, 'customer_id' => 7, 'store_id' => 0, 'photo_ids' => [$second, $first]], $events[0]['payload']['data']);
		$this->assertSame([$bare], ReviewPhotoTray::fromSession($this->session->data['rebound_review_photos'])->ids(40), 'attached photos leave the tray');
	}

	public function testAPhotoAttachesEvenWhenAnOverlappingRequestDroppedItFromTheSessionList(): void {
		$photo = $this->stored();
		// Another request of this session, started before the upload ended, wrote its older session back.
		unset($this->session->data['rebound_review_photos']);

		self::attach($this->page(), self::review(), [self::claim($photo)]);

		$this->assertNotSame('0', self::photoRow($photo)['owner_id']);
	}

	public function testPhotosArePublishedAtOnceWhenTheOwnerSaysSo(): void {
		$photo = $this->stored();

		self::attach($this->page(0, ['module_rebound_review_photo_auto' => '1']), self::review(), [self::claim($photo)]);

		$this->assertSame('approved', self::photoRow($photo)['status']);
	}

	public function testNothingHappensWithoutPhotosOrWithRebound(): void {
		$photo = $this->stored();

		self::attach($this->page(), self::review(), []);
		self::attach($this->page(0, ['module_rebound_status' => '0']), self::review(), [self::claim($photo)]);

		$this->assertSame('0', self::photoRow($photo)['owner_id']);
		$this->assertSame([], ReturnFixtures::outbox(self::$database->connection, 'review.photos_added'));
	}

	public function testAnUploadNeedsTheReviewFormsToken(): void {
		$page = $this->page();
		self::get($page, 'request')->get = ['product_id' => '40', 'review_token' => 'forged'];

		$page->upload();

		$this->assertSame(['error' => ['code' => 'token', 'message' => 'This review form has expired. Please open the product page again.']], json_decode(self::get($page, 'response')->output, true));
		$this->assertContains('Content-Type: application/json', self::get($page, 'response')->headers);
	}

	public function testAFileThatDidNotComeOverHttpIsRefused(): void {
		$path = tempnam(sys_get_temp_dir(), 'php');
		file_put_contents($path, PhotoCorpus::jpeg(PhotoCorpus::markers()));
		$page = $this->page();
		$request = self::get($page, 'request');
		$request->get = ['product_id' => '40', 'review_token' => self::TOKEN];
		$request->files = StandInRequest::clean(['photo' => ['name' => 'a.jpg', 'type' => 'image/jpeg', 'tmp_name' => $path, 'error' => UPLOAD_ERR_OK, 'size' => filesize($path)]]);

		$page->upload();
		unlink($path);

		$this->assertSame('upload', json_decode(self::get($page, 'response')->output, true)['error']['code']);
		$this->assertSame([], self::$database->connection->query("SELECT * FROM `oc_rebound_photo`"));
	}

	public function testTheSixthUploadForAFormOfFiveIsRefusedClearly(): void {
		for ($i = 0; $i < 5; $i++) {
			$this->stored();
		}

		$this->stored(true, 'an-abandoned-form');
		$page = $this->page();
		self::get($page, 'request')->get = ['product_id' => '40', 'review_token' => self::TOKEN];
		self::get($page, 'request')->files = ['photo' => ['name' => 'six.jpg', 'type' => 'image/jpeg', 'tmp_name' => '/nonexistent', 'error' => UPLOAD_ERR_OK, 'size' => 10]];

		$page->upload();

		$this->assertSame(['code' => 'count', 'message' => 'You can add up to 5 photos to a review.'], json_decode(self::get($page, 'response')->output, true)['error']);
	}

	public function testARemovedPhotoIsDeletedOnlyWithItsClaim(): void {
		$photo = $this->stored();
		$other = $this->stored();

		foreach ([$other, self::claim($other, str_repeat('2', 64)), self::claim($photo)] as $posted) {
			$page = $this->page();
			self::get($page, 'request')->get = ['product_id' => '40', 'review_token' => self::TOKEN];
			self::get($page, 'request')->post = ['claim' => $posted];
			$page->discard();
			$this->assertSame(['success' => true], json_decode(self::get($page, 'response')->output, true));
		}

		$this->assertSame([], self::photoRow($photo), 'deleted');
		$this->assertNotSame([], self::photoRow($other), 'a bare id or another session\'s claim deletes nothing');
		$this->assertSame([$other], ReviewPhotoTray::fromSession($this->session->data['rebound_review_photos'])->ids(40));
	}

	public function testAPhotoIsServedOnlyWhenApprovedOrToItsUploader(): void {
		$published = self::review();
		$approved = $this->stored();
		$pending = $this->stored();
		(new ReviewPhotos(new PhotoSanitizer(DIR_STORAGE . 'rebound/photos/'), new PhotoStore(self::$database->connection, 'oc_', (new PhotoSanitizer(DIR_STORAGE . 'rebound/photos/'))->files), self::$database->connection, 'oc_'))->attach($published, [$approved], true);

		$serve = function (string $photoId, bool $thumb = false, ?StandInSession $session = null): StandInResponse {
			$page = $this->page();

			if ($session) {
				$page->__set('session', $session);
			}

			self::get($page, 'request')->get = ['photo_id' => $photoId] + ($thumb ? ['thumb' => '1'] : []);
			$page->photo();

			return self::get($page, 'response');
		};

		$stranger = new StandInSession();
		$response = $serve($approved, true, $stranger);
		$this->assertContains('Content-Type: image/jpeg', $response->headers);
		$this->assertContains('X-Content-Type-Options: nosniff', $response->headers);
		$this->assertContains('Cache-Control: public, max-age=3600', $response->headers);
		$this->assertSame([320, 240], array_slice(getimagesizefromstring($response->output), 0, 2), 'the thumbnail');

		$this->assertContains('HTTP/1.1 404 Not Found', $serve($pending, false, $stranger)->headers, 'pending, to a stranger');
		$mine = $serve($pending);
		$this->assertContains('Cache-Control: private, max-age=0, must-revalidate', $mine->headers, 'pending, to its uploader: private');
		$this->assertSame([400, 300], array_slice(getimagesizefromstring($mine->output), 0, 2));

		self::$database->connection->query("UPDATE `oc_review` SET `status` = '0' WHERE `review_id` = '" . $published . "'");
		$this->assertContains('HTTP/1.1 404 Not Found', $serve($approved, false, $stranger)->headers, 'the review was unpublished');

		foreach (['../../config.php', str_repeat('0', 32), ''] as $id) {
			$this->assertContains('HTTP/1.1 404 Not Found', $serve($id, false, $stranger)->headers, $id);
		}
	}

	public function testTheListShowsPhotosBadgeReplyAndJsonLd(): void {
		$buyer = self::review(7, 1, 'Ann');
		$guest = self::review(0, 1, 'Bob');
		$photo = $this->stored();
		self::attach($this->page(7, ['module_rebound_review_photo_auto' => '1']), $buyer, [self::claim($photo)]);
		self::$database->connection->query("INSERT INTO `oc_rebound_review_reply` SET `review_id` = '" . $guest . "', `text` = 'Thank you &amp; welcome', `author` = 'Tee Shop', `created_at` = UTC_TIMESTAMP(), `updated_at` = UTC_TIMESTAMP()");

		$page = $this->page();
		self::get($page, 'request')->get = ['product_id' => '40'];

		// OpenCart's getReviewsByProductId() rows, then its list view's data (each row merged in) and HTML.
		$route = 'catalog/review/getReviewsByProductId';
		$args = [40, 0, 5];
		$rows = self::$database->connection->query("SELECT `author`, `rating`, `text`, `date_added` FROM `oc_review` ORDER BY `date_added` DESC");
		$page->rows($route, $args, $rows);
		$this->assertSame([(string)$guest, (string)$buyer], array_column($rows, 'review_id'));

		$data = ['reviews' => array_map(static fn (array $row): array => ['text' => nl2br($row['text']), 'date_added' => '20/11/2026'] + $row, $rows)];
		$html = '<table>Bob</table><table>Ann</table>';
		$page->list($route, $data, $html);

		$views = self::get($page, 'load')->views;
		$extras = array_values(array_filter($views, static fn (array $view): bool => $view[0] === 'extension/rebound/module/rebound_review_extras'));
		$this->assertCount(2, $extras);
		[$bob, $ann] = [$extras[0][1], $extras[1][1]];
		$this->assertFalse($bob['verified'], 'a guest is never a verified buyer');
		$this->assertSame('Reply from Tee Shop', $bob['reply_author']);
		$this->assertSame('Thank you &amp; welcome', $bob['reply_html'], 'stored encoded, printed as stored');
		$this->assertTrue($ann['verified'], 'customer 7 has a complete order with the product');
		$this->assertCount(1, $ann['photos']);
		$this->assertSame([320, 240], [$ann['photos'][0]['width'], $ann['photos'][0]['height']]);
		$this->assertStringContainsString('photo_id=' . $photo . '&thumb=1', $ann['photos'][0]['thumb']);

		$this->assertStringStartsWith('<table>Bob<tr><td colspan="2"><rendered extension/rebound/module/rebound_review_extras></td></tr></table><table>Ann<tr><td colspan="2"><rendered extension/rebound/module/rebound_review_extras></td></tr></table><script type="application/ld+json">', $html);
		$ld = json_decode(substr($html, strpos($html, '{'), -strlen('</script>')), true);
		$this->assertSame(['count' => 2, 'name' => 'Organic & soft tee'], ['count' => $ld['aggregateRating']['reviewCount'], 'name' => $ld['name']]);
		$this->assertSame('Soft & warm, kept its shape after many washes.', $ld['review'][1]['reviewBody']);
		$this->assertSame('2026-11-20', $ld['review'][1]['datePublished']);
	}

	public function testAGuestReviewFromAReviewRequestsLinkShowsAsAVerifiedBuyers(): void {
		$secret = str_repeat('5e', 32);
		$page = $this->page(0, ['module_rebound_secret' => $secret]);
		$link = (new EmailToken($secret))->sign('review', 21, 'guest@example.com');
		self::get($page, 'request')->get = ['route' => 'product/product', 'product_id' => '40', 'rebound_review' => '1', 'rebound_from' => $link];
		$route = 'product/review';
		$data = ['product_id' => 40, 'review_token' => self::TOKEN, 'review_guest' => true];
		$html = '<form id="form-review"><textarea name="text"></textarea></form>';

		$page->form($route, $data, $html);

		$this->assertSame(21, ReviewSource::emailFor($this->session->data, 40), 'the page kept the request the link named');

		// The sidecar tied the guest's review to the request's order (complete, with the product): verified.
		$order = ReturnFixtures::order(self::$database->connection, 0, 'guest@example.com', 5);
		$fromLink = self::review(0, 1, 'Dana');
		self::review(0, 1, 'Eve');
		self::$database->connection->query("INSERT INTO `oc_rebound_review_source` SET `review_id` = '" . $fromLink . "', `email_id` = '21', `order_id` = '" . $order['order_id'] . "', `created_at` = UTC_TIMESTAMP()");

		$list = $this->page();
		self::get($list, 'request')->get = ['product_id' => '40'];
		$rows = self::$database->connection->query("SELECT `review_id`, `customer_id`, `author`, `rating`, `text`, `date_added` FROM `oc_review` ORDER BY `review_id`");
		$data = ['reviews' => $rows];
		$html = '<table>Dana</table><table>Eve</table>';
		$list->list($route, $data, $html);

		$extras = array_values(array_filter(self::get($list, 'load')->views, static fn (array $view): bool => $view[0] === 'extension/rebound/module/rebound_review_extras'));
		$this->assertSame([[(int)$fromLink, true]], array_map(static fn (array $view): array => [$view[1]['review_id'], $view[1]['verified']], $extras), 'Eve (no link) gets no block at all');
	}

	public function testAReviewWrittenBeforeThePurchaseHasNoBadge(): void {
		$order = ReturnFixtures::order(self::$database->connection, 8, 'late@example.com', 5);
		self::$database->connection->query("UPDATE `oc_order` SET `date_added` = '2026-11-21 09:00:00' WHERE `order_id` = '" . $order['order_id'] . "'");
		$early = self::review(8, 1, 'Cy');  // written 2026-11-20, bought the next day

		$page = $this->page();
		self::get($page, 'request')->get = ['product_id' => '40'];
		$data = ['reviews' => self::$database->connection->query("SELECT `review_id`, `customer_id`, `author`, `rating`, `text`, `date_added`, `date_added` AS `rebound_date_added` FROM `oc_review`")];
		$html = '<table>Cy</table>';
		$route = 'product/review_list';
		$page->list($route, $data, $html);

		$this->assertSame([], array_filter(self::get($page, 'load')->views, static fn (array $view): bool => $view[0] === 'extension/rebound/module/rebound_review_extras' && $view[1]['verified']), 'review ' . $early);
	}

	public function testTheFormGetsThePhotoFieldAndPostsWithoutJavaScript(): void {
		$page = $this->page();
		$route = 'product/review';
		$data = ['product_id' => 40, 'review_token' => self::TOKEN, 'review_guest' => true];
		$html = '<form id="form-review"><div id="review"></div><textarea name="text"></textarea><div class="text-end"><button type="submit" id="button-review">Go</button></div></form>';
		unset($this->session->data['rebound_review_key']);

		$page->form($route, $data, $html);

		$this->assertMatchesRegularExpression('/^[0-9a-f]{64}$/D', $this->session->data['rebound_review_key'], 'the claim key is made with the form, before any upload');

		$this->assertStringContainsString('<form id="form-review" action="http://shop.test/index.php?route=extension/rebound/module/rebound_review.post&amp;language=en-gb&amp;product_id=40&amp;review_token=' . self::TOKEN . '" method="post" enctype="multipart/form-data">', $html);
		$this->assertStringContainsString('<rendered extension/rebound/module/rebound_review_field><div class="text-end">', $html);
		$field = self::get($page, 'load')->views[0][1];
		$this->assertSame(5, $field['max']);
		$this->assertStringContainsString('rebound_review.upload&language=en-gb&product_id=40&review_token=' . self::TOKEN, $field['upload']);

		$off = '<form id="form-review"><textarea name="text"></textarea></form>';
		$copy = $off;
		$this->page(0, ['module_rebound_status' => '0'])->form($route, $data, $off);
		$this->assertSame($copy, $off, 'Rebound disabled: OpenCart\'s form as it was');
	}

	public function testWithoutJavaScriptTheReviewIsSavedAndARefusedPhotoNamed(): void {
		$kept = $this->stored();
		// Not an HTTP upload (this is PHPUnit), so refused as one that did not arrive: a refusal all the same.
		$path = tempnam(sys_get_temp_dir(), 'php');
		file_put_contents($path, PhotoCorpus::jpeg(PhotoCorpus::markers()));
		$page = $this->page();
		$request = self::get($page, 'request');
		$request->server['REQUEST_METHOD'] = 'POST';
		$request->get = ['product_id' => '40', 'review_token' => self::TOKEN];
		$request->post = StandInRequest::clean(['author' => 'Ann', 'text' => 'Soft and warm, kept its shape.', 'rating' => '5', 'rebound_photo' => [self::claim($kept), str_repeat('a', 32)]]);
		$request->files = StandInRequest::clean(['photos' => ['name' => ['shell.jpg'], 'type' => ['image/jpeg'], 'tmp_name' => [$path], 'error' => [UPLOAD_ERR_OK], 'size' => [filesize($path)]]]);
		$saved = [];

		// OpenCart's review.write: its checks passed, addReview() ran and fired addReview/after.
		self::get($page, 'load')->controllers['product/review.write'] = function () use ($page, &$saved): void {
			$saved = self::get($page, 'request')->post;
			$route = 'catalog/review/addReview';
			$args = [40, $saved];
			$output = self::review();
			$page->attach($route, $args, $output);
			self::get($page, 'response')->setOutput(json_encode(['success' => 'Thank you for your review.']));
		};

		$page->post();
		unlink($path);

		$this->assertSame('Soft and warm, kept its shape.', $saved['text'], 'the review went to OpenCart whole');
		$this->assertSame([self::claim($kept)], $saved['rebound_photo'], 'with only the photos this session proved');
		$view = self::get($page, 'load')->last('extension/rebound/module/rebound_review_page');
		$this->assertTrue($view['saved']);
		$this->assertSame('Thank you for your review and its photo. They will show on the product page once they have been checked.', $view['success']);
		$this->assertCount(1, $view['refused']);
		$this->assertStringContainsString('shell.jpg', $view['refused'][0]);
		$this->assertStringContainsString('The photo did not arrive', $view['refused'][0]);
		$this->assertSame(1, (int)self::$database->connection->query("SELECT COUNT(*) AS `n` FROM `oc_rebound_photo`")[0]['n'], 'nothing stored of it');
		$this->assertContains('Content-Type: text/html; charset=utf-8', self::get($page, 'response')->headers);
		$this->assertNotSame('0', self::photoRow($kept)['owner_id']);
	}

	public function testTwoPhotosAreCountedInThePlural(): void {
		$photos = [$this->stored(), $this->stored()];
		$page = $this->page();
		$request = self::get($page, 'request');
		$request->server['REQUEST_METHOD'] = 'POST';
		$request->get = ['product_id' => '40', 'review_token' => self::TOKEN];
		$request->post = StandInRequest::clean(['author' => 'Ann', 'text' => 'Soft and warm, kept its shape.', 'rating' => '5', 'rebound_photo' => array_map(static fn (string $photoId): string => self::claim($photoId), $photos)]);
		self::get($page, 'load')->controllers['product/review.write'] = function () use ($page): void {
			$route = 'catalog/review/addReview';
			$args = [40, self::get($page, 'request')->post];
			$output = self::review();
			$page->attach($route, $args, $output);
			self::get($page, 'response')->setOutput(json_encode(['success' => 'Thank you for your review.']));
		};

		$page->post();

		$this->assertSame('Thank you for your review and its 2 photos. They will show on the product page once they have been checked.', self::get($page, 'load')->last('extension/rebound/module/rebound_review_page')['success']);
	}

	public function testAReviewPostOverPostMaxSizeIsAnsweredWithHeadersOnlyThenThePageByGet(): void {
		$page = $this->page();
		$request = self::get($page, 'request');
		$request->server = ['REQUEST_METHOD' => 'POST', 'CONTENT_LENGTH' => '9000000', 'SERVER_PROTOCOL' => 'HTTP/1.1'];
		$request->get = ['product_id' => '40', 'review_token' => self::TOKEN];

		$page->post();

		// PHP-FPM leaves the body unread: any answer over a few KB would wait behind it for a minute. Not
		// empty, though: OpenCart's Response sends its headers only with some output.
		$response = self::get($page, 'response');
		$this->assertNotSame('', $response->output);
		$this->assertLessThan(1024, strlen($response->output));
		$this->assertSame([], self::get($page, 'load')->views, 'no page rendered');
		$this->assertSame('HTTP/1.1 303 See Other', $response->headers[0]);
		$this->assertContains('Location: http://shop.test/index.php?route=extension/rebound/module/rebound_review.post&language=en-gb&product_id=40&review_token=' . self::TOKEN . '&rebound_too_large=1', $response->headers);

		$again = $this->page();
		self::get($again, 'request')->server = ['REQUEST_METHOD' => 'GET'];
		self::get($again, 'request')->get = ['product_id' => '40', 'review_token' => self::TOKEN, 'rebound_too_large' => '1'];
		self::withoutCaptcha($again);
		$again->post();

		$view = self::get($again, 'load')->last('extension/rebound/module/rebound_review_page');
		$limit = PhotoSanitizer::megabytes(PhotoSanitizer::bytesFromIni((string)ini_get('post_max_size')));
		$this->assertStringContainsString('more than the server accepts in one go (' . $limit . ' in all)', $view['warning']);
		$this->assertStringContainsString('not even the review\'s text', $view['warning']);
		$this->assertFalse($view['saved']);
		$this->assertSame('', $view['text'], 'nothing arrived to show again');
		$this->assertNotSame('', $view['field'], 'the form, to write it again with fewer photos');
		$this->assertStringContainsString('rebound_review.post&language=en-gb&product_id=40', $view['action']);
		$this->assertSame('', $view['author'], 'a guest types a name');

		// A logged-in shopper finds their name filled in, as on OpenCart's own form.
		$mine = $this->page(7);
		self::get($mine, 'request')->server = ['REQUEST_METHOD' => 'GET'];
		self::get($mine, 'request')->get = ['product_id' => '40', 'review_token' => self::TOKEN, 'rebound_too_large' => '1'];
		self::withoutCaptcha($mine);
		$mine->post();
		$this->assertSame('Ann Lee', self::get($mine, 'load')->last('extension/rebound/module/rebound_review_page')['author']);
	}

	public function testAnUploadOverPostMaxSizeIsAnsweredShortly(): void {
		$page = $this->page();
		$request = self::get($page, 'request');
		$request->server = ['REQUEST_METHOD' => 'POST', 'CONTENT_LENGTH' => '9000000'];
		$request->get = ['product_id' => '40', 'review_token' => self::TOKEN];

		$page->upload();

		$output = self::get($page, 'response')->output;
		$this->assertLessThan(1024, strlen($output), 'under PHP-FPM the body is left unread: a short answer gets through');
		$this->assertSame('too_large', json_decode($output, true)['error']['code']);
		$this->assertStringStartsWith('This photo is larger than the server accepts (', json_decode($output, true)['error']['message']);
	}
}
