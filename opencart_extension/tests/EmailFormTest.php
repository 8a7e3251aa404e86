<?php
use Opencart\System\Library\Extension\Rebound\EmailApi;
use Opencart\System\Library\Extension\Rebound\EmailForm;
use PHPUnit\Framework\TestCase;

/**
 * The email page's form laid over the stored document: subject lines one line each, numbers whole, quiet
 * hours as HH:MM or off, and the JSON keeping its objects objects.
 */
final class EmailFormTest extends TestCase {
	/**
	 * A form as the page posts it: every kind on, the given subject lines, a budget, quiet hours 22:00–07:30.
	 *
	 * @param array<string, mixed> $over
	 *
	 * @return array<string, mixed>
	 */
	private static function posted(array $over = []): array {
		return array_replace([
			'enabled'       => '1',
			'kinds'         => array_fill_keys(EmailApi::KINDS, '1'),
			'subjects'      => ['en-gb' => array_fill_keys(EmailApi::KINDS, '')],
			'budget'        => ['window_days' => '30', 'max_per_window' => '3', 'min_gap_hours' => '48'],
			'quiet_enabled' => '1',
			'quiet_start'   => '22:00',
			'quiet_end'     => '07:30',
			'over_budget'   => ['nps' => 'drop', 'csat' => 'defer']
		], $over);
	}

	public function testTheFormIsLaidOverTheStoredDocument(): void {
		$stored = ['version' => 1, 'review' => ['delay_days' => 3], 'subjects' => ['de-de' => ['nps' => 'Empfehlen?'], 'en-gb' => ['csat' => 'Old']], 'kinds' => ['digest' => false]];
		$posted = self::posted();
		$posted['subjects']['en-gb']['review_request'] = '  How is your order $order_id?  ';
		$posted['kinds']['nps'] = '0';

		$built = EmailForm::apply($stored, $posted, ['en-gb']);

		$this->assertSame([], $built['errors']);
		$document = $built['document'];
		$this->assertSame(['delay_days' => 3], $document['review'], 'what the form does not show is kept');
		$this->assertSame(['de-de' => ['nps' => 'Empfehlen?'], 'en-gb' => ['review_request' => 'How is your order $order_id?']], $document['subjects'], 'a blank line is the default again; other languages untouched');
		$this->assertSame(['nps' => false], $document['kinds'], 'the digest is on again, NPS off');
		$this->assertSame(['window_days' => 30, 'max_per_window' => 3, 'min_gap_hours' => 48], $document['budget']);
		$this->assertSame(['start' => '22:00', 'end' => '07:30'], $document['quiet_hours']);
		$this->assertSame(['csat' => 'defer', 'nps' => 'drop'], $document['over_budget']);
		$this->assertTrue($document['enabled']);
	}

	public function testALineBreakInASubjectIsRefusedWhereItWasTyped(): void {
		$posted = self::posted();
		$posted['subjects']['en-gb']['nps'] = "Recommend us?\r\nBcc: everyone@example.com";
		$posted['subjects']['en-gb']['csat'] = "Tab\tis fine? No: a control character";
		$posted['subjects']['en-gb']['digest'] = "Unicode line\u{2028}separator";
		$posted['subjects']['en-gb']['sla_alert'] = str_repeat('x', 201);
		$posted['subjects']['en-gb']['review_request'] = str_repeat('é', 200);

		$built = EmailForm::apply([], $posted, ['en-gb']);

		$this->assertSame(['subjects.en-gb.csat', 'subjects.en-gb.nps', 'subjects.en-gb.sla_alert', 'subjects.en-gb.digest'], array_keys($built['errors']));
		$this->assertStringContainsString('One line', $built['errors']['subjects.en-gb.nps']);
		$this->assertStringContainsString('200', $built['errors']['subjects.en-gb.sla_alert']);
		$this->assertSame(['review_request' => str_repeat('é', 200)], $built['document']['subjects']['en-gb'], '200 characters, not bytes');
		$this->assertSame('', EmailForm::subjectProblem(''));
		$this->assertSame('Not valid UTF-8.', EmailForm::subjectProblem("\xC3("));
	}

	public function testNumbersAndTimesAreChecked(): void {
		$built = EmailForm::apply(['budget' => ['max_per_window' => 2]], self::posted(['budget' => ['window_days' => '3.5', 'max_per_window' => '', 'min_gap_hours' => '-1'], 'review' => ['delay_days' => '1000000', 'max_products' => ['3']], 'digest' => ['hour' => '8 h'], 'quiet_start' => '24:00', 'quiet_end' => '07:30:00']), ['en-gb']);

		$this->assertSame(['review.delay_days', 'review.max_products', 'digest.hour', 'budget.window_days', 'budget.min_gap_hours', 'quiet_hours.start'], array_keys($built['errors']));
		$this->assertSame('A whole number, please.', $built['errors']['review.delay_days']);
		$this->assertArrayNotHasKey('budget', $built['document'], 'a blank budget field is the default again, like every number');
		$this->assertSame('07:30', $built['document']['quiet_hours']['end'], 'a time input\'s seconds dropped');

		$off = EmailForm::apply(['quiet_hours' => ['start' => '21:00', 'end' => '08:00']], self::posted(['quiet_enabled' => '0', 'quiet_start' => 'nonsense']), ['en-gb']);
		$this->assertSame([], $off['errors'], 'times are not read when quiet hours are off');
		$this->assertNull($off['document']['quiet_hours']);
	}

	public function testASettingPostedIsSetABlankOneRemovedAndOneNotPostedKept(): void {
		$stored = [
			'version'     => 1,
			'review'      => ['delay_days' => 3, 'max_products' => 5, 'photo_reason_words' => ['fit']],
			'sla'         => ['approved_days' => 9],
			'from_name'   => 'Old name',
			'from_email'  => 'old@example.com',
			'reply_to'    => 'help@example.com',
			'brand_color' => '#000000',
			'digest'      => ['enabled' => false, 'hour' => 6],
			'budget'      => ['window_days' => 10, 'max_per_window' => 2, 'min_gap_hours' => 12],
			'delivery'    => ['batch' => 20]
		];
		$posted = self::posted([
			'review'                     => ['delay_days' => ' 5 ', 'max_products' => ''],
			'nps'                        => ['throttle_days' => '0'],
			'instructions_reminder_days' => '0',
			'sla'                        => ['approved_days' => ''],
			'from_name'                  => "  Ann's \"Shop\" ",
			'from_email'                 => ' ',
			'owner_email'                => 'boss@example.com',
			'brand_color'                => '#A1b2C3',
			'digest'                     => ['enabled' => '1', 'hour' => '23'],
			'budget'                     => ['window_days' => '', 'max_per_window' => '3']
		]);

		$built = EmailForm::apply($stored, $posted, ['en-gb']);

		$this->assertSame([], $built['errors']);
		$document = $built['document'];
		$this->assertSame(['delay_days' => 5, 'photo_reason_words' => ['fit']], $document['review'], 'set, removed (its default applies), and what the page does not show kept');
		$this->assertSame(['throttle_days' => 0], $document['nps'], '0 is a value, not blank');
		$this->assertSame(0, $document['instructions_reminder_days']);
		$this->assertArrayNotHasKey('sla', $document, 'an object left empty is not written');
		$this->assertArrayNotHasKey('csat', $document, 'nothing posted, nothing written');
		$this->assertSame(['Ann\'s "Shop"', 'help@example.com', 'boss@example.com', '#A1b2C3'], [$document['from_name'], $document['reply_to'], $document['owner_email'], $document['brand_color']], 'reply_to was not posted: kept');
		$this->assertArrayNotHasKey('from_email', $document, 'blank: the store\'s own address again');
		$this->assertSame(['enabled' => true, 'hour' => 23], $document['digest']);
		$this->assertSame(['max_per_window' => 3, 'min_gap_hours' => 12], $document['budget']);
		$this->assertSame(['batch' => 20], $document['delivery']);

		$json = json_decode(EmailForm::encode($document), true);
		$this->assertEqualsCanonicalizing(['version', 'enabled', 'kinds', 'subjects', 'review', 'nps', 'instructions_reminder_days', 'from_name', 'reply_to', 'owner_email', 'brand_color', 'digest', 'budget', 'quiet_hours', 'over_budget', 'delivery'], array_keys($json), 'the JSON written holds no sla, csat or from_email');

		$off = EmailForm::apply($stored, self::posted(['digest' => ['enabled' => '0']]), ['en-gb']);
		$this->assertSame(['enabled' => false, 'hour' => 6], $off['document']['digest']);
		$this->assertSame(['enabled' => false, 'hour' => 6], EmailForm::apply($stored, self::posted(), ['en-gb'])['document']['digest'], 'the switch not posted: unchanged');
	}

	public function testTextsAndTheColourAreCheckedHere(): void {
		$built = EmailForm::apply(['owner_email' => 'kept@example.com'], self::posted([
			'from_name'   => str_repeat('n', 65),
			'from_email'  => "shop@example.com\r\nBcc: everyone@example.com",
			'reply_to'    => str_repeat('a', 244) . '@example.com',
			'owner_email' => ['boss@example.com'],
			'brand_color' => 'red'
		]), ['en-gb']);

		$this->assertSame(['from_name', 'from_email', 'reply_to', 'owner_email', 'brand_color'], array_keys($built['errors']));
		$this->assertSame(['At most 64 characters.', 'At most 254 characters.', 'A colour as #rrggbb, please.'], [$built['errors']['from_name'], $built['errors']['reply_to'], $built['errors']['brand_color']]);
		$this->assertStringContainsString('One line', $built['errors']['from_email']);
		$this->assertSame('kept@example.com', $built['document']['owner_email'], 'a refused value changes nothing');

		$fine = EmailForm::apply([], self::posted(['from_name' => str_repeat('é', 64), 'reply_to' => str_repeat('a', 242) . '@example.com', 'owner_email' => 'not an address', 'brand_color' => '#2f6fde']), ['en-gb']);
		$this->assertSame([], $fine['errors'], '64 characters, not bytes; 254 in all; the address syntax is the sidecar\'s to check');
		$this->assertSame('Not valid UTF-8.', EmailForm::apply([], self::posted(['from_name' => "\xC3("]), ['en-gb'])['errors']['from_name']);
		$this->assertArrayHasKey('brand_color', EmailForm::apply([], self::posted(['brand_color' => '#12345']), ['en-gb'])['errors'], 'five digits are not a colour');
	}

	public function testOnlyKnownKindsAndRulesGetIn(): void {
		$built = EmailForm::apply([], self::posted(['kinds' => ['spam' => '1'], 'over_budget' => ['nps' => 'later', 'return_approved' => 'drop', 'spam' => 'drop'], 'enabled' => '0']), ['en-gb']);

		$this->assertSame(array_fill_keys(EmailApi::KINDS, false), $built['document']['kinds'], 'a kind not posted as on is off');

		$kept = EmailForm::apply(['kinds' => ['nps' => false]], array_diff_key(self::posted(), ['kinds' => 1]), ['en-gb']);
		$this->assertSame(['nps' => false], $kept['document']['kinds'], 'no switches posted: no kind changes');
		$this->assertSame([], $built['document']['over_budget']);
		$this->assertFalse($built['document']['enabled']);
	}

	public function testTheJsonKeepsObjectsObjects(): void {
		$text = EmailForm::encode(['version' => 1, 'kinds' => [], 'subjects' => ['en-gb' => []], 'over_budget' => [], 'quiet_hours' => null, 'review' => ['photo_reason_ids' => [], 'photo_reason_words' => ['size']]]);
		$decoded = json_decode($text, false);

		$this->assertEquals(new \stdClass(), $decoded->kinds);
		$this->assertEquals(new \stdClass(), $decoded->subjects->{'en-gb'});
		$this->assertEquals(new \stdClass(), $decoded->over_budget);
		$this->assertNull($decoded->quiet_hours);
		$this->assertSame([], $decoded->review->photo_reason_ids, 'lists stay lists');
		$this->assertSame('{}', json_encode(json_decode(EmailForm::encode([]), false)));

		$this->assertSame([], EmailForm::decode(null));
		$this->assertSame([], EmailForm::decode('[1, 2]'));
		$this->assertSame([], EmailForm::decode('not json'));
		$this->assertSame(['nps' => ['delay_days' => 3]], EmailForm::decode('{"nps": {"delay_days": 3}}'));
	}
}
