<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Signed HTTP calls from the store to the sidecar (DESIGN.md, "Request signing"), over curl.
 *
 * Every call has a hard total time limit and never throws: a failure comes back as a ClientResponse
 * with status 0. During a secret rotation each request carries two signatures, one per secret, so the
 * sidecar accepts it whichever of the two it has been given.
 *
 * @example
 * $client = new Client('http://127.0.0.1:8765', $secret);
 * $delivered = $client->sendEvent($event->json());
 */
class Client {
	public const EVENT_TIMEOUT = 1.0;
	public const CHECK_TIMEOUT = 5.0;

	private Signer $signer;
	private ?Signer $previous;
	private string $baseUrl;

	/**
	 * @param string $baseUrl        `http(s)://host[:port]`, see checkUrl()
	 * @param string $secret         the current secret
	 * @param string $previousSecret the previous secret while a rotation lasts ('' otherwise)
	 *
	 * @throws \InvalidArgumentException for a malformed URL or secret
	 */
	public function __construct(string $baseUrl, string $secret, string $previousSecret = '') {
		$error = self::checkUrl($baseUrl);

		if ($error !== '') {
			throw new \InvalidArgumentException($error);
		}

		$this->baseUrl = rtrim($baseUrl, '/');
		$this->signer = new Signer($secret);
		$this->previous = $previousSecret !== '' && $previousSecret !== $secret ? new Signer($previousSecret) : null;
	}

	/**
	 * The client the store's settings describe, or null when the URL or secret is missing or malformed.
	 * The previous secret is used only until `module_rebound_secret_previous_until` (unix seconds).
	 *
	 * @param \Closure(string): mixed $setting reads one setting, e.g. fn ($key) => $this->config->get($key)
	 */
	public static function fromSettings(\Closure $setting, ?int $now = null): ?self {
		$previous = (string)$setting('module_rebound_secret_previous');

		if ((int)$setting('module_rebound_secret_previous_until') < ($now ?? time())) {
			$previous = '';
		}

		try {
			return new self((string)$setting('module_rebound_sidecar_url'), (string)$setting('module_rebound_secret'), $previous);
		} catch (\InvalidArgumentException $e) {
			return null;
		}
	}

	/**
	 * POSTs one event envelope to /v1/events with the 1 s cap; true when the sidecar took it (2xx).
	 */
	public function sendEvent(string $envelope, float $timeout = self::EVENT_TIMEOUT): bool {
		return $this->request('POST', '/v1/events', $envelope, $timeout)->ok();
	}

	/**
	 * GET /v1/health, for the admin page's Test connection.
	 */
	public function health(float $timeout = self::CHECK_TIMEOUT): ClientResponse {
		return $this->request('GET', '/v1/health', '', $timeout);
	}

	/**
	 * One signed request.
	 *
	 * @param string   $pathWithQuery e.g. `/v1/orders/7/eligibility?customer_id=3`; signed exactly as sent
	 * @param float    $timeout       total seconds, connection included
	 * @param int|null $timestamp     the signature's time; this server's clock when null
	 */
	public function request(string $method, string $pathWithQuery, string $body = '', float $timeout = self::EVENT_TIMEOUT, ?int $timestamp = null): ClientResponse {
		$curl = $this->handle($method, $pathWithQuery, $body, $timeout, $timestamp);
		$start = microtime(true);
		$answer = curl_exec($curl);
		$response = self::response($curl, $answer === false ? null : (string)$answer, curl_errno($curl), microtime(true) - $start);
		curl_close($curl);

		return $response;
	}

	/**
	 * Several signed requests at once (at most $parallel in flight), each capped at $timeout: a page that
	 * needs many independent answers waits about as long as the slowest, not their sum.
	 *
	 * @param array<array-key, array{0: string, 1: string, 2?: string}> $requests key => [method, path with query, body]
	 *
	 * @return array<array-key, ClientResponse> the same keys, in the same order
	 */
	public function requestAll(array $requests, float $timeout = self::EVENT_TIMEOUT, int $parallel = 4): array {
		$multi = curl_multi_init();
		$waiting = $requests;
		$running = [];
		$started = [];
		$responses = [];

		try {
			do {
				while ($waiting && count($running) < max(1, $parallel)) {
					$key = array_key_first($waiting);
					[$method, $pathWithQuery] = $waiting[$key];
					$curl = $this->handle($method, $pathWithQuery, $waiting[$key][2] ?? '', $timeout, null);
					unset($waiting[$key]);
					curl_multi_add_handle($multi, $curl);
					$running[spl_object_id($curl)] = [$key, $curl];
					$started[$key] = microtime(true);
				}

				curl_multi_exec($multi, $active);

				while (($done = curl_multi_info_read($multi)) !== false) {
					[$key, $curl] = $running[spl_object_id($done['handle'])];
					unset($running[spl_object_id($done['handle'])]);
					$answer = $done['result'] === CURLE_OK ? (string)curl_multi_getcontent($curl) : null;
					$responses[$key] = self::response($curl, $answer, $done['result'], microtime(true) - $started[$key]);
					curl_multi_remove_handle($multi, $curl);
					curl_close($curl);
				}

				if ($running && curl_multi_select($multi, 0.1) === -1) {
					usleep(1000);
				}
			} while ($running || $waiting);
		} finally {
			foreach ($running as [, $curl]) {
				curl_multi_remove_handle($multi, $curl);
				curl_close($curl);
			}

			curl_multi_close($multi);
		}

		return array_replace(array_intersect_key($requests, $responses), $responses);
	}

	/**
	 * A curl handle for one signed request, not yet run.
	 */
	private function handle(string $method, string $pathWithQuery, string $body, float $timeout, ?int $timestamp): \CurlHandle {
		$method = strtoupper($method);
		$headers = $this->signer->headers($method, $pathWithQuery, $body, null, $timestamp);

		if ($this->previous) {
			$headers[Signer::SIGNATURE_HEADER] .= ' ' . $this->previous->sign($headers[Signer::ID_HEADER], (int)$headers[Signer::TIMESTAMP_HEADER], $method, $pathWithQuery, $body);
		}

		$lines = ['Accept: application/json', 'Expect:'];

		foreach ($headers as $name => $value) {
			$lines[] = $name . ': ' . $value;
		}

		if ($body !== '') {
			$lines[] = 'Content-Type: application/json';
		}

		$milliseconds = max(1, (int)round($timeout * 1000));

		$curl = curl_init($this->baseUrl . $pathWithQuery);

		curl_setopt_array($curl, [
			CURLOPT_CUSTOMREQUEST     => $method,
			CURLOPT_HTTPHEADER        => $lines,
			CURLOPT_RETURNTRANSFER    => true,
			CURLOPT_FOLLOWLOCATION    => false,
			CURLOPT_TIMEOUT_MS        => $milliseconds,
			CURLOPT_CONNECTTIMEOUT_MS => $milliseconds,
			// Sub-second limits need curl not to use signals (the threaded resolver or none).
			CURLOPT_NOSIGNAL          => true,
			CURLOPT_PROTOCOLS         => CURLPROTO_HTTP | CURLPROTO_HTTPS
		]);

		if ($body !== '' || $method === 'POST') {
			curl_setopt($curl, CURLOPT_POSTFIELDS, $body);
		}

		return $curl;
	}

	/**
	 * @param string|null $answer the body, or null when the transfer failed with curl error $errno
	 */
	private static function response(\CurlHandle $curl, ?string $answer, int $errno, float $seconds): ClientResponse {
		if ($answer === null) {
			return new ClientResponse(0, '', curl_error($curl) ?: curl_strerror($errno) ?: 'request failed', $errno === CURLE_OPERATION_TIMEDOUT, $seconds);
		}

		return new ClientResponse((int)curl_getinfo($curl, CURLINFO_RESPONSE_CODE), $answer, '', false, $seconds);
	}

	/**
	 * '' when the sidecar URL is usable, else what is wrong with it. Only `http(s)://host[:port]` with an
	 * optional trailing slash: a path would change what is signed behind a proxy.
	 */
	public static function checkUrl(string $url): string {
		if (!preg_match('~^https?://(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?/?$~D', $url, $match)) {
			return 'The sidecar URL must look like http://127.0.0.1:8765 (scheme, host and port, no path)';
		}

		if (isset($match[2]) && $match[2] !== '' && ((int)substr($match[2], 1) < 1 || (int)substr($match[2], 1) > 65535)) {
			return 'The sidecar URL has a port outside 1-65535';
		}

		return '';
	}
}
