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
		$built = EmailForm::apply([], self::posted(['budget' => ['window_days' => '3.5', 'max_per_window' => '', 'min_gap_hours' => '-1'], 'quiet_start' => '24:00', 'quiet_end' => '07:30:00']), ['en-gb']);

		$this->assertSame(['budget.window_days', 'budget.max_per_window', 'budget.min_gap_hours', 'quiet_hours.start'], array_keys($built['errors']));
		$this->assertSame('07:30', $built['document']['quiet_hours']['end'], 'a time input\'s seconds dropped');

		$off = EmailForm::apply(['quiet_hours' => ['start' => '21:00', 'end' => '08:00']], self::posted(['quiet_enabled' => '0', 'quiet_start' => 'nonsense']), ['en-gb']);
		$this->assertSame([], $off['errors'], 'times are not read when quiet hours are off');
		$this->assertNull($off['document']['quiet_hours']);
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
