<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\Bridge;
/**
 * Class Rebound: the storefront's event handlers (docs/bridge.md, "Event types").
 *
 * Each handler builds the event's data and hands it to Bridge::record(), which writes the outbox row and
 * may ring the sidecar after the page has gone. A handler never throws into OpenCart and never waits on
 * the sidecar. Its parameters have defaults because every public method here is also reachable by URL:
 * called that way, it has nothing to record and does nothing.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
class Rebound extends \Opencart\System\Engine\Controller {
	/** @var array<int, int> order_id => status before the addHistory call now running */
	private static array $previousStatus = [];

	private ?Bridge $bridge = null;

	/**
	 * Remembers the order's status before it changes.
	 *
	 * Trigger: catalog/model/checkout/order.addHistory/before (args: order_id, order_status_id, comment, notify, override)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function orderStatusBefore(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$order_id = (int)($args[0] ?? 0);

			if ($order_id > 0 && $this->config->get('module_rebound_status')) {
				$this->load->model('extension/rebound/module/rebound');

				$order = $this->model_extension_rebound_module_rebound->getOrderStatus($order_id);

				if ($order) {
					self::$previousStatus[$order_id] = $order['order_status_id'];
				}
			}
		} catch (\Throwable $e) {
			$this->fail('order.status_changed', $e);
		}
	}

	/**
	 * Records order.status_changed. Admin edits run this catalog model too (sale/order.call).
	 *
	 * Trigger: catalog/model/checkout/order.addHistory/after (output: order_history_id, 0 when the order does not exist)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function orderStatusChanged(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$order_id = (int)($args[0] ?? 0);

			$previous = self::$previousStatus[$order_id] ?? null;

			unset(self::$previousStatus[$order_id]);

			// 4.1 returns the new history id; 0 means addHistory found no order and changed nothing.
			if ($order_id < 1 || $output === 0 || !$this->config->get('module_rebound_status')) {
				return;
			}

			$this->load->model('extension/rebound/module/rebound');

			$order = $this->model_extension_rebound_module_rebound->getOrderStatus($order_id);

			$this->record('order.status_changed', [
				'order_id'           => $order_id,
				// A fraud check inside addHistory may have replaced the requested status: read what was stored.
				'order_status_id'    => $order['order_status_id'] ?? (int)($args[1] ?? 0),
				'previous_status_id' => $previous,
				'order_history_id'   => is_int($output) && $output > 0 ? $output : null,
				'notify'             => (bool)($args[3] ?? false),
				'comment'            => (string)($args[2] ?? '')
			], $order['store_id'] ?? (int)$this->config->get('config_store_id'));
		} catch (\Throwable $e) {
			$this->fail('order.status_changed', $e);
		}
	}

	/**
	 * Records return.requested for a return filed in the storefront (by a customer or a guest).
	 *
	 * Trigger: catalog/model/account/returns.addReturn/after (args: data; output: return_id)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function returnRequested(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$data = is_array($args[0] ?? null) ? $args[0] : [];

			if (!is_int($output) || $output < 1 || !$this->config->get('module_rebound_status')) {
				return;
			}

			$this->record('return.requested', [
				'return_id'   => $output,
				'order_id'    => (int)($data['order_id'] ?? 0),
				'customer_id' => (int)$this->customer->getId(),
				'product_id'  => (int)($data['product_id'] ?? 0),
				'quantity'    => (int)($data['quantity'] ?? 0)
			], (int)$this->config->get('config_store_id'));
		} catch (\Throwable $e) {
			$this->fail('return.requested', $e);
		}
	}

	/**
	 * Records review.submitted (the review starts pending, status 0).
	 *
	 * Trigger: catalog/model/catalog/review.addReview/after (args: product_id, data; output: review_id)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function reviewSubmitted(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$data = is_array($args[1] ?? null) ? $args[1] : [];

			if (!is_int($output) || $output < 1 || !$this->config->get('module_rebound_status')) {
				return;
			}

			$this->record('review.submitted', [
				'review_id'   => $output,
				'product_id'  => (int)($args[0] ?? 0),
				'customer_id' => (int)$this->customer->getId(),
				'rating'      => (int)($data['rating'] ?? 0)
			], (int)$this->config->get('config_store_id'));
		} catch (\Throwable $e) {
			$this->fail('review.submitted', $e);
		}
	}

	/**
	 * @param array<string, mixed> $data
	 */
	private function record(string $type, array $data, int $store_id): void {
		$this->bridge ??= Bridge::fromOpencart($this->db, $this->config, $this->log, DB_PREFIX);

		$this->bridge->record($type, $data, $store_id);
	}

	private function fail(string $type, \Throwable $e): void {
		Bridge::logFailure($this->log, $type, $e);
	}
}
