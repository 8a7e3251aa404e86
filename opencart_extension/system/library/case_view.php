<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The returns dashboard's rows and case page as the templates show them, with no I/O: the sidecar's case
 * (docs/returns-api.md, "Admin") laid beside OpenCart's order. Texts, money, dates and admin links come from
 * the page through closures, so the class needs no OpenCart.
 *
 * @example
 * $view = new CaseView(fn ($key) => $this->language->get($key), fn ($amount) => …, fn ($value, $format) => …, fn ($route, $args) => …);
 * $row = $view->row($case, $customer);
 */
final class CaseView {
	/**
	 * @param \Closure(string): string         $text  a language string by key
	 * @param \Closure(mixed): string          $money an amount in the store's base currency
	 * @param \Closure(mixed, string): string  $date  a sidecar time in the language's format key ('' when unreadable)
	 * @param \Closure(string, string): string $link  an admin page: route, then the query after the user token
	 */
	public function __construct(private \Closure $text, private \Closure $money, private \Closure $date, private \Closure $link) {
	}

	/**
	 * One row of the list of cases.
	 *
	 * @param array<string, mixed> $case     a case of the sidecar's list
	 * @param array<string, mixed> $customer OpenCart's order's firstname and lastname, [] when unknown
	 *
	 * @return array<string, mixed>
	 */
	public function row(array $case, array $customer, string $route): array {
		$order_id = (int)($case['order_id'] ?? 0);
		$name = trim(html_entity_decode(($customer['firstname'] ?? '') . ' ' . ($customer['lastname'] ?? ''), ENT_QUOTES, 'UTF-8'));
		$age = (int)($case['age_days'] ?? 0);

		return [
			'case_id'         => (int)($case['case_id'] ?? 0),
			'reference'       => (string)($case['reference'] ?? ''),
			'order_id'        => $order_id,
			'order'           => ($this->link)('sale/order.info', '&order_id=' . $order_id),
			'customer'        => $name !== '' ? $name : (string)($case['email'] ?? ''),
			'email'           => (string)($case['email'] ?? ''),
			'status'          => (string)($case['status'] ?? ''),
			'status_text'     => $this->label('status_', (string)($case['status'] ?? '')),
			'value'           => ($this->money)($case['base_value'] ?? 0),
			'age'             => $age > 0 ? sprintf(($this->text)('text_days'), $age) : ($this->text)('text_today'),
			'date_added'      => ($this->date)($case['created_at'] ?? null, 'date_format_short'),
			'auto_approved'   => !empty($case['auto_approved']),
			'serial_returner' => !empty($case['serial_returner']),
			'view'            => ($this->link)($route . '.info', '&case_id=' . (int)($case['case_id'] ?? 0))
		];
	}

	/**
	 * The case's items with OpenCart's product names, the reasons' names and the photos.
	 *
	 * @param array<string, mixed>                                          $case
	 * @param array<int, array{name: string, model: string, options: string}> $products by order_product_id
	 * @param array<int, string>                                            $reasons  by return_reason_id
	 * @param \Closure(string): (array{thumb: string, href: string}|null)   $photo    a photo's links, null when it can't be shown
	 *
	 * @return list<array<string, mixed>>
	 */
	public function lines(array $case, array $products, array $reasons, \Closure $photo): array {
		$lines = [];

		foreach ((array)($case['lines'] ?? []) as $index => $line) {
			$product = $products[(int)($line['order_product_id'] ?? 0)] ?? ['name' => '#' . (int)($line['product_id'] ?? 0), 'model' => '', 'options' => ''];
			$return_id = (int)($line['return_id'] ?? 0);

			$line_photos = [];
			$missing = [];

			foreach ((array)($line['photo_ids'] ?? []) as $photo_id) {
				$photo_id = (string)$photo_id;
				$shown = $photo($photo_id);

				if ($shown !== null) {
					$line_photos[] = $shown;
				} else {
					$missing[] = $photo_id;
				}
			}

			$lines[] = [
				'number'      => $index + 1,
				'name'        => $product['name'],
				'model'       => $product['model'],
				'options'     => $product['options'],
				'quantity'    => (int)($line['quantity'] ?? 0),
				'opened'      => !empty($line['opened']),
				'reason'      => $reasons[(int)($line['reason_id'] ?? 0)] ?? '#' . (int)($line['reason_id'] ?? 0),
				'resolution'  => $this->label('resolution_', (string)($line['resolution'] ?? '')),
				'unit_price'  => ($this->money)($line['unit_price'] ?? 0),
				'fee'         => ($this->money)($line['fee'] ?? 0),
				'refund'      => ($this->money)($line['refund'] ?? 0),
				'credit'      => ($this->money)($line['credit'] ?? 0),
				'photos'      => $line_photos,
				'photo_ids'   => $missing ? sprintf(($this->text)('text_photo_ids'), implode(', ', $missing)) : '',
				'photo_count' => (int)($line['photo_count'] ?? 0),
				'return'      => $return_id ? sprintf(($this->text)('text_core_return'), $return_id) : '',
				'return_href' => $return_id ? ($this->link)('sale/returns.form', '&return_id=' . $return_id) : ''
			];
		}

		return $lines;
	}

	/**
	 * @param array<string, mixed> $case
	 *
	 * @return list<array{status: string, action: string, actor: string, comment: string, date: string}>
	 */
	public function history(array $case): array {
		$history = [];

		foreach ((array)($case['history'] ?? []) as $entry) {
			$history[] = [
				'status'  => $this->label('status_', (string)($entry['status'] ?? '')),
				'action'  => $this->label('action_', (string)($entry['action'] ?? '')),
				'actor'   => (string)($entry['actor'] ?? ''),
				'comment' => (string)($entry['comment'] ?? ''),
				'date'    => ($this->date)($entry['created_at'] ?? null, 'datetime_format')
			];
		}

		return $history;
	}

	/**
	 * The case's own facts.
	 *
	 * @param array<string, mixed>      $case
	 * @param array<string, mixed>|null $order         OpenCart's order, null when it is gone
	 * @param bool                      $customer_link the user may open the customer's page
	 *
	 * @return array<string, mixed>
	 */
	public function summary(array $case, ?array $order, bool $customer_link): array {
		$order_id = (int)($case['order_id'] ?? 0);
		$customer_id = (int)($case['customer_id'] ?? 0);
		$name = $order ? trim(html_entity_decode($order['firstname'] . ' ' . $order['lastname'], ENT_QUOTES, 'UTF-8')) : '';

		return [
			'case_id'          => (int)$case['case_id'],
			'reference'        => (string)($case['reference'] ?? ''),
			'status'           => (string)($case['status'] ?? ''),
			'status_text'      => $this->label('status_', (string)($case['status'] ?? '')),
			'order_id'         => $order_id,
			'order'            => ($this->link)('sale/order.info', '&order_id=' . $order_id),
			'customer'         => $name !== '' ? $name : ($this->text)('text_guest'),
			'customer_href'    => $customer_id && $customer_link ? ($this->link)('customer/customer.form', '&customer_id=' . $customer_id) : '',
			'email'            => (string)($case['email'] ?? ''),
			'date_added'       => ($this->date)($case['created_at'] ?? null, 'datetime_format'),
			'date_modified'    => ($this->date)($case['updated_at'] ?? null, 'datetime_format'),
			'comment'          => (string)($case['comment'] ?? ''),
			'refund_amount'    => ($this->money)($case['refund_amount'] ?? 0),
			'credit_amount'    => ($this->money)($case['credit_amount'] ?? 0),
			'fee_amount'       => ($this->money)($case['fee_amount'] ?? 0),
			'exchange_value'   => ($this->money)($case['exchange_value'] ?? 0),
			'free_shipping'    => !empty($case['free_return_shipping']),
			'auto_approved'    => !empty($case['auto_approved']),
			'serial_returner'  => !empty($case['serial_returner'])
		];
	}

	/**
	 * The policy check the sidecar ran on the case: whether it is known and passed, its objections naming
	 * the items, and the notes on approval and serial returners.
	 *
	 * @param array<string, mixed>|null $check the case's policy_check
	 * @param list<string>              $names the items' names, in order
	 *
	 * @return array{policy_known: bool, policy_accepted: bool, policy_errors: list<string>, policy_notes: list<string>}
	 */
	public function policy(?array $check, array $names): array {
		$notes = [];

		if ($check !== null && is_string($check['approval']['text'] ?? null) && $check['approval']['text'] !== '') {
			$notes[] = $check['approval']['text'];
		}

		if ($check !== null && !empty($check['serial_returner']['flagged']) && is_string($check['serial_returner']['text'] ?? null)) {
			$notes[] = $check['serial_returner']['text'];
		}

		return [
			'policy_known'    => $check !== null,
			'policy_accepted' => $check !== null && !empty($check['accepted']),
			'policy_errors'   => $check !== null ? array_map([$this, 'objection'], CasePage::objections(AdminAnswer::flatten((array)($check['errors'] ?? [])), $names)) : [],
			'policy_notes'    => $notes
		];
	}

	/**
	 * The action forms: one per action the sidecar allows (none for a user who may not modify), each with
	 * its own idempotency key, and where the amounts start.
	 *
	 * @param array<string, mixed> $case
	 *
	 * @return array{actions: list<array{action: string, title: string, key: string}>, default_refund: string, default_credit: string, credit_base: string, text_computed_refund: string, text_computed_credit: string, conditions: array<string, string>}
	 */
	public function forms(array $case, bool $can_modify): array {
		$allowed = array_values(array_intersect(AdminApi::ACTIONS, (array)($case['allowed_actions'] ?? [])));
		$amounts = CasePage::amounts($case);

		$actions = [];

		foreach ($can_modify ? $allowed : [] as $action) {
			$actions[] = [
				'action' => $action,
				'title'  => ($this->text)('action_' . $action),
				// One key per form, made now: a double click or a retry sends the same key, and the
				// sidecar answers the second with the first's result instead of acting twice.
				'key'    => AdminApi::idempotencyKey()
			];
		}

		$conditions = [];

		foreach (AdminApi::CONDITIONS as $condition) {
			$conditions[$condition] = ($this->text)('condition_' . $condition);
		}

		return [
			'actions'              => $actions,
			'default_refund'       => $amounts['refund'],
			'default_credit'       => $amounts['credit'],
			'credit_base'          => $amounts['credit_base'],
			'text_computed_refund' => is_array($case['policy_check'] ?? null) ? sprintf(($this->text)('text_computed_refund'), ($this->money)($amounts['computed_refund']), ($this->money)($amounts['gross'])) : '',
			'text_computed_credit' => sprintf(($this->text)('text_computed'), ($this->money)($amounts['credit'])),
			'conditions'           => $conditions
		];
	}

	/**
	 * One of the policy's objections as a sentence naming the item.
	 *
	 * @param array{item: int|null, name: string, message: string} $objection
	 */
	public function objection(array $objection): string {
		if ($objection['item'] === null) {
			return $objection['message'];
		}

		$item = $objection['name'] !== '' ? sprintf(($this->text)('text_line'), $objection['item'], $objection['name']) : sprintf(($this->text)('text_item'), $objection['item']);

		return $item . ': ' . $objection['message'];
	}

	/**
	 * The language file's text for a code the sidecar sent, or the code itself when there is none.
	 */
	public function label(string $prefix, string $code): string {
		$text = ($this->text)($prefix . $code);

		return $code !== '' && $text !== $prefix . $code ? $text : $code;
	}
}
