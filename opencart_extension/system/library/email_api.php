<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The email page's calls to the sidecar's /v1/admin routes (docs/email.md, "Admin API"): the email log, a
 * preview of each kind, the settings document and its validation, suppressions, and the worker's job
 * health. Like AdminApi, every call comes back as an AdminAnswer and none throws; the caller checks
 * OpenCart's permissions first.
 *
 * @example
 * $api = EmailApi::fromSettings(fn ($key) => $this->config->get($key));
 * $answer = $api->log(['status' => 'skipped'], 1, 25);
 * if ($answer->down()) { … "the sidecar is not answering" … } elseif ($answer->ok()) { … $answer->data['emails'] … }
 */
class EmailApi extends AdminRoutes {
	/** The kinds the sidecar sends (sidecar/mail/kinds.py), in the order the page lists them. */
	public const KINDS = [
		'return_requested', 'return_approved', 'return_rejected', 'return_instructions', 'return_received',
		'return_refunded', 'return_credited', 'return_exchanged', 'request_not_accepted',
		'review_request', 'review_reminder', 'csat', 'nps',
		'sla_alert', 'digest'
	];

	/** The kinds that spend the contact budget and may be dropped or deferred by it. */
	public const BUDGETED = ['review_request', 'review_reminder', 'csat', 'nps'];

	public const STATUSES = ['queued', 'sending', 'sent', 'skipped', 'failed', 'dead'];
	public const SUPPRESSION_REASONS = ['unsubscribe', 'bounce'];

	private const JSON = JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;

	/**
	 * GET /v1/admin/email/log, newest first.
	 *
	 * @param array<string, mixed> $filters status, kind, recipient, order_id, case_id
	 */
	public function log(array $filters, int $page = 1, int $perPage = 25): AdminAnswer {
		return $this->call('GET', '/v1/admin/email/log?' . self::logQuery($filters, $page, $perPage));
	}

	/**
	 * GET /v1/admin/email/preview: one kind rendered with sample data and the store's saved settings, with
	 * `$subject` (a line as typed, not yet saved; '' for the saved one) as its subject line.
	 */
	public function preview(string $kind, string $language, int $storeId, string $subject = ''): AdminAnswer {
		if (!in_array($kind, self::KINDS, true)) {
			return new AdminAnswer(0, [], 'bad_request', 'No such kind of email.', ['kind' => 'No such kind of email.']);
		}

		$problem = EmailForm::subjectProblem($subject);

		if ($problem !== '') {
			return new AdminAnswer(0, [], 'bad_request', $problem, ['subject' => $problem]);
		}

		$query = ['kind' => $kind, 'store_id' => max(0, $storeId)];

		if (self::isLanguage($language)) {
			$query['language'] = $language;
		}

		if ($subject !== '') {
			$query['subject'] = $subject;
		}

		return $this->call('GET', '/v1/admin/email/preview?' . self::query($query));
	}

	/**
	 * GET /v1/admin/email/settings: the store's document with every default, the SMTP server mail goes
	 * through, and each kind's default subject line in the languages given (the store's language codes).
	 *
	 * @param list<string> $languages
	 */
	public function settings(int $storeId, array $languages = []): AdminAnswer {
		$codes = array_values(array_filter($languages, [self::class, 'isLanguage']));

		return $this->call('GET', '/v1/admin/email/settings?' . self::query(['store_id' => max(0, $storeId), 'languages' => implode(',', $codes)]));
	}

	/**
	 * POST /v1/admin/email/settings/validate.
	 *
	 * @param string $document the settings document as JSON text (decoded as objects, so `{}` stays `{}`)
	 */
	public function validateSettings(string $document): AdminAnswer {
		$decoded = json_decode($document, false);

		if (!is_object($decoded)) {
			return new AdminAnswer(0, [], 'bad_request', 'The email settings are not a JSON object.', ['document' => 'Not a JSON object.']);
		}

		return $this->call('POST', '/v1/admin/email/settings/validate', (string)json_encode(['document' => $decoded], self::JSON));
	}

	/**
	 * GET /v1/admin/email/suppressions: addresses not to mail, newest first.
	 *
	 * @param array<string, mixed> $filters email (any part of the address), reason
	 */
	public function suppressions(array $filters, int $page = 1, int $perPage = 25): AdminAnswer {
		$query = [];
		$email = trim((string)($filters['email'] ?? ''));

		if ($email !== '') {
			$query['email'] = mb_substr($email, 0, 255);
		}

		if (in_array($filters['reason'] ?? '', self::SUPPRESSION_REASONS, true)) {
			$query['reason'] = $filters['reason'];
		}

		$query['page'] = max(1, $page);
		$query['per_page'] = min(200, max(1, $perPage));

		return $this->call('GET', '/v1/admin/email/suppressions?' . self::query($query));
	}

	/**
	 * POST /v1/admin/email/suppressions/remove: the address may be mailed again.
	 */
	public function removeSuppression(string $email): AdminAnswer {
		return $this->call('POST', '/v1/admin/email/suppressions/remove', (string)json_encode(['email' => $email], self::JSON));
	}

	/**
	 * GET /v1/admin/jobs: last run, lag, failures and dead letters per task, and the email queue's.
	 */
	public function jobs(): AdminAnswer {
		return $this->call('GET', '/v1/admin/jobs');
	}

	/**
	 * The log's query string, its values cast or checked so nothing unexpected reaches the sidecar.
	 *
	 * @param array<string, mixed> $filters
	 */
	public static function logQuery(array $filters, int $page, int $perPage): string {
		$query = [];

		if (in_array($filters['status'] ?? '', self::STATUSES, true)) {
			$query['status'] = $filters['status'];
		}

		if (in_array($filters['kind'] ?? '', self::KINDS, true)) {
			$query['kind'] = $filters['kind'];
		}

		$recipient = trim((string)($filters['recipient'] ?? ''));

		if ($recipient !== '') {
			$query['recipient'] = mb_substr($recipient, 0, 255);
		}

		foreach (['order_id', 'case_id'] as $key) {
			if (isset($filters[$key]) && (int)$filters[$key] > 0) {
				$query[$key] = (int)$filters[$key];
			}
		}

		$query['page'] = max(1, $page);
		$query['per_page'] = min(200, max(1, $perPage));

		return self::query($query);
	}

	public static function isLanguage(mixed $code): bool {
		return is_string($code) && (bool)preg_match('/^[a-z]{2}(-[a-z]{2})?$/D', $code);
	}

	/**
	 * @param array<string, mixed> $query
	 */
	private static function query(array $query): string {
		return http_build_query($query, '', '&', PHP_QUERY_RFC3986);
	}
}
