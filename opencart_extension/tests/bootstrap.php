<?php
/**
 * PHPUnit bootstrap: loads Rebound's library classes and catalog controllers the way OpenCart 4.1's
 * autoloader does, so the tests run without an OpenCart installation, and the test support classes
 * (tests/support/).
 *
 * Opencart\System\Library\Extension\Rebound\SignatureError => system/library/signature_error.php
 */
spl_autoload_register(static function (string $class): void {
	// Namespace prefix => folder, as OpenCart 4.1 registers them for an installed extension
	// (catalog/controller/startup/extension.php). Admin controllers and models are loaded by hand.
	$folders = [
		'Opencart\\System\\Library\\Extension\\Rebound\\'    => '/system/library/',
		'Opencart\\Catalog\\Controller\\Extension\\Rebound\\' => '/catalog/controller/'
	];

	foreach ($folders as $prefix => $folder) {
		if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
			continue;
		}

		// Same rule as system/engine/autoloader.php: an underscore before each inner capital or digit.
		$relative = strtolower(preg_replace('~([a-z])([A-Z]|[0-9])~', '\\1_\\2', substr($class, strlen($prefix))));
		$file = dirname(__DIR__) . $folder . str_replace('\\', '/', $relative) . '.php';

		if (is_file($file)) {
			require_once $file;
		}
	}
});

define('REBOUND_ROOT', dirname(__DIR__, 2));
define('REBOUND_VECTORS', REBOUND_ROOT . '/tests/vectors');
define('REBOUND_MIGRATIONS', REBOUND_ROOT . '/sidecar/sql');

require_once __DIR__ . '/support/mysqli_connection.php';
require_once __DIR__ . '/support/test_database.php';
require_once __DIR__ . '/support/processes.php';
require_once __DIR__ . '/support/live_sidecar.php';
require_once __DIR__ . '/support/vector_cases.php';

/**
 * An admin page's en-gb language keys as OpenCart holds them for the page: its own file, plus the shared
 * sidecar problems that AdminPage::text() loads with their prefix.
 *
 * @return array<string, string>
 */
function admin_texts(string $page): array {
	$_ = [];
	require __DIR__ . '/../admin/language/en-gb/common/sidecar.php';
	$shared = [];

	foreach ($_ as $key => $value) {
		$shared[\Opencart\System\Library\Extension\Rebound\AdminAnswer::SHARED . $key] = $value;
	}

	$_ = [];
	require __DIR__ . '/../admin/language/en-gb/' . $page . '.php';

	return $shared + $_;
}
