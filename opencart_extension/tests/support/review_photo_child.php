<?php
/**
 * Review photos uploaded without JavaScript (ReviewPhotos::uploadEach) in a separate PHP process, for the
 * storage-failure tests of ReviewPhotosTest, which run it on a full or read-only tmpfs in a private mount
 * namespace:
 *
 *   php review_photo_child.php <storage directory> <test database name> <uploaded file>...
 *
 * Prints one JSON line: the ids kept, the refusals, the log lines (the system's words), and `entries`, what
 * the storage directory holds afterwards (gone with the namespace once this process ends).
 */
require __DIR__ . '/../bootstrap.php';

use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\ReviewPhotos;

[, $directory, $database] = $argv;
$paths = array_slice($argv, 3);
$server = TestDatabase::server();
$db = MysqliConnection::open($server['host'], $server['port'], $server['user'], $server['password'], $database);
$details = [];

$sanitizer = new PhotoSanitizer($directory);
$photos = new ReviewPhotos($sanitizer, new PhotoStore($db, 'oc_', $sanitizer->files), $db, 'oc_', 5, false, static function (string $line) use (&$details): void {
	$details[] = $line;
});

$field = ['name' => [], 'tmp_name' => [], 'error' => [], 'size' => []];

foreach ($paths as $i => $path) {
	$field['name'][] = 'photo-' . $i . '.jpg';
	$field['tmp_name'][] = $path;
	$field['error'][] = UPLOAD_ERR_OK;
	$field['size'][] = filesize($path);
}

$outcome = $photos->uploadEach($field, 0, 0, 7);
$outcome['details'] = $details;
$outcome['entries'] = is_dir($directory) ? array_values(array_diff(scandir($directory) ?: [], ['.', '..'])) : [];
echo json_encode($outcome), "\n";
