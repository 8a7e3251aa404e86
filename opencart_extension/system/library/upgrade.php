<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Brings an installed Rebound up to what its files describe, in place and keeping its settings: its
 * OpenCart events, permissions for admin pages added since, settings kept over an uninstall, and the
 * files' version it last did this for. The admin model adds the return statuses and the tables (Migrator)
 * around these steps. Every step compares before it writes, so running it again changes nothing.
 *
 * OpenCart's Extensions > Modules > Uninstall deletes every `module_rebound` setting before Rebound's own
 * uninstall() runs. keep() (from an event just before that delete) moves what the owner wrote (KEEP) to a
 * setting group OpenCart leaves alone; restoreKept() puts it back on the next install or upgrade. The
 * sidecar reads settings by key, so it keeps applying the policy meanwhile.
 */
final class Upgrade {
	public const CODE = 'module_rebound';
	public const VERSION_KEY = 'module_rebound_version';
	/** The admin pages permissions were given for, so a page taken away from a group is not given back. */
	public const PAGES_KEY = 'module_rebound_pages';
	/** The setting group kept settings wait in between an uninstall and the next install. */
	public const KEPT_CODE = 'rebound_kept';
	/** The owner's work, per store: kept over an uninstall. The secret is not: a reinstall makes a new one. */
	public const KEEP = ['module_rebound_policy', 'module_rebound_email', 'module_rebound_sidecar_url'];
	/** Rebound's settings page: a user group allowed on it is allowed on Rebound's other pages too. */
	public const MODULE_ROUTE = 'extension/rebound/module/rebound';
	/** Every Rebound event code starts with this; one that is no longer in the list is removed. */
	public const EVENT_PREFIX = 'rebound_';

	public function __construct(private Connection $db, private string $prefix) {
		Outbox::checkPrefix($prefix);
	}

	/**
	 * The version in install.json ('' when the file is missing or has none).
	 */
	public static function filesVersion(string $installJson): string {
		$info = is_file($installJson) ? json_decode((string)file_get_contents($installJson), true) : null;

		return is_array($info) && is_scalar($info['version'] ?? null) ? (string)$info['version'] : '';
	}

	/**
	 * Whether the files are not the ones the last upgrade ran for (a version never recorded counts too).
	 */
	public static function needed(?string $stored, string $files): bool {
		return $files !== '' && (string)$stored !== $files;
	}

	/**
	 * Runs $steps while holding a lock named after this database and prefix, so two admin pages opened at
	 * once do not both add a missing event. Waits up to $timeout seconds for the other one to finish.
	 *
	 * @template T
	 *
	 * @param callable(): T $steps
	 *
	 * @return T
	 */
	public function locked(callable $steps, int $timeout = 30): mixed {
		$database = $this->db->query("SELECT DATABASE() AS `name`")[0]['name'] ?? '';
		$lock = $this->db->escape(substr('rebound_upgrade.' . $database . '.' . $this->prefix, 0, 64));

		$got = $this->db->query("SELECT GET_LOCK('" . $lock . "', " . (int)$timeout . ") AS `got`");

		if (empty($got[0]['got'])) {
			throw new \RuntimeException('Another Rebound upgrade has held the lock for over ' . (int)$timeout . ' s');
		}

		try {
			return $steps();
		} finally {
			$this->db->query("DO RELEASE_LOCK('" . $lock . "')");
		}
	}

	/**
	 * Makes the event table hold exactly $events under Rebound's codes: adds missing ones (enabled),
	 * corrects a changed trigger, action or description in place (an event the owner disabled stays
	 * disabled), removes duplicates of a code and codes no longer listed.
	 *
	 * @param array<string, array{trigger: string, action: string, description: string}> $events code => row
	 *
	 * @return list<string> what changed, one line each
	 */
	public function events(array $events): array {
		$changes = [];
		$pattern = addcslashes(self::EVENT_PREFIX, '%_\\') . '%';
		$existing = [];

		foreach ($this->db->query("SELECT `event_id`, `code`, `trigger`, `action`, `description` FROM `" . $this->prefix . "event` WHERE `code` LIKE '" . $this->db->escape($pattern) . "' ORDER BY `event_id`") as $row) {
			$code = (string)$row['code'];

			if (!isset($events[$code])) {
				$this->db->query("DELETE FROM `" . $this->prefix . "event` WHERE `event_id` = '" . (int)$row['event_id'] . "'");
				$changes[] = 'event ' . $code . ' removed';
			} elseif (isset($existing[$code])) {
				$this->db->query("DELETE FROM `" . $this->prefix . "event` WHERE `event_id` = '" . (int)$row['event_id'] . "'");
				$changes[] = 'event ' . $code . ' duplicate removed';
			} else {
				$existing[$code] = $row;
			}
		}

		foreach ($events as $code => $event) {
			$values = "`trigger` = '" . $this->db->escape($event['trigger']) . "', `action` = '" . $this->db->escape($event['action']) . "', `description` = '" . $this->db->escape($event['description']) . "'";

			if (!isset($existing[$code])) {
				$this->db->query("INSERT INTO `" . $this->prefix . "event` SET `code` = '" . $this->db->escape($code) . "', " . $values . ", `status` = '1', `sort_order` = '0'");
				$changes[] = 'event ' . $code . ' added';
			} elseif ($existing[$code]['trigger'] !== $event['trigger'] || $existing[$code]['action'] !== $event['action'] || $existing[$code]['description'] !== $event['description']) {
				$this->db->query("UPDATE `" . $this->prefix . "event` SET " . $values . " WHERE `event_id` = '" . (int)$existing[$code]['event_id'] . "'");
				$changes[] = 'event ' . $code . ' updated';
			}
		}

		return $changes;
	}

	/**
	 * Gives every user group that has access (or modify) on Rebound's settings page the same on each of
	 * $pages that no earlier run granted, the way OpenCart stores permissions (user_group.permission, JSON
	 * lists per type), then records $pages as granted. A page the owner later took away from a group
	 * (Users > User Groups) stays taken away.
	 *
	 * @param list<string> $pages
	 *
	 * @return list<string> what changed, one line each
	 */
	public function permissions(array $pages): array {
		$granted = $this->grantedPages();
		$new = array_values(array_diff($pages, $granted));
		$changes = [];

		foreach ($new ? $this->db->query("SELECT `user_group_id`, `name`, `permission` FROM `" . $this->prefix . "user_group` ORDER BY `user_group_id`") : [] as $group) {
			$permission = json_decode((string)$group['permission'], true);

			if (!is_array($permission)) {
				continue;
			}

			$added = [];

			foreach (['access', 'modify'] as $type) {
				$routes = is_array($permission[$type] ?? null) ? array_values($permission[$type]) : [];

				if (!in_array(self::MODULE_ROUTE, $routes, true)) {
					continue;
				}

				foreach ($new as $page) {
					if (!in_array($page, $routes, true)) {
						$routes[] = $page;
						$added[] = $type . ' ' . $page;
					}
				}

				$permission[$type] = $routes;
			}

			if ($added) {
				$this->db->query("UPDATE `" . $this->prefix . "user_group` SET `permission` = '" . $this->db->escape(json_encode($permission)) . "' WHERE `user_group_id` = '" . (int)$group['user_group_id'] . "'");
				$changes[] = 'user group ' . $group['name'] . ': ' . implode(', ', $added);
			}
		}

		if ($pages !== $granted) {
			$this->writeSetting(self::PAGES_KEY, json_encode(array_values($pages)), 1);
		}

		return $changes;
	}

	/**
	 * The pages an earlier run granted (module_rebound_pages); none before the first run.
	 *
	 * @return list<string>
	 */
	public function grantedPages(): array {
		$pages = json_decode((string)$this->readSetting(self::PAGES_KEY), true);

		return is_array($pages) ? array_values(array_filter($pages, 'is_string')) : [];
	}

	/**
	 * Moves the KEEP settings out of `module_rebound`, so OpenCart's uninstall, which deletes that group,
	 * leaves them. Returns how many rows were kept.
	 */
	public function keep(): int {
		// A copy kept earlier gives way to the current value of the same key and store; alone, it stays.
		$this->db->query("DELETE `k` FROM `" . $this->prefix . "setting` `k` JOIN `" . $this->prefix . "setting` `m` ON (`m`.`store_id` = `k`.`store_id` AND `m`.`key` = `k`.`key` AND `m`.`code` = '" . self::CODE . "') WHERE `k`.`code` = '" . self::KEPT_CODE . "' AND `k`." . $this->keys());

		$kept = $this->db->query("SELECT COUNT(*) AS `n` FROM `" . $this->prefix . "setting` WHERE `code` = '" . self::CODE . "' AND " . $this->keys());

		$this->db->query("UPDATE `" . $this->prefix . "setting` SET `code` = '" . self::KEPT_CODE . "' WHERE `code` = '" . self::CODE . "' AND " . $this->keys());

		return (int)($kept[0]['n'] ?? 0);
	}

	/**
	 * Puts kept settings back into `module_rebound`, replacing what an install wrote for the same key
	 * and store (its defaults).
	 *
	 * @return list<string> what changed, one line each
	 */
	public function restoreKept(): array {
		$changes = [];

		foreach ($this->db->query("SELECT `setting_id`, `store_id`, `key` FROM `" . $this->prefix . "setting` WHERE `code` = '" . self::KEPT_CODE . "' AND " . $this->keys() . " ORDER BY `setting_id`") as $row) {
			$this->db->query("DELETE FROM `" . $this->prefix . "setting` WHERE `code` = '" . self::CODE . "' AND `store_id` = '" . (int)$row['store_id'] . "' AND `key` = '" . $this->db->escape((string)$row['key']) . "'");
			$this->db->query("UPDATE `" . $this->prefix . "setting` SET `code` = '" . self::CODE . "' WHERE `setting_id` = '" . (int)$row['setting_id'] . "'");

			$changes[] = 'setting ' . $row['key'] . ' of store ' . (int)$row['store_id'] . ' restored';
		}

		return $changes;
	}

	/**
	 * Whether Rebound is enabled (module_rebound_status of store 0).
	 */
	public function enabled(): bool {
		return (bool)(int)$this->readSetting('module_rebound_status');
	}

	/**
	 * The files' version the last upgrade ran for (store 0), or null.
	 */
	public function storedVersion(): ?string {
		return $this->readSetting(self::VERSION_KEY);
	}

	/**
	 * Records the files' version in one row, without touching the other settings (unlike editSetting()).
	 */
	public function recordVersion(string $version): void {
		$this->writeSetting(self::VERSION_KEY, $version, 0);
	}

	private function readSetting(string $key): ?string {
		$rows = $this->db->query("SELECT `value` FROM `" . $this->prefix . "setting` WHERE `store_id` = '0' AND `code` = '" . self::CODE . "' AND `key` = '" . $this->db->escape($key) . "' ORDER BY `setting_id` LIMIT 1");

		return $rows ? (string)$rows[0]['value'] : null;
	}

	/**
	 * One row for $key in store 0's module_rebound group, updated in place when it is there.
	 */
	private function writeSetting(string $key, string $value, int $serialized): void {
		$where = "`store_id` = '0' AND `code` = '" . self::CODE . "' AND `key` = '" . $this->db->escape($key) . "'";

		$rows = $this->db->query("SELECT `setting_id`, `value` FROM `" . $this->prefix . "setting` WHERE " . $where . " ORDER BY `setting_id`");

		if (!$rows) {
			$this->db->query("INSERT INTO `" . $this->prefix . "setting` SET `store_id` = '0', `code` = '" . self::CODE . "', `key` = '" . $this->db->escape($key) . "', `value` = '" . $this->db->escape($value) . "', `serialized` = '" . $serialized . "'");

			return;
		}

		if ((string)$rows[0]['value'] !== $value) {
			$this->db->query("UPDATE `" . $this->prefix . "setting` SET `value` = '" . $this->db->escape($value) . "', `serialized` = '" . $serialized . "' WHERE `setting_id` = '" . (int)$rows[0]['setting_id'] . "'");
		}

		if (count($rows) > 1) {
			$this->db->query("DELETE FROM `" . $this->prefix . "setting` WHERE " . $where . " AND `setting_id` <> '" . (int)$rows[0]['setting_id'] . "'");
		}
	}

	private function keys(): string {
		return "`key` IN ('" . implode("', '", array_map([$this->db, 'escape'], self::KEEP)) . "')";
	}
}
