<?php
require_once __DIR__ . '/support/processes.php';
require_once __DIR__ . '/support/photo_corpus.php';
require_once __DIR__ . '/support/return_fixtures.php';

use PHPUnit\Framework\TestCase;

/**
 * The review form's photo script (rebound_review_field.twig + rebound_review_script.twig) in headless
 * Chromium: files are chosen as a shopper would (a DataTransfer on the file input), sent over real HTTP to
 * `php -S`, where support/review_script_server.php runs Rebound's real upload and discard routes (the real
 * sanitiser and photo store on this class's database; only nginx's 413 page is played), and the previews
 * are read back from the page. The whole form was also tried in a real store.
 *
 * Needs Chromium (REBOUND_TEST_CHROMIUM, or chromium / chromium-browser / google-chrome on the PATH).
 */
final class ReviewScriptTest extends TestCase {
	private const MAX_BYTES = 2097152;
	private const TOKEN = 'c0ffeec0ffeec0ffeec0ffeec0ffee00';

	use LiveSidecar;

	private static string $directory;
	/** @var resource|null */
	private static $server = null;
	private static string $url;

	public static function setUpBeforeClass(): void {
		self::openStore();
		ReturnFixtures::order(self::$database->connection, 7, 'buyer@example.com', 5);
		self::$directory = sys_get_temp_dir() . '/rebound-review-script-' . bin2hex(random_bytes(4));
		mkdir(self::$directory);
		$port = Processes::freePort();
		self::$url = 'http://127.0.0.1:' . $port . '/';
		$env = ['REBOUND_SCRIPT_DB' => self::$database->name, 'REBOUND_SCRIPT_TOKEN' => self::TOKEN, 'PATH' => (string)getenv('PATH')];
		self::$server = proc_open([PHP_BINARY, '-d', 'upload_max_filesize=2M', '-d', 'post_max_size=8M', '-S', '127.0.0.1:' . $port, '-t', self::$directory, __DIR__ . '/support/review_script_server.php'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', self::$directory . '/server.log', 'w']], $pipes, null, $env);
		$deadline = microtime(true) + 10;

		while (!@fsockopen('127.0.0.1', $port)) {
			if (microtime(true) > $deadline) {
				throw new \RuntimeException('php -S did not start');
			}

			usleep(20000);
		}
	}

	public static function tearDownAfterClass(): void {
		Processes::stop(self::$server);
		exec('rm -rf ' . escapeshellarg(self::$directory));
		self::closeStore();
	}

	protected function setUp(): void {
		// Each form starts with an empty session and no photos, as a new product page would.
		@unlink(self::$directory . '/session.json');
	}

	private static function chromium(): string {
		foreach (array_filter([getenv('REBOUND_TEST_CHROMIUM') ?: '', 'chromium', 'chromium-browser', 'google-chrome']) as $name) {
			$path = str_contains($name, '/') ? $name : trim((string)shell_exec('command -v ' . escapeshellarg($name) . ' 2>/dev/null'));

			if ($path !== '' && is_executable($path)) {
				return $path;
			}
		}

		return '';
	}

	/**
	 * The two templates as Twig prints them for an empty form (no photos kept yet).
	 */
	private static function render(string $template, array $vars): string {
		$twig = (string)file_get_contents(dirname(__DIR__) . '/catalog/view/template/module/' . $template);
		$twig = (string)preg_replace(['/\{#.*?#\}\n?/s', '/\{% if kept %\}.*?\{% endif %\}/s'], '', $twig);

		return (string)preg_replace_callback('/\{\{ (\w+)(\|e(\(\'js\'\))?)? \}\}/', static function (array $match) use ($vars): string {
			$value = (string)$vars[$match[1]];

			return match ($match[2] ?? '') {
				'|e'        => htmlspecialchars($value, ENT_QUOTES, 'UTF-8'),
				"|e('js')"  => substr(json_encode($value, JSON_UNESCAPED_UNICODE | JSON_HEX_TAG | JSON_HEX_APOS | JSON_HEX_QUOT), 1, -1),
				default     => $value
			};
		}, $twig);
	}

	/**
	 * Runs $steps (JavaScript: an async body with choose(), settled(), photo(), blob()) on the form and
	 * returns each preview as {name, state, message, image} and whether the send button is still disabled.
	 *
	 * @return array{previews: list<array{name: string, state: string, message: string, image: bool}>, disabled: bool}
	 */
	private function form(string $steps): array {
		$chromium = self::chromium();

		if ($chromium === '') {
			$this->markTestSkipped('no Chromium: set REBOUND_TEST_CHROMIUM');
		}

		$_ = [];
		require dirname(__DIR__) . '/catalog/language/en-gb/module/rebound_review.php';
		$texts = array_map('strval', $_);
		$vars = [
			'upload' => self::$url . 'upload?product_id=40&review_token=' . self::TOKEN, 'discard' => self::$url . 'discard?product_id=40&review_token=' . self::TOKEN, 'max' => 5, 'max_bytes' => self::MAX_BYTES, 'max_text' => '2 MB',
			'text_uploading' => $texts['text_uploading'], 'text_uploaded' => $texts['text_uploaded'], 'text_wait' => $texts['text_wait'], 'button_remove' => $texts['button_remove'],
			'error_client_count' => sprintf($texts['error_client_count'], 5), 'error_client_size' => $texts['error_client_size'], 'error_server_size' => $texts['error_server_size'],
			'error_network' => $texts['error_network'], 'entry_photos' => $texts['entry_photos'], 'text_limits' => '', 'text_no_js' => '', 'text_photos_kept' => '',
			'button_previous' => '', 'button_next' => '', 'button_close' => '', 'text_photo_of' => $texts['text_photo_of'], 'text_photos_pending' => ''
		];
		$jpeg = base64_encode(PhotoCorpus::jpeg(PhotoCorpus::image(40, 30)));

		file_put_contents(self::$directory . '/index.html', '<!DOCTYPE html><html><head><meta charset="utf-8"><title>form</title></head><body>'
			. '<form id="form-review"><textarea name="text"></textarea>' . self::render('rebound_review_field.twig', $vars) . '<button type="submit" id="button-review">Send</button></form>'
			. self::render('rebound_review_script.twig', $vars)
			. '<pre id="result"></pre><script>
(async function () {
  var input = document.getElementById("input-rebound-photos");
  var jpeg = Uint8Array.from(atob("' . $jpeg . '"), function (c) { return c.charCodeAt(0); });
  function photo(name) { return new File([jpeg], name, {type: "image/jpeg"}); }
  function blob(name, size, type, text) { return new File([text || new Uint8Array(size)], name, {type: type}); }
  function choose(files) { var dt = new DataTransfer(); files.forEach(function (f) { dt.items.add(f); }); input.files = dt.files; input.dispatchEvent(new Event("change")); }
  function settled() {
    return new Promise(function (resolve) {
      (function poll() {
        if (document.querySelector("#rebound-review-previews [data-state=waiting], #rebound-review-previews [data-state=busy]")) { setTimeout(poll, 20); } else { setTimeout(resolve, 50); }
      })();
    });
  }
  try {
' . $steps . '
    var previews = Array.prototype.map.call(document.querySelectorAll("#rebound-review-previews li"), function (li) {
      return {name: li.querySelector("[data-name]").textContent, state: li.dataset.state || "", message: li.querySelector("[data-message]").textContent, image: !!li.querySelector("img")};
    });
    document.getElementById("result").textContent = JSON.stringify({previews: previews, disabled: document.getElementById("button-review").disabled});
  } catch (e) {
    document.getElementById("result").textContent = JSON.stringify({error: String(e)});
  }
})();
</script></body></html>');

		$dom = (string)shell_exec(escapeshellarg($chromium) . ' --headless --no-sandbox --disable-gpu --no-first-run --user-data-dir=' . escapeshellarg(self::$directory . '/profile') . ' --virtual-time-budget=60000 --dump-dom ' . escapeshellarg(self::$url . 'index.html') . ' 2>/dev/null');
		$this->assertSame(1, preg_match('~<pre id="result">(.*?)</pre>~s', $dom, $match), 'the page ran: ' . substr($dom, 0, 300));
		$result = json_decode(html_entity_decode($match[1], ENT_QUOTES | ENT_HTML5, 'UTF-8'), true);
		$this->assertIsArray($result, $match[1]);
		$this->assertArrayNotHasKey('error', $result);

		return $result;
	}

	/**
	 * @param list<array{name: string, state: string, message: string, image: bool}> $previews
	 *
	 * @return array<string, string> name => state: message
	 */
	private static function outcomes(array $previews): array {
		return array_column(array_map(static fn (array $preview): array => [$preview['name'], $preview['state'] . ': ' . $preview['message']], $previews), 1, 0);
	}

	public function testOnlyPhotosAddedOrOnTheirWayCountAndSizeIsToldFirst(): void {
		$result = $this->form('
    choose([photo("photo1.jpg"), photo("photo2.jpg"), photo("photo3.jpg")]);
    await settled();
    choose([blob("evil.svg", 0, "image/svg+xml", "<svg xmlns=\'http://www.w3.org/2000/svg\'><script>alert(1)<\\/script></svg>"), blob("page-renamed.jpg", 0, "image/jpeg", "<!DOCTYPE html><title>x</title>"), photo("photo4.jpg"), blob("too-big-3mb.jpg", 3 * 1048576, "image/jpeg")]);
    await settled();
    choose([photo("photo5.jpg"), photo("photo6.jpg"), blob("also-too-big.jpg", 3 * 1048576, "image/jpeg")]);
    await settled();
');
		// The route's own answers: the sanitiser finds a script in the SVG, and no picture in the HTML page.
		$payload = 'refused: This file is not a plain photo. Please upload a photo straight from your camera or phone.';

		$this->assertSame([
			'photo1.jpg'       => 'ok: Added',
			'photo2.jpg'       => 'ok: Added',
			'photo3.jpg'       => 'ok: Added',
			'evil.svg'         => $payload,
			'page-renamed.jpg' => 'refused: Only JPEG, PNG, GIF and WebP photos can be uploaded.',
			'photo4.jpg'       => 'ok: Added',
			'too-big-3mb.jpg'  => 'refused: This photo is too large (3 MB); the most accepted is 2 MB.',
			'photo5.jpg'       => 'ok: Added',
			'photo6.jpg'       => 'refused: You can add up to 5 photos to a review.',
			'also-too-big.jpg' => 'refused: This photo is too large (3 MB); the most accepted is 2 MB.'
		], self::outcomes($result['previews']), 'the two refused by the server left their places to photo4 and photo5');
		$this->assertFalse($result['disabled'], 'the send button is free again once all are done');
		$this->assertSame(5, (int)self::$database->connection->query("SELECT COUNT(*) AS `n` FROM `oc_rebound_photo` WHERE `kind` = 'review' AND `owner_id` = 0")[0]['n'], 'the five added are stored, waiting for the review');
	}

	public function testTheWebServersOwnSizeLimitIsToldAsSuch(): void {
		$result = $this->form('
    choose([blob("photo-over-nginx.jpg", 1258291, "image/jpeg"), photo("photo1.jpg")]);
    await settled();
');

		$this->assertSame([
			'photo-over-nginx.jpg' => 'refused: This photo (1.2 MB) is too large for the web server, although the form allows up to 2 MB. Please choose a smaller photo.',
			'photo1.jpg'           => 'ok: Added'
		], self::outcomes($result['previews']));
	}

	public function testAFileTheBrowserCannotShowKeepsItsNameWithoutABrokenImage(): void {
		$result = $this->form('
    choose([blob("page-renamed.jpg", 0, "image/jpeg", "<!DOCTYPE html><title>x</title>"), photo("photo1.jpg")]);
    await settled();
');

		$this->assertSame([['page-renamed.jpg', false], ['photo1.jpg', true]], array_map(static fn (array $preview): array => [$preview['name'], $preview['image']], $result['previews']));
	}

	public function testWithoutJavaScriptTheReviewTabsPaneIsShown(): void {
		// The stock theme's Reviews tab opens only by script; seen with JavaScript off in a real store.
		$html = self::render('rebound_review_script.twig', array_fill_keys(['button_previous', 'button_next', 'button_close', 'text_photo_of', 'text_photos_pending'], ''));

		$this->assertSame(1, preg_match('~<noscript><style>([^<]*)</style></noscript>~', $html, $style));
		$this->assertSame('#tab-review { display: block !important; opacity: 1 !important; }', $style[1]);
	}
}
