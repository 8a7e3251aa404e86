<?php
/**
 * Router for `php -S` in ReviewScriptTest: the test's page from the docroot, and Rebound's real upload and
 * discard routes (ReboundReview::upload() / discard(), on OpenCart stand-ins, with the real sanitiser and
 * photo store on the test's database), so the form's script talks to the code a store runs. The session
 * lives in the docroot between requests, as OpenCart's would. One thing is not ours: a file whose name
 * contains `-nginx.` gets the HTML 413 page nginx sends over client_max_body_size, before PHP sees it.
 * Each upload is held 100 ms, so a batch is still on its way while the next file is chosen.
 *
 * Environment: REBOUND_SCRIPT_DB (the test database's name), REBOUND_SCRIPT_TOKEN (the form's review token).
 */
$path = (string)parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

if ($path !== '/upload' && $path !== '/discard') {
	return false;
}

usleep(100000);

if (str_contains((string)($_FILES['photo']['name'] ?? ''), '-nginx.')) {
	http_response_code(413);
	header('Content-Type: text/html');
	echo "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

	return true;
}

define('DB_PREFIX', 'oc_');
define('DIR_STORAGE', $_SERVER['DOCUMENT_ROOT'] . '/storage/');
define('DIR_IMAGE', DIR_STORAGE . 'image/');

require __DIR__ . '/../bootstrap.php';
require_once __DIR__ . '/storefront_stand_ins.php';

use Opencart\Catalog\Controller\Extension\Rebound\Module\ReboundReview;

$server = TestDatabase::server();
$db = MysqliConnection::open($server['host'], $server['port'], $server['user'], $server['password'], (string)getenv('REBOUND_SCRIPT_DB'), '+00:00');
$sessionFile = $_SERVER['DOCUMENT_ROOT'] . '/session.json';
$session = new StandInSession();
$session->data = is_file($sessionFile) ? (array)json_decode((string)file_get_contents($sessionFile), true) : ['review_token' => (string)getenv('REBOUND_SCRIPT_TOKEN')];

$registry = storefront_registry(new StandInDb($db), ['module_rebound_photo_max' => '5'] + review_page_settings(), new StandInShopper(0), $session);

$request = $registry->get('request');
$request->get = StandInRequest::clean($_GET);
$request->post = StandInRequest::clean($_POST);
$request->files = $_FILES;
$request->server = $_SERVER;

$page = new ReboundReview($registry);
$path === '/upload' ? $page->upload() : $page->discard();

file_put_contents($sessionFile, json_encode($session->data));

$response = $registry->get('response');

foreach ($response->headers as $header) {
	header($header);
}

echo $response->output;

return true;
