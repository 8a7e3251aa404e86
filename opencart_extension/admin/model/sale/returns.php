<?php
namespace Opencart\Admin\Model\Extension\Rebound\Sale;
/**
 * Class Returns: what the Returns (Rebound) pages read from OpenCart's own tables beside the sidecar's answers.
 *
 * Can be loaded using $this->load->model('extension/rebound/sale/returns');
 *
 * @package Opencart\Admin\Model\Extension\Rebound\Sale
 */
class Returns extends \Opencart\System\Engine\Model {
	/**
	 * Customer name and e-mail of each order, as OpenCart stored them (HTML-encoded), by order_id.
	 *
	 * @param list<int> $order_ids
	 *
	 * @return array<int, array<string, mixed>>
	 */
	public function getOrderCustomers(array $order_ids): array {
		$ids = array_values(array_unique(array_filter(array_map('intval', $order_ids), static fn (int $id): bool => $id > 0)));

		if (!$ids) {
			return [];
		}

		$query = $this->db->query("SELECT `order_id`, `customer_id`, `firstname`, `lastname`, `email` FROM `" . DB_PREFIX . "order` WHERE `order_id` IN (" . implode(',', $ids) . ")");

		$customers = [];

		foreach ($query->rows as $row) {
			$customers[(int)$row['order_id']] = $row;
		}

		return $customers;
	}
}
