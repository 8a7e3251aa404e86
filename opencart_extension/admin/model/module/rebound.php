<?php
namespace Opencart\Admin\Model\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\Migrator;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
/**
 * Class Rebound: what Rebound's install, uninstall and settings page do to the database.
 *
 * Can be loaded using $this->load->model('extension/rebound/module/rebound');
 *
 * @package Opencart\Admin\Model\Extension\Rebound\Module
 */
class Rebound extends \Opencart\System\Engine\Model {
	/**
	 * Event code => [trigger, action, description] for OpenCart 4.1 (docs/bridge.md, "Event types").
	 * 4.0.2.x and 3.0.x name the same model methods differently: their lists go beside this one.
	 */
	public const EVENTS_41 = [
		'rebound_order_status_before' => ['catalog/model/checkout/order.addHistory/before', 'orderStatusBefore', 'Rebound: remember the order status before it changes'],
		'rebound_order_status'        => ['catalog/model/checkout/order.addHistory/after', 'orderStatusChanged', 'Rebound: record order.status_changed'],
		'rebound_return_requested'    => ['catalog/model/account/returns.addReturn/after', 'returnRequested', 'Rebound: record return.requested'],
		'rebound_review_submitted'    => ['catalog/model/catalog/review.addReview/after', 'reviewSubmitted', 'Rebound: record review.submitted'],
		'rebound_return_status'       => ['admin/model/sale/returns.addHistory/after', 'returnStatusChanged', 'Rebound: record return.status_changed'],
		'rebound_review_moderated'    => ['admin/model/catalog/review.editReview/after', 'reviewModerated', 'Rebound: record review.moderated'],
		'rebound_order_info'          => ['catalog/view/account/order_info/before', 'orderInfo', 'Rebound: return links and deadlines on the order page'],
		'rebound_order_info_after'    => ['catalog/view/account/order_info/after', 'orderInfoAfter', 'Rebound: label lines that cannot be returned on the order page'],
		'rebound_returns_add'         => ['catalog/controller/account/returns.add/before', 'returnsAdd', 'Rebound: send OpenCart\'s return form to Rebound\'s'],
		// A method name is on extension/rebound/module/rebound; a full route names another controller.
		'rebound_admin_menu'          => ['admin/view/common/column_left/before', 'extension/rebound/sale/returns.menu', 'Rebound: Returns (Rebound) under Sales in the admin menu'],
		'rebound_analytics_menu'      => ['admin/view/common/column_left/before', 'extension/rebound/insight/analytics.menu', 'Rebound: Returns analytics under Reports in the admin menu'],
		'rebound_email_menu'          => ['admin/view/common/column_left/before', 'extension/rebound/marketing/emails.menu', 'Rebound: Emails (Rebound) under Marketing in the admin menu']
	];

	/**
	 * OpenCart return statuses Rebound's cases map to that a stock store lacks (docs/returns-api.md,
	 * "Return statuses in OpenCart"); Pending, Awaiting Products and Complete are stock.
	 */
	public const RETURN_STATUSES = ['Rejected', 'Received'];

	/**
	 * Registers Rebound's event handlers, replacing any left from an earlier install.
	 *
	 * @return void
	 */
	public function addEvents(): void {
		$this->load->model('setting/event');

		foreach (self::EVENTS_41 as $code => [$trigger, $method, $description]) {
			$this->model_setting_event->deleteEventByCode($code);

			$this->model_setting_event->addEvent([
				'code'        => $code,
				'description' => $description,
				'trigger'     => $trigger,
				'action'      => str_contains($method, '/') ? $method : 'extension/rebound/module/rebound.' . $method,
				'status'      => 1,
				'sort_order'  => 0
			]);
		}

		// install() calls only this model method before the settings: the statuses belong to the same step.
		$this->addReturnStatuses();
	}

	/**
	 * Adds each of RETURN_STATUSES the store does not have, in every language, under one id per name as
	 * OpenCart's own admin does. A name that exists in any language keeps its id; languages missing it get
	 * the English name. Safe to run again.
	 *
	 * @return void
	 */
	public function addReturnStatuses(): void {
		$languages = $this->db->query("SELECT `language_id` FROM `" . DB_PREFIX . "language`")->rows;

		foreach (self::RETURN_STATUSES as $name) {
			$query = $this->db->query("SELECT `return_status_id` FROM `" . DB_PREFIX . "return_status` WHERE `name` = '" . $this->db->escape($name) . "' ORDER BY `return_status_id` LIMIT 1");

			if ($query->num_rows) {
				$return_status_id = (int)$query->row['return_status_id'];
			} else {
				$return_status_id = (int)$this->db->query("SELECT COALESCE(MAX(`return_status_id`), 0) + 1 AS `id` FROM `" . DB_PREFIX . "return_status`")->row['id'];
			}

			foreach ($languages as $language) {
				$this->db->query("INSERT IGNORE INTO `" . DB_PREFIX . "return_status` SET `return_status_id` = '" . (int)$return_status_id . "', `language_id` = '" . (int)$language['language_id'] . "', `name` = '" . $this->db->escape($name) . "'");
			}
		}
	}

	/**
	 * @return void
	 */
	public function deleteEvents(): void {
		$this->load->model('setting/event');

		foreach (array_keys(self::EVENTS_41) as $code) {
			$this->model_setting_event->deleteEventByCode($code);
		}
	}

	/**
	 * The migrations shipped in this extension (copied from the sidecar's sidecar/sql/ at build time).
	 *
	 * @return \Opencart\System\Library\Extension\Rebound\Migrator
	 */
	public function getMigrator(): Migrator {
		return new Migrator(new OpencartConnection($this->db), DB_PREFIX, DIR_EXTENSION . 'rebound/system/sql/');
	}

	/**
	 * Drops every `<prefix>rebound_*` table; returns their names.
	 *
	 * @return list<string>
	 */
	public function deleteData(): array {
		$pattern = addcslashes(DB_PREFIX . 'rebound_', '%_\\') . '%';

		$query = $this->db->query("SELECT `table_name` AS `name` FROM information_schema.tables WHERE `table_schema` = DATABASE() AND `table_name` LIKE '" . $this->db->escape($pattern) . "'");

		$dropped = [];

		foreach ($query->rows as $result) {
			// Names come from the server, but they go into SQL unquoted: take only plain ones.
			if (preg_match('/^[A-Za-z0-9_]+$/D', $result['name'])) {
				$this->db->query("DROP TABLE IF EXISTS `" . $result['name'] . "`");

				$dropped[] = $result['name'];
			}
		}

		return $dropped;
	}

	/**
	 * The store a return belongs to: its order's (returns have no store of their own); 0 when unknown.
	 *
	 * @param int $return_id
	 *
	 * @return int
	 */
	public function getReturnStoreId(int $return_id): int {
		$query = $this->db->query("SELECT o.`store_id` FROM `" . DB_PREFIX . "return` r JOIN `" . DB_PREFIX . "order` o ON (o.`order_id` = r.`order_id`) WHERE r.`return_id` = '" . (int)$return_id . "'");

		return (int)($query->row['store_id'] ?? 0);
	}
}
