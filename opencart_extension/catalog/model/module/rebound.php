<?php
namespace Opencart\Catalog\Model\Extension\Rebound\Module;
/**
 * Class Rebound: the storefront's reads for Rebound's event handlers.
 *
 * Can be loaded using $this->load->model('extension/rebound/module/rebound');
 *
 * @package Opencart\Catalog\Model\Extension\Rebound\Module
 */
class Rebound extends \Opencart\System\Engine\Model {
	/**
	 * An order's current status and store, or [] when there is no such order.
	 *
	 * @param int $order_id
	 *
	 * @return array{order_status_id?: int, store_id?: int}
	 */
	public function getOrderStatus(int $order_id): array {
		$query = $this->db->query("SELECT `order_status_id`, `store_id` FROM `" . DB_PREFIX . "order` WHERE `order_id` = '" . (int)$order_id . "'");

		if (!$query->num_rows) {
			return [];
		}

		return ['order_status_id' => (int)$query->row['order_status_id'], 'store_id' => (int)$query->row['store_id']];
	}
}
