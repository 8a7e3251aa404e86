<?php
use Opencart\Catalog\Controller\Extension\Rebound\Module\Rebound;
use Opencart\System\Library\Extension\Rebound\EmailToken;
use PHPUnit\Framework\TestCase;

if (!defined('DB_PREFIX')) {
	define('DB_PREFIX', 'oc_');
}

require_once __DIR__ . '/support/storefront_stand_ins.php';

/**
 * The unsubscribe and survey routes of the email links (docs/email.md), run on the storefront stand-ins
 * against the real MariaDB: what a GET, a POST and a bad token write.
 */
final class EmailPagesTest extends TestCase {
	private const SECRET = '07524da1a401658c5ec50b8be1b0a0ff14d13245d0e1ea3ddcd6bbb9711291b7';
	private const OTHER = 'b1e4a26e5c5f0f7a3c0d1e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b';

	use LiveSidecar;
	private StandInDb $db;

	public static function setUpBeforeClass(): void {
		self::openStore();
	}

	protected function setUp(): void {
		self::$database->connection->query('DELETE FROM `oc_rebound_suppression`');
		self::$database->connection->query('DELETE FROM `oc_rebound_event`');
		$this->db = new StandInDb(self::$database->connection);
	}

	private static function token(string $purpose, int $emailId = 12, string $address = 'ann@example.com', string $secret = self::SECRET): string {
		return (new EmailToken($secret))->sign($purpose, $emailId, $address);
	}

	/**
	 * The catalog controller with a request: GET when $post is null, else a POST with that body.
	 *
	 * @param array<string, mixed>      $get
	 * @param array<string, mixed>|null $post
	 * @param array<string, mixed>      $settings
	 */
	private function page(array $get, ?array $post = null, array $settings = []): Rebound {
		$registry = storefront_registry($this->db, $settings + [
			'module_rebound_status' => '1',
			'module_rebound_secret' => self::SECRET,
			'config_store_id'       => 0,
			'config_language'       => 'en-gb'
		], new StandInShopper());
		$registry->set('language', new StandInLanguage());
		$registry->set('response', new StandInResponse());

		$request = $registry->get('request');
		$request->get = StandInRequest::clean($get);
		$request->post = StandInRequest::clean($post ?? []);
		$request->server['REQUEST_METHOD'] = $post === null ? 'GET' : 'POST';

		return new Rebound($registry);
	}

	/** @return array<string, mixed> */
	private static function view(Rebound $page, string $template): array {
		return $page->__get('load')->last('extension/rebound/module/' . $template);
	}

	/** @return list<string> */
	private static function headers(Rebound $page): array {
		return $page->__get('response')->headers;
	}

	/** @return list<array<string, mixed>> */
	private static function suppressions(): array {
		return self::$database->connection->query('SELECT `email`, `reason`, `source`, `email_id`, `created_at` FROM `oc_rebound_suppression` ORDER BY `email`');
	}

	/** @return list<array<string, mixed>> the envelopes in the outbox */
	private static function events(): array {
		return array_map(static fn (array $row): array => json_decode($row['payload'], true, 512, JSON_THROW_ON_ERROR), self::$database->connection->query('SELECT `payload` FROM `oc_rebound_event` ORDER BY `rebound_event_id`'));
	}

	public function testUnsubscribeGetOfAnAddressAlreadyOffSaysSoAndChangesNothing(): void {
		$token = self::token('unsubscribe');
		$post = $this->page(['token' => $token], ['List-Unsubscribe' => 'One-Click']);
		$post->unsubscribe();
		$before = [self::suppressions(), self::events()];

		$page = $this->page(['language' => 'en-gb', 'token' => $token]);
		$page->unsubscribe();

		$view = self::view($page, 'rebound_unsubscribe');
		$this->assertTrue($view['already']);
		$this->assertFalse($view['done']);
		$this->assertSame('ann@example.com is already unsubscribed: no more review requests or surveys from us.', sprintf($page->__get('language')->get('text_already_unsubscribed'), $view['address']));
		$this->assertSame($before, [self::suppressions(), self::events()]);

		$other = $this->page(['token' => self::token('unsubscribe', 13, 'bob@example.com')]);
		$other->unsubscribe();
		$this->assertFalse(self::view($other, 'rebound_unsubscribe')['already'], 'another address is asked');
	}

	public function testUnsubscribeGetAsksAndChangesNothing(): void {
		$token = self::token('unsubscribe');
		$page = $this->page(['language' => 'en-gb', 'token' => $token]);
		$page->unsubscribe();

		$view = self::view($page, 'rebound_unsubscribe');
		$this->assertSame('ann@example.com', $view['address']);
		$this->assertFalse($view['done']);
		$this->assertFalse($view['already']);
		$this->assertSame('', $view['error']);
		$this->assertSame('http://shop.test/index.php?route=extension/rebound/module/rebound.unsubscribe&amp;language=en-gb&amp;token=' . $token, $view['action']);
		$this->assertSame('Unsubscribe ann@example.com from review requests and surveys?', sprintf($page->__get('language')->get('text_unsubscribe_confirm'), $view['address']));
		$this->assertSame([], self::headers($page));
		$this->assertSame([], self::suppressions());
		$this->assertSame([], self::events());
	}

	public function testOneClickPostWritesOneSuppressionAndOneEventAndIsIdempotent(): void {
		$token = self::token('unsubscribe');

		for ($i = 0; $i < 2; $i++) {
			$page = $this->page(['language' => 'en-gb', 'token' => $token], ['List-Unsubscribe' => 'One-Click']);
			$page->unsubscribe();

			$view = self::view($page, 'rebound_unsubscribe');
			$this->assertTrue($view['done']);
			$this->assertSame([], self::headers($page));
		}

		$rows = self::suppressions();
		$this->assertCount(1, $rows);
		$this->assertSame(['ann@example.com', 'unsubscribe', 'one_click', '12'], [$rows[0]['email'], $rows[0]['reason'], $rows[0]['source'], (string)$rows[0]['email_id']]);

		$events = self::events();
		$this->assertCount(1, $events);
		$this->assertSame('email.unsubscribed', $events[0]['type']);
		$this->assertSame(['email' => 'ann@example.com', 'email_id' => 12, 'source' => 'one_click'], $events[0]['data']);
		$this->assertSame(0, $events[0]['store_id']);
	}

	public function testThePagesButtonUnsubscribesWithSourcePage(): void {
		$page = $this->page(['token' => self::token('unsubscribe', 5, 'bob@example.com')], ['confirm' => '1']);
		$page->unsubscribe();

		$this->assertTrue(self::view($page, 'rebound_unsubscribe')['done']);
		$this->assertSame('page', self::suppressions()[0]['source']);
		$this->assertSame(['email' => 'bob@example.com', 'email_id' => 5, 'source' => 'page'], self::events()[0]['data']);
	}

	public function testABounceStaysABounce(): void {
		self::$database->connection->query("INSERT INTO `oc_rebound_suppression` (email, reason, source, email_id, created_at) VALUES ('ann@example.com', 'bounce', 'smtp', 3, UTC_TIMESTAMP(6))");

		$page = $this->page(['token' => self::token('unsubscribe')], ['List-Unsubscribe' => 'One-Click']);
		$page->unsubscribe();

		$this->assertTrue(self::view($page, 'rebound_unsubscribe')['done']);
		$this->assertSame('bounce', self::suppressions()[0]['reason']);
		$this->assertSame([], self::events());
	}

	/** @return iterable<string, array{0: string}> */
	public static function badUnsubscribeTokens(): iterable {
		$good = self::token('unsubscribe');

		yield 'none' => [''];
		yield 'garbage' => ['not-a-token'];
		yield 'another secret' => [self::token('unsubscribe', 12, 'ann@example.com', self::OTHER)];
		yield 'a survey token' => [self::token('csat')];
		yield 'tampered address' => [str_replace('YW5uQGV4YW1wbGUuY29t', 'Ym9iQGV4YW1wbGUuY29t', $good)];
		yield 'markup' => ['<script>alert(1)</script>'];
	}

	/**
	 * @dataProvider badUnsubscribeTokens
	 */
	public function testABadUnsubscribeTokenIsA400AndWritesNothing(string $token): void {
		foreach ([null, ['List-Unsubscribe' => 'One-Click']] as $post) {
			$page = $this->page(['token' => $token], $post);
			$page->unsubscribe();

			$view = self::view($page, 'rebound_unsubscribe');
			$this->assertSame(['HTTP/1.1 400 Bad Request'], self::headers($page));
			$this->assertSame('This link is not valid', $view['heading_title']);
			$this->assertStringStartsWith('This link is not valid.', $view['error']);
			$this->assertSame('', $view['address']);
			$this->assertFalse($view['done']);
			$this->assertStringNotContainsString('<script', $view['action'] . implode('', array_column($view['breadcrumbs'], 'href')));
		}

		$this->assertSame([], self::suppressions());
		$this->assertSame([], self::events());
	}

	public function testWithoutASecretEveryLinkIsBad(): void {
		$page = $this->page(['token' => self::token('unsubscribe')], ['List-Unsubscribe' => 'One-Click'], ['module_rebound_secret' => '']);
		$page->unsubscribe();

		$this->assertSame(['HTTP/1.1 400 Bad Request'], self::headers($page));
		$this->assertSame([], self::suppressions());
	}

	public function testADatabaseFailureShowsASorryPageAndNeverThrows(): void {
		$this->db->failOn('rebound_suppression');

		$page = $this->page(['token' => self::token('unsubscribe')], ['List-Unsubscribe' => 'One-Click']);
		$page->unsubscribe();

		$view = self::view($page, 'rebound_unsubscribe');
		$this->assertFalse($view['done']);
		$this->assertSame('Sorry, we could not record this right now. Please try again in a moment.', $view['error']);
		$this->assertSame(['HTTP/1.1 503 Service Unavailable'], self::headers($page));
		$this->assertStringContainsString('Rebound: unsubscribe failed', $page->__get('log')->lines[0]);
		$this->assertSame([], self::events());
	}

	public function testAnOutboxFailureStillUnsubscribes(): void {
		$this->db->failOn('rebound_event');

		$page = $this->page(['token' => self::token('unsubscribe')], ['List-Unsubscribe' => 'One-Click']);
		$page->unsubscribe();

		$this->assertTrue(self::view($page, 'rebound_unsubscribe')['done']);
		$this->assertCount(1, self::suppressions());
		$this->assertStringContainsString('could not record email.unsubscribed', $page->__get('log')->lines[0]);
	}

	/** @return iterable<string, array{0: string, 1: string, 2: int|null, 3: list<int>}> */
	public static function surveyLinks(): iterable {
		yield 'csat 4' => ['csat', '4', 4, [1, 2, 3, 4, 5]];
		yield 'csat 0 is off the scale' => ['csat', '0', null, [1, 2, 3, 4, 5]];
		yield 'csat 9 is off the scale' => ['csat', '9', null, [1, 2, 3, 4, 5]];
		yield 'nps 0' => ['nps', '0', 0, range(0, 10)];
		yield 'nps 10' => ['nps', '10', 10, range(0, 10)];
		yield 'nps 11' => ['nps', '11', null, range(0, 10)];
		yield 'nps 07' => ['nps', '07', null, range(0, 10)];
		yield 'nps missing' => ['nps', '', null, range(0, 10)];
	}

	/**
	 * @dataProvider surveyLinks
	 *
	 * @param list<int> $scale
	 */
	public function testSurveyGetPreselectsTheLinksScoreAndRecordsNothing(string $kind, string $score, ?int $selected, array $scale): void {
		$token = self::token($kind, 7);
		$page = $this->page(['language' => 'en-gb', 'token' => $token, 'score' => $score]);
		$page->survey();

		$view = self::view($page, 'rebound_survey');
		$this->assertSame($kind, $view['kind']);
		$this->assertSame($selected, $view['score']);
		$this->assertSame($scale, $view['scores']);
		$this->assertSame($token, $view['token']);
		$this->assertSame($kind === 'csat' ? 'How happy are you with the way we handled your return?' : 'How likely are you to recommend us to a friend or colleague?', $view['question']);
		$this->assertFalse($view['done']);
		$this->assertSame([], self::headers($page));
		$this->assertSame([], self::events());
	}

	public function testSurveyPostRecordsTheAnswer(): void {
		$token = self::token('nps', 4294967296, 'cara@example.org');
		$page = $this->page(['token' => $token], ['score' => '9', 'comment' => 'Fast & "friendly" <3', 'token' => $token]);
		$page->survey();

		$this->assertTrue(self::view($page, 'rebound_survey')['done']);

		$events = self::events();
		$this->assertCount(1, $events);
		$this->assertSame('survey.answered', $events[0]['type']);
		$this->assertSame(['email_id' => 4294967296, 'kind' => 'nps', 'score' => 9, 'email' => 'cara@example.org', 'comment' => 'Fast &amp; &quot;friendly&quot; &lt;3'], $events[0]['data']);
		$this->assertSame([], self::suppressions());
	}

	public function testTheTokenMayComeFromTheFormAlone(): void {
		$token = self::token('csat', 7);
		$page = $this->page([], ['score' => '5', 'token' => $token]);
		$page->survey();

		$this->assertTrue(self::view($page, 'rebound_survey')['done']);
		$this->assertSame(['email_id' => 7, 'kind' => 'csat', 'score' => 5, 'email' => 'ann@example.com', 'comment' => ''], self::events()[0]['data']);
	}

	/** @return iterable<string, array{0: string, 1: string, 2: string}> */
	public static function refusedAnswers(): iterable {
		yield 'csat 0' => ['csat', '0', ''];
		yield 'csat 6' => ['csat', '6', ''];
		yield 'nps 11' => ['nps', '11', ''];
		yield 'nps -1' => ['nps', '-1', ''];
		yield 'nps 5.0' => ['nps', '5.0', ''];
		yield 'no score' => ['csat', '', ''];
		yield 'a comment too long' => ['csat', '5', str_repeat('a', 2001)];
	}

	/**
	 * @dataProvider refusedAnswers
	 */
	public function testAnAnswerOffTheScaleIsAskedAgainAndNotRecorded(string $kind, string $score, string $comment): void {
		$page = $this->page(['token' => self::token($kind, 7)], ['score' => $score, 'comment' => $comment]);
		$page->survey();

		$view = self::view($page, 'rebound_survey');
		$this->assertFalse($view['done']);
		$this->assertSame($comment === '' ? 'Please choose a score.' : 'Please keep your comment under 2000 characters.', $view['error']);
		$this->assertSame($kind, $view['kind']);
		$this->assertSame(['HTTP/1.1 400 Bad Request'], self::headers($page));
		$this->assertSame([], self::events());
	}

	public function testASurveyWithAnUnsubscribeTokenIsA400(): void {
		foreach ([null, ['score' => '5']] as $post) {
			$page = $this->page(['token' => self::token('unsubscribe', 7)], $post);
			$page->survey();

			$view = self::view($page, 'rebound_survey');
			$this->assertSame(['HTTP/1.1 400 Bad Request'], self::headers($page));
			$this->assertSame('', $view['kind']);
			$this->assertSame('This link is not valid', $view['heading_title']);
		}

		$this->assertSame([], self::events());
	}

	public function testASurveyOutboxFailureShowsASorryPageAndNeverThrows(): void {
		$this->db->failOn('rebound_event');

		$page = $this->page(['token' => self::token('csat', 7)], ['score' => '3']);
		$page->survey();

		$view = self::view($page, 'rebound_survey');
		$this->assertFalse($view['done']);
		$this->assertSame('Sorry, we could not record this right now. Please try again in a moment.', $view['error']);
		$this->assertSame(['HTTP/1.1 503 Service Unavailable'], self::headers($page));
		$this->assertSame(3, $view['score']);
	}
}
