<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What an admin page got from the sidecar's /v1/admin routes (docs/returns-api.md, "Admin"): the data, or
 * one problem code with the sidecar's own message and field errors. The page turns the code into a
 * sentence from its language file and prints the message beside it. No I/O here.
 *
 * Problem codes:
 * - the sidecar did not answer as a Rebound sidecar: not_configured, unreachable, timeout, unauthorized
 *   (bad_signature, clock_skew and other 401s), bad_answer, unavailable (5xx: database down, schema behind…);
 * - it answered and refused: not_found, invalid_transition, policy_violation, bad_request, http_error.
 */
class AdminAnswer {
	/** Problems that mean "the sidecar can't help now", as opposed to "it said no". */
	public const DOWN = ['not_configured', 'unreachable', 'timeout', 'unauthorized', 'bad_answer', 'unavailable'];
	/** The prefix the shared sentences are loaded with: `$this->load->language('extension/rebound/common/sidecar', 'rebound_sidecar')`. */
	public const SHARED = 'rebound_sidecar_';

	/**
	 * @param int                   $status  HTTP status; 0 when there was no answer
	 * @param array<string, mixed>  $data    the decoded body when the answer is a success, else []
	 * @param string                $problem '' on success, else one of the codes above
	 * @param string                $message the sidecar's message (or curl's), plain text; '' when none
	 * @param array<string, string> $fields  field errors by dotted path ("window.days", "amount")
	 * @param string                $body    the raw body, for members that must keep their JSON shape
	 */
	public function __construct(
		public readonly int $status,
		public readonly array $data = [],
		public readonly string $problem = '',
		public readonly string $message = '',
		public readonly array $fields = [],
		public readonly string $body = ''
	) {
	}

	public static function notConfigured(): self {
		return new self(0, [], 'not_configured', 'The sidecar URL or the secret is not set.');
	}

	/**
	 * One signed call to the sidecar, read into an answer; never throws. The admin pages' API classes
	 * (AdminApi, EmailApi, ReviewModeration, AnalyticsApi) all ask through here.
	 *
	 * @param Client|null $client null when the sidecar URL or secret is not configured
	 */
	public static function ask(?Client $client, string $method, string $pathWithQuery, string $body, float $timeout): self {
		if (!$client) {
			return self::notConfigured();
		}

		try {
			return self::fromResponse($client->request($method, $pathWithQuery, $body, $timeout));
		} catch (\Throwable $e) {
			return new self(0, [], 'unreachable', $e->getMessage());
		}
	}

	/**
	 * Several calls at once (Client::requestAll), one answer per key; never throws.
	 *
	 * @param array<array-key, array{0: string, 1: string, 2?: string}> $requests key => [method, path with query, body]
	 *
	 * @return array<array-key, self>
	 */
	public static function askAll(?Client $client, array $requests, float $timeout): array {
		if (!$client) {
			return array_map(static fn (): self => self::notConfigured(), $requests);
		}

		try {
			return array_map([self::class, 'fromResponse'], $client->requestAll($requests, $timeout));
		} catch (\Throwable $e) {
			return array_map(static fn (): self => new self(0, [], 'unreachable', $e->getMessage()), $requests);
		}
	}

	public static function fromResponse(ClientResponse $response): self {
		if ($response->status === 0) {
			return new self(0, [], $response->timeout ? 'timeout' : 'unreachable', $response->error);
		}

		$json = $response->json();
		$error = is_array($json['error'] ?? null) ? $json['error'] : null;
		$message = is_string($error['message'] ?? null) ? $error['message'] : '';
		$fields = self::flatten(is_array($error['fields'] ?? null) ? $error['fields'] : []);

		if ($response->ok()) {
			if ($json === null || $error !== null) {
				return new self($response->status, [], 'bad_answer', 'HTTP ' . $response->status . ' with a body that is not a Rebound answer', [], $response->body);
			}

			return new self($response->status, $json, '', '', [], $response->body);
		}

		$code = $response->errorCode();

		if ($response->status === 401) {
			// The sidecar's code (bad_signature, clock_skew) says more than any sentence we could add.
			return new self(401, [], 'unauthorized', $message !== '' ? $message . ' (' . $code . ')' : 'HTTP 401', $fields, $response->body);
		}

		if ($response->status === 404) {
			return new self(404, [], 'not_found', $message, $fields, $response->body);
		}

		if ($response->status === 409 && in_array($code, ['invalid_transition', 'policy_violation'], true)) {
			return new self(409, [], $code, $message, $fields, $response->body);
		}

		if ($response->status === 400 || $response->status === 422) {
			return new self($response->status, [], 'bad_request', $message, $fields, $response->body);
		}

		if ($response->status >= 500) {
			return new self($response->status, [], 'unavailable', $message !== '' ? $message : 'HTTP ' . $response->status, $fields, $response->body);
		}

		return new self($response->status, [], 'http_error', $message !== '' ? $message : 'HTTP ' . $response->status, $fields, $response->body);
	}

	public function ok(): bool {
		return $this->problem === '';
	}

	/**
	 * True when the sidecar could not be asked or did not answer as itself: the page says so and links to
	 * the settings page's Test connection instead of showing the refusal.
	 */
	public function down(): bool {
		return in_array($this->problem, self::DOWN, true);
	}

	/**
	 * Why the sidecar could not help, in the page's words: its `problem_<code>` sentence (problem_unavailable
	 * for a refusal) around the sidecar's message, or the HTTP status when it sent none.
	 *
	 * @param \Closure(string): string $text the page's language, e.g. fn ($key) => $this->language->get($key)
	 */
	public function problemText(\Closure $text): string {
		$key = 'problem_' . ($this->down() ? $this->problem : 'unavailable');

		return sprintf(self::sentence($text, $key), $this->message !== '' ? $this->message : 'HTTP ' . $this->status);
	}

	/**
	 * A page's sentence for $key, else the shared one (admin/language/…/common/sidecar.php, loaded with the
	 * prefix `rebound_sidecar`): the problems are worded once, and a page may still reword one.
	 *
	 * @param \Closure(string): string $text the page's language, which answers an unknown key with the key
	 */
	public static function sentence(\Closure $text, string $key): string {
		$sentence = $text($key);

		if ($sentence !== $key) {
			return $sentence;
		}

		$shared = $text(self::SHARED . $key);

		return $shared !== self::SHARED . $key ? $shared : $key;
	}

	/**
	 * The page's `text_sidecar_down` sentence with problemText() in it: "The sidecar is not answering: <why>".
	 *
	 * @param \Closure(string): string $text the page's language
	 */
	public function downText(\Closure $text): string {
		return sprintf($text('text_sidecar_down'), $this->problemText($text));
	}

	/**
	 * A success whose data lacks what the page needs is a bad answer too: `$what` names the missing part.
	 */
	public function missing(string $what): self {
		return $this->ok() ? new self($this->status, [], 'bad_answer', 'no ' . $what . ' in the answer') : $this;
	}

	/**
	 * One member of a successful answer re-encoded exactly as it came, objects staying objects (PHP arrays
	 * would turn `{}` into `[]`); null when it is missing.
	 */
	public function member(string $key): ?string {
		$decoded = json_decode($this->body, false);

		if (!$this->ok() || !is_object($decoded) || !property_exists($decoded, $key)) {
			return null;
		}

		return json_encode($decoded->{$key}, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION);
	}

	/**
	 * marshmallow's nested messages as one sentence per dotted path:
	 * {"lines": {"0": {"quantity": ["Too many."]}}} => {"lines.0.quantity": "Too many."}.
	 *
	 * @param array<mixed> $fields
	 *
	 * @return array<string, string>
	 */
	public static function flatten(array $fields, string $prefix = ''): array {
		$flat = [];

		foreach ($fields as $key => $value) {
			$path = $prefix === '' ? (string)$key : $prefix . '.' . $key;

			if (is_array($value) && $value !== [] && !array_is_list($value)) {
				$flat += self::flatten($value, $path);
			} elseif (is_array($value)) {
				$flat[$path] = implode(' ', array_map(static fn (mixed $item): string => is_scalar($item) ? (string)$item : (string)json_encode($item), $value));
			} elseif (is_scalar($value) || $value === null) {
				$flat[$path] = (string)$value;
			}
		}

		return $flat;
	}
}
