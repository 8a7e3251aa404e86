<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\Bridge;
use Opencart\System\Library\Extension\Rebound\EventTriggers;
use Opencart\System\Library\Extension\Rebound\ReturnForm;
use Opencart\System\Library\Extension\Rebound\ReturnRequests;
use Opencart\System\Library\Extension\Rebound\ReviewSource;
/**
 * Class Rebound: the storefront's event handlers (docs/bridge.md, "Event types"; the return links on
 * account/order_info; OpenCart's return form sent to Rebound's) and the routes of the shopper's return
 * pages, which ReboundForm (return form, guest lookup) and ReboundTrack (tracking page) render.
 *
 * Each recording handler builds the event's data and hands it to Bridge::record(), which writes the outbox
 * row and may ring the sidecar after the page has gone. A handler never throws into OpenCart and never waits
 * on the sidecar, except the order page's eligibility read, capped at ~300 ms. Handler parameters have
 * defaults because every public method here is also reachable by URL: called that way, it does nothing.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
class Rebound extends \Opencart\System\Engine\Controller {
	use ReboundPage;

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

			$review = [
				'review_id'   => $output,
				'product_id'  => (int)($args[0] ?? 0),
				'customer_id' => (int)$this->customer->getId(),
				'rating'      => (int)($data['rating'] ?? 0)
			];

			// The review request whose link brought the shopper here (ReviewSource): only when there is one.
			$from_email_id = ReviewSource::emailFor((array)($this->session->data ?? []), $review['product_id']);

			if ($from_email_id) {
				$review['from_email_id'] = $from_email_id;
			}

			$this->record('review.submitted', $review, (int)$this->config->get('config_store_id'));
		} catch (\Throwable $e) {
			$this->fail('review.submitted', $e);
		}
	}

	/**
	 * Adds Rebound's return link and the line's return deadline (or why it can't be returned) to each line of
	 * the order page. Only data is changed, so any theme that shows the lines' options and return links shows
	 * them; orderInfoAfter() then turns the return button of a line that can't be returned into a label.
	 * When the sidecar does not answer within ~300 ms, every line links to the form with "Request a return".
	 *
	 * Trigger: catalog/view/account/order_info/before (data: products with order_product_id, order_id)
	 *
	 * @param string       $route
	 * @param array<mixed> $data
	 * @param string       $code
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function orderInfo(string &$route = '', array &$data = [], string &$code = '', mixed &$output = null): void {
		try {
			if (!$this->config->get('module_rebound_status') || !$this->customer->isLogged() || !is_array($data['products'] ?? null)) {
				return;
			}

			$this->load->model('extension/rebound/module/rebound');

			$order = $this->model_extension_rebound_module_rebound->getOrder((int)($data['order_id'] ?? 0));

			if (!$order || $order['customer_id'] !== (int)$this->customer->getId()) {
				return;
			}

			$this->load->language('extension/rebound/module/rebound', 'rebound');

			$answer = $this->returns()->eligibility($order['order_id'], $order['customer_id'], '');
			$form = $answer->ok() ? ReturnForm::fromEligibility($answer->data) : null;

			$data['rebound_not_returnable'] = [];
			$statuses = ReturnRequests::statusTexts(fn (string $key): string => (string)$this->language->get($key), 'rebound_');

			$occurrences = [];

			foreach ($data['products'] as $key => $product) {
				$order_product_id = (int)($product['order_product_id'] ?? 0);
				// OpenCart 4.0.2.x gives the page's lines no order_product_id, only a product_id in the return link.
				$product_id = isset($product['order_product_id']) ? 0 : ReturnForm::productIdOfLink((string)($product['return'] ?? ''));

				if ($product_id) {
					$occurrences[$product_id] = ($occurrences[$product_id] ?? -1) + 1;
					$order_product_id = $form ? $form->lineOfProduct($product_id, $occurrences[$product_id]) : 0;
				}

				$href = $this->formLink($order['order_id'], $order_product_id || !$product_id ? '&order_product_id=' . $order_product_id : '&product_id=' . $product_id);

				$data['products'][$key]['return'] = $href;

				$line = $form ? $form->find($order_product_id) : null;

				if (!$line) {
					continue;
				}

				$requests = $line['requests'] ?? [];

				if ($line['eligible'] && $form->blocked === '' && $requests) {
					// What is left beside the open requests: "1 more until 26/12/2026".
					$text = $line['deadline'] !== '' ? sprintf($this->language->get('rebound_text_return_more_until'), $line['returnable'], $this->date($line['deadline'])) : sprintf($this->language->get('rebound_text_return_more'), $line['returnable']);
				} elseif ($line['eligible'] && $form->blocked === '') {
					$text = $line['deadline'] !== '' ? sprintf($this->language->get('rebound_text_return_until'), $this->date($line['deadline'])) : '';

					if ($line['free_return_shipping']) {
						$text .= ($text !== '' ? ', ' : '') . $this->language->get('rebound_text_return_free');
					}
				} else {
					$why = $form->blocked !== '' ? $form->blocked : implode(' ', array_column($line['blocks'], 'text'));
					$text = sprintf($this->language->get('rebound_text_return_no'), $why !== '' ? $why : $this->language->get('rebound_text_not_returnable'));

					$data['rebound_not_returnable'][] = $href;
				}

				// Each open request first, with its tracking page: "1 requested (G6KQ7ZZB, Requested …) — follow it".
				$parts = [];

				foreach ($requests as $request) {
					$parts[] = $this->e(ReturnRequests::words($request, $this->language->get('rebound_text_return_requested'), $statuses)) . ' — <a href="' . $this->trackLink($request['reference'], $order['customer_id'], '') . '">' . $this->e($this->language->get('rebound_text_return_follow')) . '</a>';
				}

				if ($text !== '') {
					$parts[] = $this->e($text);
				}

				if ($parts) {
					// Printed raw by the theme, like OpenCart's own (stored-encoded) option values: escape here.
					$data['products'][$key]['option'][] = [
						'product_option_id'       => 'rebound',
						'product_option_value_id' => 0,
						'name'                    => $this->e($this->language->get('rebound_text_return_option')),
						'value'                   => implode('; ', $parts),
						'type'                    => 'rebound'
					];
				}
			}

			$data['button_return'] = $this->language->get($form ? 'rebound_button_return_item' : 'rebound_button_request_return');
		} catch (\Throwable $e) {
			$this->logError('order page', $e);
		}
	}

	/**
	 * Replaces the return button of each line that can't be returned with a plain label, where the theme
	 * prints OpenCart's default markup for it; any other markup is left as it is (the link still explains).
	 *
	 * Trigger: catalog/view/account/order_info/after
	 *
	 * @param string       $route
	 * @param array<mixed> $data
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function orderInfoAfter(string &$route = '', array &$data = [], mixed &$output = null): void {
		try {
			if (!is_string($output) || empty($data['rebound_not_returnable']) || !is_array($data['rebound_not_returnable'])) {
				return;
			}

			$label = '<span class="btn btn-outline-secondary disabled" aria-disabled="true">' . $this->e($this->language->get('rebound_text_not_returnable')) . '</span>';

			foreach ($data['rebound_not_returnable'] as $href) {
				$replaced = preg_replace('~<a href="' . preg_quote((string)$href, '~') . '"[^>]*>[^<]*</a>~', $label, $output, 1);

				if (is_string($replaced)) {
					$output = $replaced;
				}
			}
		} catch (\Throwable $e) {
			$this->logError('order page', $e);
		}
	}

	/**
	 * Sends shoppers who open OpenCart's own return form into Rebound's (same order_id and product_id
	 * parameters). `&rebound=off` keeps OpenCart's form reachable, and so does any failure here.
	 *
	 * Trigger: catalog/controller/account/returns.add/before
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 *
	 * @return void
	 */
	public function returnsAdd(string &$route = '', array &$args = []): void {
		try {
			if ($route === 'account/returns.add' && $this->config->get('module_rebound_status') && ($this->request->get['rebound'] ?? '') !== 'off') {
				if (defined('VERSION') && EventTriggers::before41((string)VERSION)) {
					// OpenCart 4.0.2.x runs the page it dispatched whatever $route becomes: send the shopper to the form.
					$keep = array_intersect_key($this->request->get, array_flip(['language', 'order_id', 'product_id', 'order_product_id']));

					$this->response->redirect($this->url->link('extension/rebound/module/rebound.returnForm', http_build_query(array_map('strval', $keep))));
				}

				$route = 'extension/rebound/module/rebound.returnForm';
			}
		} catch (\Throwable $e) {
			$this->logError('account/returns.add', $e);
		}
	}

	/**
	 * Lets stock OpenCart 4.0.2.3 save reviews: its product/review.write loads the model 'product/product',
	 * which does not exist (opencart/opencart#13603, fixed after 4.0.2.3), and so fails before any check.
	 * This gives that name the catalog/product model it means, only while no such model exists. Registered
	 * on OpenCart before 4.1 only, whether or not Rebound is enabled (it mends OpenCart, adds nothing).
	 *
	 * Trigger: catalog/controller/product/review.write/before
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 *
	 * @return void
	 */
	public function reviewWriteModel(string &$route = '', array &$args = []): void {
		try {
			if (!$this->registry->has('model_product_product') && !class_exists('Opencart\\Catalog\\Model\\Product\\Product')) {
				$this->load->model('catalog/product');

				$this->registry->set('model_product_product', $this->model_catalog_product);
			}
		} catch (\Throwable $e) {
			$this->logError('product/review.write', $e);
		}
	}

	/**
	 * The return form of one order: `index.php?route=extension/rebound/module/rebound.returnForm&order_id=…`
	 * (GET shows it, POST sends the request); the guest lookup when the shopper may not open the order.
	 *
	 * @return \Opencart\System\Engine\Action|null OpenCart's own return form while Rebound is disabled
	 */
	public function returnForm(): ?object {
		return (new ReboundForm($this->registry))->index();
	}

	/**
	 * The guest lookup: order number and email (POST), then that order's return form.
	 *
	 * @return void
	 */
	public function lookup(): void {
		(new ReboundForm($this->registry))->lookup();
	}

	/**
	 * The tracking page of one case: `…rebound.track&reference=…` for its logged-in customer, or with the
	 * `email` and `token` of a guest's link.
	 *
	 * @return void
	 */
	public function track(): void {
		(new ReboundTrack($this->registry))->index();
	}

	/**
	 * The unsubscribe link of Rebound's email: `…rebound.unsubscribe&token=…` (GET asks, POST unsubscribes;
	 * docs/email.md).
	 *
	 * @return void
	 */
	public function unsubscribe(): void {
		(new ReboundEmail($this->registry))->unsubscribe();
	}

	/**
	 * The CSAT / NPS survey link of Rebound's email: `…rebound.survey&token=…&score=N` (GET asks, POST answers).
	 *
	 * @return void
	 */
	public function survey(): void {
		(new ReboundEmail($this->registry))->survey();
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
