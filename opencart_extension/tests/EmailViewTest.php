<?php
use Opencart\System\Library\Extension\Rebound\EmailApi;
use Opencart\System\Library\Extension\Rebound\EmailView;
use PHPUnit\Framework\TestCase;

/**
 * EmailView: what the email page prints from the sidecar's answers, in the page's real language file
 * (EmailAdminTest gets those answers from a live sidecar).
 */
final class EmailViewTest extends TestCase {
	private static function view(): EmailView {
		$_ = [];
		require dirname(__DIR__) . '/admin/language/en-gb/marketing/emails.php';
		$strings = $_ + ['datetime_format' => 'd/m/Y H:i:s'];

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
		$this->assertSame(['window_days' => '', 'max_per_window' => '2', 'min_gap_hours' => ''], $data['budget']);
		$this->assertFalse($data['quiet_enabled'], 'quiet hours the owner turned off stay off');
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
