<?php
/**
 * Router for `php -S` in ReviewScriptTest: the test's page from the docroot, and stand-ins for what answers
 * the review form's script over HTTP, chosen by the file's name: `*-nginx.*` gets the HTML 413 page nginx
 * sends over client_max_body_size (no JSON), `evil*` and `page*` the upload route's refusal, anything else
 * a photo added. Each upload is held 100 ms, so a batch is still on its way while the next file is chosen.
 */
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);

if ($path === '/discard') {
	header('Content-Type: application/json');
	echo '{"success":true}';

	return true;
}

if ($path !== '/upload') {
	return false;
}

usleep(100000);
$name = (string)($_FILES['photo']['name'] ?? '');

if (str_contains($name, '-nginx.')) {
	http_response_code(413);
	header('Content-Type: text/html');
	echo "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

	return true;
}

header('Content-Type: application/json');

if (str_starts_with($name, 'evil') || str_starts_with($name, 'page')) {
	echo json_encode(['error' => ['code' => 'type', 'message' => 'This file is not a JPEG, PNG, GIF or WebP photo.']]);
} else {
	$id = bin2hex(random_bytes(16));
	echo json_encode(['photo_id' => $id, 'claim' => $id . '.claim', 'name' => $name]);
}

return true;
