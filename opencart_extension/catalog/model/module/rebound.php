<?php
namespace Opencart\Catalog\Model\Extension\Rebound\Module;
/**
 * Class Rebound: the storefront's reads for Rebound's event handlers and return pages (OpenCart's order,
 * its lines and its return reasons; Rebound's own rows are the sidecar's to read).
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

	/**
	 * The order a return page is about, with what decides who may see it; [] when there is no such order
	 * or it was never confirmed (status 0).
	 *
	 * @param int $order_id
	 *
	 * @return array<string, mixed>
	 */
	public function getOrder(int $order_id): array {
		$query = $this->db->query("SELECT `order_id`, `store_id`, `customer_id`, `firstname`, `lastname`, `email`, `order_status_id`, `language_id`, `currency_code`, `currency_value`, `date_added` FROM `" . DB_PREFIX . "order` WHERE `order_id` = '" . (int)$order_id . "' AND `order_status_id` > '0'");

		if (!$query->num_rows) {
			return [];
		}

		$order = $query->row;

		foreach (['order_id', 'store_id', 'customer_id', 'order_status_id', 'language_id'] as $key) {
			$order[$key] = (int)$order[$key];
		}

		$order['email'] = (string)$order['email'];

		return $order;
	}

	/**
	 * The order's lines with their options (name, value) and the quantity OpenCart's returns already name,
	 * texts decoded from OpenCart's stored HTML entities.
	 *
	 * @param int $order_id
	 *
	 * @return list<array<string, mixed>>
	 */
	public function getOrderLines(int $order_id): array {
		$lines = [];

		$query = $this->db->query("SELECT `order_product_id`, `product_id`, `name`, `model`, `quantity`, `price`, `tax` FROM `" . DB_PREFIX . "order_product` WHERE `order_id` = '" . (int)$order_id . "' ORDER BY `order_product_id`");

		foreach ($query->rows as $row) {
			$lines[(int)$row['order_product_id']] = [
				'order_product_id' => (int)$row['order_product_id'],
				'product_id'       => (int)$row['product_id'],
				'name'             => html_entity_decode((string)$row['name'], ENT_QUOTES, 'UTF-8'),
				'model'            => html_entity_decode((string)$row['model'], ENT_QUOTES, 'UTF-8'),
				'quantity'         => (int)$row['quantity'],
				'returned'         => 0,
				'options'          => []
			];
		}

		if ($lines) {
			// OpenCart's returns name the product, not the line: spread each product's returned quantity over
			// its lines in order. Only the page shown without the sidecar uses this; the sidecar counts exactly.
			$query = $this->db->query("SELECT `product_id`, SUM(`quantity`) AS `quantity` FROM `" . DB_PREFIX . "return` WHERE `order_id` = '" . (int)$order_id . "' GROUP BY `product_id`");

			$returned = array_column($query->rows, 'quantity', 'product_id');

			foreach ($lines as &$line) {
				$line['returned'] = min($line['quantity'], max(0, (int)($returned[$line['product_id']] ?? 0)));
				$returned[$line['product_id']] = (int)($returned[$line['product_id']] ?? 0) - $line['returned'];
			}

			unset($line);

			$query = $this->db->query("SELECT `order_product_id`, `name`, `value`, `type` FROM `" . DB_PREFIX . "order_option` WHERE `order_id` = '" . (int)$order_id . "' ORDER BY `order_option_id`");

			foreach ($query->rows as $row) {
				// File options hold an upload code, not something to show.
				if (isset($lines[(int)$row['order_product_id']]) && $row['type'] !== 'file') {
					$lines[(int)$row['order_product_id']]['options'][] = [
						'name'  => html_entity_decode((string)$row['name'], ENT_QUOTES, 'UTF-8'),
						'value' => html_entity_decode((string)$row['value'], ENT_QUOTES, 'UTF-8')
					];
				}
			}
		}

		return array_values($lines);
	}

	/**
	 * The store's return reasons in a language: reason_id => name (decoded).
	 *
	 * @param int $language_id
	 *
	 * @return array<int, string>
	 */
	public function getReturnReasons(int $language_id): array {
		$reasons = [];

		$query = $this->db->query("SELECT `return_reason_id`, `name` FROM `" . DB_PREFIX . "return_reason` WHERE `language_id` = '" . (int)$language_id . "' ORDER BY `name`");

		foreach ($query->rows as $row) {
			$reasons[(int)$row['return_reason_id']] = html_entity_decode((string)$row['name'], ENT_QUOTES, 'UTF-8');
		}

		return $reasons;
	}
}
