<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The policy page's simulator, as the page shows it, with no I/O: a run's progress (sidecar
 * POST /v1/admin/policy/simulations…, docs/returns-api.md) and its result as the result template's data.
 * Texts, money, dates and order links come from the page through closures, so the class needs no OpenCart.
 *
 * @example
 * $view = new SimulationView(fn ($key) => $this->language->get($key), fn ($amount) => …, fn ($iso) => …, fn ($order_id) => …);
 * $progress = $view->progress($answer->data);   // ['simulation_id' => 7, 'status' => 'running', 'percent' => 40, 'progress' => '…']
 * $data = $view->result($answer->data['result']);
 */
final class SimulationView {
	public const STATUSES = ['running', 'done', 'cancelled', 'failed'];

	/**
	 * @param \Closure(string): string $text      a language string by key
	 * @param \Closure(mixed): string  $money     an amount in the store's currency
	 * @param \Closure(mixed): string  $date      an ISO 8601 time as a short date ('' when unreadable)
	 * @param \Closure(int): string    $orderLink the admin's order page
	 */
	public function __construct(private \Closure $text, private \Closure $money, private \Closure $date, private \Closure $orderLink, private string $thousands = ',') {
	}

	/**
	 * A run's state for the page: simulation_id, status, percent (0-100) and the progress sentence (plain
	 * text); null when the answer is not a run.
	 *
	 * @param array<string, mixed> $run
	 *
	 * @return array{simulation_id: int, status: string, percent: int, progress: string}|null
	 */
	public function progress(array $run): ?array {
		$status = (string)($run['status'] ?? '');

		if (!in_array($status, self::STATUSES, true) || !is_array($run['progress'] ?? null) || !is_array($run['result'] ?? null)) {
			return null;
		}

		$percent = max(0, min(100, (int)($run['progress']['percent'] ?? 0)));

		return [
			'simulation_id' => (int)($run['simulation_id'] ?? 0),
			'status'        => $status,
			'percent'       => $percent,
			'progress'      => sprintf(($this->text)('text_sim_progress'), $this->number($run['result']['orders']['judged'] ?? 0), $percent)
		];
	}

	/**
	 * The result template's data (sale/return_policy_simulation.twig); `cancelled` is the note for a run
	 * cancelled at `$cancelledAt` percent ('' when it finished).
	 *
	 * @param array<string, mixed> $result
	 *
	 * @return array<string, mixed>
	 */
	public function result(array $result, ?int $cancelledAt = null): array {
		$orders = (array)($result['orders'] ?? []);
		$lines = (array)($result['lines'] ?? []);
		$changes = [];

		foreach (['became_eligible', 'became_ineligible'] as $key) {
			$change = (array)($result[$key] ?? []);
			$blocks = [];

			foreach ((array)($change['by_block'] ?? []) as $code => $t) {
				$blocks[] = ['code' => str_replace('_', ' ', (string)$code)] + $this->tally($t);
			}

			$changes[] = ['title' => ($this->text)('text_sim_' . $key), 'total' => $this->tally($change), 'blocks' => $blocks, 'kind' => $key];
		}

		$examples = [];

		foreach ((array)($result['examples'] ?? []) as $example) {
			$example = (array)$example;
			$gained = ($example['change'] ?? '') === 'became_eligible';
			$side = (array)($example[$gained ? 'current' : 'proposed'] ?? []);
			$why = array_map(static fn (mixed $block): string => (string)(((array)$block)['text'] ?? ''), (array)($side['blocks'] ?? []));

			$examples[] = [
				'order_id' => (int)($example['order_id'] ?? 0),
				'order'    => ($this->orderLink)((int)($example['order_id'] ?? 0)),
				'date'     => ($this->date)($example['date_added'] ?? null),
				'name'     => (string)($example['name'] ?? ''),
				'model'    => (string)($example['model'] ?? ''),
				'quantity' => (int)($example['quantity'] ?? 0),
				'value'    => ($this->money)($example['base_value'] ?? 0),
				'gained'   => $gained,
				'change'   => ($this->text)($gained ? 'text_sim_now_returnable' : 'text_sim_not_returnable'),
				'why'      => implode('; ', array_filter($why))
			];
		}

		$source = ($this->text)(($result['current_source'] ?? '') === 'store' ? 'text_sim_source_store' : 'text_sim_source_default');

		return [
			'cancelled'     => $cancelledAt !== null ? sprintf(($this->text)('text_sim_cancelled'), $cancelledAt) : '',
			'summary'       => sprintf(($this->text)('text_sim_orders'), $this->number($orders['judged'] ?? 0), ($this->date)($result['since'] ?? null), (int)($result['since_days'] ?? 0), $this->number($lines['judged'] ?? 0), ($this->date)($result['judged_at'] ?? null), $source),
			'capped'        => !empty($orders['capped']) ? sprintf(($this->text)('text_sim_capped'), $this->number($orders['max_orders'] ?? 0), ($this->date)($orders['oldest_judged'] ?? null)) : '',
			'not_mirrored'  => !empty($orders['not_mirrored']) ? sprintf(($this->text)('text_sim_not_mirrored'), $this->number($orders['not_mirrored'])) : '',
			'changed'       => (int)($lines['changed'] ?? 0),
			'current'       => $this->tally($result['returnable']['current'] ?? []),
			'proposed'      => $this->tally($result['returnable']['proposed'] ?? []),
			'changes'       => $changes,
			'examples'      => $examples,
			'text_examples' => sprintf(($this->text)('text_sim_examples'), count($examples), $this->number($lines['changed'] ?? 0))
		];
	}

	/**
	 * @return array{lines: string, quantity: string, value: string}
	 */
	private function tally(mixed $t): array {
		$t = (array)$t;

		return ['lines' => $this->number($t['lines'] ?? 0), 'quantity' => $this->number($t['quantity'] ?? 0), 'value' => ($this->money)($t['base_value'] ?? 0)];
	}

	private function number(mixed $value): string {
		return number_format((float)$value, 0, '', $this->thousands);
	}
}
