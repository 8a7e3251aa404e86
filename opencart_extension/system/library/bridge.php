<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The one entry point of Rebound's event handlers: record an event, then perhaps ring the sidecar
 * (DESIGN.md, "Events: the PHP → sidecar path"; docs/bridge.md).
 *
 * record() inserts the event into the outbox (the durable record) and returns. Only where the response
 * can be flushed to the browser first (PHP-FPM's fastcgi_finish_request(), LiteSpeed's
 * litespeed_finish_request()) does it also queue the event for a POST from a shutdown function, after the
 * page has gone, capped at one second. Anything not delivered that way is delivered by the sidecar's
 * worker from the outbox; a failed POST is only logged.
 *
 * @example
 * $bridge = Bridge::fromOpencart($this->db, $this->config, $this->log, DB_PREFIX);
 * $bridge->record('review.submitted', ['review_id' => 9, 'product_id' => 40, 'customer_id' => 0, 'rating' => 5], 0);
 */
class Bridge {
	/** @var list<string> envelopes waiting for the shutdown POST */
	private array $queue = [];
	private bool $registered = false;
	/** @var \Closure(string): void */
	private \Closure $log;
	/** @var \Closure(): mixed|null */
	private ?\Closure $finishRequest;

	/**
	 * @param Client|null   $client        null when the sidecar URL or secret is not configured: no ringing
	 * @param \Closure|null $log           receives one line per failure; error_log() when null
	 * @param \Closure|null $finishRequest flushes the response; found automatically when null, and when
	 *                                     the SAPI has none the sidecar is never rung
	 */
	public function __construct(private Outbox $outbox, private ?Client $client = null, ?\Closure $log = null, ?\Closure $finishRequest = null) {
		$this->log = $log ?? static function (string $line): void {
			error_log($line);
		};
		$this->finishRequest = $finishRequest ?? self::finisher();
	}

	/**
	 * The Bridge of a running OpenCart: its database, its Rebound settings (sidecar URL, secrets) and its log.
	 *
	 * @param object $db     OpenCart's `$this->db`
	 * @param object $config OpenCart's `$this->config` (get())
	 * @param object $log    OpenCart's `$this->log` (write())
	 */
	public static function fromOpencart(object $db, object $config, object $log, string $prefix): self {
		return new self(
			new Outbox(new OpencartConnection($db), $prefix),
			Client::fromSettings(static fn (string $key): mixed => $config->get($key)),
			static function (string $line) use ($log): void {
				$log->write($line);
			}
		);
	}

	/**
	 * Logs why a handler could not record an event; for the handlers' catch blocks, so it never throws.
	 *
	 * @param object $log OpenCart's `$this->log`
	 */
	public static function logFailure(object $log, string $type, \Throwable $e): void {
		$line = 'Rebound: could not record ' . $type . ': ' . substr($e->getMessage(), 0, 500);

		try {
			$log->write($line);
		} catch (\Throwable $ignored) {
			error_log($line);
		}
	}

	/**
	 * Records the event in the outbox and, where possible, queues it for the sidecar; returns the event.
	 *
	 * @param array<string, mixed> $data the type's fields (docs/bridge.md, "Event types")
	 *
	 * @throws \Throwable when the outbox insert fails: the caller (a handler) logs it
	 */
	public function record(string $type, array $data, int $storeId = 0): Event {
		$event = Event::create($type, $data, $storeId);

		$this->outbox->add($event);

		if ($this->client && $this->finishRequest) {
			$this->queue[] = $event->json();

			if (!$this->registered) {
				register_shutdown_function([$this, 'ring']);

				$this->registered = true;
			}
		}

		return $event;
	}

	/**
	 * Records the event in the outbox, then POSTs it at once and waits for the answer, at most $timeout
	 * seconds: for a shopper who is shown the sidecar's answer (a return request, docs/returns-api.md).
	 * The event is not queued for the shutdown POST. When the POST fails or no sidecar is configured
	 * (response null), the outbox row stays pending and the worker delivers it.
	 *
	 * @param array<string, mixed> $data
	 *
	 * @return array{event: Event, response: ClientResponse|null}
	 *
	 * @throws \Throwable when the outbox insert fails: nothing was recorded, and nothing was sent
	 */
	public function deliver(string $type, array $data, int $storeId, float $timeout): array {
		$event = Event::create($type, $data, $storeId);

		$this->outbox->add($event);

		if (!$this->client) {
			return ['event' => $event, 'response' => null];
		}

		try {
			$response = $this->client->request('POST', '/v1/events', $event->json(), $timeout);
		} catch (\Throwable $e) {
			$response = new ClientResponse(0, '', $e->getMessage());
		}

		if (!$response->ok()) {
			$why = $response->status ? 'HTTP ' . $response->status . ($response->errorCode() ? ' ' . $response->errorCode() : '') : $response->error;

			($this->log)('Rebound: event ' . $event->id . ' left in the outbox for the worker (' . $why . ')');
		}

		return ['event' => $event, 'response' => $response];
	}

	/**
	 * Flushes the response, then POSTs each queued event once. Runs from a shutdown function; never throws.
	 */
	public function ring(): void {
		if (!$this->queue || !$this->client || !$this->finishRequest) {
			return;
		}

		$queue = $this->queue;
		$this->queue = [];

		try {
			($this->finishRequest)();
		} catch (\Throwable $e) {
			($this->log)('Rebound: could not flush the response: ' . $e->getMessage());
		}

		foreach ($queue as $envelope) {
			try {
				$response = $this->client->request('POST', '/v1/events', $envelope, Client::EVENT_TIMEOUT);

				if (!$response->ok()) {
					$id = json_decode($envelope, true)['id'] ?? '?';
					$why = $response->status ? 'HTTP ' . $response->status . ($response->errorCode() ? ' ' . $response->errorCode() : '') : $response->error;

					($this->log)('Rebound: event ' . $id . ' left in the outbox for the worker (' . $why . ')');
				}
			} catch (\Throwable $e) {
				($this->log)('Rebound: ringing the sidecar failed: ' . $e->getMessage());
			}
		}
	}

	/**
	 * How many events wait for the shutdown POST.
	 */
	public function queued(): int {
		return count($this->queue);
	}

	/**
	 * The SAPI's way to end the response early, or null (mod_php, the built-in server, the CLI).
	 */
	public static function finisher(): ?\Closure {
		foreach (['fastcgi_finish_request', 'litespeed_finish_request'] as $function) {
			if (function_exists($function)) {
				return \Closure::fromCallable($function);
			}
		}

		return null;
	}
}
