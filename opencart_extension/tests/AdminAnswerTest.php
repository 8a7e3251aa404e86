<?php
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AdminApi;
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\ClientResponse;
use PHPUnit\Framework\TestCase;

/**
 * How the admin pages read the sidecar's answers (AdminAnswer), and the parts of AdminApi that need no
 * sidecar: the action bodies, the list query, the idempotency keys. AdminApiTest runs the real thing.
 */
final class AdminAnswerTest extends TestCase {
	private static function envelope(string $code, string $message, array $fields = []): string {
		return (string)json_encode(['error' => ['code' => $code, 'message' => $message, 'fields' => (object)$fields]]);
	}

	/**
	 * @return array<string, array{0: ClientResponse, 1: string, 2: bool, 3: string}>
	 */
	public static function answers(): array {
		return [
			'no answer'          => [new ClientResponse(0, '', 'Failed to connect to 127.0.0.1 port 9', false, 0.01), 'unreachable', true, 'Failed to connect to 127.0.0.1 port 9'],
			'time limit'         => [new ClientResponse(0, '', 'Operation timed out', true, 5.0), 'timeout', true, 'Operation timed out'],
			'bad signature'      => [new ClientResponse(401, self::envelope('bad_signature', 'No signature matches.')), 'unauthorized', true, 'No signature matches. (bad_signature)'],
			'database down'      => [new ClientResponse(503, self::envelope('database_unavailable', 'The store\'s database cannot be reached.')), 'unavailable', true, 'The store\'s database cannot be reached.'],
			'a proxy\'s 502'     => [new ClientResponse(502, '<html>Bad Gateway</html>'), 'unavailable', true, 'HTTP 502'],
			'not json'           => [new ClientResponse(200, '<html>hello</html>'), 'bad_answer', true, 'HTTP 200 with a body that is not a Rebound answer'],
			'no such case'       => [new ClientResponse(404, self::envelope('not_found', 'No such return.')), 'not_found', false, 'No such return.'],
			'wrong state'        => [new ClientResponse(409, self::envelope('invalid_transition', 'A requested return cannot be given the action receive.', ['allowed' => ['approve', 'reject']])), 'invalid_transition', false, 'A requested return cannot be given the action receive.'],
			'policy says no'     => [new ClientResponse(409, self::envelope('policy_violation', 'The store\'s return policy does not allow this any more.', ['lines.0.quantity' => 'Only 1 can be returned.'])), 'policy_violation', false, 'The store\'s return policy does not allow this any more.'],
			'other conflict'     => [new ClientResponse(409, self::envelope('conflict', 'Busy.')), 'http_error', false, 'Busy.'],
			'bad request'        => [new ClientResponse(400, self::envelope('bad_request', 'The action is invalid.', ['amount' => ['Not a valid number.']])), 'bad_request', false, 'The action is invalid.'],
			'too large'          => [new ClientResponse(413, self::envelope('request_entity_too_large', 'Too big.')), 'http_error', false, 'Too big.']
		];
	}

	/**
	 * @dataProvider answers
	 */
	public function testEachAnswerHasOneProblemAndTheSidecarsWords(ClientResponse $response, string $problem, bool $down, string $message): void {
		$answer = AdminAnswer::fromResponse($response);

		$this->assertSame($problem, $answer->problem);
		$this->assertSame($down, $answer->down());
		$this->assertFalse($answer->ok());
		$this->assertSame($message, $answer->message);
		$this->assertSame([], $answer->data);
	}

	public function testASuccessCarriesTheDataAndNoProblem(): void {
		$answer = AdminAnswer::fromResponse(new ClientResponse(200, '{"total": 1, "cases": [{"case_id": 4}]}'));

		$this->assertTrue($answer->ok());
		$this->assertFalse($answer->down());
		$this->assertSame(1, $answer->data['total']);
		$this->assertSame(4, $answer->data['cases'][0]['case_id']);
	}

	public function testFieldErrorsBecomeOneSentencePerDottedPath(): void {
		$body = self::envelope('bad_request', 'The policy has errors.', [
			'window'  => ['days' => ['Must be a number of days from 1 to 3650.']],
			'reasons' => ['1' => ['reason_id' => ['Not an id: 0.', 'Missing data.']]],
			'amount'  => 'At most 20.00.'
		]);

		$answer = AdminAnswer::fromResponse(new ClientResponse(400, $body));

		$this->assertSame([
			'window.days'        => 'Must be a number of days from 1 to 3650.',
			'reasons.1.reason_id' => 'Not an id: 0. Missing data.',
			'amount'             => 'At most 20.00.'
		], $answer->fields);

		// The policy_violation and invalid_transition fields too.
		$this->assertSame(['allowed' => 'approve reject'], AdminAnswer::fromResponse(self::answers()['wrong state'][0])->fields);
		$this->assertSame(['lines.0.quantity' => 'Only 1 can be returned.'], AdminAnswer::fromResponse(self::answers()['policy says no'][0])->fields);
	}

	public function testAMemberKeepsItsJsonShape(): void {
		$answer = AdminAnswer::fromResponse(new ClientResponse(200, '{"document": {"version": 1, "window": {}, "reasons": [], "text": "a/b é"}}'));

		$this->assertSame('{"version":1,"window":{},"reasons":[],"text":"a/b é"}', $answer->member('document'));
		$this->assertNull($answer->member('missing'));
		$this->assertNull(AdminAnswer::notConfigured()->member('document'));
	}

	public function testNotConfiguredIsDown(): void {
		$answer = (new AdminApi(null))->cases([]);

		$this->assertSame('not_configured', $answer->problem);
		$this->assertTrue($answer->down());
		$this->assertSame('not_configured', (new AdminApi(null))->act(1, ['action' => 'approve'])->problem);
	}

	public function testIdempotencyKeysAreFreshUuids(): void {
		$keys = [];

		for ($i = 0; $i < 200; $i++) {
			$keys[] = AdminApi::idempotencyKey();
		}

		$this->assertCount(200, array_unique($keys));

		foreach ($keys as $key) {
			$this->assertTrue(AdminApi::isIdempotencyKey($key), $key);
			$this->assertLessThanOrEqual(64, strlen($key), 'the sidecar takes keys of up to 64 characters');
		}

		$this->assertFalse(AdminApi::isIdempotencyKey(''));
		$this->assertFalse(AdminApi::isIdempotencyKey('5c6b0f6e-2b1d-4c6e-9a1f-0e8c5d2f4a7b' . "\n"));
		$this->assertFalse(AdminApi::isIdempotencyKey("x' OR 1=1"));
	}

	/**
	 * @return array<string, array{0: array<string, mixed>, 1: array<string, mixed>}>
	 */
	public static function actions(): array {
		$key = '5c6b0f6e-2b1d-4c6e-9a1f-0e8c5d2f4a7b';
		$base = ['idempotency_key' => $key, 'comment' => '', 'user' => 'admin'];

		return [
			'approve takes no amount'     => [['action' => 'approve', 'idempotency_key' => $key, 'amount' => '5', 'reason' => 'x'], ['action' => 'approve'] + $base],
			'reject takes the reason'     => [['action' => 'reject', 'idempotency_key' => $key, 'reason' => ' Worn <twice> ', 'comment' => ' see photos '], ['action' => 'reject', 'idempotency_key' => $key, 'comment' => 'see photos', 'user' => 'admin', 'reason' => 'Worn <twice>']],
			'receive takes a condition'   => [['action' => 'receive', 'idempotency_key' => $key, 'condition' => 'opened'], ['action' => 'receive'] + $base + ['condition' => 'opened']],
			'an unknown condition is left out' => [['action' => 'receive', 'idempotency_key' => $key, 'condition' => 'melted'], ['action' => 'receive'] + $base],
			'refund blank: computed'      => [['action' => 'refund', 'idempotency_key' => $key, 'amount' => ' '], ['action' => 'refund'] + $base],
			'refund as typed'             => [['action' => 'refund', 'idempotency_key' => $key, 'amount' => '12,50'], ['action' => 'refund'] + $base + ['amount' => '12,50']],
			'credit with a bonus'         => [['action' => 'credit', 'idempotency_key' => $key, 'amount' => '', 'bonus_percent' => '15'], ['action' => 'credit'] + $base + ['bonus_percent' => '15']],
			'override when asked'         => [['action' => 'credit', 'idempotency_key' => $key, 'amount' => '22.00', 'override' => '1'], ['action' => 'credit'] + $base + ['amount' => '22.00', 'override' => true]],
			'never override a rejection'  => [['action' => 'reject', 'idempotency_key' => $key, 'reason' => 'No', 'override' => '1'], ['action' => 'reject'] + $base + ['reason' => 'No']]
		];
	}

	/**
	 * @dataProvider actions
	 *
	 * @param array<string, mixed> $posted
	 * @param array<string, mixed> $body
	 */
	public function testAnActionSendsOnlyItsOwnFields(array $posted, array $body): void {
		$this->assertSame($body, AdminApi::actionBody($posted, 'admin'));
	}

	public function testTheListQueryHoldsOnlyCheckedValues(): void {
		$this->assertSame('status=requested&reason_id=5&min_age_days=7&min_value=12.5&store_id=0&page=2&per_page=25', AdminApi::listQuery(['status' => 'requested', 'reason_id' => '5', 'min_age_days' => '7', 'min_value' => '12.50', 'store_id' => '0'], 2, 25));
		$this->assertSame('page=1&per_page=100', AdminApi::listQuery(['status' => "requested' OR 1", 'reason_id' => 'x', 'min_age_days' => '-3', 'min_value' => 'lots', 'store_id' => ''], 0, 1000));
	}

	public function testAskingWithoutAClientOrAServerIsAProblemNotAnException(): void {
		$this->assertSame('not_configured', AdminAnswer::ask(null, 'GET', '/v1/admin/returns', '', 1.0)->problem);

		$answer = AdminAnswer::ask(new Client('http://127.0.0.1:' . Processes::freePort(), str_repeat('a', 64)), 'GET', '/v1/admin/returns', '', 1.0);

		$this->assertSame('unreachable', $answer->problem);
		$this->assertTrue($answer->down());
	}

	public function testTheDownSentenceNamesTheProblemAndTheSidecarsWords(): void {
		$text = static fn (string $key): string => ['text_sidecar_down' => 'Down: %s', 'problem_timeout' => 'too slow (%s).', 'problem_unavailable' => 'it failed (%s).'][$key] ?? $key;

		$this->assertSame('Down: too slow (Operation timed out).', AdminAnswer::fromResponse(new ClientResponse(0, '', 'Operation timed out', true, 5.0))->downText($text));
		$this->assertSame('it failed (HTTP 502).', AdminAnswer::fromResponse(new ClientResponse(502, '<html>Bad Gateway</html>'))->problemText($text));
		// A refusal is not a down sidecar, but a page that only knows "down" still names it.
		$this->assertSame('it failed (No such return.).', AdminAnswer::fromResponse(new ClientResponse(404, self::envelope('not_found', 'No such return.')))->problemText($text));
	}

	public function testAPageSentenceComesFirstThenTheSharedOne(): void {
		$texts = admin_texts('sale/returns') + ['problem_timeout' => 'the returns took too long (%s).'];
		$text = static fn (string $key): string => $texts[$key] ?? $key;

		$this->assertSame('the returns took too long (5 s).', AdminAnswer::fromResponse(new ClientResponse(0, '', '5 s', true))->problemText($text), 'the page rewords it');
		$this->assertSame('it cannot be reached (Connection refused).', AdminAnswer::fromResponse(new ClientResponse(0, '', 'Connection refused'))->problemText($text), 'worded once, in common/sidecar.php');
		$this->assertSame('problem_nothing', AdminAnswer::sentence($text, 'problem_nothing'), 'neither: the key, as OpenCart shows a missing text');
	}

	public function testASuccessWithoutWhatThePageNeedsIsABadAnswer(): void {
		$ok = AdminAnswer::fromResponse(new ClientResponse(200, '{"total": 0}'));
		$missing = $ok->missing('reviews');

		$this->assertSame(['bad_answer', 'no reviews in the answer', 200], [$missing->problem, $missing->message, $missing->status]);

		$down = AdminAnswer::notConfigured();

		$this->assertSame($down, $down->missing('reviews'), 'a problem stays the problem it was');
	}

}
