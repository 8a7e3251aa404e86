<?php
use Opencart\System\Library\Extension\Rebound\CaseView;
use PHPUnit\Framework\TestCase;

/**
 * The returns dashboard as its templates show it: a row of the list, a case's items, history, summary and
 * the policy check, from the sidecar's answers and OpenCart's order.
 */
final class CaseViewTest extends TestCase {
	private const TEXTS = [
		'text_days'            => '%d days',
		'text_today'           => 'Today',
		'text_guest'           => 'Guest',
		'text_photo_ids'       => 'Photos not found: %s',
		'text_core_return'     => 'Return #%d',
		'text_line'            => 'Item %d (%s)',
		'text_item'            => 'Item %d',
		'status_requested'     => 'Requested',
		'status_approved'      => 'Approved',
		'action_approve'       => 'Approve',
		'resolution_refund'    => 'Refund',
		'action_reject'        => 'Reject',
		'text_computed'        => 'Computed: %s',
		'text_computed_refund' => 'Policy: %s of %s'
	];

	private static function view(): CaseView {
		return new CaseView(
			static fn (string $key): string => self::TEXTS[$key] ?? $key,
			static fn (mixed $amount): string => '$' . number_format((float)$amount, 2),
			static fn (mixed $value, string $format): string => is_string($value) && $value !== '' ? $format . ':' . substr($value, 0, 10) : '',
			static fn (string $route, string $args): string => $route . '?' . ltrim($args, '&')
		);
	}

	public function testARowNamesTheCustomerFromTheOrderOrFallsBackToTheEmail(): void {
		$case = ['case_id' => 7, 'reference' => 'R-7', 'order_id' => 12, 'email' => 'ann@example.com', 'status' => 'requested', 'base_value' => '19.5', 'age_days' => 3, 'created_at' => '2026-11-20T10:00:00+00:00', 'serial_returner' => 1];

		$row = self::view()->row($case, ['firstname' => 'Ann', 'lastname' => 'O&#039;Neil'], 'returns');

		$this->assertSame("Ann O'Neil", $row['customer']);
		$this->assertSame('Requested', $row['status_text']);
		$this->assertSame('$19.50', $row['value']);
		$this->assertSame('3 days', $row['age']);
		$this->assertSame('date_format_short:2026-11-20', $row['date_added']);
		$this->assertSame('sale/order.info?order_id=12', $row['order']);
		$this->assertSame('returns.info?case_id=7', $row['view']);
		$this->assertTrue($row['serial_returner']);
		$this->assertFalse($row['auto_approved']);

		$row = self::view()->row(['age_days' => 0, 'email' => 'bo@example.com', 'status' => 'odd'] , [], 'returns');

		$this->assertSame('bo@example.com', $row['customer']);
		$this->assertSame('Today', $row['age']);
		$this->assertSame('odd', $row['status_text'], 'a status the language file does not know shows as sent');
	}

	public function testLinesShowTheProductsPhotosAndCoreReturn(): void {
		$case = ['lines' => [
			['order_product_id' => 5, 'quantity' => 2, 'reason_id' => 1, 'resolution' => 'refund', 'refund' => '10', 'photo_ids' => ['a', 'b'], 'photo_count' => 2, 'return_id' => 40],
			['order_product_id' => 6, 'product_id' => 99, 'reason_id' => 3, 'opened' => 1]
		]];
		$products = [5 => ['name' => 'Mug', 'model' => 'M-1', 'options' => 'Colour: red']];

		$lines = self::view()->lines($case, $products, [1 => 'Broken'], static fn (string $id): ?array => $id === 'a' ? ['thumb' => 't/' . $id, 'href' => 'h/' . $id] : null);

		$this->assertSame([1, 2], array_column($lines, 'number'));
		$this->assertSame(['Mug', '#99'], array_column($lines, 'name'));
		$this->assertSame(['Broken', '#3'], array_column($lines, 'reason'));
		$this->assertSame([['thumb' => 't/a', 'href' => 'h/a']], $lines[0]['photos']);
		$this->assertSame('Photos not found: b', $lines[0]['photo_ids']);
		$this->assertSame('Return #40', $lines[0]['return']);
		$this->assertSame('sale/returns.form?return_id=40', $lines[0]['return_href']);
		$this->assertSame('Refund', $lines[0]['resolution']);
		$this->assertSame('$10.00', $lines[0]['refund']);
		$this->assertTrue($lines[1]['opened']);
		$this->assertSame('', $lines[1]['return_href']);
	}

	public function testTheSummaryLinksTheCustomerOnlyWhenThereIsOneAndTheUserMayOpenIt(): void {
		$case = ['case_id' => 7, 'order_id' => 12, 'customer_id' => 4, 'status' => 'approved', 'updated_at' => '2026-11-21T10:00:00+00:00', 'free_return_shipping' => 1];

		$summary = self::view()->summary($case, ['firstname' => 'Ann', 'lastname' => 'Lee'], true);

		$this->assertSame('Ann Lee', $summary['customer']);
		$this->assertSame('customer/customer.form?customer_id=4', $summary['customer_href']);
		$this->assertSame('Approved', $summary['status_text']);
		$this->assertSame('datetime_format:2026-11-21', $summary['date_modified']);
		$this->assertTrue($summary['free_shipping']);

		$this->assertSame('', self::view()->summary($case, ['firstname' => 'Ann', 'lastname' => 'Lee'], false)['customer_href']);
		$this->assertSame('Guest', self::view()->summary(['customer_id' => 0] + $case, null, true)['customer']);
	}

	public function testHistoryLabelsStatusesAndActions(): void {
		$history = self::view()->history(['history' => [['status' => 'approved', 'action' => 'approve', 'actor' => 'admin', 'created_at' => '2026-11-21T10:00:00+00:00']]]);

		$this->assertSame([['status' => 'Approved', 'action' => 'Approve', 'actor' => 'admin', 'comment' => '', 'date' => 'datetime_format:2026-11-21']], $history);
	}

	public function testThePolicyCheckNamesTheItemsAndKeepsItsNotes(): void {
		$check = ['accepted' => false, 'errors' => ['lines' => ['1' => ['quantity' => ['Too many.']]], 'order' => ['Too late.']], 'approval' => ['text' => 'Needs approval.'], 'serial_returner' => ['flagged' => true, 'text' => 'Returns often.']];

		$policy = self::view()->policy($check, ['Mug', 'Cup']);

		$this->assertTrue($policy['policy_known']);
		$this->assertFalse($policy['policy_accepted']);
		$this->assertSame(['Item 2 (Cup): Too many.', 'Too late.'], $policy['policy_errors']);
		$this->assertSame(['Needs approval.', 'Returns often.'], $policy['policy_notes']);

		$this->assertSame(['policy_known' => false, 'policy_accepted' => false, 'policy_errors' => [], 'policy_notes' => []], self::view()->policy(null, []));
		$this->assertSame('Item 3: Broken.', self::view()->objection(['item' => 3, 'name' => '', 'message' => 'Broken.']));
	}

	public function testFormsOnlyForAUserWhoMayModifyEachWithItsOwnKey(): void {
		$case = ['allowed_actions' => ['reject', 'approve', 'teleport'], 'policy_check' => ['accepted' => true, 'gross' => '100.00', 'restocking_fee' => '10.00', 'refund' => '90.00', 'credit' => '0.00']];

		$forms = self::view()->forms($case, true);

		$this->assertSame(['approve', 'reject'], array_column($forms['actions'], 'action'), 'in the order of AdminApi::ACTIONS, unknown ones left out');
		$this->assertSame(['Approve', 'Reject'], array_column($forms['actions'], 'title'));
		$this->assertNotSame($forms['actions'][0]['key'], $forms['actions'][1]['key']);
		$this->assertSame('90.00', $forms['default_refund']);
		$this->assertSame('Policy: $90.00 of $100.00', $forms['text_computed_refund']);
		$this->assertSame('Computed: $90.00', $forms['text_computed_credit']);
		$this->assertArrayHasKey('as_new', $forms['conditions']);

		$this->assertSame([], self::view()->forms($case, false)['actions']);
		$this->assertSame('', self::view()->forms(['allowed_actions' => ['approve']], true)['text_computed_refund'], 'no policy check, no computed refund');
	}
}
