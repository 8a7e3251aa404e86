<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The policy editor's friendly form and the policy document (sidecar/policy/README.md), both ways. No I/O,
 * and no checking beyond shapes: the sidecar validates the document and reports by dotted path.
 *
 * toDocument() lays the form's fields over a base document (the "advanced JSON" text), so the fields the
 * form does not show (delivered and closed statuses, …) are kept. A blank number leaves the field out, so
 * the sidecar's default applies; a blank "auto-approve up to" means no limit (null), as in the document.
 *
 * Posted text arrives HTML-encoded (OpenCart's Request::clean); decode() undoes exactly that, once.
 */
class PolicyForm {
	/**
	 * The document's defaults, to show the form when the sidecar could not fill them in. The sidecar's
	 * schema (sidecar/policy/schema.py) is the authority; these only decide what an unset field displays.
	 */
	public const DEFAULTS = [
		'window'          => ['days' => 30],
		'final_sale'      => ['min_discount_percent' => null, 'merchant_fault_returns' => true],
		'resolutions'     => ['refund' => true, 'exchange' => false, 'store_credit' => false, 'store_credit_bonus_percent' => '0.00'],
		'restocking_fee'  => ['percent' => '0.00', 'flat' => '0.00', 'applies_to' => ['refund']],
		'free_shipping'   => ['merchant_fault' => true],
		'auto_approve'    => ['enabled' => false, 'max_value' => '100.00', 'min_completed_orders' => 1],
		'serial_returner' => ['enabled' => true, 'min_returns' => 5, 'min_return_rate_percent' => '50.00', 'lookback_days' => 365]
	];

	/** Sections that are JSON objects: never written as `[]` when empty. */
	public const SECTIONS = ['window', 'excluded', 'final_sale', 'resolutions', 'restocking_fee', 'free_shipping', 'auto_approve', 'serial_returner'];

	public const FEE_RESOLUTIONS = ['refund', 'store_credit'];

	private const JSON = JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_PRESERVE_ZERO_FRACTION;

	/**
	 * Undoes Request::clean (htmlspecialchars) on one posted value; arrays item by item.
	 */
	public static function decode(mixed $value): mixed {
		if (is_array($value)) {
			return array_map([self::class, 'decode'], $value);
		}

		return is_string($value) ? htmlspecialchars_decode($value, ENT_QUOTES) : $value;
	}

	/**
	 * A document's JSON text as an array, or null when it is not a JSON object.
	 *
	 * @return array<string, mixed>|null
	 */
	public static function parse(string $json): ?array {
		$decoded = json_decode($json, true);

		return is_array($decoded) && (!array_is_list($decoded) || $decoded === []) && str_starts_with(ltrim($json), '{') ? $decoded : null;
	}

	/**
	 * A document as the JSON text the editor shows and the setting stores: objects stay objects.
	 *
	 * @param array<string, mixed> $document
	 */
	public static function encode(array $document): string {
		foreach (self::SECTIONS as $section) {
			if (array_key_exists($section, $document) && $document[$section] === []) {
				$document[$section] = new \stdClass();
			}
		}

		return $document === [] ? '{}' : (string)json_encode($document, self::JSON);
	}

	/**
	 * The form's values for a document: every field the form shows, the defaults where the document says nothing.
	 *
	 * @param array<string, mixed> $document
	 *
	 * @return array<string, mixed>
	 */
	public static function fromDocument(array $document): array {
		$get = static function (string $section, string $key) use ($document): mixed {
			$part = is_array($document[$section] ?? null) ? $document[$section] : [];

			return array_key_exists($key, $part) ? $part[$key] : (self::DEFAULTS[$section][$key] ?? null);
		};

		$groups = [];

		foreach ((array)$get('window', 'groups') as $group) {
			if (is_array($group) && isset($group['customer_group_id'])) {
				$groups[(int)$group['customer_group_id']] = self::text($group['days'] ?? '');
			}
		}

		$reasons = [];

		foreach ((array)($document['reasons'] ?? []) as $reason) {
			if (is_array($reason) && isset($reason['reason_id'])) {
				$reasons[(int)$reason['reason_id']] = ['photos_required' => !empty($reason['photos_required']), 'merchant_fault' => !empty($reason['merchant_fault'])];
			}
		}

		return [
			'window_days'                       => self::text($get('window', 'days')),
			'group_days'                        => $groups,
			'excluded_category_ids'             => self::ids($get('excluded', 'category_ids')),
			'excluded_product_ids'              => self::ids($get('excluded', 'product_ids')),
			'final_sale_product_ids'            => self::ids($get('final_sale', 'product_ids')),
			'final_sale_min_discount_percent'   => self::text($get('final_sale', 'min_discount_percent')),
			'final_sale_merchant_fault_returns' => (bool)$get('final_sale', 'merchant_fault_returns'),
			'reasons'                           => $reasons,
			'resolution_refund'                 => (bool)$get('resolutions', 'refund'),
			'resolution_exchange'               => (bool)$get('resolutions', 'exchange'),
			'resolution_store_credit'           => (bool)$get('resolutions', 'store_credit'),
			'store_credit_bonus_percent'        => self::text($get('resolutions', 'store_credit_bonus_percent')),
			'restocking_percent'                => self::text($get('restocking_fee', 'percent')),
			'restocking_flat'                   => self::text($get('restocking_fee', 'flat')),
			'restocking_applies_to'             => array_values(array_intersect(self::FEE_RESOLUTIONS, (array)$get('restocking_fee', 'applies_to'))),
			'free_shipping_product_ids'         => self::ids($get('free_shipping', 'product_ids')),
			'free_shipping_category_ids'        => self::ids($get('free_shipping', 'category_ids')),
			'free_shipping_merchant_fault'      => (bool)$get('free_shipping', 'merchant_fault'),
			'auto_approve_enabled'              => (bool)$get('auto_approve', 'enabled'),
			'auto_approve_max_value'            => self::text($get('auto_approve', 'max_value')),
			'auto_approve_min_completed_orders' => self::text($get('auto_approve', 'min_completed_orders')),
			'serial_enabled'                    => (bool)$get('serial_returner', 'enabled'),
			'serial_min_returns'                => self::text($get('serial_returner', 'min_returns')),
			'serial_min_return_rate_percent'    => self::text($get('serial_returner', 'min_return_rate_percent')),
			'serial_lookback_days'              => self::text($get('serial_returner', 'lookback_days')),
			'text'                              => is_string($document['text'] ?? null) ? $document['text'] : ''
		];
	}

	/**
	 * The form's customer groups and return reasons: the store's, then those the document names that the
	 * store no longer has ("#<id> <notInStore>"), each with what the document says of it.
	 *
	 * @param array<string, mixed> $values      fromDocument()'s values
	 * @param array<int, string>   $groupNames  the store's customer groups, id => name
	 * @param array<int, string>   $reasonNames the store's return reasons, id => name
	 *
	 * @return array{groups: list<array{id: int, name: string, days: mixed}>, reasons: list<array{id: int, name: string, offered: bool, photos_required: bool, merchant_fault: bool}>}
	 */
	public static function choices(array $values, array $groupNames, array $reasonNames, string $notInStore): array {
		$groups = [];

		foreach ($groupNames as $id => $name) {
			$groups[$id] = ['id' => $id, 'name' => $name, 'days' => $values['group_days'][$id] ?? ''];
		}

		foreach ($values['group_days'] as $id => $days) {
			$groups[$id] ??= ['id' => $id, 'name' => '#' . $id . ' ' . $notInStore, 'days' => $days];
		}

		$flags = static fn (int $id): array => [
			'offered'         => isset($values['reasons'][$id]),
			'photos_required' => $values['reasons'][$id]['photos_required'] ?? false,
			'merchant_fault'  => $values['reasons'][$id]['merchant_fault'] ?? false
		];

		$reasons = [];

		foreach ($reasonNames as $id => $name) {
			$reasons[$id] = ['id' => $id, 'name' => $name] + $flags($id);
		}

		foreach (array_keys($values['reasons']) as $id) {
			$reasons[$id] ??= ['id' => $id, 'name' => '#' . $id . ' ' . $notInStore] + $flags($id);
		}

		return ['groups' => array_values($groups), 'reasons' => array_values($reasons)];
	}

	/**
	 * The document the form describes, laid over $base (fields the form does not show are kept).
	 *
	 * @param array<string, mixed> $form      already decode()d
	 * @param array<string, mixed> $base
	 * @param list<int>            $reasonIds the store's return reasons (see reasons())
	 *
	 * @return array<string, mixed>
	 */
	public static function toDocument(array $form, array $base, array $reasonIds = []): array {
		$document = ['version' => $base['version'] ?? 1] + $base;

		foreach (self::SECTIONS as $section) {
			$document[$section] = is_array($document[$section] ?? null) ? $document[$section] : [];
		}

		self::put($document['window'], 'days', self::integer($form['window_days'] ?? ''));

		$groups = [];

		foreach ((array)($form['group_days'] ?? []) as $customerGroupId => $days) {
			$days = self::integer($days);

			if ($days !== null && (int)$customerGroupId > 0) {
				$groups[] = ['customer_group_id' => (int)$customerGroupId, 'days' => $days];
			}
		}

		$document['window']['groups'] = $groups;

		$document['excluded']['category_ids'] = self::ids($form['excluded_category_ids'] ?? []);
		$document['excluded']['product_ids'] = self::ids($form['excluded_product_ids'] ?? []);

		$document['final_sale']['product_ids'] = self::ids($form['final_sale_product_ids'] ?? []);
		$document['final_sale']['min_discount_percent'] = self::decimal($form['final_sale_min_discount_percent'] ?? '');
		$document['final_sale']['merchant_fault_returns'] = !empty($form['final_sale_merchant_fault_returns']);

		$document['reasons'] = self::reasons($form, $reasonIds);

		$document['resolutions']['refund'] = !empty($form['resolution_refund']);
		$document['resolutions']['exchange'] = !empty($form['resolution_exchange']);
		$document['resolutions']['store_credit'] = !empty($form['resolution_store_credit']);
		self::put($document['resolutions'], 'store_credit_bonus_percent', self::decimal($form['store_credit_bonus_percent'] ?? ''));

		self::put($document['restocking_fee'], 'percent', self::decimal($form['restocking_percent'] ?? ''));
		self::put($document['restocking_fee'], 'flat', self::decimal($form['restocking_flat'] ?? ''));
		$document['restocking_fee']['applies_to'] = array_values(array_intersect(self::FEE_RESOLUTIONS, (array)($form['restocking_applies_to'] ?? [])));

		$document['free_shipping']['product_ids'] = self::ids($form['free_shipping_product_ids'] ?? []);
		$document['free_shipping']['category_ids'] = self::ids($form['free_shipping_category_ids'] ?? []);
		$document['free_shipping']['merchant_fault'] = !empty($form['free_shipping_merchant_fault']);

		$document['auto_approve']['enabled'] = !empty($form['auto_approve_enabled']);
		$document['auto_approve']['max_value'] = self::decimal($form['auto_approve_max_value'] ?? '');
		self::put($document['auto_approve'], 'min_completed_orders', self::integer($form['auto_approve_min_completed_orders'] ?? ''));

		$document['serial_returner']['enabled'] = !empty($form['serial_enabled']);
		self::put($document['serial_returner'], 'min_returns', self::integer($form['serial_min_returns'] ?? ''));
		self::put($document['serial_returner'], 'min_return_rate_percent', self::decimal($form['serial_min_return_rate_percent'] ?? ''));
		self::put($document['serial_returner'], 'lookback_days', self::integer($form['serial_lookback_days'] ?? ''));

		$document['text'] = str_replace("\r\n", "\n", (string)($form['text'] ?? ''));

		return $document;
	}

	/**
	 * The document's `reasons` for the form's reason table. The list is both the offered reasons and their
	 * flags, and an empty list offers every reason. A flag ("photos required", "merchant's fault") always
	 * keeps its reason offered and never hides another: no "Offered" box ticked offers every reason (with a
	 * flag, the list holds every reason of the store); some boxes ticked offer those and the flagged ones,
	 * whatever order the owner ticked them in.
	 *
	 * @param array<string, mixed> $form
	 * @param list<int>            $reasonIds the store's return reasons, in the order to list them
	 *
	 * @return list<array{reason_id: int, photos_required: bool, merchant_fault: bool}>
	 */
	public static function reasons(array $form, array $reasonIds): array {
		$ticked = static fn (string $key): array => array_keys(array_filter((array)($form[$key] ?? []), static fn (mixed $value, mixed $id): bool => !empty($value) && (int)$id > 0, ARRAY_FILTER_USE_BOTH));

		$offered = $ticked('reason_offered');
		$flagged = array_merge($ticked('reason_photos'), $ticked('reason_fault'));

		// Every reason stays offered when none is ticked: with no flag that is the empty list, with one the whole list.
		$offered = $offered ? array_merge($offered, $flagged) : ($flagged ? array_merge($reasonIds, $flagged) : []);

		$reasons = [];

		foreach ($offered as $reasonId) {
			$reasons[(int)$reasonId] ??= [
				'reason_id'       => (int)$reasonId,
				'photos_required' => !empty($form['reason_photos'][$reasonId]),
				'merchant_fault'  => !empty($form['reason_fault'][$reasonId])
			];
		}

		return array_values($reasons);
	}

	/**
	 * The sidecar's field errors with list positions turned into the ids the form shows:
	 * `reasons.1.reason_id` => `reasons.<that reason's id>.reason_id`, `window.groups.0.days` =>
	 * `window.groups.<customer group id>.days`; other paths unchanged.
	 *
	 * @param array<string, string> $fields
	 * @param array<string, mixed>  $document the document that was validated
	 *
	 * @return array<string, string>
	 */
	public static function locate(array $fields, array $document): array {
		$located = [];

		foreach ($fields as $path => $message) {
			$parts = explode('.', (string)$path);

			if ($parts[0] === 'reasons' && isset($parts[1]) && ctype_digit($parts[1])) {
				$parts[1] = (string)(int)($document['reasons'][(int)$parts[1]]['reason_id'] ?? $parts[1]);
			} elseif ($parts[0] === 'window' && ($parts[1] ?? '') === 'groups' && isset($parts[2]) && ctype_digit($parts[2])) {
				$parts[2] = (string)(int)($document['window']['groups'][(int)$parts[2]]['customer_group_id'] ?? $parts[2]);
			}

			$key = implode('.', $parts);
			$located[$key] = isset($located[$key]) ? $located[$key] . ' ' . $message : $message;
		}

		return $located;
	}

	/**
	 * Positive integer ids from a list (or a "1, 2, 3" string), each once, sorted.
	 *
	 * @return list<int>
	 */
	public static function ids(mixed $value): array {
		$items = is_array($value) ? $value : preg_split('/[\s,]+/', (string)$value, -1, PREG_SPLIT_NO_EMPTY);
		$ids = [];

		foreach ($items as $item) {
			if ((is_int($item) || (is_string($item) && ctype_digit(trim($item)))) && (int)$item > 0) {
				$ids[(int)$item] = (int)$item;
			}
		}

		ksort($ids);

		return array_values($ids);
	}

	/**
	 * A whole number as an int, blank as null (the default), anything else as typed for the sidecar to refuse.
	 */
	private static function integer(mixed $value): int|string|null {
		$value = trim((string)$value);

		if ($value === '') {
			return null;
		}

		return preg_match('/^-?[0-9]{1,9}$/D', $value) ? (int)$value : $value;
	}

	/**
	 * An amount or percentage as a string, blank as null; the sidecar checks it.
	 */
	private static function decimal(mixed $value): ?string {
		$value = str_replace(' ', '', trim((string)$value));

		return $value === '' ? null : $value;
	}

	/**
	 * Sets the key, or removes it when the value is null (so the default applies).
	 *
	 * @param array<string, mixed> $section
	 */
	private static function put(array &$section, string $key, mixed $value): void {
		if ($value === null) {
			unset($section[$key]);
		} else {
			$section[$key] = $value;
		}
	}

	private static function text(mixed $value): string {
		return is_scalar($value) ? (string)$value : '';
	}
}
