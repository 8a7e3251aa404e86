<?php
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\CasePage;
use Opencart\System\Library\Extension\Rebound\ClientResponse;
use PHPUnit\Framework\TestCase;

/**
 * The case page's plain decisions: where the action forms' amounts start, the policy's objections by item,
 * and what a refused action shows.
 */
final class CasePageTest extends TestCase {
	/**
	 * @return array<string, array{0: array<string, mixed>, 1: array<string, string>}>
	 */
	public static function cases(): array {
		$check = ['accepted' => true, 'gross' => '246.40', 'restocking_fee' => '0.00', 'refund' => '0.00', 'credit' => '271.04'];

		return [
			'asked as credit: the refund offers what was paid' => [
				['policy_check' => $check],
				['refund' => '246.40', 'computed_refund' => '0.00', 'credit' => '271.04', 'credit_base' => '246.40', 'gross' => '246.40']
			],
			'asked as refund with a fee: the computed refund, and the suggested credit' => [
				['policy_check' => ['gross' => '100.00', 'restocking_fee' => '10.00', 'refund' => '90.00', 'credit' => '0.00'] + $check, 'suggested_credit' => '99.00'],
				['refund' => '90.00', 'computed_refund' => '90.00', 'credit' => '99.00', 'credit_base' => '90.00', 'gross' => '100.00']
			],
			'asked as refund, from a sidecar without suggestions: the refund as credit' => [
				['policy_check' => ['gross' => '100.00', 'restocking_fee' => '10.00', 'refund' => '90.00', 'credit' => '0.00'] + $check],
				['refund' => '90.00', 'computed_refund' => '90.00', 'credit' => '90.00', 'credit_base' => '90.00', 'gross' => '100.00']
			],
			'credit asked with a fee: the offered refund is less the fee' => [
				['policy_check' => ['gross' => '100.00', 'restocking_fee' => '10.00', 'refund' => '0.00', 'credit' => '99.00'] + $check],
				['refund' => '90.00', 'computed_refund' => '0.00', 'credit' => '99.00', 'credit_base' => '90.00', 'gross' => '100.00']
			],
			'no policy check: what the case recorded' => [
				['policy_check' => null, 'refund_amount' => '12.5000', 'credit_amount' => '0.0000', 'fee_amount' => '0.0000'],
				['refund' => '12.50', 'computed_refund' => '12.50', 'credit' => '0.00', 'credit_base' => '0.00', 'gross' => '0.00']
			]
		];
	}

	/**
	 * @dataProvider cases
	 *
	 * @param array<string, mixed>  $case
	 * @param array<string, string> $amounts
	 */
	public function testTheFormsStartFromThePolicysAmounts(array $case, array $amounts): void {
		$this->assertSame($amounts, CasePage::amounts($case));
	}

	public function testObjectionsNameTheirItem(): void {
		$this->assertSame([
			['item' => 2, 'name' => 'Mug', 'message' => 'Only 1 can be returned.'],
			['item' => 1, 'name' => 'Tee', 'message' => 'Add a photo.'],
			['item' => 7, 'name' => '', 'message' => 'Gone.'],
			['item' => null, 'name' => '', 'message' => 'No such order for this customer.']
		], CasePage::objections([
			'lines.1.quantity' => 'Only 1 can be returned.',
			'lines.0.photos'   => 'Add a photo.',
			'lines.6'          => 'Gone.',
			'order_id'         => 'No such order for this customer.'
		], ['Tee', 'Mug']));
	}

	/**
	 * @return array<string, array{0: int, 1: string, 2: array<string, mixed>}>
	 */
	public static function refusals(): array {
		return [
			'gone'        => [404, '{"error": {"code": "not_found", "message": "No such return.", "fields": {}}}', ['key' => 'error_not_found', 'detail' => '', 'fields' => [], 'policy' => []]],
			'moved on'    => [409, '{"error": {"code": "invalid_transition", "message": "A received return cannot be given the action approve.", "fields": {"allowed": ["refund"]}}}', ['key' => 'error_invalid_transition', 'detail' => 'A received return cannot be given the action approve.', 'fields' => [], 'policy' => []]],
			'policy'      => [409, '{"error": {"code": "policy_violation", "message": "No.", "fields": {"lines.0.quantity": "Only 1 can be returned."}}}', ['key' => 'error_policy_violation', 'detail' => '', 'fields' => [], 'policy' => [['item' => 1, 'name' => '', 'message' => 'Only 1 can be returned.']]]],
			'bad amount'  => [400, '{"error": {"code": "bad_request", "message": "The action is invalid.", "fields": {"amount": ["Not a valid number."], "user": ["Too long."]}}}', ['key' => 'error_bad_request', 'detail' => 'The action is invalid. user: Too long.', 'fields' => ['amount' => 'Not a valid number.'], 'policy' => []]],
			'down'        => [503, '{"error": {"code": "database_unavailable", "message": "Try again shortly.", "fields": {}}}', ['key' => 'error_down', 'detail' => '', 'fields' => [], 'policy' => []]]
		];
	}

	/**
	 * @dataProvider refusals
	 *
	 * @param array<string, mixed> $refusal
	 */
	public function testARefusedActionSaysWhatTheSidecarSaid(int $status, string $body, array $refusal): void {
		$this->assertSame($refusal, CasePage::refusal(AdminAnswer::fromResponse(new ClientResponse($status, $body))));
	}

	public function testNoAnswerIsTheDownMessage(): void {
		$this->assertSame('error_down', CasePage::refusal(AdminAnswer::fromResponse(new ClientResponse(0, '', 'Connection refused')))['key']);
	}
}
