<?php
use Opencart\Catalog\Controller\Extension\Rebound\Module\Rebound;
use Opencart\System\Library\Extension\Rebound\TrackingToken;
use PHPUnit\Framework\TestCase;

if (!defined('DB_PREFIX')) {
	define('DB_PREFIX', 'oc_');
}

require_once __DIR__ . '/support/storefront_stand_ins.php';
require_once __DIR__ . '/support/return_fixtures.php';

/**
 * The shopper's return pages and the order page's handlers, run as OpenCart 4.1 runs them on stand-ins for
 * its engine (the views are recorded, not rendered), against the real MariaDB and either a real sidecar or
 * a port where nothing listens.
 */
final class ReturnPagesTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';

	use LiveSidecar;

	private static string $down;

	private StandInSession $session;

	public static function setUpBeforeClass(): void {
		self::openStore();
		self::startSidecar(self::SECRET);
		self::$down = 'http://127.0.0.1:' . Processes::freePort();

		// A running store's sidecar is warm; a fresh one loads its code on the first read. Warm it with one
		// read, so the pages' ~300 ms cap is not spent on start-up when the machine is busy.
		$order = ReturnFixtures::order(self::$database->connection, 9, 'warm@example.com');
		$warm = self::client()->request('GET', '/v1/orders/' . $order['order_id'] . '/eligibility?customer_id=9', '', 30.0);
		if ($warm->status !== 200) {
			throw new \RuntimeException('the sidecar did not answer the warm-up read: ' . $warm->status);
		}
	}

	protected function setUp(): void {
		$this->session = new StandInSession();
	}

	/**
	 * The catalog controller for a shopper (0 = a guest) in this test's session.
	 *
	 * @param array<string, mixed> $settings
	 */
	private function page(int $customerId = 0, string $email = '', bool $sidecar = false, array $settings = []): Rebound {
		return new Rebound(storefront_registry(new StandInDb(self::$database->connection), $settings + [
			'module_rebound_status'      => '1',
			'module_rebound_sidecar_url' => $sidecar ? self::$sidecar->url : self::$down,
			'module_rebound_secret'      => self::SECRET,
			'config_store_id'            => 0,
			'config_language'            => 'en-gb',
			'config_language_id'         => 1,
			'config_name'                => 'Rebound Test Store'
		], new StandInShopper($customerId, $email), $this->session));
	}

	/**
	 * The registry's service, for reading what a page did.
	 */
	private static function get(Rebound $page, string $key): object {
		return $page->__get($key);
	}

	/**
	 * @param array<string, mixed> $get
	 * @param array<string, mixed> $post
	 */
	private static function request(Rebound $page, array $get, array $post = []): void {
		$request = self::get($page, 'request');
		$request->get = StandInRequest::clean($get);
		$request->post = StandInRequest::clean($post);
		$request->server['REQUEST_METHOD'] = $post ? 'POST' : 'GET';
	}

	/**
	 * The view data of account/order_info for one order as OpenCart's controller hands it over.
	 *
	 * @param array{order_id: int, order_product_id: int, product_id: int} $order
	 *
	 * @return array<string, mixed>
	 */
	private static function orderInfoData(array $order): array {
		return ['order_id' => $order['order_id'], 'button_return' => 'Return Item', 'products' => [[
			'order_product_id' => $order['order_product_id'],
			'product_id'       => $order['product_id'],
			'name'             => 'Organic &amp; soft tee',
			'option'           => [],
			'return'           => 'http://shop.test/index.php?route=account/returns.add&amp;order_id=' . $order['order_id']
		]]];
	}

	public function testTheOrderPageShowsEachLinesDeadlineAndLinksToTheForm(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(3, 'ann@example.com', true);

		$route = 'account/order_info';
		$data = self::orderInfoData($order);
		$page->orderInfo($route, $data);

		$product = $data['products'][0];
		$this->assertSame('http://shop.test/index.php?route=extension/rebound/module/rebound.returnForm&amp;language=en-gb&amp;order_id=' . $order['order_id'] . '&amp;order_product_id=' . $order['order_product_id'], $product['return']);
		$this->assertSame('Return this item', $data['button_return']);
		$this->assertSame('Return', $product['option'][0]['name']);
		$this->assertMatchesRegularExpression('~^until [0-9]{2}/[0-9]{2}/[0-9]{4}$~', $product['option'][0]['value']);
		$this->assertSame([], $data['rebound_not_returnable']);
	}

	public function testALineThatCantBeReturnedSaysWhyAndLosesItsButton(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com', 1);
		$page = $this->page(3, 'ann@example.com', true);

		$route = 'account/order_info';
		$data = self::orderInfoData($order);
		$page->orderInfo($route, $data);

		$href = $data['products'][0]['return'];
		$this->assertSame([$href], $data['rebound_not_returnable']);
		$this->assertStringStartsWith('not possible: ', $data['products'][0]['option'][0]['value']);

		// OpenCart's default markup for the button, as account/order_info.twig prints it.
		$output = '<td><a href="' . $href . '" class="btn btn-danger">Return this item</a></td><a href="other">Keep</a>';
		$page->orderInfoAfter($route, $data, $output);

		$this->assertSame('<td><span class="btn btn-outline-secondary disabled" aria-disabled="true">Not returnable</span></td><a href="other">Keep</a>', $output);
	}

	public function testWithTheSidecarDownTheOrderPageStillLetsTheShopperAsk(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(3, 'ann@example.com');

		$route = 'account/order_info';
		$data = self::orderInfoData($order);

		$start = microtime(true);
		$page->orderInfo($route, $data);

		$this->assertLessThan(0.5, microtime(true) - $start);
		$this->assertStringContainsString('rebound.returnForm', $data['products'][0]['return']);
		$this->assertSame('Request a return', $data['button_return']);
		$this->assertSame([], $data['products'][0]['option'], 'no deadline without the policy');
	}

	public function testAnotherCustomersOrderPageIsLeftAsItIs(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');

		$route = 'account/order_info';
		$data = self::orderInfoData($order);
		$before = $data;
		$this->page(4, 'bob@example.com', true)->orderInfo($route, $data);

		$this->assertSame($before, $data);
	}

	public function testOpenCartsReturnFormLeadsToReboundsUnlessAskedFor(): void {
		$page = $this->page(3);

		$route = 'account/returns.add';
		$page->returnsAdd($route);
		$this->assertSame('extension/rebound/module/rebound.returnForm', $route);

		$route = 'account/returns.add';
		self::request($page, ['rebound' => 'off']);
		$page->returnsAdd($route);
		$this->assertSame('account/returns.add', $route);

		$route = 'account/returns.add';
		$this->page(3, '', false, ['module_rebound_status' => '0'])->returnsAdd($route);
		$this->assertSame('account/returns.add', $route);
	}

	public function testWithTheSidecarDownARequestIsRecordedOnceAndReceived(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(3, 'ann@example.com');
		$loader = self::get($page, 'load');
		$before = count(ReturnFixtures::outbox(self::$database->connection));

		self::request($page, ['order_id' => $order['order_id'], 'product_id' => $order['product_id']]);
		$page->returnForm();

		// The plain form: OpenCart's lines and reasons, no policy, the line the shopper came from chosen.
		$form = $loader->last('extension/rebound/module/rebound_form');
		$this->assertFalse($form['precise']);
		$this->assertSame('Organic & soft tee', $form['lines'][0]['name']);
		$this->assertSame(1, $form['lines'][0]['quantity']);
		$this->assertSame([0, 1, 2], $form['lines'][0]['quantities']);
		$this->assertCount(5, $form['lines'][0]['reasons']);

		$post = ['form_token' => $form['form_token'], 'comment' => 'Too small & "tight"', 'lines' => [$order['order_product_id'] => ['quantity' => '2', 'reason_id' => '5', 'resolution' => 'refund', 'opened' => '1']]];

		self::request($page, ['order_id' => $order['order_id']], $post);
		$page->returnForm();

		$result = $loader->last('extension/rebound/module/rebound_result');
		$this->assertSame('received', $result['outcome']);
		$this->assertFalse($result['repeated']);

		$rows = ReturnFixtures::outbox(self::$database->connection);
		$this->assertCount($before + 1, $rows);
		$this->assertSame('pending', $rows[$before]['status']);
		$this->assertSame([
			'order_id'    => $order['order_id'],
			'customer_id' => 3,
			'email'       => 'ann@example.com',
			'lines'       => [['order_product_id' => $order['order_product_id'], 'quantity' => 2, 'reason_id' => 5, 'resolution' => 'refund', 'exchange_option_value_id' => null, 'opened' => true, 'photo_ids' => []]],
			'comment'     => 'Too small & "tight"',
			'language_id' => 1
		], $rows[$before]['payload']['data']);

		// The same form again (a reload, a double click): the first answer, nothing sent twice.
		$page->returnForm();

		$this->assertTrue($loader->last('extension/rebound/module/rebound_result')['repeated']);
		$this->assertCount($before + 1, ReturnFixtures::outbox(self::$database->connection));
	}

	public function testWithoutTheSidecarWhatOpenCartsReturnsNameIsNotOfferedAgain(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com', 5, 3);
		self::$database->connection->query("INSERT INTO `oc_return` SET `order_id` = '" . $order['order_id'] . "', `product_id` = '" . $order['product_id'] . "', `quantity` = '2', `return_status_id` = '1', `date_added` = NOW(), `date_modified` = NOW()");
		$page = $this->page(3, 'ann@example.com');

		self::request($page, ['order_id' => $order['order_id']]);
		$page->returnForm();

		$line = self::get($page, 'load')->last('extension/rebound/module/rebound_form')['lines'][0];
		$this->assertSame([0, 1], $line['quantities']);
		$this->assertSame(2, $line['already_returned']);
	}

	public function testAFormWithoutAValidTokenSendsNothing(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(3, 'ann@example.com');
		$before = count(ReturnFixtures::outbox(self::$database->connection));

		self::request($page, ['order_id' => $order['order_id']], ['form_token' => 'forged', 'lines' => [$order['order_product_id'] => ['quantity' => '1', 'reason_id' => '5', 'resolution' => 'refund']]]);
		$page->returnForm();

		$form = self::get($page, 'load')->last('extension/rebound/module/rebound_form');
		$this->assertSame('This form has expired. Please check your choices and send it again.', $form['errors']['warning']);
		$this->assertSame(1, $form['lines'][0]['quantity'], 'what was posted is shown again');
		$this->assertCount($before, ReturnFixtures::outbox(self::$database->connection));
	}

	public function testMistakesAreShownBesideTheirLine(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(3, 'ann@example.com', true);
		$loader = self::get($page, 'load');

		self::request($page, ['order_id' => $order['order_id']]);
		$page->returnForm();
		$token = $loader->last('extension/rebound/module/rebound_form')['form_token'];

		self::request($page, ['order_id' => $order['order_id']], ['form_token' => $token, 'lines' => [$order['order_product_id'] => ['quantity' => '3', 'reason_id' => '0', 'resolution' => 'refund']]]);
		$page->returnForm();

		$form = $loader->last('extension/rebound/module/rebound_form');
		$this->assertTrue($form['precise']);
		$this->assertSame(['You can return at most the quantity shown.', 'Choose a reason.'], $form['lines'][0]['errors']);
		$this->assertSame('Please check the items marked below.', $form['errors']['warning']);
	}

	public function testAnAcceptedRequestShowsItsCaseAndTheTrackingPage(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(3, 'ann@example.com', true);
		$loader = self::get($page, 'load');

		self::request($page, ['order_id' => $order['order_id'], 'order_product_id' => $order['order_product_id']]);
		$page->returnForm();
		$form = $loader->last('extension/rebound/module/rebound_form');
		$this->assertTrue($form['precise']);
		$this->assertSame(1, $form['lines'][0]['quantity']);

		self::request($page, ['order_id' => $order['order_id']], ['form_token' => $form['form_token'], 'lines' => [$order['order_product_id'] => ['quantity' => '1', 'reason_id' => '5', 'resolution' => 'refund']]]);
		$page->returnForm();

		$result = $loader->last('extension/rebound/module/rebound_result');
		$this->assertSame('accepted', $result['outcome'], self::$sidecar->output());
		$this->assertMatchesRegularExpression('/^[A-Z0-9]{8}$/D', $result['reference']);
		// A customer's link needs the login, not a token.
		$this->assertSame('http://shop.test/index.php?route=extension/rebound/module/rebound.track&amp;language=en-gb&amp;reference=' . $result['reference'], $result['track']);

		self::request($page, ['reference' => strtolower($result['reference'])]);
		$page->track();

		$track = $loader->last('extension/rebound/module/rebound_track');
		$this->assertSame('', $track['message']);
		$this->assertSame('Rebound Test Store', $track['store_name']);
		$this->assertSame($result['reference'], $track['reference']);
		$this->assertSame('Organic & soft tee', $track['case']['lines'][0]['name']);
		$this->assertSame('Refund', $track['case']['lines'][0]['resolution']);
		$this->assertSame([['label' => 'Refund', 'amount' => '$21.60']], $track['case']['amounts']);
		$this->assertNotSame('', $track['case']['status_text']);
		$this->assertNotEmpty($track['case']['timeline']);
	}

	public function testTheOrderPageNamesALinesOpenRequestAndWhatIsLeft(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(3, 'ann@example.com', true);
		$loader = self::get($page, 'load');

		self::request($page, ['order_id' => $order['order_id']]);
		$page->returnForm();
		$form = $loader->last('extension/rebound/module/rebound_form');
		self::request($page, ['order_id' => $order['order_id']], ['form_token' => $form['form_token'], 'lines' => [$order['order_product_id'] => ['quantity' => '1', 'reason_id' => '5', 'resolution' => 'refund']]]);
		$page->returnForm();
		$reference = $loader->last('extension/rebound/module/rebound_result')['reference'];

		$route = 'account/order_info';
		$data = self::orderInfoData($order);
		$page->orderInfo($route, $data);

		// 1 of the 2 units asked for: the request with its tracking page, then what may still be returned.
		$track = 'http://shop.test/index.php?route=extension/rebound/module/rebound.track&amp;language=en-gb&amp;reference=' . $reference;
		$this->assertMatchesRegularExpression('~^1 requested \\(' . $reference . ', Requested — we will review it\\) — <a href="' . preg_quote($track, '~') . '">follow it</a>; 1 more until [0-9]{2}/[0-9]{2}/[0-9]{4}$~u', $data['products'][0]['option'][0]['value'], self::$sidecar->output());
		$this->assertSame([], $data['rebound_not_returnable']);
	}

	public function testAGuestOpensAnOrderWithItsNumberAndEmail(): void {
		$order = ReturnFixtures::order(self::$database->connection, 0, 'Gil@Example.com');
		$page = $this->page(0, '', true);
		$loader = self::get($page, 'load');

		// Without the lookup, the order number alone opens nothing.
		self::request($page, ['order_id' => $order['order_id']]);
		$page->returnForm();
		$lookup = $loader->last('extension/rebound/module/rebound_lookup');
		$this->assertSame((string)$order['order_id'], $lookup['order_id']);

		self::request($page, [], ['lookup_token' => $lookup['lookup_token'], 'order_id' => (string)$order['order_id'], 'email' => 'someone@example.com']);
		$page->lookup();
		$lookup = $loader->last('extension/rebound/module/rebound_lookup');
		$this->assertSame('No order matches that order number and email address.', $lookup['errors']['warning']);

		self::request($page, [], ['lookup_token' => $lookup['lookup_token'], 'order_id' => (string)$order['order_id'], 'email' => ' gil@example.COM ']);
		$page->lookup();
		$form = $loader->last('extension/rebound/module/rebound_form');
		$this->assertTrue($form['precise'], 'the sidecar answered for the guest by email');

		self::request($page, ['order_id' => $order['order_id']], ['form_token' => $form['form_token'], 'lines' => [$order['order_product_id'] => ['quantity' => '1', 'reason_id' => '5', 'resolution' => 'refund']]]);
		$page->returnForm();

		$result = $loader->last('extension/rebound/module/rebound_result');
		$this->assertSame('accepted', $result['outcome'], self::$sidecar->output());

		// The guest's link carries the email and a token over reference and email.
		parse_str(parse_url(html_entity_decode($result['track']), PHP_URL_QUERY), $link);
		$this->assertSame('Gil@Example.com', $link['email']);
		$this->assertTrue((new TrackingToken(self::SECRET))->verify($result['reference'], 'gil@example.com', $link['token']));

		// Opened later, from an email, in another session.
		$this->session = new StandInSession();
		$other = $this->page(0, '', true);
		self::request($other, $link);
		$other->track();
		$track = self::get($other, 'load')->last('extension/rebound/module/rebound_track');
		$this->assertSame('', $track['message'] . $track['message_html']);
		$this->assertSame($order['order_id'], (int)substr($track['case']['requested'], strrpos($track['case']['requested'], '#') + 1));

		self::request($other, ['token' => 'x' . $link['token']] + $link);
		$other->track();
		$track = self::get($other, 'load')->last('extension/rebound/module/rebound_track');
		$this->assertStringContainsString('This link is not valid', $track['message_html']);
		$this->assertSame([], $track['case']);
	}

	public function testARegisteredCustomersOrderNeedsTheLoginEvenWithItsEmail(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'ann@example.com');
		$page = $this->page(0, '', true);
		$loader = self::get($page, 'load');

		$page->lookup();
		$token = $loader->last('extension/rebound/module/rebound_lookup')['lookup_token'];

		self::request($page, [], ['lookup_token' => $token, 'order_id' => (string)$order['order_id'], 'email' => 'ann@example.com']);
		$page->lookup();

		$lookup = $loader->last('extension/rebound/module/rebound_lookup');
		$this->assertStringContainsString('please <a href="http://shop.test/index.php?route=account/login', $lookup['errors']['warning_html']);
		$this->assertArrayNotHasKey('rebound_orders', $this->session->data);
	}

	public function testTheTrackingPageWithoutLoginOrTokenAsksToLogIn(): void {
		$page = $this->page(0, '', true);
		$loader = self::get($page, 'load');

		self::request($page, ['reference' => 'R7K2M9QX']);
		$page->track();
		$track = $loader->last('extension/rebound/module/rebound_track');
		// A registered customer's emails link here without a token: the page must not send them back to the email.
		$this->assertSame('Please <a href="http://shop.test/index.php?route=account/login&amp;language=en-gb">log in</a> to follow this return.', $track['message_html']);
		$this->assertSame('http://shop.test/index.php?route=extension/rebound/module/rebound.track&language=en-gb&reference=R7K2M9QX', $this->session->data['redirect']);

		// Whatever the reference holds, only a well-formed one is ever printed.
		self::request($page, ['reference' => '<script>alert(1)</script>']);
		$page->track();
		$track = $loader->last('extension/rebound/module/rebound_track');
		$this->assertSame('', $track['reference']);
		$this->assertSame('We could not find this return.', $track['message']);
		$this->assertStringNotContainsString('script', self::get($page, 'document')->title);
	}
}
