<?php
use Opencart\System\Library\Extension\Rebound\OrderListReturns;
use Opencart\System\Library\Extension\Rebound\ReturnRequests;
use PHPUnit\Framework\TestCase;

/**
 * The order history list's notes: read from the sidecar's answer, and put after the right order's row of
 * OpenCart's own account/order_list markup.
 */
final class OrderListReturnsTest extends TestCase {
	/** The rows OpenCart 4.1's account/order_list.twig prints for two orders (links as url->link() gives them). */
	private const PAGE = <<<'HTML'
<table class="table table-bordered table-hover">
  <thead>
    <tr>
      <th class="text-end">Order ID</th>
      <th class="text-end">No. of Products</th>
      <th>Status</th>
      <th class="text-end">Total</th>
      <th>Date Added</th>
      <th></th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <td class="text-end">#12</td>
      <td class="text-end">2</td>
      <td>Complete</td>
      <td class="text-end">$10.00</td>
      <td>26/11/2026</td>
      <td class="text-end"><a href="http://shop/index.php?route=account/order.info&amp;order_id=12" class="btn btn-info"><i class="fa-solid fa-eye"></i></a></td>
    </tr>
    <tr>
      <td class="text-end">#1</td>
      <td class="text-end">1</td>
      <td>Pending</td>
      <td class="text-end">$5.00</td>
      <td>01/11/2026</td>
      <td class="text-end"><a href="http://shop/index.php?route=account/order.info&amp;order_id=1" class="btn btn-info"><i class="fa-solid fa-eye"></i></a></td>
    </tr>
  </tbody>
</table>
HTML;

	private const ANSWER = ['orders' => [
		['order_id' => 12, 'found' => true, 'deadline' => '2026-12-26T23:59:59+00:00', 'blocked' => null, 'lines' => [
			['order_product_id' => 31, 'name' => 'Tee', 'bought' => 3, 'returnable' => 2, 'eligible' => true, 'deadline' => '2026-12-26T23:59:59+00:00', 'blocks' => [], 'free_return_shipping' => true, 'requests' => [
				['reference' => 'G6KQ7ZZB', 'status' => 'requested', 'status_text' => 'Requested — the store will review it', 'quantity' => 1],
				['reference' => '<b>', 'status' => 'requested', 'quantity' => 1]
			]],
			['order_product_id' => 32, 'name' => 'Gift card', 'bought' => 1, 'returnable' => 0, 'eligible' => false, 'deadline' => null, 'blocks' => [['code' => 'excluded_category', 'text' => 'Gift cards can\'t be returned.']], 'free_return_shipping' => false]
		]],
		['order_id' => 1, 'found' => true, 'deadline' => null, 'blocked' => ['code' => 'not_delivered', 'text' => 'The order has not been delivered yet.'], 'lines' => [
			['order_product_id' => 2, 'name' => 'Mug', 'bought' => 1, 'returnable' => 0, 'eligible' => false, 'deadline' => null, 'blocks' => [['code' => 'not_delivered', 'text' => 'The order has not been delivered yet.']], 'free_return_shipping' => false]
		]],
		['order_id' => 5, 'found' => false],
		'not an order',
		['order_id' => 0, 'found' => true, 'lines' => []]
	]];

	public function testTheAnswerBecomesNotesPerOrder(): void {
		$notes = OrderListReturns::fromAnswer(self::ANSWER);

		$this->assertSame([12, 1], array_keys($notes), 'orders not found and malformed entries are left out');
		$this->assertSame('', $notes[12]['blocked'], 'a line can be returned: no order-wide reason');
		$this->assertSame(['order_product_id' => 31, 'name' => 'Tee', 'eligible' => true, 'returnable' => 2, 'deadline' => '2026-12-26T23:59:59+00:00', 'why' => '', 'free_return_shipping' => true, 'requests' => [
			['reference' => 'G6KQ7ZZB', 'status' => 'requested', 'status_text' => 'Requested — the store will review it', 'quantity' => 1]
		]], $notes[12]['lines'][0], 'the open request is carried; a malformed reference is dropped');
		$this->assertSame([], $notes[12]['lines'][1]['requests']);
		$this->assertSame('Gift cards can\'t be returned.', $notes[12]['lines'][1]['why']);
		$this->assertSame('', $notes[12]['lines'][1]['deadline']);
		$this->assertSame('The order has not been delivered yet.', $notes[1]['blocked']);
	}

	public function testARequestInWordsUsesTheStoresStatusText(): void {
		$request = ['reference' => 'G6KQ7ZZB', 'status' => 'approved', 'status_text' => 'Approved — send the items back', 'quantity' => 2];
		$statuses = ReturnRequests::statusTexts(static fn (string $key): string => ['rebound_text_status_approved' => 'Approved — please send the items back'][$key] ?? $key, 'rebound_');

		$this->assertSame(['approved' => 'Approved — please send the items back'], $statuses);
		$this->assertSame('2 requested (G6KQ7ZZB, Approved — please send the items back)', ReturnRequests::words($request, '%d requested (%s, %s)', $statuses));
		$this->assertSame('2 requested (G6KQ7ZZB, Approved — send the items back)', ReturnRequests::words($request, '%d requested (%s, %s)'), 'the sidecar\'s text otherwise');
	}

	public function testAnAnswerWithoutOrdersGivesNoNotes(): void {
		$this->assertSame([], OrderListReturns::fromAnswer([]));
		$this->assertSame([], OrderListReturns::fromAnswer(['orders' => 'x']));
		$this->assertSame([], OrderListReturns::fromAnswer(['orders' => [['order_id' => 3, 'found' => true, 'lines' => 'x']]]));
	}

	public function testEachRowGoesAfterItsOrdersRow(): void {
		$html = OrderListReturns::insertAfterRows(self::PAGE, [
			'http://shop/index.php?route=account/order.info&amp;order_id=1'  => '<tr id="notes-1"></tr>',
			'http://shop/index.php?route=account/order.info&amp;order_id=12' => '<tr id="notes-12"></tr>',
			'http://shop/index.php?route=account/order.info&amp;order_id=99' => '<tr id="notes-99"></tr>'
		]);

		$this->assertMatchesRegularExpression('~order_id=12".*?</tr><tr id="notes-12"></tr>\s*<tr>\s*<td class="text-end">#1</td>~s', $html);
		$this->assertMatchesRegularExpression('~order_id=1".*?</tr><tr id="notes-1"></tr>\s*</tbody>~s', $html);
		$this->assertStringNotContainsString('notes-99', $html, 'an order not on the page adds nothing');
		$this->assertSame(2, substr_count($html, 'id="notes-'));
	}

	public function testAThemeWithoutTheLinksKeepsItsPage(): void {
		$page = str_replace('href="http://shop/index.php?route=account/order.info&amp;', 'data-x="', self::PAGE);

		$this->assertSame($page, OrderListReturns::insertAfterRows($page, ['http://shop/index.php?route=account/order.info&amp;order_id=1' => '<tr></tr>', '' => '<tr></tr>']));
	}

	public function testTheNotesSpanTheTablesColumns(): void {
		$this->assertSame(6, OrderListReturns::columns(self::PAGE));
		$this->assertSame(7, OrderListReturns::columns(str_replace('<th>Status</th>', '<th>Status</th><th>Shipping</th>', self::PAGE)));
		$this->assertSame(6, OrderListReturns::columns('<table><tr><td>no head</td></tr></table>'));
	}
}
