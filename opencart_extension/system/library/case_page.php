<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The return case page's plain decisions, kept out of the controller so they are tested without OpenCart:
 * the amounts the action forms start from, the policy's objections by item, and an action's refusal as
 * the page's message (a language key and the sidecar's words) with the errors of the form's own fields.
 */
final class CasePage {
	/** Fields of the action forms an error can be shown beside; anything else goes into the message. */
	public const FORM_FIELDS = ['amount', 'bonus_percent', 'reason', 'condition', 'comment'];

	/**
	 * The action forms' starting amounts, as "0.00" strings, from the case the sidecar sent (admin view):
	 * the policy's figures when it could judge the case, else what the case recorded. A case asked as
	 * store credit or exchange has a computed refund of 0; the refund form then offers what was paid,
	 * less the restocking fee, for the owner to adjust. A case asked as a refund has a computed credit of 0;
	 * the credit form then offers the sidecar's `suggested_credit` (that refund with the policy's bonus).
	 *
	 * @param array<string, mixed> $case
	 *
	 * @return array{refund: string, computed_refund: string, credit: string, credit_base: string, gross: string}
	 */
	public static function amounts(array $case): array {
		$check = is_array($case['policy_check'] ?? null) ? $case['policy_check'] : null;
		$gross = (float)($check['gross'] ?? 0);
		$fee = (float)($check['restocking_fee'] ?? ($case['fee_amount'] ?? 0));
		$computed = (float)($check !== null ? ($check['refund'] ?? 0) : ($case['refund_amount'] ?? 0));
		$credit = (float)($check !== null ? ($check['credit'] ?? 0) : ($case['credit_amount'] ?? 0));

		if ($credit <= 0 && $check !== null) {
			$credit = (float)($case['suggested_credit'] ?? max(0.0, $gross - $fee));
		}

		return [
			'refund'          => self::money($computed > 0 ? $computed : max(0.0, $gross - $fee)),
			'computed_refund' => self::money($computed),
			'credit'          => self::money($credit),
			'credit_base'     => self::money(max(0.0, $gross - $fee)),
			'gross'           => self::money($gross)
		];
	}

	/**
	 * The policy's objections (`lines.<i>.<field>` => sentence) with the item they concern: its number
	 * from 1 and its name when known.
	 *
	 * @param array<string, string> $errors
	 * @param list<string>          $names  the case's item names in line order ([] when not at hand)
	 *
	 * @return list<array{item: int|null, name: string, message: string}>
	 */
	public static function objections(array $errors, array $names = []): array {
		$objections = [];

		foreach ($errors as $path => $message) {
			if (preg_match('/^lines\.(\d+)(\.|$)/', (string)$path, $match)) {
				$objections[] = ['item' => (int)$match[1] + 1, 'name' => $names[(int)$match[1]] ?? '', 'message' => $message];
			} else {
				$objections[] = ['item' => null, 'name' => '', 'message' => $message];
			}
		}

		return $objections;
	}

	/**
	 * An action's refusal for the page: the language key of its message, the detail that goes into it
	 * ('' for `error_down`, where the page says why the sidecar is down), errors of the form's own
	 * fields, and the policy's objections when the policy refused.
	 *
	 * @return array{key: string, detail: string, fields: array<string, string>, policy: list<array{item: int|null, name: string, message: string}>}
	 */
	public static function refusal(AdminAnswer $answer): array {
		$refusal = ['key' => 'error_down', 'detail' => '', 'fields' => [], 'policy' => []];

		switch ($answer->problem) {
			case 'not_found':
				return array_merge($refusal, ['key' => 'error_not_found']);
			case 'invalid_transition':
				return array_merge($refusal, ['key' => 'error_invalid_transition', 'detail' => $answer->message]);
			case 'policy_violation':
				return array_merge($refusal, ['key' => 'error_policy_violation', 'policy' => self::objections($answer->fields)]);
			case 'bad_request':
			case 'http_error':
				$rest = [];

				foreach ($answer->fields as $field => $message) {
					if (in_array($field, self::FORM_FIELDS, true)) {
						$refusal['fields'][$field] = $message;
					} else {
						$rest[] = $field . ': ' . $message;
					}
				}

				return array_merge($refusal, ['key' => 'error_' . $answer->problem, 'detail' => trim($answer->message . ' ' . implode(' ', $rest))]);
			default:
				return $refusal;
		}
	}

	private static function money(float $amount): string {
		return number_format($amount, 2, '.', '');
	}
}
