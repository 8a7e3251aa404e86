<?php
use Opencart\System\Library\Extension\Rebound\ReturnForm;
use PHPUnit\Framework\TestCase;

/**
 * ReturnForm: the lines read from an eligibility answer (docs/returns-api.md) or from OpenCart's order when
 * the sidecar is away, and the checks on a POST. Each rejected case breaks one thing of a valid request.
 */
final class ReturnFormTest extends TestCase {
	/**
	 * The contract's example answer: line 12 (2 bought, photos for reasons 1 and 2, three resolutions) and
	 * line 13, already returned.
	 *
	 * @return array<string, mixed>
	 */
	private static function answer(): array {
		return [
			'order_id'       => 7,
			'store_id'       => 0,
			'currency_code'  => 'EUR',
			'currency_value' => '0.92000000',
			'window'         => ['start' => '2026-11-02T10:00:00+01:00', 'basis' => 'delivered', 'days' => 30, 'deadline' => '2026-12-02T23:59:59.999999+01:00'],
			'blocked'        => null,
			'policy_text'    => "Thirty days.\nFaulty items come back free.",
			'reasons'        => [
				['reason_id' => 1, 'name' => 'Dead On Arrival', 'photos_required' => true, 'merchant_fault' => true],
				['reason_id' => 2, 'name' => 'Received Wrong Item', 'photos_required' => true, 'merchant_fault' => true],
				['reason_id' => 4, 'name' => 'Faulty', 'photos_required' => false, 'merchant_fault' => true],
				['reason_id' => 5, 'name' => 'Other', 'photos_required' => false, 'merchant_fault' => false]
			],
			'lines'          => [
				[
					'order_product_id' => 12, 'product_id' => 40, 'name' => 'Tee', 'model' => 'TEE-1',
					'options' => [['name' => 'Size', 'value' => 'M']], 'bought' => 2, 'already_returned' => 0,
					'returnable' => 2, 'eligible' => true, 'deadline' => '2026-12-02T23:59:59.999999+01:00',
					'blocks' => [], 'notes' => [['code' => 'final_sale', 'text' => 'Only if faulty.']],
					'reason_ids' => [1, 2, 4], 'photos_required_for' => [1, 2],
					'offers' => [
						['resolution' => 'refund'],
						['resolution' => 'store_credit', 'bonus_percent' => '10'],
						['resolution' => 'exchange', 'options' => [['product_option_value_id' => 15, 'name' => 'Size', 'value' => 'L']]]
					],
					'restocking_fee' => '0.00', 'free_return_shipping' => true, 'unit_price' => '21.60'
				],
				[
					'order_product_id' => 13, 'product_id' => 41, 'name' => 'Mug', 'model' => 'MUG',
					'options' => [], 'bought' => 1, 'already_returned' => 1, 'returnable' => 0, 'eligible' => false,
					'deadline' => null, 'blocks' => [['code' => 'already_returned', 'text' => 'Already returned.']],
					'notes' => [], 'reason_ids' => [], 'photos_required_for' => [], 'offers' => [],
					'restocking_fee' => '0.00', 'free_return_shipping' => false, 'unit_price' => '8.00'
				]
			]
		];
	}

	/**
	 * A valid request for line 12 as the form posts it, with one part replaced.
	 *
	 * @param array<string, mixed> $line
	 *
	 * @return array<string, mixed>
	 */
	private static function post(array $line = [], string $comment = 'Too small'): array {
		return ['lines' => [12 => $line + ['quantity' => '1', 'reason_id' => '4', 'resolution' => 'refund'], 13 => ['quantity' => '0']], 'comment' => $comment];
	}

	public function testReadsTheEligibilityAnswer(): void {
		$form = ReturnForm::fromEligibility(self::answer());

		$this->assertTrue($form->precise);
		$this->assertTrue($form->returnable());
		$this->assertSame("Thirty days.\nFaulty items come back free.", $form->policyText);
		$this->assertSame('2026-12-02T23:59:59.999999+01:00', $form->deadline);
		$this->assertSame('EUR', $form->currencyCode);
		$this->assertSame([1 => 'Dead On Arrival', 2 => 'Received Wrong Item', 4 => 'Faulty', 5 => 'Other'], $form->reasons);

		$tee = $form->find(12);
		$this->assertSame(2, $tee['returnable']);
		$this->assertSame([1, 2, 4], $tee['reason_ids']);
		$this->assertSame([1, 2], $tee['photos_required_for']);
		$this->assertSame([1, 2, 4], $tee['fault_reason_ids']);
		$this->assertSame(['refund', 'store_credit', 'exchange'], array_keys($tee['offers']));
		$this->assertSame('10', $tee['offers']['store_credit']['bonus_percent']);
		$this->assertSame([15 => ['name' => 'Size', 'value' => 'L']], $tee['offers']['exchange']['options']);
		$this->assertSame([['name' => 'Size', 'value' => 'M']], $tee['options']);
		$this->assertTrue($tee['free_return_shipping']);
		$this->assertSame([['code' => 'final_sale', 'text' => 'Only if faulty.']], $tee['notes']);

		$mug = $form->find(13);
		$this->assertFalse($mug['eligible']);
		$this->assertSame(0, $mug['returnable']);
		$this->assertSame(1, $mug['already_returned']);
		$this->assertSame('Already returned.', $mug['blocks'][0]['text']);

		$this->assertNull($form->find(99));
	}

	public function testAnOrderBlockedAsAWholeIsNotReturnable(): void {
		$answer = ['blocked' => ['code' => 'not_delivered', 'text' => 'Not delivered yet.']] + self::answer();

		$form = ReturnForm::fromEligibility($answer);

		$this->assertSame('Not delivered yet.', $form->blocked);
		$this->assertFalse($form->returnable());
	}

	public function testAnOddAnswerGivesAConservativeForm(): void {
		// Missing offers mean refund only; a policy listing no reasons allows every reason the answer names.
		$answer = self::answer();
		$answer['lines'][0]['offers'] = [['resolution' => 'cash']];
		$answer['lines'][0]['reason_ids'] = [];
		unset($answer['lines'][0]['photos_required_for'], $answer['lines'][0]['free_return_shipping']);

		$tee = ReturnForm::fromEligibility($answer)->find(12);

		$this->assertSame(['refund'], array_keys($tee['offers']));
		$this->assertSame([1, 2, 4, 5], $tee['reason_ids']);
		$this->assertSame([1, 2], $tee['photos_required_for'], 'taken from the reasons when the line does not say');
		$this->assertNull($tee['free_return_shipping'], 'unknown, so the page says nothing about it');
	}

	public function testTheFallbackOffersWhatOpenCartsReturnsLeave(): void {
		$form = ReturnForm::fallback([
			['order_product_id' => 21, 'product_id' => 40, 'name' => 'iPhone', 'model' => 'product 11', 'quantity' => 3, 'returned' => 1, 'options' => [['name' => 'Colour', 'value' => 'Red']]],
			['order_product_id' => 22, 'product_id' => 41, 'name' => 'Mug', 'model' => 'MUG', 'quantity' => 1, 'returned' => 1, 'options' => []]
		], [1 => 'Dead On Arrival', 5 => 'Other'], 'USD');

		$this->assertFalse($form->precise);
		$this->assertSame('', $form->policyText);
		$this->assertTrue($form->returnable());

		$line = $form->find(21);
		$this->assertSame(2, $line['returnable']);
		$this->assertSame(1, $line['already_returned']);
		$this->assertSame([1, 5], $line['reason_ids']);
		$this->assertSame([], $line['photos_required_for']);
		$this->assertTrue($line['photos_optional']);
		$this->assertSame(ReturnForm::RESOLUTIONS, array_keys($line['offers']));
		$this->assertSame([['name' => 'Colour', 'value' => 'Red']], $line['options']);

		$this->assertFalse($form->find(22)['eligible']);
		$this->assertSame(0, $form->find(22)['returnable']);
	}

	public function testTheFallbackOffersOnlyWhatTheStoredPolicyOffers(): void {
		$lines = [['order_product_id' => 21, 'product_id' => 40, 'name' => 'Tee', 'model' => 'T', 'quantity' => 1, 'returned' => 0, 'options' => []]];

		$this->assertSame(['refund'], ReturnForm::offeredResolutions('{"version": 1, "resolutions": {"refund": true}}'));
		$this->assertSame(['refund', 'exchange'], ReturnForm::offeredResolutions(['resolutions' => ['exchange' => true]]), 'refund is on unless turned off');
		$this->assertSame(['store_credit'], ReturnForm::offeredResolutions('{"resolutions": {"refund": false, "store_credit": true, "exchange": "yes"}}'));
		$this->assertSame(['refund'], ReturnForm::offeredResolutions('not json'), 'unreadable: refund only, as the sidecar\'s default');
		$this->assertSame(['refund'], ReturnForm::offeredResolutions(null));

		$form = ReturnForm::fallback($lines, [1 => 'Faulty'], 'USD', ReturnForm::offeredResolutions('{"resolutions": {"refund": true}}'));
		$this->assertSame(['refund'], array_keys($form->find(21)['offers']), 'no exchange the sidecar would refuse later');
	}

	public function testAValidRequestBecomesTheEventsLines(): void {
		$checked = ReturnForm::fromEligibility(self::answer())->validate(self::post(['resolution' => 'exchange', 'exchange_option_value_id' => '15', 'opened' => '1']));

		$this->assertSame([], $checked['errors']);
		$this->assertSame([[
			'order_product_id'         => 12,
			'quantity'                 => 1,
			'reason_id'                => 4,
			'resolution'               => 'exchange',
			'exchange_option_value_id' => 15,
			'opened'                   => true
		]], $checked['lines']);
		$this->assertSame(0, $checked['values'][13]['quantity']);
	}

	public function testTheExchangeChoiceIsSentOnlyForAnExchange(): void {
		$checked = ReturnForm::fromEligibility(self::answer())->validate(self::post(['resolution' => 'store_credit', 'exchange_option_value_id' => '15']));

		$this->assertSame([], $checked['errors']);
		$this->assertNull($checked['lines'][0]['exchange_option_value_id']);
		$this->assertFalse($checked['lines'][0]['opened']);
	}

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: array<int, int>, 2: array<string, string>}>
	 */
	public static function refusals(): array {
		return [
			'more than returnable'         => [self::post(['quantity' => '3']), [], ['lines.12.quantity' => 'quantity_max']],
			'quantity not a number'        => [self::post(['quantity' => '1e1']), [], ['lines.12.quantity' => 'quantity']],
			'negative quantity'            => [self::post(['quantity' => '-1']), [], ['lines.12.quantity' => 'quantity']],
			'no reason'                    => [self::post(['reason_id' => '0']), [], ['lines.12.reason_id' => 'reason']],
			'reason not allowed here'      => [self::post(['reason_id' => '5']), [], ['lines.12.reason_id' => 'reason']],
			'photo reason without photo'   => [self::post(['reason_id' => '1']), [], ['lines.12.photo_ids' => 'photos']],
			'resolution not offered'       => [self::post(['resolution' => 'cash']), [], ['lines.12.resolution' => 'resolution']],
			'exchange without its choice'  => [self::post(['resolution' => 'exchange']), [], ['lines.12.exchange_option_value_id' => 'exchange_option']],
			'exchange for an unknown one'  => [self::post(['resolution' => 'exchange', 'exchange_option_value_id' => '99']), [], ['lines.12.exchange_option_value_id' => 'exchange_option']],
			'a line that cannot go back'   => [['lines' => [13 => ['quantity' => '1', 'reason_id' => '4', 'resolution' => 'refund']]], [], ['lines.13.quantity' => 'not_returnable']],
			'nothing chosen'               => [['lines' => [12 => ['quantity' => '0']]], [], ['lines' => 'none_selected']],
			'no lines posted at all'       => [[], [], ['lines' => 'none_selected']],
			'comment too long'             => [self::post([], str_repeat('é', ReturnForm::COMMENT_MAX + 1)), [], ['comment' => 'comment']]
		];
	}

	/**
	 * @dataProvider refusals
	 *
	 * @param array<string, mixed>  $post
	 * @param array<int, int>       $photos
	 * @param array<string, string> $errors
	 */
	public function testEachBrokenPartIsReportedBesideItsLine(array $post, array $photos, array $errors): void {
		$this->assertSame($errors, ReturnForm::fromEligibility(self::answer())->validate($post, $photos)['errors']);
	}

	public function testAPhotoReasonPassesWithAPhoto(): void {
		$checked = ReturnForm::fromEligibility(self::answer())->validate(self::post(['reason_id' => '1']), [12 => 1]);

		$this->assertSame([], $checked['errors']);
		$this->assertSame(1, $checked['lines'][0]['reason_id']);
	}

	public function testReasonNamesAreListedSoACommaInANameCannotSplitIt(): void {
		$this->assertSame('“Dead On Arrival”, “Faulty, please supply details”', ReturnForm::nameList(['Dead On Arrival', 'Faulty, please supply details'], '“%s”', ', '));
		$this->assertSame('“100% wrong”', ReturnForm::nameList(['100% wrong'], '“%s”', ', '), 'a name is an argument, never a format');
		$this->assertSame('', ReturnForm::nameList([], '“%s”', ', '));
	}

	public function testTheCommentLimitCountsCharactersNotBytes(): void {
		$this->assertSame([], ReturnForm::fromEligibility(self::answer())->validate(self::post([], str_repeat('é', ReturnForm::COMMENT_MAX)))['errors']);
	}

	public function testTheSidecarsRefusalIsMappedFromLineIndexesToLines(): void {
		$sent = [['order_product_id' => 12], ['order_product_id' => 14]];

		$this->assertSame([
			'lines.14.quantity'  => 'Only 1 of these can be returned.',
			'lines.12.reason_id' => "This reason can't be chosen for this item.",
			'lines.12.quantity'  => 'Asked for twice at once.',
			'order_id'           => 'No such order for this customer.',
			'lines.9.quantity'   => 'An index that was not sent stays as it is.'
		], ReturnForm::sidecarErrors([
			'lines.1.quantity'  => 'Only 1 of these can be returned.',
			'lines.0.reason_id' => "This reason can't be chosen for this item.",
			'lines.0'           => 'Asked for twice at once.',
			'order_id'          => 'No such order for this customer.',
			'lines.9.quantity'  => 'An index that was not sent stays as it is.'
		], $sent));
	}
}
