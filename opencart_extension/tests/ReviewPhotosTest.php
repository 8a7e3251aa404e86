<?php
use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\ReviewPhotos;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/photo_corpus.php';
require_once __DIR__ . '/support/photo_test_case.php';

/**
 * ReviewPhotos: review photos through the real PhotoSanitizer and PhotoStore, into a temporary directory
 * and the real MariaDB with OpenCart's review table: upload, the count limit, per-file refusals without
 * JavaScript, attaching to a review, what the storefront may show, and storage that fails.
 */
final class ReviewPhotosTest extends TestCase {
	use LiveSidecar;

	private string $directory;
	private string $uploads;
	/** @var list<string> */
	private array $logged = [];

	public static function setUpBeforeClass(): void {
		self::openStore();
	}

	protected function setUp(): void {
		$this->directory = sys_get_temp_dir() . '/rebound-review-photos-' . bin2hex(random_bytes(4)) . '/';
		$this->uploads = rtrim($this->directory, '/') . '-uploads';
		mkdir($this->uploads);

		foreach (['rebound_photo', 'review'] as $table) {
			self::$database->connection->query("DELETE FROM `oc_" . $table . "`");
		}
	}

	protected function tearDown(): void {
		exec('rm -rf ' . escapeshellarg(rtrim($this->directory, '/')) . ' ' . escapeshellarg($this->uploads));
	}

	private function photos(int $max = 5, ?string $directory = null): ReviewPhotos {
		$sanitizer = new PhotoSanitizer($directory ?? $this->directory);

		return new ReviewPhotos($sanitizer, new PhotoStore(self::$database->connection, 'oc_', $sanitizer->files), self::$database->connection, 'oc_', $max, false, function (string $line): void {
			$this->logged[] = $line;
		});
	}

	/**
	 * A file where PHP would have put an upload: a small JPEG, or the given bytes.
	 */
	private function upload(?string $bytes = null): string {
		$path = tempnam($this->uploads, 'php');
		file_put_contents($path, $bytes ?? PhotoCorpus::jpeg(PhotoCorpus::markers()));

		return $path;
	}

	/**
	 * One `$_FILES` entry: a single file, or several (`photos[]`).
	 *
	 * @param list<array{0: string, 1: string}> $files [path, client name]
	 *
	 * @return array<string, mixed>
	 */
	private static function field(array $files, bool $multiple = true): array {
		$field = ['name' => [], 'type' => [], 'tmp_name' => [], 'error' => [], 'size' => []];

		foreach ($files as [$path, $name]) {
			$field['name'][] = $name;
			$field['type'][] = 'image/jpeg';
			$field['tmp_name'][] = $path;
			$field['error'][] = UPLOAD_ERR_OK;
			$field['size'][] = filesize($path);
		}

		return $multiple ? $field : array_map(static fn (array $values) => $values[0], $field);
	}

	/**
	 * @return array<string, array<string, string>>
	 */
	private static function rows(): array {
		$rows = [];

		foreach (self::$database->connection->query("SELECT * FROM `oc_rebound_photo` ORDER BY `created_at`") as $row) {
			$rows[$row['photo_id']] = $row;
		}

		return $rows;
	}

	/**
	 * @return list<string> photo and thumbnail files in the storage directory
	 */
	private function files(): array {
		return array_map('basename', glob($this->directory . '*.jpg') ?: []);
	}

	private static function review(int $productId = 40, int $status = 1, string $author = 'Ann'): int {
		self::$database->connection->query("INSERT INTO `oc_review` SET `product_id` = '" . $productId . "', `customer_id` = '7', `author` = '" . $author . "', `text` = 'A good tee that kept its shape after ten washes.', `rating` = '4', `status` = '" . $status . "', `date_added` = NOW(), `date_modified` = NOW()");

		return (int)self::$database->connection->mysqli->insert_id;
	}

	public function testAnUploadIsStoredPendingAndUnattached(): void {
		$photoId = $this->photos()->upload(self::field([[$this->upload(), 'IMG_1.jpg']], false), 0, 2, 7);

		$row = self::rows()[$photoId];
		$this->assertSame(['review', '0', '2', '7', 'pending'], [$row['kind'], $row['owner_id'], $row['store_id'], $row['customer_id'], $row['status']]);
		$this->assertEqualsCanonicalizing([$row['file'], $row['thumb']], $this->files());
	}

	public function testTheSixthPhotoOfFiveIsRefusedBeforeAnythingIsStored(): void {
		try {
			$this->photos()->upload(self::field([[$this->upload(), 'six.jpg']], false), 5, 0, 0);
			$this->fail('a sixth photo was accepted');
		} catch (PhotoRejected $e) {
			$this->assertSame(PhotoRejected::COUNT, $e->reason);
			$this->assertSame('You can add up to 5 photos to a review.', $e->getMessage());
		}

		$this->assertSame([], self::rows());
		$this->assertSame([], $this->files());
	}

	public function testAnEmptyRequestIsRefused(): void {
		$this->expectExceptionObject(new PhotoRejected(PhotoRejected::EMPTY, 'No photo was chosen.'));

		$this->photos()->upload(['name' => '', 'tmp_name' => '', 'error' => UPLOAD_ERR_NO_FILE, 'size' => 0], 0, 0, 0);
	}

	public function testWithoutJavaScriptEachFileIsKeptOrRefusedByName(): void {
		$files = [];

		for ($i = 1; $i <= 4; $i++) {
			$files[] = [$this->upload(), 'good-' . $i . '.jpg'];
		}

		array_splice($files, 1, 0, [[$this->upload('GIF89a <?php system($_GET["c"]); ?>'), 'shell.gif']]);
		$files[] = [$this->upload(), 'good-5.jpg'];
		$files[] = [$this->upload(), 'sixth.jpg'];

		$stored = $this->photos()->uploadEach(self::field($files), 0, 0, 7);

		$this->assertCount(5, $stored['ids'], 'five good photos kept');
		$this->assertSame(['shell.gif', 'sixth.jpg'], array_column($stored['refused'], 'name'));
		$this->assertSame([PhotoRejected::PAYLOAD, PhotoRejected::COUNT], array_column($stored['refused'], 'code'));
		$this->assertStringContainsString('up to 5 photos', $stored['refused'][1]['message']);
		$this->assertSame($stored['ids'], array_keys(self::rows()));
		$this->assertCount(10, $this->files(), 'a photo and a thumbnail each, nothing of the refused');
	}

	public function testPhotosAlreadyHeldCountTowardsTheLimit(): void {
		$stored = $this->photos()->uploadEach(self::field([[$this->upload(), 'a.jpg'], [$this->upload(), 'b.jpg']]), 4, 0, 0);

		$this->assertCount(1, $stored['ids']);
		$this->assertSame(['b.jpg'], array_column($stored['refused'], 'name'));
	}

	public function testAttachingMovesOnlyUnattachedReviewPhotos(): void {
		$photos = $this->photos();
		$mine = $photos->upload(self::field([[$this->upload(), 'a.jpg']], false), 0, 0, 7);
		$other = $photos->upload(self::field([[$this->upload(), 'b.jpg']], false), 0, 0, 8);
		$earlier = self::review();
		$photos->attach($earlier, [$other], false);

		$sanitizer = new PhotoSanitizer($this->directory);
		$returnPhoto = (new PhotoStore(self::$database->connection, 'oc_', $sanitizer->files))->add($sanitizer->sanitize($this->upload(), 'c.jpg'), 'return');

		$review = self::review();
		$attached = $photos->attach($review, [$mine, $other, $returnPhoto, 'not-an-id', $mine], false);

		$this->assertSame([$mine], $attached, 'not the photo of another review, nor a return photo');
		$rows = self::rows();
		$this->assertSame([(string)$review, 'pending'], [$rows[$mine]['owner_id'], $rows[$mine]['status']]);
		$this->assertSame((string)$earlier, $rows[$other]['owner_id']);
		$this->assertSame('0', $rows[$returnPhoto]['owner_id']);
		$this->assertSame([], $photos->attach(0, [$mine], false));
	}

	public function testTheOwnerCanPublishPhotosWithoutModeration(): void {
		$photos = $this->photos();
		$photoId = $photos->upload(self::field([[$this->upload(), 'a.jpg']], false), 0, 0, 0);

		$photos->attach(self::review(), [$photoId], true);

		$this->assertSame('approved', self::rows()[$photoId]['status']);
	}

	public function testOnlyApprovedPhotosOfPublishedReviewsAreShown(): void {
		$photos = $this->photos();
		$published = self::review(40, 1, 'Ann');
		$waiting = self::review(40, 0, 'Bob');
		$elsewhere = self::review(41, 1, 'Cy');
		$ids = [];

		foreach ([[$published, true], [$published, true], [$published, false], [$waiting, true], [$elsewhere, true]] as $i => [$review, $approve]) {
			$ids[$i] = $photos->upload(self::field([[$this->upload(), $i . '.jpg']], false), 0, 0, 0);
			$photos->attach($review, [$ids[$i]], $approve);
		}

		self::$database->connection->query("UPDATE `oc_rebound_photo` SET `status` = 'hidden' WHERE `photo_id` = '" . $ids[1] . "'");

		$this->assertSame([$ids[0]], array_column($photos->approved([$published])[$published], 'photo_id'), 'approved only: not pending, not hidden');
		$this->assertSame([$ids[3]], array_column($photos->approved([$waiting])[$waiting], 'photo_id'), 'per review, whatever its status');
		$this->assertSame([$ids[0]], array_column($photos->gallery(40), 'photo_id'), 'the gallery: published reviews of this product only');
		$this->assertSame('Ann', $photos->gallery(40)[0]['author']);
		$this->assertTrue($photos->isPublic($ids[0]));

		foreach ([$ids[1], $ids[2], $ids[3], 'zz', str_repeat('0', 32)] as $id) {
			$this->assertFalse($photos->isPublic($id), $id);
		}
	}

	public function testARemovedPhotoIsDeletedOnlyWhileUnattached(): void {
		$photos = $this->photos();
		$loose = $photos->upload(self::field([[$this->upload(), 'a.jpg']], false), 0, 0, 0);
		$attached = $photos->upload(self::field([[$this->upload(), 'b.jpg']], false), 0, 0, 0);
		$photos->attach(self::review(), [$attached], false);

		$this->assertTrue($photos->discard($loose));
		$this->assertFalse($photos->discard($attached));
		$this->assertSame([$attached], array_keys(self::rows()));
		$this->assertCount(2, $this->files());
	}

	public function testPhotosNeverAttachedAreSweptAfterADay(): void {
		$photos = $this->photos();
		$old = $photos->upload(self::field([[$this->upload(), 'a.jpg']], false), 0, 0, 0);
		$fresh = $photos->upload(self::field([[$this->upload(), 'b.jpg']], false), 0, 0, 0);
		$attachedOld = $photos->upload(self::field([[$this->upload(), 'c.jpg']], false), 0, 0, 0);
		$photos->attach(self::review(), [$attachedOld], false);
		self::$database->connection->query("UPDATE `oc_rebound_photo` SET `created_at` = UTC_TIMESTAMP() - INTERVAL 25 HOUR WHERE `photo_id` IN ('" . $old . "', '" . $attachedOld . "')");

		$this->assertSame(1, $photos->sweep(new DateTimeImmutable()));

		$this->assertEqualsCanonicalizing([$fresh, $attachedOld], array_keys(self::rows()));
		$this->assertCount(4, $this->files());
	}

	public function testLimitsComeFromTheSettingsAndPhp(): void {
		$this->assertSame(5 * 1048576, ReviewPhotos::maxBytes(null, '64M'));
		$this->assertSame(3 * 1048576, ReviewPhotos::maxBytes('3', '64M'));
		$this->assertSame(2 * 1048576, ReviewPhotos::maxBytes('5', '2M'), 'never over upload_max_filesize');
		$this->assertSame(5 * 1048576, ReviewPhotos::maxBytes('nonsense', '-1'));
		$this->assertSame(5, ReviewPhotos::maxCount(''));
		$this->assertSame(3, ReviewPhotos::maxCount('3'));
		$this->assertSame(20, ReviewPhotos::maxCount('500'));
		$this->assertSame(5, ReviewPhotos::maxCount('0'));
	}

	/**
	 * @return array<string, array{0: string, 1: string}>
	 */
	public static function failingStorage(): array {
		return [
			'disk full'  => ['mount -t tmpfs -o size=40k rebound-full "$1" && mkdir "$1/photos"', 'No space left on device'],
			'read-only'  => ['mount -t tmpfs -o size=1m rebound-ro "$1" && mkdir "$1/photos" && mount -o remount,ro "$1"', 'Read-only file system']
		];
	}

	/**
	 * The review photo path on a full disk and a read-only one: each photo refused with `storage`, no row,
	 * no file, no temporary file (a child process in a private mount namespace, as PhotoStorageTest does).
	 *
	 * @dataProvider failingStorage
	 */
	public function testFailingStorageRefusesEachPhotoAndLeavesNothing(string $mount, string $words): void {
		if (!is_executable('/usr/bin/unshare')) {
			$this->markTestSkipped('needs unshare(1) (util-linux) for a private tmpfs');
		}

		$big = PhotoCorpus::jpeg(PhotoSamples::noise(600, 400));
		$uploads = [$this->upload($big), $this->upload($big)];
		$point = $this->uploads . '/mount';
		mkdir($point);
		$script = $mount . ' && exec "$2" "$3" "$1/photos/" "$4" "$5" "$6"';
		$outcome = null;
		$errors = [];

		foreach ([['--mount', '--propagation', 'private'], ['--user', '--map-root-user', '--mount', '--propagation', 'private']] as $flags) {
			$command = array_merge(['/usr/bin/unshare'], $flags, ['sh', '-c', $script, 'sh', $point, PHP_BINARY, __DIR__ . '/support/review_photo_child.php', self::$database->name, $uploads[0], $uploads[1]]);
			$process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
			$out = stream_get_contents($pipes[1]);
			$errors[] = trim((string)stream_get_contents($pipes[2]));
			fclose($pipes[1]);
			fclose($pipes[2]);
			proc_close($process);
			$outcome = json_decode(trim((string)$out), true);

			if (is_array($outcome)) {
				break;
			}
		}

		if (!is_array($outcome)) {
			$this->markTestSkipped('this machine allows no private mount namespace with a tmpfs: ' . implode(' / ', $errors));
		}

		$this->assertSame([], $outcome['ids']);
		$this->assertSame([PhotoRejected::STORAGE, PhotoRejected::STORAGE], array_column($outcome['refused'], 'code'));
		$this->assertSame('Your photo could not be saved just now. Please try again later.', $outcome['refused'][0]['message']);
		$this->assertStringContainsString($words, implode(' ', $outcome['details']));
		$this->assertSame([], array_values(array_filter($outcome['entries'], static fn (string $entry): bool => !in_array($entry, ['.htaccess', 'index.html'], true))), 'no photo, thumbnail or temporary file');
		$this->assertSame([], self::rows(), 'no row');
	}
}
