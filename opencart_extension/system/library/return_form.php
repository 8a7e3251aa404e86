<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The return form's lines and the checks on what a shopper posts, with no I/O.
 *
 * Built from the sidecar's eligibility answer (fromEligibility) or, when the sidecar did not answer in
 * time, from OpenCart's own order lines and return reasons (fallback: no policy, every line not yet
 * returned may be asked for, the sidecar decides later). validate() turns a POST into the `lines` of a return.submitted
 * event (docs/returns-api.md) or into errors keyed like the event's fields with the line's
 * order_product_id in place of its index: `lines.12.quantity` => an error code the page translates.
 * The sidecar checks everything again; these checks only spare the shopper a round trip.
 *
 * Posted fields: lines[<order_product_id>][quantity|reason_id|resolution|exchange_option_value_id|opened], comment.
 */
class ReturnForm {
	public const RESOLUTIONS = ['refund', 'store_credit', 'exchange'];
	public const COMMENT_MAX = 2000;

	/**
	 * @param list<array<string, mixed>> $lines      one per order line, see line()
	 * @param array<int, string>         $reasons    reason_id => name, in the order to show
	 * @param bool                       $precise    true when built from the sidecar's answer
	 * @param string                     $policyText the policy text ('' in the fallback)
	 * @param string                     $blocked    why the whole order can't be returned ('' when it can)
	 * @param string                     $deadline   the order's deadline, ISO 8601 ('' when unknown)
	 */
	private function __construct(
		public readonly array $lines,
		public readonly array $reasons,
		public readonly bool $precise,
		public readonly string $policyText = '',
		public readonly string $blocked = '',
		public readonly string $deadline = '',
		public readonly string $currencyCode = ''
	) {
	}

	/**
	 * From `GET /v1/orders/<id>/eligibility`.
	 *
	 * @param array<string, mixed> $answer
	 */
	public static function fromEligibility(array $answer): self {
		$reasons = [];
		$photoReasons = [];
		$faultReasons = [];

		foreach (self::listOf($answer['reasons'] ?? []) as $reason) {
			$id = (int)($reason['reason_id'] ?? 0);

			if ($id > 0) {
				$reasons[$id] = (string)($reason['name'] ?? '#' . $id);

				if (!empty($reason['photos_required'])) {
					$photoReasons[] = $id;
				}

				if (!empty($reason['merchant_fault'])) {
					$faultReasons[] = $id;
				}
			}
		}

		$lines = [];

		foreach (self::listOf($answer['lines'] ?? []) as $line) {
			$offers = [];

			foreach (self::listOf($line['offers'] ?? []) as $offer) {
				$resolution = (string)($offer['resolution'] ?? '');

				if (!in_array($resolution, self::RESOLUTIONS, true)) {
					continue;
				}

				$options = [];

				foreach (self::listOf($offer['options'] ?? []) as $option) {
					$id = (int)($option['product_option_value_id'] ?? 0);

					if ($id > 0) {
						$options[$id] = ['name' => (string)($option['name'] ?? ''), 'value' => (string)($option['value'] ?? '')];
					}
				}

				$offers[$resolution] = ['bonus_percent' => self::number($offer['bonus_percent'] ?? null), 'options' => $options];
			}

			$reasonIds = array_values(array_filter(array_map('intval', (array)($line['reason_ids'] ?? [])), static fn (int $id): bool => $id > 0));
			// A policy listing no reasons allows any of the store's: the answer then names them all.
			$reasonIds = $reasonIds ?: array_keys($reasons);

			$photosFor = array_key_exists('photos_required_for', $line) ? array_map('intval', (array)$line['photos_required_for']) : $photoReasons;

			$returnable = (int)($line['returnable'] ?? $line['returnable_quantity'] ?? 0);
			$eligible = !empty($line['eligible']) && $returnable > 0;

			$lines[] = self::line($line, [
				'bought'               => (int)($line['bought'] ?? $line['quantity'] ?? 0),
				'already_returned'     => (int)($line['already_returned'] ?? 0),
				'returnable'           => $eligible ? $returnable : 0,
				'eligible'             => $eligible,
				'deadline'             => (string)($line['deadline'] ?? ''),
				'blocks'               => self::texts($line['blocks'] ?? []),
				'notes'                => self::texts($line['notes'] ?? []),
				'reason_ids'           => array_values(array_unique($reasonIds)),
				'photos_required_for'  => array_values(array_unique($photosFor)),
				'photos_optional'      => false,
				'fault_reason_ids'     => array_values(array_intersect($reasonIds, $faultReasons)),
				'offers'               => $offers ?: ['refund' => ['bonus_percent' => '', 'options' => []]],
				'restocking_fee'       => self::number($line['restocking_fee'] ?? null),
				'free_return_shipping' => isset($line['free_return_shipping']) ? (bool)$line['free_return_shipping'] : null,
				'unit_price'           => self::number($line['unit_price'] ?? null),
				'requests'             => ReturnRequests::fromLine($line)
			]);
		}

		$blocked = is_array($answer['blocked'] ?? null) ? (string)($answer['blocked']['text'] ?? $answer['blocked']['code'] ?? '') : '';

		return new self($lines, $reasons, true, (string)($answer['policy_text'] ?? ''), $blocked, (string)($answer['window']['deadline'] ?? ''), (string)($answer['currency_code'] ?? ''));
	}

	/**
	 * Without the sidecar: OpenCart's order lines, each returnable but for what OpenCart's returns already
	 * name, any of the store's reasons, the resolutions the stored policy offers, photos optional. The
	 * sidecar applies the whole policy when it gets the request (and emails the shopper if it can't accept it).
	 *
	 * @param list<array<string, mixed>> $orderLines  order_product rows with `options` (name, value) and `returned`
	 * @param array<int, string>         $reasons     reason_id => name
	 * @param list<string>               $resolutions offered (offeredResolutions() of the stored policy)
	 */
	public static function fallback(array $orderLines, array $reasons, string $currencyCode = '', array $resolutions = self::RESOLUTIONS): self {
		$lines = [];

		foreach ($orderLines as $line) {
			$quantity = max(0, (int)($line['quantity'] ?? 0));
			$returned = min($quantity, max(0, (int)($line['returned'] ?? 0)));

			$lines[] = self::line($line, [
				'bought'               => $quantity,
				'already_returned'     => $returned,
				'returnable'           => $quantity - $returned,
				'eligible'             => $quantity - $returned > 0,
				'deadline'             => '',
				'blocks'               => [],
				'notes'                => [],
				'reason_ids'           => array_keys($reasons),
				'photos_required_for'  => [],
				'photos_optional'      => true,
				'fault_reason_ids'     => [],
				'offers'               => array_fill_keys(array_values(array_intersect(self::RESOLUTIONS, $resolutions)) ?: ['refund'], ['bonus_percent' => '', 'options' => []]),
				'restocking_fee'       => '',
				'free_return_shipping' => null,
				'unit_price'           => ''
			]);
		}

		return new self($lines, $reasons, false, '', '', '', $currencyCode);
	}

	/**
	 * The resolutions a stored policy (module_rebound_policy: JSON text, or already decoded) offers, as the
	 * sidecar reads it: refund unless turned off, exchange and store credit only when turned on; refund when
	 * the policy can't be read or offers nothing.
	 *
	 * @return list<string>
	 */
	public static function offeredResolutions(mixed $policy): array {
		$policy = is_string($policy) ? json_decode($policy, true) : $policy;
		$flags = is_array($policy) && is_array($policy['resolutions'] ?? null) ? $policy['resolutions'] : [];
		$defaults = ['refund' => true, 'store_credit' => false, 'exchange' => false];
		$offered = array_values(array_filter(self::RESOLUTIONS, static fn (string $resolution): bool => ($flags[$resolution] ?? $defaults[$resolution]) === true));

		return $offered ?: ['refund'];
	}

	/**
	 * The line with this order_product_id, or null.
	 *
	 * @return array<string, mixed>|null
	 */
	public function find(int $orderProductId): ?array {
		foreach ($this->lines as $line) {
			if ($line['order_product_id'] === $orderProductId) {
				return $line;
			}
		}

		return null;
	}

	/**
	 * The order_product_id of an order page's line that OpenCart 4.0.2.x gives without one (4.1 has it):
	 * there, a line names only its product, in the product_id of its return link. The n-th ($occurrence,
	 * from 0) line of the page with that product is the n-th line of the order with it, as both list the
	 * order's lines in order. 0 when no line matches.
	 */
	public function lineOfProduct(int $productId, int $occurrence): int {
		$matches = array_values(array_filter($this->lines, static fn (array $line): bool => $productId > 0 && $line['product_id'] === $productId));

		usort($matches, static fn (array $a, array $b): int => $a['order_product_id'] <=> $b['order_product_id']);

		return $matches[$occurrence]['order_product_id'] ?? 0;
	}

	/**
	 * The product_id in an order page line's return link (`account/returns.add&…&product_id=40`), or 0.
	 */
	public static function productIdOfLink(string $href): int {
		$query = (string)parse_url(html_entity_decode($href, ENT_QUOTES, 'UTF-8'), PHP_URL_QUERY);

		parse_str($query, $params);

		return is_scalar($params['product_id'] ?? null) ? max(0, (int)$params['product_id']) : 0;
	}

	/**
	 * Whether any line can be asked for at all.
	 */
	public function returnable(): bool {
		if ($this->blocked !== '') {
			return false;
		}

		foreach ($this->lines as $line) {
			if ($line['eligible']) {
				return true;
			}
		}

		return false;
	}

	/**
	 * Whether this reason needs photos on this line.
	 *
	 * @param array<string, mixed> $line
	 */
	public static function photosRequired(array $line, int $reasonId): bool {
		return in_array($reasonId, $line['photos_required_for'], true);
	}

	/**
	 * Names joined into one list that can be read back: each in the language's quotes, since a name may hold
	 * the separator itself (OpenCart's "Faulty, please supply details").
	 *
	 * @param list<string> $names
	 * @param string       $quoted    one name in quotes, as a sprintf format: '“%s”'
	 * @param string       $separator between two names: ', '
	 */
	public static function nameList(array $names, string $quoted, string $separator): string {
		return implode($separator, array_map(static fn (string $name): string => sprintf($quoted, $name), $names));
	}

	/**
	 * Checks a POST. Returns the event's lines (in form order, without photo_ids) and the errors; the request
	 * may be sent only when `errors` is empty. `values` holds what was posted, cleaned, to show it again.
	 *
	 * @param array<string, mixed> $post        the posted fields (OpenCart's request->post)
	 * @param array<int, int>      $photoCounts order_product_id => photos uploaded for it
	 *
	 * @return array{lines: list<array<string, mixed>>, errors: array<string, string>, values: array<int, array<string, mixed>>}
	 */
	public function validate(array $post, array $photoCounts = []): array {
		$posted = is_array($post['lines'] ?? null) ? $post['lines'] : [];
		$lines = [];
		$errors = [];
		$values = [];

		foreach ($this->lines as $line) {
			$id = $line['order_product_id'];
			$input = is_array($posted[$id] ?? null) ? $posted[$id] : [];

			$rawQuantity = trim((string)($input['quantity'] ?? '0'));
			$quantity = preg_match('/^[0-9]{1,6}$/D', $rawQuantity) ? (int)$rawQuantity : -1;
			$reasonId = (int)($input['reason_id'] ?? 0);
			$resolution = (string)($input['resolution'] ?? '');
			$exchange = (int)($input['exchange_option_value_id'] ?? 0);
			$opened = !empty($input['opened']);

			$values[$id] = ['quantity' => max(0, $quantity), 'reason_id' => $reasonId, 'resolution' => $resolution, 'exchange_option_value_id' => $exchange, 'opened' => $opened];

			if ($quantity === 0) {
				continue;
			}

			$key = 'lines.' . $id . '.';

			if ($quantity < 0) {
				$errors[$key . 'quantity'] = 'quantity';

				continue;
			}

			if (!$line['eligible']) {
				$errors[$key . 'quantity'] = 'not_returnable';

				continue;
			}

			if ($quantity > $line['returnable']) {
				$errors[$key . 'quantity'] = 'quantity_max';
			}

			if (!in_array($reasonId, $line['reason_ids'], true)) {
				$errors[$key . 'reason_id'] = 'reason';
			} elseif (self::photosRequired($line, $reasonId) && ($photoCounts[$id] ?? 0) < 1) {
				$errors[$key . 'photo_ids'] = 'photos';
			}

			if (!isset($line['offers'][$resolution])) {
				$errors[$key . 'resolution'] = 'resolution';
			} elseif ($resolution === 'exchange' && $line['offers']['exchange']['options'] && !isset($line['offers']['exchange']['options'][$exchange])) {
				$errors[$key . 'exchange_option_value_id'] = 'exchange_option';
			}

			$lines[] = [
				'order_product_id'         => $id,
				'quantity'                 => $quantity,
				'reason_id'                => $reasonId,
				'resolution'               => $resolution,
				'exchange_option_value_id' => $resolution === 'exchange' && $exchange > 0 ? $exchange : null,
				'opened'                   => $opened
			];
		}

		if (!$lines && !$errors) {
			$errors['lines'] = 'none_selected';
		}

		if (mb_strlen((string)($post['comment'] ?? ''), 'UTF-8') > self::COMMENT_MAX) {
			$errors['comment'] = 'comment';
		}

		return ['lines' => $lines, 'errors' => $errors, 'values' => $values];
	}

	/**
	 * The sidecar's refusal keyed like validate()'s errors: `lines.<index>.<field>` of the event becomes
	 * `lines.<order_product_id>.<field>`; anything not about a line is kept under its own key.
	 *
	 * @param array<string, string>      $errors    the refusal's errors
	 * @param list<array<string, mixed>> $sentLines the event's lines, in the order sent
	 *
	 * @return array<string, string> key => the sidecar's message
	 */
	public static function sidecarErrors(array $errors, array $sentLines): array {
		$mapped = [];

		foreach ($errors as $key => $message) {
			if (preg_match('/^lines\.([0-9]+)(\..+)?$/D', (string)$key, $match) && isset($sentLines[(int)$match[1]])) {
				$key = 'lines.' . $sentLines[(int)$match[1]]['order_product_id'] . ($match[2] ?? '.quantity');
			}

			$mapped[(string)$key] = isset($mapped[(string)$key]) ? $mapped[(string)$key] . ' ' . $message : $message;
		}

		return $mapped;
	}

	/**
	 * @param array<string, mixed> $source an eligibility line or an order_product row
	 * @param array<string, mixed> $facts
	 *
	 * @return array<string, mixed>
	 */
	private static function line(array $source, array $facts): array {
		$options = [];

		foreach (self::listOf($source['options'] ?? []) as $option) {
			$options[] = ['name' => (string)($option['name'] ?? ''), 'value' => (string)($option['value'] ?? '')];
		}

		return [
			'order_product_id' => (int)($source['order_product_id'] ?? 0),
			'product_id'       => (int)($source['product_id'] ?? 0),
			'name'             => (string)($source['name'] ?? ''),
			'model'            => (string)($source['model'] ?? ''),
			'options'          => $options
		] + $facts;
	}

	/**
	 * @return list<array<string, mixed>>
	 */
	private static function listOf(mixed $value): array {
		return is_array($value) ? array_values(array_filter($value, 'is_array')) : [];
	}

	/**
	 * `[{"code", "text"}]` as a list of texts.
	 *
	 * @return list<array{code: string, text: string}>
	 */
	private static function texts(mixed $blocks): array {
		$texts = [];

		foreach (self::listOf($blocks) as $block) {
			$texts[] = ['code' => (string)($block['code'] ?? ''), 'text' => (string)($block['text'] ?? '')];
		}

		return $texts;
	}

	/**
	 * A money or percent value as a plain decimal string, '' when absent or not a number.
	 */
	private static function number(mixed $value): string {
		if (is_int($value) || is_float($value)) {
			$value = (string)$value;
		}

		return is_string($value) && is_numeric($value) ? $value : '';
	}
}
