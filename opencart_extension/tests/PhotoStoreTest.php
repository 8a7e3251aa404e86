<?php
use Opencart\System\Library\Extension\Rebound\Connection;
use Opencart\System\Library\Extension\Rebound\PhotoFiles;
use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoStore;

require_once __DIR__ . '/support/photo_corpus.php';
require_once __DIR__ . '/support/photo_test_case.php';

/**
 * PhotoStore against the real MariaDB, with `rebound_photo` made by the Migrator.
 */
final class PhotoStoreTest extends PhotoTestCase {
	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore(opencart: false);
	}

	private function store(?Connection $db = null): PhotoStore {
		return new PhotoStore($db ?? self::$database->connection, 'oc_', new PhotoFiles($this->directory));
	}

	public function testAPhotoIsRecordedWithItsFiles(): void {
		$result = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::image(640, 480)), "O'Brien's photo.jpg");
		$now = new DateTimeImmutable('2026-11-26 15:30:00.250000', new DateTimeZone('Europe/Berlin'));

		$photoId = $this->store()->add($result, 'return', 17, 2, 9, 'pending', $now);

		$this->assertMatchesRegularExpression('/^[0-9a-f]{32}$/D', $photoId);
		$this->assertNotSame(substr($result->file, 0, 32), $photoId, 'the id does not reveal the file name');
		$this->assertSame([
			'photo_id'    => $photoId,
			'kind'        => 'return',
			'owner_id'    => '17',
			'store_id'    => '2',
			'customer_id' => '9',
			'file'        => $result->file,
			'thumb'       => $result->thumb,
			'mime'        => 'image/jpeg',
			'width'       => '640',
			'height'      => '480',
			'bytes'       => (string)$result->bytes,
			'status'      => 'pending',
			'created_at'  => '2026-11-26 14:30:00.250000'
		], $this->store()->find($photoId));
	}

	public function testAPhotoIsServedWithItsOwnTypeAndNosniff(): void {
		$result = $this->sanitize(PhotoCorpus::png(PhotoCorpus::image(500, 250)));
		$photoId = $this->store()->add($result, 'review');

		$file = $this->store()->open($photoId);
		$thumb = $this->store()->open($photoId, true);

		$this->assertSame($result->path(), $file->path);
		$this->assertSame($result->thumbPath(), $thumb->path);
		$this->assertSame('image/jpeg', $file->mime);
		$this->assertSame((string)file_get_contents($result->path()), $file->contents());
		$this->assertSame([
			'Content-Type: image/jpeg',
			'X-Content-Type-Options: nosniff',
			'Content-Length: ' . $result->bytes,
			'Content-Disposition: inline; filename="' . $photoId . '.jpg"',
			"Content-Security-Policy: default-src 'none'; sandbox",
			'Cross-Origin-Resource-Policy: same-origin',
			'Cache-Control: private, max-age=0, must-revalidate'
		], $file->headers());
		$this->assertContains('Cache-Control: public, max-age=31536000, immutable', $file->headers(true));
		$this->assertContains('Content-Length: ' . $result->thumbBytes, $thumb->headers());
		$this->assertSame('pending', $file->row['status']);
	}

	public function testUnknownMalformedOrTamperedIdsServeNothing(): void {
		$result = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::markers()));
		$photoId = $this->store()->add($result, 'review');
		$db = self::$database->connection;

		foreach (['', str_repeat('0', 32), strtoupper($photoId), $photoId . "' OR '1'='1", '../' . $photoId] as $id) {
			$this->assertNull($this->store()->find($id), $id);
			$this->assertNull($this->store()->open($id), $id);
		}

		// A row pointing outside the storage directory (say, edited by hand) is not followed.
		$db->query("UPDATE `oc_rebound_photo` SET `file` = '../../../../etc/passwd' WHERE `photo_id` = '" . $photoId . "'");
		$this->assertNull($this->store()->open($photoId));

		// A row whose file is gone.
		$db->query("UPDATE `oc_rebound_photo` SET `file` = '" . str_repeat('f', 32) . ".jpg' WHERE `photo_id` = '" . $photoId . "'");
		$this->assertNull($this->store()->open($photoId));
		$this->assertNotNull($this->store()->open($photoId, true), 'the thumbnail is still there');
	}

	public function testWhenTheRowCannotBeWrittenTheFilesGoToo(): void {
		$result = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::markers()));
		$this->assertCount(2, $this->stored());
		$broken = new class implements Connection {
			public function query(string $sql): array {
				throw new RuntimeException('Error: MySQL server has gone away');
			}

			public function escape(string $value): string {
				return addslashes($value);
			}
		};

		try {
			$this->store($broken)->add($result, 'review');
			$this->fail('no refusal');
		} catch (PhotoRejected $e) {
			$this->assertSame(PhotoRejected::STORAGE, $e->reason);
			$this->assertStringContainsString('gone away', $e->detail);
		}

		$this->assertSame([], $this->stored());
	}

	public function testDeleteRemovesTheRowAndBothFiles(): void {
		$result = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::markers()));
		$photoId = $this->store()->add($result, 'review');

		$this->assertTrue($this->store()->delete($photoId));

		$this->assertNull($this->store()->find($photoId));
		$this->assertSame([], $this->stored());
		$this->assertFalse($this->store()->delete($photoId));
	}

	public function testOnlyKnownKindsAndStatusesAreWritten(): void {
		$result = $this->sanitize(PhotoCorpus::jpeg(PhotoCorpus::markers()));

		foreach ([['avatar', 'pending'], ['review', "approved'; DROP TABLE x; --"]] as [$kind, $status]) {
			try {
				$this->store()->add($result, $kind, 0, 0, 0, $status);
				$this->fail("accepted $kind / $status");
			} catch (InvalidArgumentException $e) {
				$this->assertStringContainsString('kind must be one of', $e->getMessage());
			}
		}
	}
}
