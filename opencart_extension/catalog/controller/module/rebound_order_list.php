<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\OrderListReturns;
use Opencart\System\Library\Extension\Rebound\ReturnRequests;
/**
 * Class ReboundOrderList: the order history list (account/order) shows under each order which lines can be
 * returned and until when, with a link to the return form, or why not.
 *
 * One sidecar call for the whole page (GET /v1/orders/eligibility, ~300 ms at most); when it does not
 * answer, or anything here fails, the page is OpenCart's own. The handler's parameters have defaults because
 * the route is also reachable by URL: called that way, it does nothing.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
class ReboundOrderList extends \Opencart\System\Engine\Controller {
	use ReboundPage;

	/**
	 * Trigger: catalog/view/account/order_list/after (data: orders with order_id and view)
	 *
	 * @param string       $route
	 * @param array<mixed> $data
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function index(string &$route = '', array &$data = [], mixed &$output = null): void {
		try {
			if (!is_string($output) || !$this->config->get('module_rebound_status') || !$this->customer->isLogged() || empty($data['orders']) || !is_array($data['orders'])) {
				return;
			}

			$views = [];

			foreach ($data['orders'] as $order) {
				if (is_array($order) && (int)($order['order_id'] ?? 0) > 0 && is_string($order['view'] ?? null)) {
					$views[(int)$order['order_id']] = $order['view'];
				}
			}

			$answer = $this->returns()->orderList(array_keys($views), (int)$this->customer->getId());

			if (!$answer->ok()) {
				return;
			}

			$this->load->language('extension/rebound/module/rebound', 'rebound');

			$columns = OrderListReturns::columns($output);
			$rows = [];

			foreach (OrderListReturns::fromAnswer($answer->data) as $order_id => $notes) {
				if (isset($views[$order_id])) {
					$rows[$views[$order_id]] = $this->load->view('extension/rebound/module/rebound_order_list', $this->rowData($order_id, $notes, $columns));
				}
			}

			$output = OrderListReturns::insertAfterRows($output, $rows);
		} catch (\Throwable $e) {
			$this->logError('order list', $e);
		}
	}

	/**
	 * @param array{blocked: string, deadline: string, lines: list<array<string, mixed>>} $notes
	 *
	 * @return array<string, mixed>
	 */
	private function rowData(int $order_id, array $notes, int $columns): array {
		$lines = [];
		$statuses = ReturnRequests::statusTexts(fn (string $key): string => (string)$this->language->get($key), 'rebound_');

		foreach ($notes['lines'] as $line) {
			$requests = [];

			foreach ($line['requests'] as $request) {
				$requests[] = [
					'text' => ReturnRequests::words($request, $this->language->get('rebound_text_return_requested'), $statuses),
					'href' => $this->trackLink($request['reference'], (int)$this->customer->getId(), '')
				];
			}

			if ($line['eligible'] && $requests) {
				$text = $line['deadline'] !== '' ? sprintf($this->language->get('rebound_text_return_more_until'), $line['returnable'], $this->date($line['deadline'])) : sprintf($this->language->get('rebound_text_return_more'), $line['returnable']);
			} elseif ($line['eligible']) {
				$text = $line['deadline'] !== '' ? sprintf($this->language->get('rebound_text_list_until'), $this->date($line['deadline'])) : $this->language->get('rebound_text_list_returnable');

				if ($line['free_return_shipping']) {
					$text .= ', ' . $this->language->get('rebound_text_return_free');
				}
			} else {
				$text = sprintf($this->language->get('rebound_text_list_no'), $line['why'] !== '' ? $line['why'] : $this->language->get('rebound_text_not_returnable'));
			}

			$lines[] = [
				'name'     => $line['name'],
				'eligible' => $line['eligible'],
				'text'     => $text,
				'requests' => $requests,
				'href'     => $line['eligible'] ? $this->formLink($order_id, '&order_product_id=' . $line['order_product_id']) : ''
			];
		}

		return [
			'columns'       => $columns,
			'blocked'       => $notes['blocked'],
			'lines'         => $lines,
			'text_returns'  => $this->language->get('rebound_text_list_returns'),
			'button_return' => $this->language->get('rebound_button_return_item'),
			'text_follow'   => $this->language->get('rebound_text_return_follow')
		];
	}
}
