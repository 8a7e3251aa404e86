<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The store's shared secret with the sidecar, as kept in the module_rebound settings: a new one, a
 * rotation (the old one still sent beside the new for a grace period), and the lines for the sidecar's
 * environment. Only the settings array changes here; the settings page saves it.
 */
class SidecarSecret {
	/** How long a rotated-out secret is still sent, in seconds. */
	public const ROTATION_GRACE = 7 * 86400;

	/**
	 * 64 hex digits from the system's CSPRNG.
	 */
	public static function create(): string {
		return bin2hex(random_bytes(32));
	}

	/**
	 * The settings with a new current secret, shown; the old one, if any, becomes the previous secret until
	 * $now + ROTATION_GRACE.
	 *
	 * @param array<string, mixed> $settings
	 *
	 * @return array<string, mixed>
	 */
	public static function rotate(array $settings, int $now): array {
		if (!empty($settings['module_rebound_secret'])) {
			$settings['module_rebound_secret_previous'] = $settings['module_rebound_secret'];
			$settings['module_rebound_secret_previous_until'] = (string)($now + self::ROTATION_GRACE);
		}

		$settings['module_rebound_secret'] = self::create();
		$settings['module_rebound_secret_shown'] = '1';

		return $settings;
	}

	/**
	 * The lines for the sidecar's environment: the current secret, and the previous one during a rotation;
	 * then, when $store is given, where this store is: its database (the user and password are left for the
	 * operator: a user holding `rebound doctor --grants`, never OpenCart's own password), table prefix and
	 * public address (for the links in email).
	 *
	 * @param array<string, mixed>             $settings
	 * @param array{hostname?: string, port?: int|string, database?: string, prefix?: string, url?: string} $store
	 */
	public static function environment(array $settings, int $now, array $store = []): string {
		$lines = 'export REBOUND_SECRET=' . $settings['module_rebound_secret'];

		if (!empty($settings['module_rebound_secret_previous']) && (int)($settings['module_rebound_secret_previous_until'] ?? 0) > $now) {
			$lines .= "\nexport REBOUND_SECRET_PREVIOUS=" . $settings['module_rebound_secret_previous'];
		}

		if (($store['database'] ?? '') !== '') {
			$host = (string)($store['hostname'] ?? '') !== '' ? (string)$store['hostname'] : '127.0.0.1';
			$port = (int)($store['port'] ?? 0) ?: 3306;

			$lines .= "\nexport REBOUND_DB_URL='mysql://rebound:PASSWORD@" . $host . ':' . $port . '/' . rawurlencode((string)$store['database']) . "'";
			$lines .= "\nexport REBOUND_DB_PREFIX=" . (string)($store['prefix'] ?? 'oc_');
		}

		if (($store['url'] ?? '') !== '') {
			$lines .= "\nexport REBOUND_STORE_URL=" . (string)$store['url'];
		}

		return $lines;
	}
}
