<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The shopper side of returns, as the storefront pages reach the sidecar (docs/returns-api.md, "Shopper").
 *
 * Reads (eligibility, tracking) are capped at about 300 ms and come back as a SidecarAnswer, so a page
 * falls back to a plain view instead of waiting. A request goes through the Bridge: the outbox row first,
 * then one synchronous POST capped at 3 s; whatever happens after the insert, the request is kept.
 * Nothing here throws into a page.
 *
 * @example
 * $returns = Returns::fromOpencart($this->db, $this->config, $this->log, DB_PREFIX);
 * $answer = $returns->eligibility(7, $this->customer->getId(), '');
 * if ($answer->ok()) { … $answer->data['lines'] … } else { … the plain form … }
 */
class Returns {
	public const PAGE_TIMEOUT = 0.3;
	/** The return form and the tracking page: the sidecar's answer is their content, and the shopper waits for it. */
	public const FORM_TIMEOUT = 1.5;
	public const SUBMIT_TIMEOUT = 3.0;
	/** The most orders one order-list call asks about (the sidecar's limit; OpenCart's list shows 10). */
	public const LIST_MAX = 25;
	public const EVENT_TYPE = 'return.submitted';

	/** @var \Closure(string): void */
	private \Closure $log;

	/**
	 * @param Client|null   $client null when the sidecar URL or secret is not configured
	 * @param \Closure|null $log    receives one line per failure; error_log() when null
	 */
	public function __construct(private ?Client $client, private Bridge $bridge, ?\Closure $log = null) {
		$this->log = $log ?? static function (string $line): void {
			error_log($line);
		};
	}

	/**
	 * The Returns of a running OpenCart: its database, its Rebound settings and its log.
	 *
	 * @param object $db     OpenCart's `$this->db`
	 * @param object $config OpenCart's `$this->config`
	 * @param object $log    OpenCart's `$this->log`
	 */
	public static function fromOpencart(object $db, object $config, object $log, string $prefix): self {
		$client = Client::fromSettings(static fn (string $key): mixed => $config->get($key));
		$write = static function (string $line) use ($log): void {
			$log->write($line);
		};

		return new self($client, new Bridge(new Outbox(new OpencartConnection($db), $prefix), $client, $write), $write);
	}

	/**
	 * Who asks, as the sidecar's query wants it: a logged-in customer by id, else a guest by the order's email.
	 */
	public static function viewerQuery(int $customerId, string $email): string {
		return $customerId > 0 ? 'customer_id=' . $customerId : 'email=' . rawurlencode($email);
	}

	/**
	 * GET /v1/orders/<id>/eligibility for this shopper.
	 */
	public function eligibility(int $orderId, int $customerId, string $email, float $timeout = self::PAGE_TIMEOUT): SidecarAnswer {
		if ($orderId < 1) {
			return new SidecarAnswer(SidecarAnswer::NOT_FOUND);
		}

		$answer = $this->read('/v1/orders/' . $orderId . '/eligibility?' . self::viewerQuery($customerId, $email), $timeout);

		// An answer without lines is no use to a page: treat it like no answer.
		if ($answer->ok() && !is_array($answer->data['lines'] ?? null)) {
			($this->log)('Rebound: eligibility of order ' . $orderId . ' came without lines');

			return new SidecarAnswer(SidecarAnswer::UNAVAILABLE, [], 'no lines');
		}

		return $answer;
	}

	/**
	 * GET /v1/orders/eligibility for the order history list: up to 25 orders of a logged-in customer at once.
	 * An answer without an `orders` list is treated as no answer.
	 *
	 * @param list<int> $orderIds
	 */
	public function orderList(array $orderIds, int $customerId, float $timeout = self::PAGE_TIMEOUT): SidecarAnswer {
		$ids = array_slice(array_values(array_unique(array_filter(array_map('intval', $orderIds), static fn (int $id): bool => $id > 0))), 0, self::LIST_MAX);

		if (!$ids || $customerId < 1) {
			return new SidecarAnswer(SidecarAnswer::NOT_FOUND);
		}

		$answer = $this->read('/v1/orders/eligibility?order_ids=' . implode(',', $ids) . '&customer_id=' . $customerId, $timeout);

		if ($answer->ok() && (!is_array($answer->data['orders'] ?? null) || !array_is_list($answer->data['orders']))) {
			($this->log)('Rebound: the order list\'s eligibility came without orders');

			return new SidecarAnswer(SidecarAnswer::UNAVAILABLE, [], 'no orders');
		}

		return $answer;
	}

	/**
	 * GET /v1/returns/<reference> for this shopper (the tracking page).
	 */
	public function tracking(string $reference, int $customerId, string $email, float $timeout = self::PAGE_TIMEOUT): SidecarAnswer {
		if (!Submission::isReference($reference)) {
			return new SidecarAnswer(SidecarAnswer::NOT_FOUND);
		}

		return $this->read('/v1/returns/' . $reference . '?' . self::viewerQuery($customerId, $email), $timeout);
	}

	/**
	 * Records a return.submitted event, sends it at once and reads the result.
	 *
	 * @param array<string, mixed> $data the event's data (docs/returns-api.md)
	 */
	public function submit(array $data, int $storeId, float $timeout = self::SUBMIT_TIMEOUT): Submission {
		try {
			$delivery = $this->bridge->deliver(self::EVENT_TYPE, $data, $storeId, $timeout);
		} catch (\Throwable $e) {
			($this->log)('Rebound: could not record ' . self::EVENT_TYPE . ' for order ' . (int)($data['order_id'] ?? 0) . ': ' . substr($e->getMessage(), 0, 500));

			return new Submission(Submission::FAILED);
		}

		$submission = Submission::fromResponse($delivery['event']->id, $delivery['response']);

		if ($submission->outcome === Submission::RECEIVED && $delivery['response'] && $delivery['response']->ok()) {
			// 2xx without a result we can read (an older sidecar answers 202 "ignored"): say so in the log.
			($this->log)('Rebound: event ' . $delivery['event']->id . ' answered HTTP ' . $delivery['response']->status . ' without a result: ' . substr($delivery['response']->body, 0, 200));
		}

		return $submission;
	}

	private function read(string $pathWithQuery, float $timeout): SidecarAnswer {
		if (!$this->client) {
			return new SidecarAnswer(SidecarAnswer::UNAVAILABLE, [], 'the sidecar URL or secret is not configured');
		}

		try {
			$answer = SidecarAnswer::fromResponse($this->client->request('GET', $pathWithQuery, '', $timeout));
		} catch (\Throwable $e) {
			$answer = new SidecarAnswer(SidecarAnswer::UNAVAILABLE, [], $e->getMessage());
		}

		if ($answer->state === SidecarAnswer::UNAVAILABLE) {
			// The path without its query: the query may hold a shopper's email.
			($this->log)('Rebound: ' . strtok($pathWithQuery, '?') . ' unavailable, showing the plain view (' . $answer->why . ')');
		}

		return $answer;
	}
}
