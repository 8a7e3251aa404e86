<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Whether OpenCart's storage directory, where Rebound keeps its photos, can be reached by URL. No I/O beyond
 * realpath().
 *
 * OpenCart 4 installs with its storage at `system/storage/`, inside the web root. Rebound writes an
 * `.htaccess` denying its photo folder, but only Apache reads that: nginx, and any server set to ignore
 * `.htaccess`, serves `/system/storage/rebound/photos/<file>.jpg` to anyone, hidden photos included. The
 * settings page warns with what publicPath() finds and the nginx line nginxRule() gives.
 *
 * @example
 * $path = StorageExposure::publicPath(DIR_STORAGE, DIR_OPENCART); // "system/storage/", or null
 * StorageExposure::nginxRule(StorageExposure::urlPath(HTTP_CATALOG, $path)); // location ^~ /system/storage/ { deny all; }
 */
final class StorageExposure {
	/**
	 * The storage directory's path below the web root ("system/storage/"), or null when it is outside.
	 * Both the paths as configured and as resolved (symlinks) count: the web server may follow either.
	 */
	public static function publicPath(string $storage, string $webRoot): ?string {
		$pairs = [[self::directory($storage), self::directory($webRoot)]];
		$realStorage = realpath($storage);
		$realRoot = realpath($webRoot);

		if ($realStorage !== false && $realRoot !== false) {
			$pairs[] = [self::directory($realStorage), self::directory($realRoot)];
		}

		foreach ($pairs as [$directory, $root]) {
			if ($root !== '/' && $directory !== $root && str_starts_with($directory, $root)) {
				return substr($directory, strlen($root));
			}
		}

		return null;
	}

	/**
	 * The URL path of a folder below the web root, under the store's own address: "https://shop.example/
	 * store/" and "system/storage/" give "/store/system/storage/".
	 */
	public static function urlPath(string $storeUrl, string $publicPath): string {
		$base = trim((string)parse_url($storeUrl, PHP_URL_PATH), '/');

		return '/' . ($base === '' ? '' : $base . '/') . trim($publicPath, '/') . '/';
	}

	/**
	 * The nginx server-block line that refuses every request below $urlPath (`^~`: before any regex location,
	 * such as the one handing `.php` to PHP-FPM).
	 */
	public static function nginxRule(string $urlPath): string {
		return 'location ^~ ' . $urlPath . ' { deny all; }';
	}

	/** A directory path with forward slashes, `.` and `..` steps folded, and one trailing slash. */
	private static function directory(string $path): string {
		$parts = [];

		foreach (explode('/', str_replace('\\', '/', $path)) as $part) {
			if ($part === '' || $part === '.') {
				continue;
			}

			if ($part === '..') {
				array_pop($parts);
			} else {
				$parts[] = $part;
			}
		}

		$drive = preg_match('~^[A-Za-z]:$~', $parts[0] ?? '') ? '' : '/';

		return $drive . implode('/', $parts) . ($parts ? '/' : '');
	}
}
