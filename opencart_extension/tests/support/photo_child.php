<?php
/**
 * One upload sanitised in a separate PHP process, for the storage-failure tests (PhotoStorageTest):
 *
 *   php photo_child.php <storage directory> <uploaded file> [file-size limit in bytes]
 *
 * With a limit, RLIMIT_FSIZE is lowered first and SIGXFSZ ignored, so a write past the limit fails with
 * EFBIG part-way through, like a disk filling up, even for root. Prints one JSON line: the result or the
 * refusal's code and detail, and `entries`, what the storage directory holds afterwards (the tests that
 * mount a private tmpfs cannot look at it once this process, and its mount namespace, are gone).
 */
require __DIR__ . '/../bootstrap.php';

use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;

[, $directory, $upload] = $argv;
$limit = isset($argv[3]) ? (int)$argv[3] : 0;

if ($limit > 0) {
	pcntl_signal(SIGXFSZ, SIG_IGN);

	if (!posix_setrlimit(POSIX_RLIMIT_FSIZE, $limit, $limit)) {
		fwrite(STDERR, "could not set RLIMIT_FSIZE\n");
		exit(2);
	}
}

try {
	$result = (new PhotoSanitizer($directory))->sanitize($upload, 'photo.jpg', filesize($upload));
	$outcome = ['ok' => true, 'file' => $result->file, 'thumb' => $result->thumb];
} catch (PhotoRejected $e) {
	$outcome = ['ok' => false, 'reason' => $e->reason, 'message' => $e->getMessage(), 'detail' => $e->detail];
}

$outcome['entries'] = is_dir($directory) ? array_values(array_diff(scandir($directory) ?: [], ['.', '..'])) : [];
echo json_encode($outcome), "\n";
