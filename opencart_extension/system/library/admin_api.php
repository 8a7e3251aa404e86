<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The admin pages' calls to the sidecar's /v1/admin routes (docs/returns-api.md, "Admin"): returns list,
 * case, actions, and the policy's validation and simulation. Every call comes back as an AdminAnswer and
 * none throws, so a page shows what is wrong instead of breaking. The caller checks OpenCart's permissions
 * first: the sidecar trusts whatever the store's PHP asks under /v1/admin/.
 *
 * @example
 * $api = AdminApi::fromSettings(fn ($key) => $this->config->get($key));
 * $answer = $api->cases(['status' => 'requested'], 1, 25);
 * if ($answer->down()) { … "the sidecar is not answering" … } elseif ($answer->ok()) { … $answer->data['cases'] … }
 */
class AdminApi extends AdminRoutes {
	public const ACTION_TIMEOUT = 15.0;
	/** Replaying 90 days of orders takes a while on a big store; PHP's own limit is usually 30-60 s. */
	public const SIMULATE_TIMEOUT = 25.0;
	/** One step of a simulation run in steps works about 2 s (sidecar/returns/simulate_jobs.py). */
	public const STEP_TIMEOUT = 15.0;

	public const STATUSES = ['requested', 'approved', 'rejected', 'received', 'refunded', 'credited', 'exchanged'];
	public const ACTIONS = ['approve', 'reject', 'receive', 'refund', 'credit', 'exchange'];
	public const CONDITIONS = ['as_new', 'opened', 'damaged'];

	private const JSON = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;

	/**
	 * GET /v1/admin/returns with the filters that are set.
	 *
	 * @param array<string, mixed> $filters status, reason_id, min_age_days, min_value, store_id
	 */
	public function cases(array $filters, int $page = 1, int $perPage = 25): AdminAnswer {
		return $this->call('GET', '/v1/admin/returns?' . self::listQuery($filters, $page, $perPage));
	}

	/**
	 * GET /v1/admin/returns/<case_id>: the case, its lines and history, the policy check, the allowed actions.
	 */
	public function returnCase(int $caseId): AdminAnswer {
		if ($caseId < 1) {
			return new AdminAnswer(404, [], 'not_found', 'No such return.');
		}

		return $this->call('GET', '/v1/admin/returns/' . $caseId);
	}

	/**
	 * POST /v1/admin/returns/<case_id>/actions with a body made by actionBody().
	 *
	 * @param array<string, mixed> $body
	 */
	public function act(int $caseId, array $body): AdminAnswer {
		if ($caseId < 1) {
			return new AdminAnswer(404, [], 'not_found', 'No such return.');
		}

		return $this->call('POST', '/v1/admin/returns/' . $caseId . '/actions', (string)json_encode($body, self::JSON), self::ACTION_TIMEOUT);
	}

	/**
	 * GET /v1/admin/policy: the store's policy document as the sidecar reads it.
	 */
	public function policy(int $storeId): AdminAnswer {
		return $this->call('GET', '/v1/admin/policy?store_id=' . max(0, $storeId));
	}

	/**
	 * POST /v1/admin/policy/validate.
	 *
	 * @param string $document the policy document as JSON text (decoded as objects, so `{}` stays `{}`)
	 */
	public function validatePolicy(string $document): AdminAnswer {
		$body = self::withDocument($document, []);

		return $body === null ? self::notJson() : $this->call('POST', '/v1/admin/policy/validate', $body);
	}

	/**
	 * POST /v1/admin/policy/simulate: the proposed policy replayed against past orders.
	 */
	public function simulate(string $document, int $sinceDays, int $storeId): AdminAnswer {
		$body = self::withDocument($document, ['since_days' => max(1, $sinceDays), 'store_id' => max(0, $storeId)]);

		return $body === null ? self::notJson() : $this->call('POST', '/v1/admin/policy/simulate', $body, self::SIMULATE_TIMEOUT);
	}

	/**
	 * POST /v1/admin/policy/simulations: starts a simulation of any size, judged a step at a time by
	 * simulationStep(); the answer has simulation_id, status, progress {done, total, percent} and result.
	 */
	public function startSimulation(string $document, int $sinceDays, int $storeId): AdminAnswer {
		$body = self::withDocument($document, ['since_days' => max(1, $sinceDays), 'store_id' => max(0, $storeId)]);

		return $body === null ? self::notJson() : $this->call('POST', '/v1/admin/policy/simulations', $body);
	}

	/**
	 * POST /v1/admin/policy/simulations/<id>/step: judges the next orders and answers the progress.
	 */
	public function simulationStep(int $simulationId): AdminAnswer {
		return $this->call('POST', '/v1/admin/policy/simulations/' . max(0, $simulationId) . '/step', '', self::STEP_TIMEOUT);
	}

	/**
	 * POST /v1/admin/policy/simulations/<id>/cancel: stops it; what it counted so far stays in the answer.
	 */
	public function cancelSimulation(int $simulationId): AdminAnswer {
		return $this->call('POST', '/v1/admin/policy/simulations/' . max(0, $simulationId) . '/cancel');
	}

	/**
	 * A fresh idempotency key (a random UUID, version 4): one per action form, made when the page renders,
	 * so a double click or a retry after a timeout is one action.
	 */
	public static function idempotencyKey(): string {
		return Event::uuid4();
	}

	public static function isIdempotencyKey(string $key): bool {
		return (bool)preg_match('/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/D', $key);
	}

	/**
	 * The JSON body of an action from what the page posted (already HTML-decoded): only the fields that
	 * action takes, blanks left out so the sidecar uses its computed amounts.
	 *
	 * @param array<string, mixed> $posted action, idempotency_key, comment, reason, condition, amount, bonus_percent, override
	 * @param string               $user   the admin's user name, for the case history
	 *
	 * @return array<string, mixed>
	 */
	public static function actionBody(array $posted, string $user): array {
		$action = (string)($posted['action'] ?? '');
		$body = [
			'action'          => $action,
			'idempotency_key' => (string)($posted['idempotency_key'] ?? ''),
			'comment'         => trim((string)($posted['comment'] ?? '')),
			'user'            => mb_substr($user, 0, 64)
		];

		if ($action === 'reject') {
			$body['reason'] = trim((string)($posted['reason'] ?? ''));
		}

		if ($action === 'receive' && in_array($posted['condition'] ?? '', self::CONDITIONS, true)) {
			$body['condition'] = $posted['condition'];
		}

		foreach ($action === 'credit' ? ['amount', 'bonus_percent'] : ($action === 'refund' ? ['amount'] : []) as $key) {
			$value = str_replace(' ', '', trim((string)($posted[$key] ?? '')));

			if ($value !== '') {
				// As typed: the sidecar says exactly what is wrong with "12,50" or "-1".
				$body[$key] = $value;
			}
		}

		if (!empty($posted['override']) && $action !== 'reject') {
			$body['override'] = true;
		}

		return $body;
	}

	/**
	 * The list's query string, its values cast or checked so nothing unexpected reaches the sidecar.
	 *
	 * @param array<string, mixed> $filters
	 */
	public static function listQuery(array $filters, int $page, int $perPage): string {
		$query = [];

		if (in_array($filters['status'] ?? '', self::STATUSES, true)) {
			$query['status'] = $filters['status'];
		}

		foreach (['reason_id', 'min_age_days'] as $key) {
			if (isset($filters[$key]) && (int)$filters[$key] > 0) {
				$query[$key] = (int)$filters[$key];
			}
		}

		if (isset($filters['min_value']) && is_numeric($filters['min_value']) && (float)$filters['min_value'] > 0) {
			$query['min_value'] = (string)(float)$filters['min_value'];
		}

		if (isset($filters['store_id']) && $filters['store_id'] !== '' && (int)$filters['store_id'] >= 0) {
			$query['store_id'] = (int)$filters['store_id'];
		}

		$query['page'] = max(1, $page);
		$query['per_page'] = min(100, max(1, $perPage));

		return http_build_query($query, '', '&', PHP_QUERY_RFC3986);
	}

	/**
	 * {"document": <the JSON text as given>, …extra}, or null when the text is not a JSON object.
	 *
	 * @param array<string, mixed> $extra
	 */
	private static function withDocument(string $document, array $extra): ?string {
		$decoded = json_decode($document, false);

		if (!is_object($decoded)) {
			return null;
		}

		return (string)json_encode(['document' => $decoded] + $extra, self::JSON);
	}

	private static function notJson(): AdminAnswer {
		return new AdminAnswer(0, [], 'bad_request', 'The policy is not a JSON object.', ['policy' => 'Not a JSON object.']);
	}
}
