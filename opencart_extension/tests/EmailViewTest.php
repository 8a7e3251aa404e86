<?php
use Opencart\System\Library\Extension\Rebound\EmailApi;
use Opencart\System\Library\Extension\Rebound\EmailForm;
use Opencart\System\Library\Extension\Rebound\EmailView;
use PHPUnit\Framework\TestCase;

/**
 * EmailView: what the email page prints from the sidecar's answers, in the page's real language file
 * (EmailAdminTest gets those answers from a live sidecar).
 */
final class EmailViewTest extends TestCase {
	private static function view(): EmailView {
		$strings = admin_texts('marketing/emails') + ['datetime_format' => 'd/m/Y H:i:s'];

		return new EmailView(static fn (string $key): string => $strings[$key] ?? $key);
	}

	public function testWithoutAnAnswerTheFormStartsFromTheDefaults(): void {
		$data = self::view()->settings(null, ['en-gb' => 'English']);

		$this->assertSame([], $data['subject_languages']);
		$this->assertCount(count(EmailApi::KINDS), $data['kinds']);
		$this->assertTrue($data['enabled']);
		$this->assertSame([true, '21:00', '08:00', ''], [$data['quiet_enabled'], $data['quiet_start'], $data['quiet_end'], $data['source']]);
	}

	public function testTheSubjectLinesArePerWrittenLanguageNamedAfterTheStoreLanguagesThatReadIt(): void {
		$data = self::view()->settings([
			'document'  => ['enabled' => false, 'kinds' => ['csat' => false], 'subjects' => ['en-gb' => ['csat' => 'How did we do?']], 'budget' => ['max_per_window' => 2], 'quiet_hours' => null],
			'languages' => ['en-gb' => 'en-gb', 'cy-gb' => 'en-gb', 'de-de' => 'de-de'],
			'subjects'  => ['en-gb' => ['csat' => 'Tell us'], 'de-de' => ['csat' => 'Wie war es?']],
			'source'    => 'store',
			'error'     => ''
		], ['en-gb' => 'English', 'de-de' => 'Deutsch']);

		$this->assertSame([['code' => 'en-gb', 'names' => 'English, cy-gb'], ['code' => 'de-de', 'names' => 'Deutsch']], $data['subject_languages']);

		$csat = $data['kinds'][array_search('csat', EmailApi::KINDS, true)];

		$this->assertSame(['value' => 'How did we do?', 'default' => 'Tell us'], $csat['subjects']['en-gb']);
		$this->assertSame(['value' => '', 'default' => 'Wie war es?'], $csat['subjects']['de-de']);
		$this->assertFalse($csat['enabled']);
		$this->assertFalse($csat['transactional'], 'a survey spends the contact budget');
		$this->assertTrue($data['kinds'][0]['transactional']);
		$this->assertFalse($data['enabled']);
		$this->assertSame(['', '2', ''], array_column(array_intersect_key($data['numbers'], array_flip(['budget.window_days', 'budget.max_per_window', 'budget.min_gap_hours'])), 'value'));
		$this->assertFalse($data['quiet_enabled'], 'quiet hours the owner turned off stay off');
	}

	public function testEachSettingShowsItsValueWithItsDefaultAsPlaceholder(): void {
		$defaults = ['brand_color' => '#2f6fde', 'review' => ['delay_days' => 7, 'max_products' => 3], 'instructions_reminder_days' => 5, 'digest' => ['enabled' => true, 'hour' => 8], 'budget' => ['window_days' => 30]];
		$document = ['from_name' => 'Ann & Co', 'owner_email' => '', 'brand_color' => '#A1B2C3', 'review' => ['delay_days' => 3, 'max_products' => 3], 'instructions_reminder_days' => 0, 'digest' => ['enabled' => false, 'hour' => 8], 'budget' => ['window_days' => 30]];
		$store = ['store_id' => 0, 'config_name' => 'Your Store', 'config_email' => 'shop@example.com', 'config_mail_alert_email' => ' , boss@example.com,ops@example.com'];

		$data = self::view()->settings(['document' => $document, 'defaults' => $defaults], ['en-gb' => 'English'], $store);

		$this->assertSame(EmailForm::NUMBERS, array_keys($data['numbers']));
		$delay = $data['numbers']['review.delay_days'];
		$this->assertSame(['review[delay_days]', 'review-delay-days', '3', '7', false], [$delay['name'], $delay['id'], $delay['value'], $delay['placeholder'], $delay['locked']]);
		$this->assertSame('Review request: days after delivery', $delay['label']);
		$this->assertStringEndsWith('Default: 7.', $delay['help'], 'the default in words, from the sidecar');
		$this->assertSame(['instructions_reminder_days', 'instructions-reminder-days', '0', '5'], [$data['numbers']['instructions_reminder_days']['name'], $data['numbers']['instructions_reminder_days']['id'], $data['numbers']['instructions_reminder_days']['value'], $data['numbers']['instructions_reminder_days']['placeholder']]);
		$this->assertSame(['digest[hour]', 'digest-hour', '8'], [$data['numbers']['digest.hour']['name'], $data['numbers']['digest.hour']['id'], $data['numbers']['digest.hour']['value']]);
		$this->assertSame(['', ''], [$data['numbers']['sla.approved_days']['value'], $data['numbers']['sla.approved_days']['placeholder']], 'nothing known, nothing shown');

		$texts = $data['texts'];
		$this->assertSame(['Ann & Co', 'Your Store', 'text', 64], [$texts['from_name']['value'], $texts['from_name']['placeholder'], $texts['from_name']['type'], $texts['from_name']['maxlength']]);
		$this->assertSame(['', 'shop@example.com', 'email', 'from-email'], [$texts['from_email']['value'], $texts['from_email']['placeholder'], $texts['from_email']['type'], $texts['from_email']['id']]);
		$this->assertSame('', $texts['reply_to']['placeholder'], 'blank: no Reply-To');
		$this->assertSame(['', 'boss@example.com'], [$texts['owner_email']['value'], $texts['owner_email']['placeholder']], 'the first alert address is where alerts go');
		$this->assertSame(['#a1b2c3', '#2f6fde'], [$data['brand_color'], $data['brand_color_default']], 'as <input type="color"> wants it');
		$this->assertStringEndsWith('Default: #2f6fde.', $data['brand_color_help']);
		$this->assertSame([false, false, false], [$data['digest_enabled'], $data['digest_locked'], $data['default_store_only']]);

		$noAlerts = self::view()->settings(['document' => [], 'defaults' => $defaults], [], ['config_email' => 'shop@example.com', 'config_mail_alert_email' => '']);
		$this->assertSame('shop@example.com', $noAlerts['texts']['owner_email']['placeholder'], 'no alert address: the store\'s email');
		$this->assertSame(['#2f6fde', true], [$noAlerts['brand_color'], $noAlerts['digest_enabled']], 'not in the document: the default');
	}

	public function testAnotherStoreCannotChangeWhatTheDefaultStoreSetsForAll(): void {
		$defaults = ['review' => ['delay_days' => 7, 'max_products' => 3], 'digest' => ['enabled' => true, 'hour' => 8]];
		$document = ['owner_email' => 'two@example.com', 'review' => ['delay_days' => 2, 'max_products' => 4], 'digest' => ['enabled' => true, 'hour' => 9]];

		$data = self::view()->settings(['document' => $document, 'defaults' => $defaults], [], ['store_id' => 2, 'config_name' => 'Two', 'config_email' => 'two@example.com']);

		$this->assertTrue($data['default_store_only']);
		$this->assertSame(['', '', true], [$data['numbers']['review.delay_days']['value'], $data['numbers']['review.delay_days']['placeholder'], $data['numbers']['review.delay_days']['locked']]);
		$this->assertSame(['4', false], [$data['numbers']['review.max_products']['value'], $data['numbers']['review.max_products']['locked']], 'the number of products is read per store');
		$this->assertSame(['', true], [$data['texts']['owner_email']['value'], $data['texts']['owner_email']['locked']]);
		$this->assertSame(['Two', false], [$data['texts']['from_name']['placeholder'], $data['texts']['from_name']['locked']]);
		$this->assertSame([false, true], [$data['digest_enabled'], $data['digest_locked']]);
		$this->assertTrue($data['numbers']['digest.hour']['locked']);

		foreach (EmailForm::DEFAULT_STORE_ONLY as $path) {
			$this->assertTrue(isset($data['numbers'][$path]) || isset($data['texts'][$path]) || $path === 'digest.enabled', $path . ' is a field of the page');
		}
	}

	public function testALogRowLinksItsOrderAndItsReturnOnlyWhereAllowed(): void {
		$email = ['email_id' => 9, 'kind' => 'return_requested', 'recipient' => 'ann@example.com', 'status' => 'sent', 'sent_at' => '2026-11-26T10:00:00Z', 'order_id' => 7, 'case_id' => 3, 'reason' => 'mystery'];
		$order = static fn (int $id): string => 'order/' . $id;

		[$row] = self::view()->emails([$email], $order, static fn (int $id): string => 'case/' . $id);

		$this->assertSame(['order/7', 'case/3', 'mystery', 'sent'], [$row['order'], $row['case'], $row['reason'], $row['status']]);
		$this->assertSame(date('d/m/Y H:i:s', strtotime('2026-11-26T10:00:00Z')), $row['when']);
		$this->assertNotSame('kind_return_requested', $row['kind']);

		[$hidden] = self::view()->emails([$email], $order, static fn (int $id): string => '');

		$this->assertSame('', $hidden['case']);
		$this->assertSame([], self::view()->emails([], $order, $order));
	}

	public function testHealthMarksWhatIsLate(): void {
		$health = self::view()->health(['ok' => false, 'message' => 'The worker is behind.', 'tasks' => ['scan' => ['lag_s' => 301, 'last_run_at' => null]], 'email' => ['lag_s' => 30, 'due' => 2]]);

		$this->assertTrue($health['tasks'][0]['late']);
		$this->assertSame('never', $health['tasks'][0]['last_run']);
		$this->assertFalse($health['email']['late']);
		$this->assertSame([false, 'The worker is behind.', 2], [$health['ok'], $health['message'], $health['email']['due']]);
	}

	public function testLagsReadInTheLargestWholeUnit(): void {
		$view = self::view();

		$this->assertSame([sprintf($this->text('text_seconds'), 119), sprintf($this->text('text_minutes'), 2), sprintf($this->text('text_hours'), 2)], [$view->seconds(119.4), $view->seconds(120), $view->seconds(7200)]);
		$this->assertSame(sprintf($this->text('text_seconds'), 0), $view->seconds(-5));
	}

	private function text(string $key): string {
		$_ = [];
		require dirname(__DIR__) . '/admin/language/en-gb/marketing/emails.php';

		return $_[$key];
	}
}
