<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The photo storage directory: files written all-or-nothing, under names chosen here.
 *
 * Each file is written to a hidden temporary name in the same directory (`.<32 hex>.tmp`, opened with
 * O_EXCL), checked for a short write, fsync'ed and closed, and only then renamed to its final name; a
 * group of files (a photo and its thumbnail) is written wholly before any is renamed. On any failure —
 * disk full, read-only file system, quota, a file-size limit, a name in the way — every temporary file and
 * every file already renamed in the group is removed and PhotoRejected `storage` is thrown, its detail
 * holding the system's words for the log.
 *
 * The directory is made if missing (0750) with an `.htaccess` denying all and an empty `index.html`, in case
 * it ever ends up under the web root; files are 0644, never executable, and named only by random hex with
 * the extension of what they hold (`.jpg`, `.webp`).
 */
final class PhotoFiles {
	public const NAME_PATTERN = '/^[0-9a-f]{32}\.(jpg|webp)$/D';
	private const DENY = "# Rebound photos: served only through the store's controller\n<IfModule mod_authz_core.c>\n  Require all denied\n</IfModule>\n<IfModule !mod_authz_core.c>\n  Order deny,allow\n  Deny from all\n</IfModule>\n";

	public readonly string $directory;
	private \Closure $random;

	/**
	 * @param \Closure(): string|null $random where names come from (tests); default 128 random bits as 32 hex
	 */
	public function __construct(string $directory, ?\Closure $random = null) {
		$this->directory = rtrim($directory, '/') . '/';
		$this->random = $random ?? static fn (): string => bin2hex(random_bytes(16));
	}

	/**
	 * A fresh final name for a file of this extension (`jpg`, `webp`): 32 hex characters and the extension.
	 */
	public function newName(string $extension): string {
		$name = ($this->random)() . '.' . $extension;

		if (!preg_match(self::NAME_PATTERN, $name)) {
			throw new \InvalidArgumentException('not a photo file name: ' . $name);
		}

		return $name;
	}

	private static function randomName(): string {
		return bin2hex(random_bytes(16));
	}

	/**
	 * Writes every file or none.
	 *
	 * @param array<string, string> $files final name (NAME_PATTERN) => bytes
	 *
	 * @throws PhotoRejected storage
	 */
	public function commit(array $files): void {
		foreach (array_keys($files) as $name) {
			if (!preg_match(self::NAME_PATTERN, (string)$name)) {
				throw new \InvalidArgumentException('not a photo file name: ' . $name);
			}
		}

		$this->prepare();

		$temporary = [];
		$renamed = [];

		try {
			foreach ($files as $name => $bytes) {
				$path = $this->directory . '.' . self::randomName() . '.tmp';
				$temporary[$name] = $path;
				$this->write($path, $bytes);
			}

			foreach ($temporary as $name => $path) {
				$this->io('rename', fn () => rename($path, $this->directory . $name));
				unset($temporary[$name]);
				$renamed[] = $this->directory . $name;
			}
		} catch (PhotoRejected $e) {
			foreach (array_merge(array_values($temporary), $renamed) as $path) {
				PhotoWarnings::collect(static fn () => is_file($path) && unlink($path));
			}

			throw $e;
		}
	}

	/**
	 * Removes stored files (a photo that was refused later, or deleted); a missing file is not an error.
	 */
	public function remove(string ...$names): void {
		foreach ($names as $name) {
			if (preg_match(self::NAME_PATTERN, $name)) {
				PhotoWarnings::collect(fn () => is_file($this->directory . $name) && unlink($this->directory . $name));
			}
		}
	}

	/**
	 * Removes temporary files older than $seconds, left by a process killed while writing.
	 *
	 * @return int how many were removed
	 */
	public function sweep(int $seconds = 3600): int {
		$removed = 0;

		foreach (glob($this->directory . '.*.tmp') ?: [] as $path) {
			if (preg_match('/\/\.[0-9a-f]{32}\.tmp$/D', $path) && (int)@filemtime($path) < time() - $seconds && @unlink($path)) {
				$removed++;
			}
		}

		return $removed;
	}

	/**
	 * The full path of a stored file, or null when the name is not one of ours or the file is missing.
	 */
	public function path(string $name): ?string {
		return preg_match(self::NAME_PATTERN, $name) && is_file($this->directory . $name) ? $this->directory . $name : null;
	}

	/**
	 * Makes the directory and its deny files when missing.
	 *
	 * @throws PhotoRejected storage
	 */
	private function prepare(): void {
		$directory = rtrim($this->directory, '/');

		if (!is_dir($directory)) {
			$this->io('mkdir', static fn () => mkdir($directory, 0750, true) || is_dir($directory));
		}

		foreach (['.htaccess' => self::DENY, 'index.html' => ''] as $name => $content) {
			if (!is_file($this->directory . $name)) {
				$path = $this->directory . '.' . self::randomName() . '.tmp';

				try {
					$this->write($path, $content);
					$this->io('rename', fn () => rename($path, $this->directory . $name));
				} catch (PhotoRejected $e) {
					PhotoWarnings::collect(static fn () => is_file($path) && unlink($path));

					throw $e;
				}
			}
		}
	}

	/**
	 * @throws PhotoRejected storage
	 */
	private function write(string $path, string $bytes): void {
		$handle = $this->io('open', static fn () => fopen($path, 'xb'));

		try {
			$length = strlen($bytes);

			// A short write means the disk filled up, a quota or a file-size limit was hit: try the rest once
			// more, which then fails with the reason.
			for ($written = 0; $written < $length; $written += $count) {
				$count = $this->io('write', static fn () => fwrite($handle, $written === 0 ? $bytes : substr($bytes, $written)));

				if ($count === 0) {
					throw self::failed('write', ['wrote nothing']);
				}
			}

			$this->io('flush', static fn () => fflush($handle));

			if (function_exists('fsync')) {
				$this->io('fsync', static fn () => fsync($handle));
			}
		} finally {
			$closed = PhotoWarnings::collect(static fn () => fclose($handle));
		}

		if (!$closed[0]) {
			throw self::failed('close', $closed[1]);
		}

		$this->io('chmod', static fn () => chmod($path, 0644));
		clearstatcache(true, $path);

		if (filesize($path) !== strlen($bytes)) {
			throw self::failed('write', ['the file holds ' . filesize($path) . ' of ' . strlen($bytes) . ' bytes']);
		}
	}

	/**
	 * Runs one file-system call; false (or warnings with false) becomes PhotoRejected storage.
	 *
	 * @template T
	 *
	 * @param callable(): T $call
	 *
	 * @return T
	 */
	private function io(string $what, callable $call): mixed {
		[$result, $warnings] = PhotoWarnings::collect($call);

		if ($result === false) {
			throw self::failed($what, $warnings);
		}

		return $result;
	}

	/**
	 * @param list<string> $warnings
	 */
	private static function failed(string $what, array $warnings): PhotoRejected {
		return new PhotoRejected(PhotoRejected::STORAGE, 'Your photo could not be saved just now. Please try again later.', $what . ' failed: ' . (implode(' ', $warnings) ?: 'no reason given'));
	}
}
