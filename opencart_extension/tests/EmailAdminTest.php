<?php
use Opencart\Admin\Controller\Extension\Rebound\Marketing\Emails;
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\EmailApi;
use Opencart\System\Library\Extension\Rebound\EmailForm;
use Opencart\System\Library\Extension\Rebound\EmailSetting;
use Opencart\System\Library\Extension\Rebound\Event;
use Opencart\System\Library\Extension\Rebound\PolicySetting;
use PHPUnit\Framework\TestCase;

if (!defined('DB_PREFIX')) {
	define('DB_PREFIX', 'oc_');
}

require_once __DIR__ . '/support/storefront_stand_ins.php';
require_once __DIR__ . '/support/admin_stand_ins.php';
require_once dirname(__DIR__) . '/admin/controller/marketing/emails.php';

/**
 * The email page's calls against a real `rebound serve` and MariaDB: a return queues an email the log
 * shows, the owner's subject line is validated, saved and previewed, an unsubscribe is listed and lifted,
 * the jobs answer; the settings form shows the effective values and saves what the owner chose; and a
 * sidecar that is not there is a problem the page can name, never an exception.
 */
final class EmailAdminTest extends TestCase {
	private const SECRET = '5f0c1a7e2b9d4c3e8a6f1b0d2c4e6a8b9d7f5e3c1a0b2d4f6e8a9c7b5d3f1e0a';

	use LiveSidecar;

	public static function setUpBeforeClass(): void {
		self::openStore();

		$db = self::$database->connection;
		$db->query("INSERT INTO `oc_customer` (`customer_id`, `customer_group_id`, `store_id`, `language_id`, `firstname`, `lastname`, `email`, `status`, `date_added`) VALUES (3, 1, 0, 1, 'Ann', 'Lee', 'ann@example.com', 1, NOW())");
		(new PolicySetting($db, 'oc_'))->write(0, '{"version": 1, "window": {"days": 30}, "resolutions": {"refund": true}}');

		self::startSidecar(self::SECRET);
	}

	private static function api(): EmailApi {
		return new EmailApi(self::client());
	}

	/**
	 * @param array<string, mixed> $data
	 *
	 * @return array<string, mixed> the sidecar's answer
	 */
	private function send(string $type, array $data): array {
		$response = self::client()->request('POST', '/v1/events', Event::create($type, $data)->json(), 10.0);

		$this->assertSame(200, $response->status, $response->body . self::$sidecar->output());

		return (array)$response->json();
	}

	public function testTheLogShowsTheEmailAReturnQueued(): void {
		$order = ReturnFixtures::order(self::$database->connection, 3, 'Ann@Example.com');
		$answer = $this->send('return.submitted', ['order_id' => $order['order_id'], 'customer_id' => 3, 'comment' => '', 'lines' => [['order_product_id' => $order['order_product_id'], 'quantity' => 1, 'reason_id' => 1, 'resolution' => 'refund']]]);
		$caseId = (int)$answer['result']['case']['case_id'];

		$log = self::api()->log(['kind' => 'return_requested', 'recipient' => 'ANN@example.com '], 1, 10);

		$this->assertTrue($log->ok(), $log->message);
		$this->assertSame(1, $log->data['total']);
		$email = $log->data['emails'][0];
		$this->assertSame(['return_requested', 'ann@example.com', 'queued', $caseId, $order['order_id'], true], [$email['kind'], $email['recipient'], $email['status'], $email['case_id'], $email['order_id'], $email['transactional']]);
		$this->assertNotFalse(strtotime((string)$email['created_at']), 'a time the page can format');

		$this->assertSame(0, self::api()->log(['status' => 'sent', 'kind' => 'return_requested'])->data['total']);
		$this->assertSame(0, self::api()->log(['recipient' => 'bob@example.com'])->data['total']);
		$this->assertSame(1, self::api()->log(['order_id' => $order['order_id'], 'status' => 'lost', 'kind' => 'spam'])->data['total'], 'unknown filters are left out, not sent');
	}

	public function testASubjectLineIsValidatedSavedAndPreviewed(): void {
		$api = self::api();
		$setting = new EmailSetting(self::$database->connection, 'oc_');

		$before = $api->settings(0, ['en-gb', 'de-de']);
		$this->assertTrue($before->ok(), $before->message);
		$this->assertSame('default', $before->data['source']);
		$this->assertEquals(['en-gb' => 'en-gb', 'de-de' => 'en-gb'], $before->data['languages']);
		$this->assertSame('Would you recommend $store?', $before->data['subjects']['en-gb']['nps']);
		$this->assertSame(4, $before->data['document']['budget']['max_per_window']);
		$this->assertArrayHasKey('problem', $before->data['smtp']);

		$posted = [
			'enabled' => '1', 'kinds' => array_fill_keys(EmailApi::KINDS, '1'),
			'subjects' => ['en-gb' => ['nps' => 'Tell $first_name\'s friends about $store?']],
			'budget' => ['window_days' => '30', 'max_per_window' => '2', 'min_gap_hours' => '24'],
			'quiet_enabled' => '1', 'quiet_start' => '22:00', 'quiet_end' => '07:00', 'over_budget' => ['nps' => 'drop']
		];
		$built = EmailForm::apply(EmailForm::decode($setting->read(0)), $posted, ['en-gb']);
		$this->assertSame([], $built['errors']);

		$checked = $api->validateSettings(EmailForm::encode($built['document']));
		$this->assertTrue($checked->ok(), $checked->message . json_encode($checked->fields));
		$this->assertEquals(['review_request' => 'defer', 'review_reminder' => 'drop', 'csat' => 'drop', 'nps' => 'drop'], $checked->data['document']['over_budget']);

		// The sidecar's own range check comes back by the dotted path the page marks.
		$posted['budget']['max_per_window'] = '0';
		$refused = $api->validateSettings(EmailForm::encode(EmailForm::apply([], $posted, ['en-gb'])['document']));
		$this->assertSame('bad_request', $refused->problem);
		$this->assertArrayHasKey('budget.max_per_window', $refused->fields);

		$setting->write(0, EmailForm::encode($built['document']));

		// The sidecar reads settings again within a second or so.
		$deadline = microtime(true) + 10;

		do {
			$preview = $api->preview('nps', 'en-gb', 0);
		} while ($preview->ok() && !str_starts_with((string)$preview->data['subject'], 'Tell Ann') && microtime(true) < $deadline && usleep(200000) === null);

		$this->assertTrue($preview->ok(), $preview->message);
		$this->assertStringStartsWith('Tell Ann\'s friends about ', $preview->data['subject']);
		$this->assertStringStartsWith('<!doctype html>', $preview->data['html']);
		$this->assertNotSame('', $preview->data['text']);
		$this->assertIsString($preview->data['problem'], 'no REBOUND_STORE_URL here: the page says why such an email would wait');

		$after = $api->settings(0, ['en-gb']);
		$this->assertSame('store', $after->data['source']);
		$this->assertEquals(['start' => '22:00', 'end' => '07:00'], $after->data['document']['quiet_hours']);

		$this->assertSame('bad_request', $api->preview('spam', 'en-gb', 0)->problem, 'refused before any request');

		$typed = $api->preview('nps', 'en-gb', 0, '$first_name, one question about $store?');
		$this->assertTrue($typed->ok(), $typed->message);
		$this->assertStringStartsWith('Ann, one question about ', $typed->data['subject'], 'the line as typed, before it is saved');
		$this->assertTrue($api->preview('digest', 'not a language', 0)->ok(), 'a bad language is left out');
	}

	/**
	 * The email page's controller on the admin stand-ins, talking to the live sidecar and writing this
	 * database: a GET of the page, or a POST of the form to save() (HTML-encoded as OpenCart's Request does).
	 *
	 * @param array<string, mixed>|null $post
	 *
	 * @return array{0: Emails, 1: StandInResponse, 2: AdminPageLoader}
	 */
	private static function page(?array $post = null): array {
		$request = new StandInRequest();
		$request->server['REQUEST_METHOD'] = $post === null ? 'GET' : 'POST';
		$request->get['store_id'] = '0';
		$request->post = StandInRequest::clean($post ?? []);

		$registry = MenuStandIns::registry([]);
		$registry->set('user', new AdminPageUser(true));
		$registry->set('load', $load = new AdminPageLoader($registry, $registry->get('language')));
		$registry->set('document', new StandInDocument());
		$registry->set('config', new StandInConfig([
			'module_rebound_sidecar_url' => self::$sidecar->url,
			'module_rebound_secret'      => self::SECRET,
			'config_name'                => 'Ann &amp; Co',
			'config_email'               => 'shop@example.com',
			'config_mail_alert_email'    => 'boss@example.com,ops@example.com'
		]));
		$registry->set('request', $request);
		$registry->set('response', $response = new StandInResponse());
		$registry->set('db', new StandInDb(self::$database->connection));

		return [new Emails($registry), $response, $load];
	}

	/**
	 * The page's settings as it renders them, once the sidecar's answer satisfies $until (it re-reads a saved
	 * setting within a second or so).
	 *
	 * @param \Closure(array<string, mixed>): bool $until
	 *
	 * @return array<string, mixed>
	 */
	private static function shown(\Closure $until): array {
		$deadline = microtime(true) + 10;

		do {
			[$page, , $load] = self::page();
			$page->index();
			$data = end($load->views)[1];
		} while (!$until($data) && microtime(true) < $deadline && usleep(200000) === null);

		return $data;
	}

	/**
	 * What the browser posts for the page as shown: every field's value under its name.
	 *
	 * @param array<string, mixed> $data the page's view data
	 *
	 * @return array<string, mixed>
	 */
	private static function form(array $data): array {
		$post = [
			'enabled'       => $data['enabled'] ? '1' : '0',
			'brand_color'   => $data['brand_color'],
			'digest'        => ['enabled' => $data['digest_enabled'] ? '1' : '0'],
			'quiet_enabled' => $data['quiet_enabled'] ? '1' : '0',
			'quiet_start'   => $data['quiet_start'],
			'quiet_end'     => $data['quiet_end']
		];

		foreach ($data['kinds'] as $kind) {
			$post['kinds'][$kind['kind']] = $kind['enabled'] ? '1' : '0';

			if (!$kind['transactional']) {
				$post['over_budget'][$kind['kind']] = $kind['over_budget'] ?: 'defer';
			}

			foreach ($kind['subjects'] as $code => $line) {
				$post['subjects'][$code][$kind['kind']] = $line['value'];
			}
		}

		foreach ([...array_values($data['numbers']), ...array_values($data['texts'])] as $field) {
			parse_str($field['name'] . '=' . rawurlencode($field['value']), $one);
			$post = array_replace_recursive($post, $one);
		}

		return $post;
	}

	/**
	 * @param array<string, mixed> $post
	 *
	 * @return array<string, mixed> save()'s JSON
	 */
	private static function save(array $post): array {
		[$page, $response] = self::page($post);
		$page->save();

		return (array)json_decode($response->output, true);
	}

	public function testTheSettingsFormSavesWhatTheOwnerChoseAndABlankFieldIsTheDefaultAgain(): void {
		$connection = self::$database->connection;
		$connection->query("DELETE FROM `oc_setting` WHERE `key` = 'module_rebound_email'");
		$setting = new EmailSetting($connection, 'oc_');

		try {
			$data = self::shown(static fn (array $data): bool => $data['source'] !== '' && $data['numbers']['review.delay_days']['value'] === '7');

			$this->assertSame('', $data['problem']);
			$this->assertSame(['7', '7'], [$data['numbers']['review.delay_days']['value'], $data['numbers']['review.delay_days']['placeholder']], 'the effective value, and the sidecar\'s default as placeholder');
			$this->assertSame(['Ann & Co', 'shop@example.com', 'boss@example.com'], [$data['texts']['from_name']['placeholder'], $data['texts']['from_email']['placeholder'], $data['texts']['owner_email']['placeholder']]);
			$this->assertSame('#2f6fde', $data['brand_color']);

			$post = self::form($data);
			$post['review']['delay_days'] = '3';
			$post['brand_color'] = '#12ab9f';
			$post['from_name'] = 'Ann\'s "Shop" & Co';
			$post['digest']['enabled'] = '0';

			$saved = self::save($post);

			$this->assertArrayHasKey('success', $saved, json_encode($saved));
			$stored = json_decode((string)$setting->read(0), true);
			$this->assertSame(3, $stored['review']['delay_days']);
			$this->assertSame(['#12ab9f', 'Ann\'s "Shop" & Co', false], [$stored['brand_color'], $stored['from_name'], $stored['digest']['enabled']], 'the text as typed, not HTML-encoded');
			$this->assertArrayNotHasKey('from_email', $stored, 'left blank: the store\'s address, not written');
			$this->assertArrayNotHasKey('owner_email', $stored);

			$checked = self::api()->validateSettings(EmailForm::encode($stored));
			$this->assertTrue($checked->ok(), $checked->message);
			$this->assertSame(3, $checked->data['document']['review']['delay_days']);

			$data = self::shown(static fn (array $data): bool => $data['numbers']['review.delay_days']['value'] === '3');
			$this->assertSame(['3', '7'], [$data['numbers']['review.delay_days']['value'], $data['numbers']['review.delay_days']['placeholder']]);
			$this->assertSame(['#12ab9f', false, 'Ann\'s "Shop" & Co'], [$data['brand_color'], $data['digest_enabled'], $data['texts']['from_name']['value']]);

			// Out of range: the sidecar's message comes back on the field, by its dotted path; nothing is saved.
			$post['review']['delay_days'] = '400';
			$refused = self::save($post);

			$this->assertArrayNotHasKey('success', $refused);
			// Dots made dashes here; OpenCart's form script makes the '_' dashes too: #input-review-delay-days.
			$this->assertStringContainsString('365', (string)($refused['error']['review-delay_days'] ?? ''), json_encode($refused));
			$this->assertStringContainsString('review.delay_days', $refused['error']['warning']);
			$this->assertSame(3, json_decode((string)$setting->read(0), true)['review']['delay_days']);
			$answer = self::api()->validateSettings(EmailForm::encode(EmailForm::apply([], $post, ['en-gb'])['document']));
			$this->assertArrayHasKey('review.delay_days', $answer->fields);

			$post['review']['delay_days'] = '';
			$post['owner_email'] = 'not an address';
			$this->assertArrayHasKey('owner_email', self::save($post)['error'] ?? [], 'the address syntax is the sidecar\'s to refuse');

			// Blank: the key goes, so the default applies (and a later default would too).
			$post['owner_email'] = '';
			$this->assertArrayHasKey('success', self::save($post));
			$stored = json_decode((string)$setting->read(0), true);
			$this->assertArrayNotHasKey('delay_days', $stored['review']);
			$this->assertSame('#12ab9f', $stored['brand_color']);

			$data = self::shown(static fn (array $data): bool => $data['numbers']['review.delay_days']['value'] === '7');
			$this->assertSame('7', $data['numbers']['review.delay_days']['value']);
		} finally {
			$connection->query("DELETE FROM `oc_setting` WHERE `key` = 'module_rebound_email'");
		}
	}

	public function testAnUnsubscribeIsListedAndLifted(): void {
		$this->send('email.unsubscribed', ['email' => 'zed_1@example.com', 'email_id' => 0, 'source' => 'page']);
		$this->send('email.unsubscribed', ['email' => 'zedx1@example.com', 'email_id' => 0, 'source' => 'one_click']);

		$api = self::api();
		$listed = $api->suppressions(['email' => 'ZED_1'], 1, 10);

		$this->assertTrue($listed->ok(), $listed->message);
		$this->assertSame(['zed_1@example.com'], array_column($listed->data['suppressions'], 'email'), '"_" matched literally');
		$this->assertSame(['unsubscribe', 'page'], [$listed->data['suppressions'][0]['reason'], $listed->data['suppressions'][0]['source']]);
		$this->assertSame(0, $api->suppressions(['reason' => 'bounce', 'email' => 'zed'])->data['total']);

		$removed = $api->removeSuppression('Zed_1@example.com');
		$this->assertTrue($removed->ok(), $removed->message);
		$this->assertSame(['email' => 'zed_1@example.com', 'removed' => true], $removed->data);
		$this->assertFalse($api->removeSuppression('zed_1@example.com')->data['removed']);
		$this->assertSame(['zedx1@example.com'], array_column($api->suppressions(['email' => 'zed'])->data['suppressions'], 'email'));
		$this->assertSame('bad_request', $api->removeSuppression('')->problem);
	}

	public function testJobHealthAnswers(): void {
		$jobs = self::api()->jobs();

		$this->assertTrue($jobs->ok(), $jobs->message);
		$this->assertIsArray($jobs->data['tasks']);
		$this->assertEqualsCanonicalizing(['due', 'lag_s', 'sending', 'failing', 'dead', 'failed', 'last_sent_at', 'unconfirmed_7d'], array_keys($jobs->data['email']));
		$this->assertIsBool($jobs->data['ok']);
	}

	public function testASidecarThatIsNotThereIsAProblemToName(): void {
		$none = new EmailApi(null);
		$this->assertSame('not_configured', $none->log([])->problem);
		$this->assertTrue($none->jobs()->down());

		$closed = new EmailApi(new Client('http://127.0.0.1:' . Processes::freePort(), self::SECRET));

		foreach ([$closed->log([]), $closed->settings(0), $closed->preview('nps', 'en-gb', 0), $closed->suppressions([]), $closed->removeSuppression('a@b.c'), $closed->jobs(), $closed->validateSettings('{}')] as $answer) {
			$this->assertSame('unreachable', $answer->problem);
			$this->assertTrue($answer->down());
		}

		$wrong = new EmailApi(new Client(self::$sidecar->url, str_repeat('ab', 32)));
		$this->assertSame('unauthorized', $wrong->jobs()->problem);

		$this->assertSame('bad_request', $closed->validateSettings('[1]')->problem, 'not an object: refused before any request');
		$this->assertSame('bad_request', $closed->preview('nps', 'en-gb', 0, "Hi\r\nBcc: x@example.com")->problem, 'a line break: refused before any request');
	}
}
