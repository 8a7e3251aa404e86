<?php
/**
 * Orders to ask returns of, written into a test database the way OpenCart 4.1 stores them: the order, one
 * line, a product in the catalogue, and the history row of its status (the sidecar's clock starts there).
 */
final class ReturnFixtures {
	/**
	 * A confirmed order of one line, in status $status since yesterday.
	 *
	 * @return array{order_id: int, order_product_id: int, product_id: int}
	 */
	public static function order(MysqliConnection $db, int $customerId, string $email, int $status = 5, int $quantity = 2, int $productId = 40): array {
		$db->query("INSERT IGNORE INTO `oc_product` SET `product_id` = '" . $productId . "', `model` = 'TEE-1', `quantity` = '10', `price` = '18.0000', `status` = '1', `date_added` = NOW(), `date_modified` = NOW()");
		$db->query("INSERT IGNORE INTO `oc_product_description` SET `product_id` = '" . $productId . "', `language_id` = '1', `name` = 'Organic &amp; soft tee'");

		$db->query("INSERT INTO `oc_order` SET `store_id` = '0', `customer_id` = '" . $customerId . "', `customer_group_id` = '1', `firstname` = 'Ann', `lastname` = 'Lee', `email` = '" . $db->escape($email) . "', `order_status_id` = '" . $status . "', `language_id` = '1', `currency_id` = '2', `currency_code` = 'USD', `currency_value` = '1.00000000', `total` = '" . (21.6 * $quantity) . "', `date_added` = NOW() - INTERVAL 3 DAY, `date_modified` = NOW() - INTERVAL 3 DAY");
		$orderId = (int)$db->mysqli->insert_id;

		$db->query("INSERT INTO `oc_order_product` SET `order_id` = '" . $orderId . "', `product_id` = '" . $productId . "', `master_id` = '0', `name` = 'Organic &amp; soft tee', `model` = 'TEE-1', `quantity` = '" . $quantity . "', `price` = '18.0000', `total` = '" . (18 * $quantity) . "', `tax` = '3.6000', `reward` = '0'");
		$orderProductId = (int)$db->mysqli->insert_id;

		$db->query("INSERT INTO `oc_order_history` SET `order_id` = '" . $orderId . "', `order_status_id` = '" . $status . "', `notify` = '0', `comment` = '', `date_added` = NOW() - INTERVAL 1 DAY");

		return ['order_id' => $orderId, 'order_product_id' => $orderProductId, 'product_id' => $productId];
	}

	/**
	 * The rows of one event type in the outbox, oldest first, with the payload decoded.
	 *
	 * @return list<array<string, mixed>>
	 */
	public static function outbox(MysqliConnection $db, string $type = 'return.submitted'): array {
		$rows = $db->query("SELECT `event_uuid`, `status`, `payload` FROM `oc_rebound_event` WHERE `type` = '" . $db->escape($type) . "' ORDER BY `rebound_event_id`");

		foreach ($rows as &$row) {
			$row['payload'] = json_decode($row['payload'], true, 512, JSON_THROW_ON_ERROR);
		}

		return $rows;
	}
}
