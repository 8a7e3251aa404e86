<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\Returns;
use Opencart\System\Library\Extension\Rebound\SidecarAnswer;
use Opencart\System\Library\Extension\Rebound\Submission;
use Opencart\System\Library\Extension\Rebound\TrackingToken;
/**
 * Class ReboundTrack: a return case's tracking page (`GET /v1/returns/<reference>`), branded with the
 * store's name and logo, reached through Rebound::track(). Who may see it: the case's logged-in customer,
 * or a guest whose link carries a TrackingToken for the reference and the order's email.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
class ReboundTrack extends \Opencart\System\Engine\Controller {
	use ReboundPage;

	/**
	 * The tracking page of one case: for its logged-in customer, or a guest with the link's token.
	 *
	 * @return void
	 */
	public function index(): void {
		$this->load->language('extension/rebound/module/rebound');

		$reference = strtoupper(trim((string)($this->request->get['reference'] ?? '')));
		$email = trim(html_entity_decode((string)($this->request->get['email'] ?? ''), ENT_QUOTES, 'UTF-8'));
		$token = (string)($this->request->get['token'] ?? '');

		$valid = Submission::isReference($reference);

		if (!$valid) {
			// Only a well-formed reference is ever printed, even escaped.
			$reference = '';
		}

		$data = $this->page($valid ? sprintf($this->language->get('heading_track'), $reference) : $this->language->get('heading_result'), $this->trackLink($reference, 0, ''));
		$data['reference'] = $reference;
		$data['message'] = '';
		$data['message_html'] = '';
		$data['case'] = [];

		$customer_id = 0;
		$viewer_email = '';

		$tokens = TrackingToken::fromSettings(fn (string $key): mixed => $this->config->get($key));

		if ($email !== '' && $token !== '' && $tokens && $tokens->verify($reference, $email, $token)) {
			$viewer_email = $email;
		} elseif ($this->customer->isLogged()) {
			$customer_id = (int)$this->customer->getId();
		}

		if (!$this->config->get('module_rebound_status') || !$valid) {
			$data['message'] = $this->language->get('text_track_not_found');
		} elseif (!$customer_id && $viewer_email === '') {
			$this->session->data['redirect'] = str_replace('&amp;', '&', $this->trackLink($reference, 0, $email, $token));

			$login = $this->url->link('account/login', 'language=' . $this->config->get('config_language'));
			$data['message_html'] = sprintf($this->language->get($token !== '' ? 'text_track_bad_link' : 'text_track_login'), $login);
		} else {
			// The case is the page's whole content, and the shopper opened it to see it: the form's longer cap.
			$answer = $this->returns()->tracking($reference, $customer_id, $viewer_email, Returns::FORM_TIMEOUT);

			if ($answer->ok()) {
				$data['case'] = $this->trackingView($answer->data);
			} elseif ($answer->state === SidecarAnswer::NOT_FOUND && !$customer_id) {
				// A guest link only opens cases of guest orders: a customer's case needs the login.
				$this->session->data['redirect'] = str_replace('&amp;', '&', $this->trackLink($reference, 0, ''));

				$data['message_html'] = sprintf($this->language->get('text_track_login'), $this->url->link('account/login', 'language=' . $this->config->get('config_language')));
			} elseif ($answer->state === SidecarAnswer::NOT_FOUND) {
				$data['message'] = $this->language->get('text_track_not_found');
			} else {
				$data['message'] = sprintf($this->language->get('text_track_unavailable'), $reference);
			}
		}

		$data['logo'] = '';

		if (defined('DIR_IMAGE') && $this->config->get('config_logo') && is_file(DIR_IMAGE . $this->config->get('config_logo'))) {
			$data['logo'] = $this->config->get('config_url') . 'image/' . $this->config->get('config_logo');
		}

		$data['store_name'] = (string)$this->config->get('config_name');

		$this->render('extension/rebound/module/rebound_track', $data);
	}

	/**
	 * The sidecar's tracking answer as the template shows it: texts by status from the language file where
	 * it has them, dates in the store's format, amounts in the order's currency.
	 *
	 * @param array<string, mixed> $case
	 *
	 * @return array<string, mixed>
	 */
	private function trackingView(array $case): array {
		$currency = (string)($case['currency_code'] ?? '');

		$timeline = [];

		foreach (is_array($case['timeline'] ?? null) ? $case['timeline'] : [] as $step) {
			if (is_array($step)) {
				$timeline[] = [
					'text'    => $this->statusText((string)($step['status'] ?? ''), (string)($step['text'] ?? '')),
					'at'      => $this->date((string)($step['at'] ?? ''), true),
					'comment' => (string)($step['comment'] ?? '')
				];
			}
		}

		$lines = [];

		foreach (is_array($case['lines'] ?? null) ? $case['lines'] : [] as $line) {
			if (is_array($line)) {
				$options = [];

				foreach (is_array($line['options'] ?? null) ? $line['options'] : [] as $option) {
					$options[] = ['name' => (string)($option['name'] ?? ''), 'value' => (string)($option['value'] ?? '')];
				}

				$lines[] = [
					'name'       => (string)($line['name'] ?? ''),
					'model'      => (string)($line['model'] ?? ''),
					'options'    => $options,
					'quantity'   => (int)($line['quantity'] ?? 0),
					'reason'     => (string)($line['reason'] ?? ''),
					'resolution' => $this->language->get('text_resolution_' . preg_replace('/[^a-z_]/', '', (string)($line['resolution'] ?? '')))
				];
			}
		}

		$amounts = [];

		foreach (['refund', 'credit', 'fee'] as $key) {
			if (isset($case[$key]) && is_numeric($case[$key]) && (float)$case[$key] > 0) {
				$amounts[] = ['label' => $this->language->get('text_' . $key), 'amount' => $this->money((string)$case[$key], $currency)];
			}
		}

		$status = (string)($case['status'] ?? '');

		return [
			'status'               => $status,
			'status_text'          => $this->statusText($status, (string)($case['status_text'] ?? '')),
			'requested'            => sprintf($this->language->get('text_requested_on'), $this->date((string)($case['created_at'] ?? '')), (int)($case['order_id'] ?? 0)),
			'next_step'            => (string)($case['next_step'] ?? ''),
			'instructions'         => (string)($case['instructions'] ?? ''),
			'free_return_shipping' => !empty($case['free_return_shipping']),
			'timeline'             => $timeline,
			'lines'                => $lines,
			'amounts'              => $amounts,
			'related'              => $this->relatedProducts(is_array($case['related_products'] ?? null) ? $case['related_products'] : [])
		];
	}

	/**
	 * Up to four related products with their link, and image and price where OpenCart's catalogue has them.
	 *
	 * @param array<mixed> $related the sidecar's [{product_id, name}]
	 *
	 * @return list<array{name: string, href: string, thumb: string, price: string}>
	 */
	private function relatedProducts(array $related): array {
		$products = [];

		foreach (array_slice(array_filter($related, 'is_array'), 0, 4) as $item) {
			$product_id = (int)($item['product_id'] ?? 0);

			if ($product_id < 1) {
				continue;
			}

			$product = ['name' => (string)($item['name'] ?? ''), 'href' => $this->url->link('product/product', 'language=' . $this->config->get('config_language') . '&product_id=' . $product_id), 'thumb' => '', 'price' => ''];

			try {
				$this->load->model('catalog/product');

				$info = $this->model_catalog_product->getProduct($product_id);

				if (!$info) {
					// Gone from this store's catalogue since: no link to a missing page.
					continue;
				}

				$product['name'] = html_entity_decode((string)$info['name'], ENT_QUOTES, 'UTF-8');

				// As OpenCart's product lists do: the product's image, else the store's placeholder.
				$image = !empty($info['image']) ? html_entity_decode($info['image'], ENT_QUOTES, 'UTF-8') : '';

				if (!defined('DIR_IMAGE')) {
					$image = '';
				} elseif ($image === '' || !is_file(DIR_IMAGE . $image)) {
					$image = is_file(DIR_IMAGE . 'placeholder.png') ? 'placeholder.png' : '';
				}

				if ($image !== '') {
					$this->load->model('tool/image');

					$product['thumb'] = $this->model_tool_image->resize($image, 200, 200);
				}

				if ($this->customer->isLogged() || !$this->config->get('config_customer_price')) {
					$price = (float)($info['special'] ?: $info['price']);
					$product['price'] = $this->currency->format($this->tax->calculate($price, (int)$info['tax_class_id'], $this->config->get('config_tax')), (string)$this->session->data['currency']);
				}
			} catch (\Throwable $e) {
				// The sidecar's name and the link are enough.
			}

			$products[] = $product;
		}

		return $products;
	}
}
