<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The event outbox, `<prefix>rebound_event` (DDL in the migrations; docs/bridge.md, "The outbox row").
 *
 * add() is the durable record of an event: one INSERT in the store's own database, made before the page
 * answers. The sidecar marks rows delivered or dead; this class only adds them.
 */
class Outbox {
	public function __construct(private Connection $db, private string $prefix) {
		self::checkPrefix($prefix);
	}

	/**
	 * Inserts the event as a pending row.
	 *
	 * @throws \Throwable when the database refuses it (no table, no connection)
	 */
	public function add(Event $event): void {
		$this->db->query("INSERT INTO `" . $this->prefix . "rebound_event` (`event_uuid`, `type`, `store_id`, `payload`, `status`, `created_at`) VALUES ('" . $this->db->escape($event->id) . "', '" . $this->db->escape($event->type) . "', '" . (int)$event->storeId . "', '" . $this->db->escape($event->json()) . "', 'pending', '" . $this->db->escape($event->createdAt->format('Y-m-d H:i:s.u')) . "')");
	}

	/**
	 * The row of one event, or null.
	 *
	 * @return array<string, mixed>|null
	 */
	public function find(string $eventId): ?array {
		$rows = $this->db->query("SELECT * FROM `" . $this->prefix . "rebound_event` WHERE `event_uuid` = '" . $this->db->escape($eventId) . "'");

		return $rows[0] ?? null;
	}

	/**
	 * Table prefixes go into SQL unquoted: OpenCart allows only letters, digits and underscores.
	 *
	 * @throws \InvalidArgumentException
	 */
	public static function checkPrefix(string $prefix): void {
		if (!preg_match('/^[A-Za-z0-9_]{0,32}$/D', $prefix)) {
			throw new \InvalidArgumentException('table prefix must be letters, digits and underscores');
		}
	}
}
