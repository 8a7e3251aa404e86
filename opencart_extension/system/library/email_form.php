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
 * subjects[<language>][<kind>] (blank: the default line), budget[window_days|max_per_window|min_gap_hours],
 * quiet_enabled, quiet_start, quiet_end (HH:MM), over_budget[<kind>] (defer|drop).
 */
class EmailForm {
	public const SUBJECT_MAX = 200;
	public const BUDGET = ['window_days', 'max_per_window', 'min_gap_hours'];

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

		$budget = is_array($document['budget'] ?? null) ? $document['budget'] : [];
		$numbers = is_array($posted['budget'] ?? null) ? $posted['budget'] : [];

		foreach (self::BUDGET as $key) {
			$value = trim(is_string($numbers[$key] ?? null) ? $numbers[$key] : '');

			if (!preg_match('/^[0-9]{1,6}$/D', $value)) {
				$errors['budget.' . $key] = 'A whole number, please.';
			} else {
				$budget[$key] = (int)$value;
			}
		}

		$document['budget'] = $budget;

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
		if (preg_match('/[\x00-\x1F\x7F]|\xC2\x85|\xE2\x80[\xA8\xA9]/', $text)) {
			return 'One line, please: no line breaks or control characters.';
		}

		if (!mb_check_encoding($text, 'UTF-8')) {
			return 'Not valid UTF-8.';
		}

		if (mb_strlen($text, 'UTF-8') > self::SUBJECT_MAX) {
			return sprintf('At most %d characters.', self::SUBJECT_MAX);
		}

		return '';
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
