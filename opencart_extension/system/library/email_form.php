<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The email page's settings form (docs/email.md, "Settings"): what the owner posted laid over the stored
 * document, checked before the sidecar sees it, and the document as JSON text with its objects kept as
 * objects. Errors are keyed by the same dotted paths the sidecar uses (`subjects.en-gb.nps`,
 * `budget.window_days`), so one page shows both. No I/O here.
 *
 * Posted fields (already HTML-decoded): enabled, kinds[<kind>] ('1' on, anything else off; no kinds at all:
 * unchanged),
 * subjects[<language>][<kind>] (blank: the default line), quiet_enabled, quiet_start, quiet_end (HH:MM),
 * over_budget[<kind>] (defer|drop), digest[enabled] ('1' on, anything else off; not posted: unchanged), and
 * the settings in NUMBERS and TEXTS and brand_color, each posted under its path's parts (`review[delay_days]`,
 * `instructions_reminder_days`, `from_name`): not posted, the stored value is kept; blank, the member is
 * removed so its default applies; otherwise checked here (whole number; one line of at most N characters;
 * `#rrggbb`) and set. Ranges and address syntax are the sidecar's to refuse, by the same paths.
 */
class EmailForm {
	public const SUBJECT_MAX = 200;

	/** The whole-number settings the page shows, by dotted path, in the page's order. */
	public const NUMBERS = [
		'review.delay_days', 'review.reminder_after_days', 'review.max_products', 'csat.delay_hours',
		'nps.delay_days', 'nps.throttle_days', 'instructions_reminder_days',
		'sla.requested_hours', 'sla.approved_days', 'sla.received_hours', 'digest.hour',
		'budget.window_days', 'budget.max_per_window', 'budget.min_gap_hours'
	];

	/** The one-line text settings the page shows and their longest length in characters. */
	public const TEXTS = ['from_name' => 64, 'from_email' => 254, 'reply_to' => 254, 'owner_email' => 254];

	/**
	 * Settings the worker reads from the default store's document only (it plans review requests and
	 * surveys, and alerts the owner, once for all stores: docs/email.md): another store's page leaves them be.
	 */
	public const DEFAULT_STORE_ONLY = [
		'review.delay_days', 'csat.delay_hours', 'nps.delay_days', 'instructions_reminder_days',
		'sla.requested_hours', 'sla.approved_days', 'sla.received_hours', 'digest.enabled', 'digest.hour',
		'owner_email'
	];

	/** Members that are JSON objects, even when empty (PHP would write `[]`, which the sidecar refuses). */
	private const OBJECTS = ['kinds', 'subjects', 'over_budget', 'review', 'csat', 'nps', 'sla', 'digest', 'budget', 'quiet_hours', 'delivery'];

	/**
	 * @param array<string, mixed> $document   the stored document, decoded (as arrays); [] when none
	 * @param array<string, mixed> $posted     the form, HTML-decoded
	 * @param list<string>         $languages  the language codes whose subject lines the form shows
	 *
	 * @return array{document: array<string, mixed>, errors: array<string, string>}
	 */
	public static function apply(array $document, array $posted, array $languages): array {
		$errors = [];

		$document['version'] = 1;
		$document['enabled'] = !empty($posted['enabled']);

		$kinds = is_array($document['kinds'] ?? null) ? $document['kinds'] : [];

		// Only when the switches were posted: a form without them leaves every kind as it was.
		if (is_array($posted['kinds'] ?? null)) {
			foreach (EmailApi::KINDS as $kind) {
				if (($posted['kinds'][$kind] ?? '') === '1') {
					unset($kinds[$kind]);
				} else {
					$kinds[$kind] = false;
				}
			}
		}

		$document['kinds'] = $kinds;

		$subjects = is_array($document['subjects'] ?? null) ? $document['subjects'] : [];
		$typed = is_array($posted['subjects'] ?? null) ? $posted['subjects'] : [];

		foreach ($languages as $language) {
			$lines = is_array($subjects[$language] ?? null) ? $subjects[$language] : [];

			foreach (EmailApi::KINDS as $kind) {
				$text = $typed[$language][$kind] ?? '';
				$text = is_string($text) ? trim($text, " \t") : '';
				$problem = self::subjectProblem($text);

				if ($problem !== '') {
					$errors['subjects.' . $language . '.' . $kind] = $problem;
				} elseif ($text === '') {
					unset($lines[$kind]);
				} else {
					$lines[$kind] = $text;
				}
			}

			if ($lines) {
				$subjects[$language] = $lines;
			} else {
				unset($subjects[$language]);
			}
		}

		$document['subjects'] = $subjects;

		foreach (self::NUMBERS as $path) {
			$value = self::at($posted, $path);

			if ($value === null) {
				continue;
			}

			$value = is_string($value) ? trim($value) : '-';

			if ($value === '') {
				$document = self::put($document, $path, null);
			} elseif (!preg_match('/^[0-9]{1,6}$/D', $value)) {
				$errors[$path] = 'A whole number, please.';
			} else {
				$document = self::put($document, $path, (int)$value);
			}
		}

		foreach ([...array_keys(self::TEXTS), 'brand_color'] as $path) {
			$value = $posted[$path] ?? null;

			if ($value === null) {
				continue;
			}

			// Not text (an array): refused like a control character.
			$value = is_string($value) ? trim($value, " \t") : "\0";
			$problem = $value === '' ? '' : self::textProblem($path, $value);

			if ($problem !== '') {
				$errors[$path] = $problem;
			} else {
				$document = self::put($document, $path, $value === '' ? null : $value);
			}
		}

		if (($posted['digest']['enabled'] ?? null) !== null) {
			$document = self::put($document, 'digest.enabled', $posted['digest']['enabled'] === '1');
		}

		if (empty($posted['quiet_enabled'])) {
			$document['quiet_hours'] = null;
		} else {
			$quiet = [];

			foreach (['start', 'end'] as $key) {
				$value = trim(is_string($posted['quiet_' . $key] ?? null) ? $posted['quiet_' . $key] : '');

				// <input type="time"> may add seconds.
				if (preg_match('/^([01][0-9]|2[0-3]):[0-5][0-9](:00)?$/D', $value)) {
					$quiet[$key] = substr($value, 0, 5);
				} else {
					$errors['quiet_hours.' . $key] = 'A time as HH:MM, please.';
				}
			}

			$document['quiet_hours'] = $quiet;
		}

		$rules = is_array($document['over_budget'] ?? null) ? $document['over_budget'] : [];
		$chosen = is_array($posted['over_budget'] ?? null) ? $posted['over_budget'] : [];

		foreach (EmailApi::BUDGETED as $kind) {
			if (in_array($chosen[$kind] ?? '', ['defer', 'drop'], true)) {
				$rules[$kind] = $chosen[$kind];
			}
		}

		$document['over_budget'] = $rules;

		return ['document' => $document, 'errors' => $errors];
	}

	/**
	 * Why a subject line can't be used, or '' (blank is fine: the default line).
	 */
	public static function subjectProblem(string $text): string {
		return self::lineProblem($text, self::SUBJECT_MAX);
	}

	/**
	 * Why a one-line text can't be used, or '': a line break or control character, not UTF-8, longer than
	 * $max characters.
	 */
	public static function lineProblem(string $text, int $max): string {
		if (preg_match('/[\x00-\x1F\x7F]|\xC2\x85|\xE2\x80[\xA8\xA9]/', $text)) {
			return 'One line, please: no line breaks or control characters.';
		}

		if (!mb_check_encoding($text, 'UTF-8')) {
			return 'Not valid UTF-8.';
		}

		if (mb_strlen($text, 'UTF-8') > $max) {
			return sprintf('At most %d characters.', $max);
		}

		return '';
	}

	/**
	 * Why a text setting's value can't be used, or '': brand_color is `#rrggbb`, the others one line.
	 */
	private static function textProblem(string $path, string $value): string {
		if ($path === 'brand_color') {
			return preg_match('/^#[0-9a-fA-F]{6}$/D', $value) ? '' : 'A colour as #rrggbb, please.';
		}

		return self::lineProblem($value, self::TEXTS[$path]);
	}

	/**
	 * The value at a dotted path (`review.delay_days` => $values['review']['delay_days']), null when absent.
	 *
	 * @param array<mixed> $values
	 */
	public static function at(array $values, string $path): mixed {
		foreach (explode('.', $path) as $key) {
			if (!is_array($values) || !array_key_exists($key, $values)) {
				return null;
			}

			$values = $values[$key];
		}

		return $values;
	}

	/**
	 * The document with the member at a dotted path (at most two deep) set, or removed when $value is null;
	 * an object left empty is removed too, so nothing but what the owner chose is written.
	 *
	 * @param array<string, mixed> $document
	 *
	 * @return array<string, mixed>
	 */
	private static function put(array $document, string $path, mixed $value): array {
		$keys = explode('.', $path, 2);

		if (count($keys) === 1) {
			$document[$path] = $value;

			if ($value === null) {
				unset($document[$path]);
			}

			return $document;
		}

		[$key, $member] = $keys;
		$object = is_array($document[$key] ?? null) ? $document[$key] : [];
		$object[$member] = $value;

		if ($value === null) {
			unset($object[$member]);
		}

		if ($object === []) {
			unset($document[$key]);
		} else {
			$document[$key] = $object;
		}

		return $document;
	}

	/**
	 * The stored JSON text decoded as arrays, or [] when it is missing or not an object.
	 *
	 * @return array<string, mixed>
	 */
	public static function decode(?string $text): array {
		$decoded = $text === null ? null : json_decode($text, true);

		return is_array($decoded) && ($decoded === [] || !array_is_list($decoded)) ? $decoded : [];
	}

	/**
	 * The document as JSON text, its object members objects even when empty.
	 *
	 * @param array<string, mixed> $document
	 */
	public static function encode(array $document): string {
		$out = new \stdClass();

		foreach ($document as $key => $value) {
			if (in_array($key, self::OBJECTS, true) && is_array($value)) {
				$value = self::object($value, $key === 'subjects');
			}

			$out->{$key} = $value;
		}

		return (string)json_encode($out, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION | JSON_PRETTY_PRINT);
	}

	/**
	 * @param array<mixed> $value
	 */
	private static function object(array $value, bool $nested): \stdClass {
		$out = new \stdClass();

		foreach ($value as $key => $item) {
			$out->{$key} = $nested && is_array($item) ? self::object($item, false) : $item;
		}

		return $out;
	}
}
