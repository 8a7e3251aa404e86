<?php
use Opencart\System\Library\Extension\Rebound\PolicyForm;
use PHPUnit\Framework\TestCase;

/**
 * The policy editor's form and the policy document, both ways (no sidecar: the sidecar's verdict on what
 * comes out is in AdminApiTest).
 */
final class PolicyFormTest extends TestCase {
	/** What OpenCart's Request::clean() does to every posted value. */
	private static function clean(mixed $value): mixed {
		return is_array($value) ? array_map([self::class, 'clean'], $value) : htmlspecialchars((string)$value, ENT_COMPAT, 'UTF-8');
	}

	public function testDecodeUndoesRequestCleanExactlyOnce(): void {
		$typed = ['document' => '{"text": "Tom & Jerry\'s <b>sale</b>: 5 > 3, &amp; stays"}', 'ids' => ['1', '2']];

		$this->assertSame($typed, PolicyForm::decode(self::clean($typed)));
		$this->assertSame(['text' => "Tom & Jerry's <b>sale</b>: 5 > 3, &amp; stays"], PolicyForm::parse((string)PolicyForm::decode(self::clean($typed['document']))));
	}

	public function testParseTakesOnlyAJsonObject(): void {
		$this->assertSame([], PolicyForm::parse('{}'));
		$this->assertSame(['version' => 1], PolicyForm::parse(' {"version": 1} '));
		$this->assertNull(PolicyForm::parse('[1, 2]'));
		$this->assertNull(PolicyForm::parse('[]'));
		$this->assertNull(PolicyForm::parse('"text"'));
		$this->assertNull(PolicyForm::parse('{"version": 1,}'));
		$this->assertNull(PolicyForm::parse(''));
	}

	public function testEncodeKeepsEmptySectionsObjects(): void {
		$json = PolicyForm::encode(['version' => 1, 'window' => [], 'reasons' => [], 'excluded' => ['product_ids' => []], 'text' => 'é/ü']);

		$this->assertSame('{"version":1,"window":{},"reasons":[],"excluded":{"product_ids":[]},"text":"é/ü"}', (string)json_encode(json_decode($json), JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES));
		$this->assertSame('{}', PolicyForm::encode([]));
	}

	public function testTheFormShowsDefaultsForWhatTheDocumentLeavesOut(): void {
		$values = PolicyForm::fromDocument(['version' => 1]);

		$this->assertSame('30', $values['window_days']);
		$this->assertTrue($values['resolution_refund']);
		$this->assertFalse($values['resolution_store_credit']);
		$this->assertTrue($values['serial_enabled']);
		$this->assertTrue($values['final_sale_merchant_fault_returns']);
		$this->assertTrue($values['free_shipping_merchant_fault']);
		$this->assertSame('100.00', $values['auto_approve_max_value']);
		$this->assertSame(['refund'], $values['restocking_applies_to']);
		$this->assertSame([], $values['reasons']);
		$this->assertSame('', $values['final_sale_min_discount_percent']);
	}

	public function testTheFormShowsWhatTheDocumentSays(): void {
		$values = PolicyForm::fromDocument([
			'version'      => 1,
			'window'       => ['days' => 14, 'groups' => [['customer_group_id' => 3, 'days' => 60]]],
			'excluded'     => ['category_ids' => [20, 18], 'product_ids' => [42]],
			'reasons'      => [['reason_id' => 1, 'photos_required' => true, 'merchant_fault' => true], ['reason_id' => 5]],
			'resolutions'  => ['refund' => false, 'exchange' => true, 'store_credit' => true, 'store_credit_bonus_percent' => '10.00'],
			'auto_approve' => ['enabled' => true, 'max_value' => null, 'min_completed_orders' => 0],
			'text'         => 'Thirty days.'
		]);

		$this->assertSame('14', $values['window_days']);
		$this->assertSame([3 => '60'], $values['group_days']);
		$this->assertSame([18, 20], $values['excluded_category_ids']);
		$this->assertSame([42], $values['excluded_product_ids']);
		$this->assertSame([1 => ['photos_required' => true, 'merchant_fault' => true], 5 => ['photos_required' => false, 'merchant_fault' => false]], $values['reasons']);
		$this->assertFalse($values['resolution_refund']);
		$this->assertSame('10.00', $values['store_credit_bonus_percent']);
		$this->assertSame('', $values['auto_approve_max_value'], 'null: no limit, shown blank');
		$this->assertSame('0', $values['auto_approve_min_completed_orders']);
		$this->assertSame('Thirty days.', $values['text']);
	}

	public function testTheFormIsLaidOverTheJsonAndKeepsWhatItDoesNotShow(): void {
		$base = [
			'version' => 1,
			'window'  => ['days' => 30, 'delivered_status_ids' => [5], 'allow_before_delivery' => true, 'groups' => [['customer_group_id' => 2, 'days' => 90]]],
			'reasons' => [['reason_id' => 4]]
		];
		$form = [
			'window_days'                       => ' 21 ',
			'group_days'                        => [1 => '', 3 => '45'],
			'excluded_category_ids'             => ['20', '20', 'x', '0'],
			'reason_offered'                    => [1 => '1', 5 => '1'],
			'reason_photos'                     => [1 => '1', 2 => '1'],
			'reason_fault'                      => [1 => '1'],
			'resolution_refund'                 => '1',
			'resolution_store_credit'           => '1',
			'store_credit_bonus_percent'        => '10',
			'restocking_percent'                => '',
			'restocking_applies_to'             => ['refund', 'exchange'],
			'auto_approve_enabled'              => '1',
			'auto_approve_max_value'            => '',
			'auto_approve_min_completed_orders' => 'two',
			'serial_min_returns'                => '3',
			'text'                              => "Line one\r\nLine two"
		];

		$document = PolicyForm::toDocument($form, $base);

		$this->assertSame(1, $document['version']);
		$this->assertSame(['days' => 21, 'delivered_status_ids' => [5], 'allow_before_delivery' => true, 'groups' => [['customer_group_id' => 3, 'days' => 45]]], $document['window']);
		$this->assertSame([20], $document['excluded']['category_ids']);
		$this->assertSame([], $document['excluded']['product_ids']);
		$this->assertSame([
			['reason_id' => 1, 'photos_required' => true, 'merchant_fault' => true],
			['reason_id' => 5, 'photos_required' => false, 'merchant_fault' => false],
			['reason_id' => 2, 'photos_required' => true, 'merchant_fault' => false]
		], $document['reasons'], 'the ticked reasons and the flagged one, with their flags');
		$this->assertSame(['refund' => true, 'exchange' => false, 'store_credit' => true, 'store_credit_bonus_percent' => '10'], $document['resolutions']);
		$this->assertArrayNotHasKey('percent', $document['restocking_fee'], 'blank: the default');
		$this->assertSame(['refund'], $document['restocking_fee']['applies_to']);
		$this->assertNull($document['auto_approve']['max_value'], 'blank: no limit');
		$this->assertSame('two', $document['auto_approve']['min_completed_orders'], 'as typed, for the sidecar to refuse');
		$this->assertSame(3, $document['serial_returner']['min_returns']);
		$this->assertFalse($document['serial_returner']['enabled']);
		$this->assertFalse($document['free_shipping']['merchant_fault']);
		$this->assertSame("Line one\nLine two", $document['text']);
	}

	public function testFlaggingAReasonWithNoneTickedOfferedKeepsEveryReasonOffered(): void {
		$store = [3, 1, 2, 4, 5];

		$this->assertSame([], PolicyForm::toDocument([], [], $store)['reasons'], 'nothing ticked: the empty list, every reason');

		$document = PolicyForm::toDocument(['reason_photos' => [1 => '1', 4 => '1'], 'reason_fault' => [9 => '1']], ['reasons' => [['reason_id' => 1]]], $store);

		$this->assertSame([
			['reason_id' => 3, 'photos_required' => false, 'merchant_fault' => false],
			['reason_id' => 1, 'photos_required' => true, 'merchant_fault' => false],
			['reason_id' => 2, 'photos_required' => false, 'merchant_fault' => false],
			['reason_id' => 4, 'photos_required' => true, 'merchant_fault' => false],
			['reason_id' => 5, 'photos_required' => false, 'merchant_fault' => false],
			['reason_id' => 9, 'photos_required' => false, 'merchant_fault' => true]
		], $document['reasons'], 'every reason of the store stays offered, the flagged ones (also one the store no longer has) with their rules');

		$choices = PolicyForm::choices(PolicyForm::fromDocument($document), [], [1 => 'Dead On Arrival', 2 => 'Faulty', 3 => 'Other', 4 => 'Wrong item', 5 => 'Received wrong item'], 'not in store');

		$this->assertSame([true, true, true, true, true, true], array_column($choices['reasons'], 'offered'), 'the form shows them all offered');
		$this->assertEquals($document, PolicyForm::toDocument(['reason_offered' => array_fill_keys([3, 1, 2, 4, 5, 9], '1'), 'reason_photos' => [1 => '1', 4 => '1'], 'reason_fault' => [9 => '1']], [], $store), 'posted back as shown, the same list');
	}

	public function testAFlaggedReasonStaysOfferedWhenOthersAreTickedOffered(): void {
		// The owner flagged photos on 1 and 4 first, then ticked "Offered" on 2, 3 and 5: all five are offered.
		$document = PolicyForm::toDocument(['reason_photos' => [1 => '1', 4 => '1'], 'reason_offered' => [2 => '1', 3 => '1', 5 => '1']], [], [1, 2, 3, 4, 5]);

		$this->assertSame([[2, false], [3, false], [5, false], [1, true], [4, true]], array_map(static fn (array $reason): array => [$reason['reason_id'], $reason['photos_required']], $document['reasons']));
	}

	public function testFormAndDocumentRoundTrip(): void {
		$document = [
			'version'         => 1,
			'window'          => ['days' => 30, 'delivered_status_ids' => null, 'allow_before_delivery' => false, 'closed_status_ids' => [7, 8], 'groups' => [['customer_group_id' => 2, 'days' => 60]]],
			'excluded'        => ['category_ids' => [20], 'product_ids' => [42]],
			'final_sale'      => ['product_ids' => [30], 'min_discount_percent' => '40.00', 'merchant_fault_returns' => true],
			'reasons'         => [['reason_id' => 1, 'photos_required' => true, 'merchant_fault' => true]],
			'resolutions'     => ['refund' => true, 'exchange' => true, 'store_credit' => true, 'store_credit_bonus_percent' => '10.00'],
			'restocking_fee'  => ['percent' => '10.00', 'flat' => '0.00', 'applies_to' => ['refund']],
			'free_shipping'   => ['product_ids' => [], 'category_ids' => [18], 'merchant_fault' => true],
			'auto_approve'    => ['enabled' => true, 'max_value' => '100.00', 'min_completed_orders' => 1],
			'serial_returner' => ['enabled' => true, 'min_returns' => 5, 'min_return_rate_percent' => '50.00', 'lookback_days' => 365],
			'text'            => 'Return anything within 30 days.'
		];

		// What the page posts for this document: the form's values, checkboxes only when ticked.
		$values = PolicyForm::fromDocument($document);
		$posted = array_filter($values, static fn (mixed $value): bool => $value !== false && $value !== [] && !is_bool($value)) + array_map(static fn (): string => '1', array_filter($values, static fn (mixed $value): bool => $value === true));
		$posted['reason_offered'] = array_map(static fn (): string => '1', $values['reasons']);
		$posted['reason_photos'] = array_map(static fn (): string => '1', array_filter($values['reasons'], static fn (array $r): bool => $r['photos_required']));
		$posted['reason_fault'] = array_map(static fn (): string => '1', array_filter($values['reasons'], static fn (array $r): bool => $r['merchant_fault']));
		unset($posted['reasons']);

		$this->assertEquals($document, PolicyForm::toDocument($posted, $document));
	}

	public function testErrorsAtListPositionsPointAtTheIdsTheFormShows(): void {
		$document = ['reasons' => [['reason_id' => 4], ['reason_id' => 9]], 'window' => ['groups' => [['customer_group_id' => 3, 'days' => 0]]]];

		$this->assertSame([
			'reasons.9.reason_id'  => 'Not an id.',
			'window.groups.3.days' => 'Must be a number of days from 1 to 3650.',
			'window.days'          => 'Too long.',
			'reasons'              => 'Reason 4 is listed twice.'
		], PolicyForm::locate([
			'reasons.1.reason_id'  => 'Not an id.',
			'window.groups.0.days' => 'Must be a number of days from 1 to 3650.',
			'window.days'          => 'Too long.',
			'reasons'              => 'Reason 4 is listed twice.'
		], $document));
	}

	public function testIdsAreWholePositiveNumbersOnce(): void {
		$this->assertSame([3, 7, 12], PolicyForm::ids('12, 7 3,,7'));
		$this->assertSame([5], PolicyForm::ids(['5', 5, '-1', '0', 'x', '2.5', null]));
		$this->assertSame([], PolicyForm::ids(''));
	}

	public function testChoicesListTheStoresGroupsAndReasonsThenThoseOnlyThePolicyNames(): void {
		$values = ['group_days' => [1 => '45', 9 => '10'], 'reasons' => [2 => ['photos_required' => true, 'merchant_fault' => false], 7 => ['photos_required' => false, 'merchant_fault' => true]]];

		$choices = PolicyForm::choices($values, [1 => 'Default', 2 => 'Wholesale'], [1 => 'Dead on arrival', 2 => 'Faulty'], '(not in this store)');

		$this->assertSame([
			['id' => 1, 'name' => 'Default', 'days' => '45'],
			['id' => 2, 'name' => 'Wholesale', 'days' => ''],
			['id' => 9, 'name' => '#9 (not in this store)', 'days' => '10']
		], $choices['groups']);
		$this->assertSame([
			['id' => 1, 'name' => 'Dead on arrival', 'offered' => false, 'photos_required' => false, 'merchant_fault' => false],
			['id' => 2, 'name' => 'Faulty', 'offered' => true, 'photos_required' => true, 'merchant_fault' => false],
			['id' => 7, 'name' => '#7 (not in this store)', 'offered' => true, 'photos_required' => false, 'merchant_fault' => true]
		], $choices['reasons']);
	}
}
