<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What the email page (admin marketing/emails) prints from the sidecar's answers: the settings form's
 * subject lines per written language and kind, the log's and the suppression list's rows, the job health
 * table, each code in the language file's words. No I/O here: the page's language and links come in as
 * closures, so the controller stays glue.
 */
class EmailView {
	/** A job or the email queue this far behind is shown as late. */
	public const LATE_SECONDS = 300;

	/**
	 * @param \Closure(string): string $text the page's language, e.g. fn ($key) => $this->language->get($key)
	 */
	public function __construct(private \Closure $text) {
	}

	/**
	 * The settings form from GET /v1/admin/email/settings (null when it did not answer: the form then shows
	 * the defaults a store starts with, quiet hours on).
	 *
	 * @param array<string, mixed>|null $settings  the answer's data
	 * @param array<string, string>     $languages code => name of the store's enabled languages
	 * @param array<string, mixed>      $store     the chosen store: store_id, and its config_name, config_email
	 *                                             and config_mail_alert_email (HTML-decoded), which blank sender
	 *                                             and owner fields stand for
	 *
	 * @return array<string, mixed> subject_languages, kinds, enabled, numbers, texts, brand_color*, digest_*,
	 *                              quiet_*, source, stored_error
	 */
	public function settings(?array $settings, array $languages, array $store = []): array {
		$text = $this->text;
		$document = $settings['document'] ?? [];
		$written = is_array($settings['languages'] ?? null) ? $settings['languages'] : [];
		$defaults = is_array($settings['subjects'] ?? null) ? $settings['subjects'] : [];

		$data['stored_error'] = (string)($settings['error'] ?? '');

		// One block of subject lines per language the emails are written in (English for a language
		// Rebound ships no texts for), named after the store languages that read it.
		$data['subject_languages'] = [];

		foreach (array_unique(array_values($written)) as $code) {
			$names = [];

			foreach ($written as $store_code => $used) {
				if ($used === $code) {
					$names[] = $languages[$store_code] ?? $store_code;
				}
			}

			$data['subject_languages'][] = [
				'code'  => (string)$code,
				'names' => implode(', ', $names)
			];
		}

		$data['kinds'] = [];

		foreach (EmailApi::KINDS as $kind) {
			$lines = [];

			foreach ($data['subject_languages'] as $language) {
				$lines[$language['code']] = [
					'value'   => (string)($document['subjects'][$language['code']][$kind] ?? ''),
					'default' => (string)($defaults[$language['code']][$kind] ?? '')
				];
			}

			$data['kinds'][] = [
				'kind'          => $kind,
				'name'          => $text('kind_' . $kind),
				'help'          => $text('help_' . $kind),
				'transactional' => !in_array($kind, EmailApi::BUDGETED, true),
				'enabled'       => ($document['kinds'][$kind] ?? true) !== false,
				'over_budget'   => (string)($document['over_budget'][$kind] ?? ''),
				'subjects'      => $lines
			];
		}

		$data['enabled'] = ($document['enabled'] ?? true) !== false;
		$data += $this->fields(is_array($document) ? $document : [], is_array($settings['defaults'] ?? null) ? $settings['defaults'] : [], $store);

		$quiet = $document['quiet_hours'] ?? null;
		$data['quiet_enabled'] = is_array($quiet) || $settings === null;
		$data['quiet_start'] = (string)(is_array($quiet) ? ($quiet['start'] ?? '') : '21:00');
		$data['quiet_end'] = (string)(is_array($quiet) ? ($quiet['end'] ?? '') : '08:00');
		$data['source'] = $settings === null ? '' : $text(($settings['source'] ?? '') === 'store' ? 'text_source_store' : 'text_source_default');

		return $data;
	}

	/**
	 * The sender, timing, alert and budget fields: each one's form name, element id (the dotted path with
	 * '-', as the page's errors find it), value, placeholder (the default, or what a blank sender or owner
	 * field stands for), label and help, and `locked` where another store's page can't change it
	 * (EmailForm::DEFAULT_STORE_ONLY: shown empty and disabled, so it is not posted and stays as stored).
	 *
	 * @param array<string, mixed> $document the effective document
	 * @param array<string, mixed> $defaults every field's default
	 * @param array<string, mixed> $store    see settings()
	 *
	 * @return array{numbers: array<string, array<string, mixed>>, texts: array<string, array<string, mixed>>, brand_color: string, brand_color_default: string, brand_color_help: string, digest_enabled: bool, digest_locked: bool, default_store_only: bool}
	 */
	private function fields(array $document, array $defaults, array $store): array {
		$text = $this->text;
		$other = (int)($store['store_id'] ?? 0) !== 0;
		$locked = static fn (string $path): bool => $other && in_array($path, EmailForm::DEFAULT_STORE_ONLY, true);
		$field = static function (string $path) use ($text, $locked): array {
			$key = str_replace('.', '_', $path);
			$parts = explode('.', $path);

			return [
				'name'   => array_shift($parts) . implode('', array_map(static fn (string $part): string => '[' . $part . ']', $parts)),
				'id'     => str_replace(['.', '_'], '-', $path),
				'label'  => $text('entry_' . $key),
				'help'   => $text('help_' . $key),
				'locked' => $locked($path)
			];
		};

		$data['numbers'] = [];

		foreach (EmailForm::NUMBERS as $path) {
			$number = $field($path);
			$default = EmailForm::at($defaults, $path);
			$value = EmailForm::at($document, $path);

			$number['value'] = $number['locked'] || !is_int($value) ? '' : (string)$value;
			$number['placeholder'] = $number['locked'] || !is_int($default) ? '' : (string)$default;

			if (is_int($default)) {
				$number['help'] = trim($number['help'] . ' ' . sprintf($text('text_default_value'), $default));
			}

			$data['numbers'][$path] = $number;
		}

		// What a blank sender or owner field stands for, as the sidecar reads it (docs/email.md, "Owner").
		$email = trim((string)($store['config_email'] ?? ''));
		$alerts = array_values(array_filter(array_map('trim', explode(',', (string)($store['config_mail_alert_email'] ?? ''))), 'strlen'));
		$standsFor = [
			'from_name'   => trim((string)($store['config_name'] ?? '')),
			'from_email'  => $email,
			'reply_to'    => '',
			'owner_email' => $alerts[0] ?? $email
		];

		$data['texts'] = [];

		foreach (EmailForm::TEXTS as $path => $max) {
			$input = $field($path);
			$value = $document[$path] ?? '';

			$input['value'] = $input['locked'] || !is_string($value) ? '' : $value;
			$input['placeholder'] = $input['locked'] ? '' : $standsFor[$path];
			$input['type'] = $path === 'from_name' ? 'text' : 'email';
			$input['maxlength'] = $max;

			$data['texts'][$path] = $input;
		}

		$color = static fn (mixed $value): string => is_string($value) && preg_match('/^#[0-9a-fA-F]{6}$/D', $value) ? strtolower($value) : '';

		$data['brand_color_default'] = $color($defaults['brand_color'] ?? null);
		$data['brand_color'] = $color($document['brand_color'] ?? null) ?: $data['brand_color_default'];
		$data['brand_color_help'] = trim($text('help_brand_color') . ($data['brand_color_default'] !== '' ? ' ' . sprintf($text('text_default_value'), $data['brand_color_default']) : ''));

		$data['digest_locked'] = $locked('digest.enabled');
		$data['digest_enabled'] = !$data['digest_locked'] && ($document['digest']['enabled'] ?? true) !== false;
		$data['default_store_only'] = $other;

		return $data;
	}

	/**
	 * The log's rows.
	 *
	 * @param list<mixed>                $emails   the answer's `emails`
	 * @param \Closure(int): string      $order    the admin link to an order
	 * @param \Closure(int): string      $returnCase the admin link to a return case, '' where the user may not open it
	 *
	 * @return list<array<string, mixed>>
	 */
	public function emails(array $emails, \Closure $order, \Closure $returnCase): array {
		$rows = [];

		foreach ($emails as $email) {
			$email = is_array($email) ? $email : [];
			$status = (string)($email['status'] ?? '');
			$reason = (string)($email['reason'] ?? '');
			$order_id = (int)($email['order_id'] ?? 0);
			$case_id = (int)($email['case_id'] ?? 0);

			$rows[] = [
				'email_id'      => (int)($email['email_id'] ?? 0),
				'kind'          => $this->label('kind_', (string)($email['kind'] ?? '')),
				'recipient'     => (string)($email['recipient'] ?? ''),
				'transactional' => !empty($email['transactional']),
				'status'        => $status,
				'status_text'   => $this->label('status_', $status),
				'reason'        => $reason !== '' ? $this->label('reason_', $reason) : '',
				'attempts'      => (int)($email['attempts'] ?? 0),
				'deferrals'     => (int)($email['deferrals'] ?? 0),
				'unconfirmed'   => (int)($email['unconfirmed'] ?? 0),
				'last_error'    => (string)($email['last_error'] ?? ''),
				'created'       => $this->date($email['created_at'] ?? null),
				'when'          => $status === 'sent' ? $this->date($email['sent_at'] ?? null) : (in_array($status, ['queued', 'sending'], true) ? $this->date($email['due_at'] ?? null) : ''),
				'order_id'      => $order_id,
				'order'         => $order_id ? $order($order_id) : '',
				'case_id'       => $case_id,
				'case'          => $case_id ? $returnCase($case_id) : ''
			];
		}

		return $rows;
	}

	/**
	 * The suppression list's rows.
	 *
	 * @param list<mixed> $suppressions the answer's `suppressions`
	 *
	 * @return list<array<string, mixed>>
	 */
	public function suppressions(array $suppressions): array {
		$rows = [];

		foreach ($suppressions as $row) {
			$row = is_array($row) ? $row : [];

			$rows[] = [
				'email'    => (string)($row['email'] ?? ''),
				'reason'   => $this->label('suppression_', (string)($row['reason'] ?? '')),
				'bounce'   => ($row['reason'] ?? '') === 'bounce',
				'source'   => $this->label('source_', (string)($row['source'] ?? '')),
				'detail'   => (string)($row['detail'] ?? ''),
				'email_id' => (int)($row['email_id'] ?? 0),
				'date'     => $this->date($row['created_at'] ?? null)
			];
		}

		return $rows;
	}

	/**
	 * The health tab from GET /v1/admin/jobs: the worker's tasks, the email queue, the overall verdict.
	 *
	 * @param array<string, mixed> $jobs the answer's data
	 *
	 * @return array{tasks: list<array<string, mixed>>, email: array<string, mixed>, ok: bool, message: string}
	 */
	public function health(array $jobs): array {
		$never = ($this->text)('text_never');
		$tasks = [];

		foreach ((array)($jobs['tasks'] ?? []) as $name => $task) {
			$task = is_array($task) ? $task : [];

			$tasks[] = [
				'name'       => (string)$name,
				'title'      => $this->label('task_', (string)$name),
				'last_run'   => $this->date($task['last_run_at'] ?? null) ?: $never,
				'lag'        => $this->seconds($task['lag_s'] ?? 0),
				'late'       => (float)($task['lag_s'] ?? 0) > self::LATE_SECONDS,
				'failing'    => (int)($task['failing'] ?? 0),
				'dead'       => (int)($task['dead'] ?? 0),
				'last_error' => (string)($task['last_error'] ?? '')
			];
		}

		$email = is_array($jobs['email'] ?? null) ? $jobs['email'] : [];

		return [
			'tasks'   => $tasks,
			'email'   => [
				'due'         => (int)($email['due'] ?? 0),
				'lag'         => $this->seconds($email['lag_s'] ?? 0),
				'late'        => (float)($email['lag_s'] ?? 0) > self::LATE_SECONDS,
				'sending'     => (int)($email['sending'] ?? 0),
				'failing'     => (int)($email['failing'] ?? 0),
				'dead'        => (int)($email['dead'] ?? 0),
				'failed'      => (int)($email['failed'] ?? 0),
				'unconfirmed' => (int)($email['unconfirmed_7d'] ?? 0),
				'last_sent'   => $this->date($email['last_sent_at'] ?? null) ?: $never
			],
			'ok'      => !empty($jobs['ok']),
			'message' => (string)($jobs['message'] ?? '')
		];
	}

	/**
	 * The SMTP server mail goes through, from the settings answer's `smtp`.
	 *
	 * @param array<string, mixed> $smtp
	 *
	 * @return array{source: string, server: string, problem: string}
	 */
	public function smtp(array $smtp): array {
		return [
			'source'  => ($this->text)(($smtp['source'] ?? '') === 'store' ? 'text_smtp_store' : 'text_smtp_env'),
			'server'  => (string)($smtp['server'] ?? ''),
			'problem' => (string)($smtp['problem'] ?? '')
		];
	}

	/**
	 * @param list<string> $codes
	 *
	 * @return array<string, string> code => label
	 */
	public function labels(string $prefix, array $codes): array {
		$labels = [];

		foreach ($codes as $code) {
			$labels[$code] = $this->label($prefix, $code);
		}

		return $labels;
	}

	/**
	 * The language file's text for a code the sidecar sent, or the code itself when there is none.
	 */
	public function label(string $prefix, string $code): string {
		$text = ($this->text)($prefix . $code);

		return $code !== '' && $text !== $prefix . $code ? $text : $code;
	}

	/**
	 * A sidecar time (ISO 8601 UTC) in the admin's time zone and date format; '' for none.
	 */
	public function date(mixed $value): string {
		$time = is_string($value) && $value !== '' ? strtotime($value) : false;

		return $time === false ? '' : date(($this->text)('datetime_format'), $time);
	}

	/**
	 * A lag in seconds, minutes or hours, whichever reads best.
	 */
	public function seconds(mixed $value): string {
		$text = $this->text;
		$seconds = max(0, (int)round((float)$value));

		if ($seconds < 120) {
			return sprintf($text('text_seconds'), $seconds);
		}

		return $seconds < 7200 ? sprintf($text('text_minutes'), intdiv($seconds, 60)) : sprintf($text('text_hours'), intdiv($seconds, 3600));
	}
}
