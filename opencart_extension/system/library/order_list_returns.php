<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The order history list's return notes, with no I/O: what each order's lines can do, read from the
 * sidecar's `GET /v1/orders/eligibility` answer (docs/returns-api.md), and the rows put into the page.
 *
 * OpenCart's account/order_list template prints no lines, only one row per order; the notes go in a row of
 * their own after it, found by the order's "view" link, which every theme prints. A theme that does not
 * print it keeps its page as it is.
 *
 * @example
 * $notes = OrderListReturns::fromAnswer($answer->data);   // order_id => ['blocked' => …, 'lines' => […]]
 * $html = OrderListReturns::insertAfterRows($html, [$view_href => '<tr>…</tr>']);
 */
final class OrderListReturns {
	/**
	 * Per order found: `blocked` (why no line can be returned, '' when some can), `deadline` (ISO 8601 or ''),
	 * and its lines: order_product_id, name, eligible, returnable, deadline (ISO 8601 or ''), why ('' when
	 * eligible), free_return_shipping, requests (its open cases, ReturnRequests::fromLine). Orders not found,
	 * and anything malformed, are left out.
	 *
	 * @param array<string, mixed> $answer
	 *
	 * @return array<int, array{blocked: string, deadline: string, lines: list<array{order_product_id: int, name: string, eligible: bool, returnable: int, deadline: string, why: string, free_return_shipping: bool, requests: list<array{reference: string, status: string, status_text: string, quantity: int}>}>}>
	 */
	public static function fromAnswer(array $answer): array {
		$notes = [];

		foreach (self::listOf($answer['orders'] ?? null) as $order) {
			$order_id = (int)($order['order_id'] ?? 0);

			if ($order_id < 1 || empty($order['found']) || !is_array($order['lines'] ?? null)) {
				continue;
			}

			$lines = [];

			foreach (self::listOf($order['lines']) as $line) {
				$why = array_filter(array_map(static fn (mixed $block): string => is_array($block) ? trim((string)($block['text'] ?? '')) : '', self::listOf($line['blocks'] ?? [])));
				$eligible = !empty($line['eligible']);

				$lines[] = [
					'order_product_id'     => (int)($line['order_product_id'] ?? 0),
					'name'                 => (string)($line['name'] ?? ''),
					'eligible'             => $eligible,
					'returnable'           => (int)($line['returnable'] ?? 0),
					'deadline'             => (string)($line['deadline'] ?? ''),
					'why'                  => $eligible ? '' : implode(' ', array_unique($why)),
					'free_return_shipping' => !empty($line['free_return_shipping']),
					'requests'             => ReturnRequests::fromLine($line)
				];
			}

			$blocked = is_array($order['blocked'] ?? null) ? trim((string)($order['blocked']['text'] ?? '')) : '';

			$notes[$order_id] = [
				'blocked'  => $blocked !== '' && !array_filter($lines, static fn (array $line): bool => $line['eligible']) ? $blocked : '',
				'deadline' => (string)($order['deadline'] ?? ''),
				'lines'    => $lines
			];
		}

		return $notes;
	}

	/**
	 * Puts each row after the table row holding `href="<anchor>"`; anchors not in the page are skipped.
	 *
	 * @param array<string, string> $rows anchor (as printed in the page) => the row's HTML
	 */
	public static function insertAfterRows(string $html, array $rows): string {
		foreach ($rows as $anchor => $row) {
			$at = strpos($html, 'href="' . $anchor . '"');

			if ($anchor === '' || $at === false) {
				continue;
			}

			$end = stripos($html, '</tr>', $at);

			if ($end === false) {
				continue;
			}

			$end += strlen('</tr>');
			$html = substr($html, 0, $end) . $row . substr($html, $end);
		}

		return $html;
	}

	/**
	 * How many columns the page's order table has (its header cells), so a row of notes spans them all.
	 */
	public static function columns(string $html, int $default = 6): int {
		if (preg_match('~<thead\b.*?</thead>~is', $html, $head) && ($count = preg_match_all('~<th\b~i', $head[0])) > 0) {
			return $count;
		}

		return $default;
	}

	/**
	 * @return list<array<string, mixed>>
	 */
	private static function listOf(mixed $value): array {
		return is_array($value) ? array_values(array_filter($value, 'is_array')) : [];
	}
}
