<?php
use Opencart\System\Library\Extension\Rebound\PhotoFiles;
use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;

require_once __DIR__ . '/support/photo_corpus.php';
require_once __DIR__ . '/support/photo_test_case.php';

/**
 * Disk full, read-only and otherwise failing storage: the upload is refused with `storage` and no file,
 * finished or temporary, remains. The tests run as root, which chmod does not stop, so each failure here
 * is one the kernel enforces on root too: a file where a directory should be, /proc, a file-size limit
 * (RLIMIT_FSIZE) hit part-way through a write, a full tmpfs and a read-only mount (both in a private mount
 * namespace, where the machine allows one), and a final name already taken by a directory.
 */
final class PhotoStorageTest extends PhotoTestCase {
	public function testAFileWhereTheDirectoryShouldBeIsRefused(): void {
		file_put_contents(dirname($this->incoming) . '/storage', 'not a directory');
		$this->directory = dirname($this->incoming) . '/storage/photos/';

		$refusal = $this->assertRefused(PhotoRejected::STORAGE, PhotoCorpus::jpeg(PhotoCorpus::markers()));

		$this->assertSame('Your photo could not be saved just now. Please try again later.', $refusal->getMessage());
		$this->assertStringContainsString('mkdir failed', $refusal->detail);
		$this->assertSame('not a directory', file_get_contents(dirname($this->incoming) . '/storage'));
	}

	public function testADirectoryEvenRootCannotWriteIsRefused(): void {
		$refusal = $this->assertRefused(PhotoRejected::STORAGE, PhotoCorpus::jpeg(PhotoCorpus::markers()), 'x.jpg', $this->sanitizer(files: new PhotoFiles('/proc/self/')));

		$this->assertStringContainsString('open failed', $refusal->detail);
	}

	/**
	 * @return array<string, array{0: string}>
	 */
	public static function limitPlaces(): array {
		return ['on the photo, after the thumbnail was written' => ['photo'], 'on the thumbnail, the first file' => ['thumbnail']];
	}

	/**
	 * @dataProvider limitPlaces
	 */
	public function testAWriteCutShortByAFileSizeLimitLeavesNothing(string $where): void {
		if (!function_exists('posix_setrlimit') || !function_exists('pcntl_signal')) {
			$this->markTestSkipped('needs the posix and pcntl extensions to set RLIMIT_FSIZE in a child process');
		}

		$upload = $this->upload(PhotoCorpus::jpeg(PhotoSamples::noise(600, 400)));
		$sizes = $this->sizesOf($upload);
		$limit = $where === 'photo' ? intdiv($sizes['thumb'] + $sizes['photo'], 2) : intdiv($sizes['thumb'], 2);

		$outcome = $this->child([PHP_BINARY, __DIR__ . '/support/photo_child.php', $this->directory, $upload, (string)$limit]);

		$this->assertFalse($outcome['ok'], 'refused');
		$this->assertSame(PhotoRejected::STORAGE, $outcome['reason']);
		$this->assertStringContainsString('File too large', $outcome['detail']);
		$this->assertSame([], $this->stored());
		$this->assertSame([], $this->temporary());
	}

	public function testADiskThatFillsUpLeavesNothing(): void {
		$upload = $this->upload(PhotoCorpus::jpeg(PhotoSamples::noise(600, 400)));
		$sizes = $this->sizesOf($upload);
		// room for the deny files and the thumbnail, not for the photo too
		$room = 4096 * (3 + intdiv($sizes['thumb'], 4096) + intdiv($sizes['photo'], 2 * 4096));
		$this->assertLessThan($sizes['photo'] + $sizes['thumb'], $room);

		$outcome = $this->inPrivateMount('mount -t tmpfs -o size=' . $room . ' rebound-full "$1"', $upload);

		$this->assertSame(PhotoRejected::STORAGE, $outcome['reason'] ?? 'accepted');
		$this->assertStringContainsString('No space left on device', $outcome['detail']);
		$this->assertSame(['.htaccess', 'index.html'], $outcome['entries'], 'no photo, thumbnail or temporary file');
	}

	public function testAReadOnlyFileSystemIsRefused(): void {
		$upload = $this->upload(PhotoCorpus::jpeg(PhotoCorpus::markers()));

		$outcome = $this->inPrivateMount('mount -t tmpfs -o size=1m rebound-ro "$1" && mkdir "$1/photos" && mount -o remount,ro "$1"', $upload);

		$this->assertSame(PhotoRejected::STORAGE, $outcome['reason'] ?? 'accepted');
		$this->assertStringContainsString('Read-only file system', $outcome['detail']);
		$this->assertSame([], $outcome['entries']);
	}

	public function testAFailedRenameTakesBackTheFilesAlreadyRenamed(): void {
		// The sanitizer names the photo first and the thumbnail second, and renames the thumbnail first.
		$names = ['b' . str_repeat('0', 31), 'a' . str_repeat('0', 31)];
		$files = new PhotoFiles($this->directory, static function () use (&$names): string {
			return array_shift($names);
		});
		mkdir($this->directory . 'b' . str_repeat('0', 31) . '.jpg/occupied', 0750, true);

		$refusal = $this->assertRefused(PhotoRejected::STORAGE, PhotoCorpus::jpeg(PhotoCorpus::markers()), 'x.jpg', $this->sanitizer(files: $files));

		$this->assertStringContainsString('rename failed', $refusal->detail);
		$this->assertSame(['b' . str_repeat('0', 31) . '.jpg'], $this->stored(), 'only the directory that was in the way');
		$this->assertFileDoesNotExist($this->directory . 'a' . str_repeat('0', 31) . '.jpg', 'the renamed thumbnail was taken back');
	}

	public function testOnlyOurOwnNamesAreEverWritten(): void {
		$files = new PhotoFiles($this->directory, static fn (): string => '../../etc/cron.d/x');

		foreach (['../x.jpg', 'x.php', str_repeat('a', 32) . '.jpg.php', str_repeat('A', 32) . '.jpg', '.htaccess'] as $name) {
			try {
				$files->commit([$name => 'x']);
				$this->fail('wrote ' . $name);
			} catch (InvalidArgumentException $e) {
				$this->assertStringContainsString('not a photo file name', $e->getMessage());
			}
		}

		$this->expectException(InvalidArgumentException::class);
		$files->newName('jpg');
	}

	public function testStaleTemporaryFilesAreSwept(): void {
		$files = new PhotoFiles($this->directory);
		$files->commit([$files->newName('jpg') => 'photo']);
		$old = $this->directory . '.' . str_repeat('1', 32) . '.tmp';
		$fresh = $this->directory . '.' . str_repeat('2', 32) . '.tmp';
		file_put_contents($old, 'left by a killed process');
		file_put_contents($fresh, 'being written now');
		touch($old, time() - 7200);

		$this->assertSame(1, $files->sweep(3600));

		$this->assertFileDoesNotExist($old);
		$this->assertFileExists($fresh);
		$this->assertCount(1, $this->stored());
	}

	/**
	 * The photo's and thumbnail's encoded sizes for this upload, from a run into a scratch directory.
	 *
	 * @return array{photo: int, thumb: int}
	 */
	private function sizesOf(string $upload): array {
		$result = (new PhotoSanitizer(dirname($this->incoming) . '/scratch/'))->sanitize($upload, 'x.jpg', filesize($upload));
		$this->assertGreaterThan(2 * $result->thumbBytes, $result->bytes);

		return ['photo' => $result->bytes, 'thumb' => $result->thumbBytes];
	}

	/**
	 * Runs the child on a mount made by $mount (its "$1" is the mount point) in a private mount namespace,
	 * which disappears with the child; the child reports what the directory held afterwards.
	 *
	 * @return array<string, mixed>
	 */
	private function inPrivateMount(string $mount, string $upload): array {
		if (!is_executable('/usr/bin/unshare')) {
			$this->markTestSkipped('needs unshare(1) (util-linux) for a private tmpfs');
		}

		$point = dirname($this->incoming) . '/mount';
		mkdir($point);
		$script = $mount . ' && exec "$2" "$3" "$1/photos/" "$4"';
		$errors = [];

		foreach ([['--mount', '--propagation', 'private'], ['--user', '--map-root-user', '--mount', '--propagation', 'private']] as $flags) {
			$outcome = $this->child(array_merge(['/usr/bin/unshare'], $flags, ['sh', '-c', $script, 'sh', $point, PHP_BINARY, __DIR__ . '/support/photo_child.php', $upload]), false);

			if (isset($outcome['ok'])) {
				$this->assertSame([], array_diff(scandir($point) ?: [], ['.', '..']), 'the tmpfs never showed outside its namespace');

				return $outcome;
			}

			$errors[] = $outcome['error'];
		}

		$this->markTestSkipped('this machine allows no private mount namespace with a tmpfs: ' . implode(' / ', $errors));
	}

	/**
	 * Runs a command and decodes the child's JSON line.
	 *
	 * @param list<string> $command
	 *
	 * @return array<string, mixed>
	 */
	private function child(array $command, bool $mustAnswer = true): array {
		$process = proc_open($command, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
		$out = stream_get_contents($pipes[1]);
		$err = stream_get_contents($pipes[2]);
		fclose($pipes[1]);
		fclose($pipes[2]);
		$status = proc_close($process);
		$outcome = json_decode(trim((string)$out), true);

		if (!is_array($outcome)) {
			if ($mustAnswer) {
				$this->fail("the child gave no answer (exit $status): $out $err");
			}

			return ['error' => trim($err) ?: "exit $status"];
		}

		return $outcome;
	}
}
