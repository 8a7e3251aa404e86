<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * A line's open return requests as the order pages show them, with no I/O: read from the `requests` of a
 * line of the sidecar's eligibility answers (docs/returns-api.md), and put into words.
 *
 * @example
 * foreach (ReturnRequests::fromLine($line) as $request) {
 *     $text = ReturnRequests::words($request, $this->language->get('rebound_text_return_requested'), $status_text);
 * }
 */
final class ReturnRequests {
	/**
	 * The line's open cases, oldest first; entries without a well-formed reference or a quantity are left out.
	 *
	 * @param array<string, mixed> $line
	 *
	 * @return list<array{reference: string, status: string, status_text: string, quantity: int}>
	 */
	public static function fromLine(array $line): array {
		$requests = [];

		foreach (is_array($line['requests'] ?? null) ? $line['requests'] : [] as $request) {
			if (!is_array($request) || !Submission::isReference((string)($request['reference'] ?? '')) || (int)($request['quantity'] ?? 0) < 1) {
				continue;
			}

			$requests[] = [
				'reference'   => (string)$request['reference'],
				'status'      => preg_replace('/[^a-z_]/', '', (string)($request['status'] ?? '')),
				'status_text' => (string)($request['status_text'] ?? ''),
				'quantity'    => (int)$request['quantity']
			];
		}

		return $requests;
	}

	/**
	 * The store's words for the case statuses, from a language getter that answers a missing key with the
	 * key itself (OpenCart's `$this->language->get`); `$prefix` is the prefix the file was loaded with.
	 *
	 * @param callable(string): string $text
	 *
	 * @return array<string, string>
	 */
	public static function statusTexts(callable $text, string $prefix = ''): array {
		$texts = [];

		foreach (['requested', 'approved', 'received', 'rejected', 'refunded', 'credited', 'exchanged'] as $status) {
			$key = $prefix . 'text_status_' . $status;
			$value = (string)$text($key);

			if ($value !== $key && $value !== '') {
				$texts[$status] = $value;
			}
		}

		return $texts;
	}

	/**
	 * "1 requested (G6KQ7ZZB, Requested — we will review it)": `$format` takes the quantity, the reference
	 * and the status text; `$statuses` maps a status to the store's words for it (the sidecar's text otherwise).
	 *
	 * @param array{reference: string, status: string, status_text: string, quantity: int} $request
	 * @param array<string, string>                                                       $statuses
	 */
	public static function words(array $request, string $format, array $statuses = []): string {
		$status = ($statuses[$request['status']] ?? '') !== '' ? $statuses[$request['status']] : ($request['status_text'] !== '' ? $request['status_text'] : $request['status']);

		return sprintf($format, $request['quantity'], $request['reference'], $status);
	}
}
