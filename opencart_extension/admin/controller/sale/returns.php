<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Sale;
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AdminApi;
use Opencart\System\Library\Extension\Rebound\CasePage;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
use Opencart\System\Library\Extension\Rebound\PhotoFiles;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
/**
 * Class Returns: the Returns (Rebound) dashboard — the list of return cases, one case with its actions, the
 * case photos — and the Sales menu entry. Everything shown comes from the sidecar's /v1/admin routes
 * (docs/returns-api.md); when it does not answer, the pages say so and link to Test connection.
 *
 * Route extension/rebound/sale/returns (not under module/, where OpenCart would list it as a second module).
 *
 * @package Opencart\Admin\Controller\Extension\Rebound\Sale
 */
class Returns extends \Opencart\System\Engine\Controller {
	public const ROUTE = 'extension/rebound/sale/returns';
	public const PHOTO_DIRECTORY = 'rebound/photos/';

	/**
	 * Index: the list page with its filters.
	 *
	 * @return void
	 */
	public function index(): void {
		$this->load->language(self::ROUTE);

		$this->document->setTitle($this->language->get('heading_title'));

		$filters = $this->filters();

		$data['breadcrumbs'] = [];

		$data['breadcrumbs'][] = [
			'text' => $this->language->get('text_home'),
			'href' => $this->url->link('common/dashboard', $this->token())
		];

		$data['breadcrumbs'][] = [
			'text' => $this->language->get('heading_title'),
			'href' => $this->url->link(self::ROUTE, $this->token())
		];

		$data['list'] = $this->getList($filters);

		$data['statuses'] = $this->statuses();
		$data['reasons'] = $this->reasons();

		$data['filter_status'] = $filters['status'];
		$data['filter_reason_id'] = $filters['reason_id'];
		$data['filter_min_age_days'] = $filters['min_age_days'];
		$data['filter_min_value'] = $filters['min_value'];

		$data['policy'] = $this->user->hasPermission('access', ReturnPolicy::ROUTE) ? $this->url->link(ReturnPolicy::ROUTE, $this->token()) : '';

		// For the filter script: plain URLs, not HTML-encoded ones.
		$data['index_url'] = $this->url->link(self::ROUTE, $this->token(), true);
		$data['list_url'] = $this->url->link(self::ROUTE . '.list', $this->token(), true);

		$data['header'] = $this->load->controller('common/header');
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['footer'] = $this->load->controller('common/footer');

		$this->response->setOutput($this->load->view(self::ROUTE, $data));
	}

	/**
	 * List: the table alone, for filtering and paging without reloading the page.
	 *
	 * @return void
	 */
	public function list(): void {
		$this->load->language(self::ROUTE);

		$this->response->setOutput($this->getList($this->filters()));
	}

	/**
	 * Info: one case — order, customer, items with reasons and amounts, photos, history, the policy check
	 * and a form per allowed action.
	 *
	 * @return void
	 */
	public function info(): void {
		$this->load->language(self::ROUTE);

		$case_id = (int)($this->request->get['case_id'] ?? 0);

		$answer = $this->api()->returnCase($case_id);

		$data['breadcrumbs'] = [];

		$data['breadcrumbs'][] = [
			'text' => $this->language->get('text_home'),
			'href' => $this->url->link('common/dashboard', $this->token())
		];

		$data['breadcrumbs'][] = [
			'text' => $this->language->get('heading_title'),
			'href' => $this->url->link(self::ROUTE, $this->token())
		];

		$data['back'] = $this->url->link(self::ROUTE, $this->token());
		$data['problem'] = '';
		$data['settings'] = '';
		$data['case'] = [];

		if ($answer->ok() && (int)($answer->data['case_id'] ?? 0) === $case_id) {
			$data = array_merge($data, $this->caseData($answer->data));

			$title = sprintf($this->language->get('heading_case'), $data['case']['reference']);
		} else {
			$title = $this->language->get('heading_title');

			if ($answer->down() || $answer->ok()) {
				$data['problem'] = $this->downText($answer->ok() ? new AdminAnswer($answer->status, [], 'bad_answer', 'no case in the answer') : $answer);
				$data['settings'] = $this->url->link('extension/rebound/module/rebound', $this->token());
			} elseif ($answer->problem === 'not_found') {
				$data['problem'] = $this->language->get('text_not_found');
			} else {
				$data['problem'] = $this->downText(new AdminAnswer($answer->status, [], 'unavailable', $answer->message));
			}
		}

		$this->document->setTitle($title);

		$data['heading_title'] = $title;

		$data['breadcrumbs'][] = [
			'text' => $title,
			'href' => $this->url->link(self::ROUTE . '.info', $this->token() . '&case_id=' . $case_id)
		];

		$data['header'] = $this->load->controller('common/header');
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['footer'] = $this->load->controller('common/footer');

		$this->response->setOutput($this->load->view(self::ROUTE . '_info', $data));
	}

	/**
	 * Action: one of approve, reject, receive, refund, credit, exchange, sent to the sidecar with the
	 * idempotency key the page was rendered with. JSON: `error[warning]`, `error[<field>]`, `error[policy]`
	 * (the policy's objections) with `override` when it may be overridden, or `success` and `redirect`.
	 * Messages are HTML-escaped here, as OpenCart's pages insert them as HTML.
	 *
	 * @return void
	 */
	public function action(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (!$this->user->hasPermission('modify', self::ROUTE)) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}

		if (!$json && ($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			$json['error']['warning'] = $this->language->get('error_method');
		}

		$case_id = (int)($this->request->get['case_id'] ?? 0);

		// Request::clean() HTML-encoded every posted value; the sidecar wants the text as typed.
		$posted = array_map(static fn (mixed $value): mixed => is_string($value) ? htmlspecialchars_decode($value, ENT_QUOTES) : '', $this->request->post);

		$action = (string)($posted['action'] ?? '');

		if (!$json && !in_array($action, AdminApi::ACTIONS, true)) {
			$json['error']['warning'] = $this->language->get('error_action');
		}

		if (!$json && !AdminApi::isIdempotencyKey((string)($posted['idempotency_key'] ?? ''))) {
			$json['error']['warning'] = $this->language->get('error_key');
		}

		if (!$json && $action === 'reject' && trim((string)($posted['reason'] ?? '')) === '') {
			$json['error']['reason'] = $this->language->get('error_reject_reason');
		}

		if (!$json) {
			$answer = $this->api()->act($case_id, AdminApi::actionBody($posted, $this->user->getUserName()));

			if ($answer->ok()) {
				$json['success'] = sprintf($this->language->get('text_success'), $this->language->get('done_' . $action));
				$json['redirect'] = $this->url->link(self::ROUTE . '.info', $this->token() . '&case_id=' . $case_id, true);
			} else {
				$json['error'] = $this->actionErrors($answer);

				if ($answer->problem === 'policy_violation') {
					$json['override'] = true;
				}
			}
		}

		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
	}

	/**
	 * Photo: streams a return photo (or its thumbnail) from the photo store, never publicly cached.
	 *
	 * @return void
	 */
	public function photo(): void {
		try {
			$file = $this->photoStore()?->open((string)($this->request->get['photo_id'] ?? ''), !empty($this->request->get['thumb']));
		} catch (\Throwable $e) {
			$file = null;
		}

		if ($file === null || ($file->row['kind'] ?? '') !== 'return') {
			$this->response->addHeader('HTTP/1.1 404 Not Found');
			$this->response->addHeader('Content-Type: text/plain; charset=utf-8');
			$this->response->setOutput('Not found');

			return;
		}

		foreach ($file->headers(false) as $header) {
			$this->response->addHeader($header);
		}

		$this->response->setOutput($file->contents());
	}

	/**
	 * Adds "Returns (Rebound)" under Sales in the admin menu, for users who may open it.
	 *
	 * Trigger: admin/view/common/column_left/before
	 *
	 * @param string       $route
	 * @param array<mixed> $data
	 * @param string       $code
	 * @param string       $output
	 *
	 * @return void
	 */
	public function menu(string &$route = '', array &$data = [], string &$code = '', string &$output = ''): void {
		try {
			if (!isset($this->session->data['user_token']) || !$this->user->hasPermission('access', self::ROUTE) || !isset($data['menus']) || !is_array($data['menus'])) {
				return;
			}

			// Prefixed, so the page being rendered keeps its own language keys.
			$this->load->language(self::ROUTE, 'rebound');

			$entry = [
				'name'     => $this->language->get('rebound_text_menu'),
				'href'     => $this->url->link(self::ROUTE, $this->token()),
				'children' => []
			];

			foreach ($data['menus'] as &$menu) {
				if (($menu['id'] ?? '') === 'menu-sale') {
					$menu['children'][] = $entry;

					return;
				}
			}

			unset($menu);

			// A user who sees no other Sales page still gets the entry, as a menu of its own.
			$data['menus'][] = ['id' => 'menu-rebound', 'icon' => 'fa-solid fa-rotate-left', 'name' => $entry['name'], 'href' => $entry['href'], 'children' => []];
		} catch (\Throwable $e) {
			$this->log->write('Rebound: the admin menu entry failed: ' . substr($e->getMessage(), 0, 500));
		}
	}

	/**
	 * The table of cases (or why there is none).
	 *
	 * @param array<string, string> $filters
	 */
	private function getList(array $filters): string {
		$page = max(1, (int)($this->request->get['page'] ?? 1));
		$limit = max(1, min(100, (int)$this->config->get('config_pagination_admin') ?: 10));

		$answer = $this->api()->cases($filters, $page, $limit);

		$data['problem'] = '';
		$data['settings'] = '';
		$data['cases'] = [];
		$data['pagination'] = '';
		$data['results'] = '';

		if (!$answer->ok() || !is_array($answer->data['cases'] ?? null)) {
			$data['problem'] = $this->downText($answer->ok() ? new AdminAnswer($answer->status, [], 'bad_answer', 'no cases in the answer') : $answer);
			$data['settings'] = $this->url->link('extension/rebound/module/rebound', $this->token());

			return $this->load->view(self::ROUTE . '_list', $data);
		}

		$this->load->model('extension/rebound/sale/returns');

		$customers = $this->model_extension_rebound_sale_returns->getOrderCustomers(array_column($answer->data['cases'], 'order_id'));

		foreach ($answer->data['cases'] as $case) {
			$order_id = (int)($case['order_id'] ?? 0);
			$customer = $customers[$order_id] ?? [];
			$name = trim(html_entity_decode(($customer['firstname'] ?? '') . ' ' . ($customer['lastname'] ?? ''), ENT_QUOTES, 'UTF-8'));
			$age = (int)($case['age_days'] ?? 0);

			$data['cases'][] = [
				'case_id'         => (int)($case['case_id'] ?? 0),
				'reference'       => (string)($case['reference'] ?? ''),
				'order_id'        => $order_id,
				'order'           => $this->url->link('sale/order.info', $this->token() . '&order_id=' . $order_id),
				'customer'        => $name !== '' ? $name : (string)($case['email'] ?? ''),
				'email'           => (string)($case['email'] ?? ''),
				'status'          => (string)($case['status'] ?? ''),
				'status_text'     => $this->statusText((string)($case['status'] ?? '')),
				'value'           => $this->money($case['base_value'] ?? 0),
				'age'             => $age > 0 ? sprintf($this->language->get('text_days'), $age) : $this->language->get('text_today'),
				'date_added'      => $this->date($case['created_at'] ?? null, 'date_format_short'),
				'auto_approved'   => !empty($case['auto_approved']),
				'serial_returner' => !empty($case['serial_returner']),
				'view'            => $this->url->link(self::ROUTE . '.info', $this->token() . '&case_id=' . (int)($case['case_id'] ?? 0))
			];
		}

		$total = (int)($answer->data['total'] ?? 0);

		$data['pagination'] = $this->load->controller('common/pagination', [
			'total' => $total,
			'page'  => $page,
			'limit' => $limit,
			'url'   => $this->url->link(self::ROUTE . '.list', $this->token() . $this->filterUrl($filters) . '&page={page}')
		]);

		$data['results'] = sprintf($this->language->get('text_pagination'), $total ? (($page - 1) * $limit) + 1 : 0, min($total, $page * $limit), $total, (int)ceil($total / $limit));

		return $this->load->view(self::ROUTE . '_list', $data);
	}

	/**
	 * The case page's data from the sidecar's answer and OpenCart's order.
	 *
	 * @param array<string, mixed> $case
	 *
	 * @return array<string, mixed>
	 */
	private function caseData(array $case): array {
		$case_id = (int)$case['case_id'];
		$order_id = (int)($case['order_id'] ?? 0);
		$customer_id = (int)($case['customer_id'] ?? 0);

		$this->load->model('sale/order');

		$order = $this->model_sale_order->getOrder($order_id);

		$products = [];

		foreach ($this->model_sale_order->getProducts($order_id) as $product) {
			$options = [];

			foreach ($this->model_sale_order->getOptions($order_id, (int)$product['order_product_id']) as $option) {
				$options[] = html_entity_decode($option['name'] . ': ' . $option['value'], ENT_QUOTES, 'UTF-8');
			}

			$products[(int)$product['order_product_id']] = [
				'name'    => html_entity_decode((string)$product['name'], ENT_QUOTES, 'UTF-8'),
				'model'   => html_entity_decode((string)$product['model'], ENT_QUOTES, 'UTF-8'),
				'options' => implode(', ', $options)
			];
		}

		$reasons = $this->reasons();
		$photos = $this->photoStore();

		$lines = [];

		foreach ((array)($case['lines'] ?? []) as $index => $line) {
			$product = $products[(int)($line['order_product_id'] ?? 0)] ?? ['name' => '#' . (int)($line['product_id'] ?? 0), 'model' => '', 'options' => ''];
			$return_id = (int)($line['return_id'] ?? 0);

			$line_photos = [];
			$missing = [];

			foreach ((array)($line['photo_ids'] ?? []) as $photo_id) {
				$photo_id = (string)$photo_id;

				if ($photos && $this->photoExists($photos, $photo_id)) {
					$line_photos[] = [
						'thumb' => $this->url->link(self::ROUTE . '.photo', $this->token() . '&photo_id=' . rawurlencode($photo_id) . '&thumb=1'),
						'href'  => $this->url->link(self::ROUTE . '.photo', $this->token() . '&photo_id=' . rawurlencode($photo_id))
					];
				} else {
					$missing[] = $photo_id;
				}
			}

			$lines[] = [
				'number'     => $index + 1,
				'name'       => $product['name'],
				'model'      => $product['model'],
				'options'    => $product['options'],
				'quantity'   => (int)($line['quantity'] ?? 0),
				'opened'     => !empty($line['opened']),
				'reason'     => $reasons[(int)($line['reason_id'] ?? 0)] ?? '#' . (int)($line['reason_id'] ?? 0),
				'resolution' => $this->resolutionText((string)($line['resolution'] ?? '')),
				'unit_price' => $this->money($line['unit_price'] ?? 0),
				'fee'        => $this->money($line['fee'] ?? 0),
				'refund'     => $this->money($line['refund'] ?? 0),
				'credit'     => $this->money($line['credit'] ?? 0),
				'photos'     => $line_photos,
				'photo_ids'  => $missing ? sprintf($this->language->get('text_photo_ids'), implode(', ', $missing)) : '',
				'photo_count' => (int)($line['photo_count'] ?? 0),
				'return'     => $return_id ? sprintf($this->language->get('text_core_return'), $return_id) : '',
				'return_href' => $return_id ? $this->url->link('sale/returns.form', $this->token() . '&return_id=' . $return_id) : ''
			];
		}

		$history = [];

		foreach ((array)($case['history'] ?? []) as $entry) {
			$history[] = [
				'status'  => $this->statusText((string)($entry['status'] ?? '')),
				'action'  => $this->label('action_', (string)($entry['action'] ?? '')),
				'actor'   => (string)($entry['actor'] ?? ''),
				'comment' => (string)($entry['comment'] ?? ''),
				'date'    => $this->date($entry['created_at'] ?? null, 'datetime_format')
			];
		}

		$name = $order ? trim(html_entity_decode($order['firstname'] . ' ' . $order['lastname'], ENT_QUOTES, 'UTF-8')) : '';
		$check = is_array($case['policy_check'] ?? null) ? $case['policy_check'] : null;
		$allowed = array_values(array_intersect(AdminApi::ACTIONS, (array)($case['allowed_actions'] ?? [])));
		$can_modify = $this->user->hasPermission('modify', self::ROUTE);

		$data['case'] = [
			'case_id'          => $case_id,
			'reference'        => (string)($case['reference'] ?? ''),
			'status'           => (string)($case['status'] ?? ''),
			'status_text'      => $this->statusText((string)($case['status'] ?? '')),
			'order_id'         => $order_id,
			'order'            => $this->url->link('sale/order.info', $this->token() . '&order_id=' . $order_id),
			'customer'         => $name !== '' ? $name : $this->language->get('text_guest'),
			'customer_href'    => $customer_id && $this->user->hasPermission('access', 'customer/customer') ? $this->url->link('customer/customer.form', $this->token() . '&customer_id=' . $customer_id) : '',
			'email'            => (string)($case['email'] ?? ''),
			'date_added'       => $this->date($case['created_at'] ?? null, 'datetime_format'),
			'date_modified'    => $this->date($case['updated_at'] ?? null, 'datetime_format'),
			'comment'          => (string)($case['comment'] ?? ''),
			'refund_amount'    => $this->money($case['refund_amount'] ?? 0),
			'credit_amount'    => $this->money($case['credit_amount'] ?? 0),
			'fee_amount'       => $this->money($case['fee_amount'] ?? 0),
			'exchange_value'   => $this->money($case['exchange_value'] ?? 0),
			'free_shipping'    => !empty($case['free_return_shipping']),
			'auto_approved'    => !empty($case['auto_approved']),
			'serial_returner'  => !empty($case['serial_returner'])
		];

		$data['lines'] = $lines;
		$data['history'] = $history;

		$data['policy_known'] = $check !== null;
		$data['policy_accepted'] = $check !== null && !empty($check['accepted']);
		$data['policy_errors'] = $check !== null ? array_map([$this, 'objection'], CasePage::objections(AdminAnswer::flatten((array)($check['errors'] ?? [])), array_column($lines, 'name'))) : [];
		$data['policy_notes'] = [];

		if ($check !== null && is_string($check['approval']['text'] ?? null) && $check['approval']['text'] !== '') {
			$data['policy_notes'][] = $check['approval']['text'];
		}

		if ($check !== null && !empty($check['serial_returner']['flagged']) && is_string($check['serial_returner']['text'] ?? null)) {
			$data['policy_notes'][] = $check['serial_returner']['text'];
		}

		$amounts = CasePage::amounts($case);

		$data['actions'] = [];

		if ($can_modify) {
			foreach ($allowed as $action) {
				$data['actions'][] = [
					'action' => $action,
					'title'  => $this->language->get('action_' . $action),
					// One key per form, made now: a double click or a retry sends the same key, and the
					// sidecar answers the second with the first's result instead of acting twice.
					'key'    => AdminApi::idempotencyKey()
				];
			}
		}

		$data['can_modify'] = $can_modify;
		$data['guest'] = $customer_id === 0;
		$data['default_refund'] = $amounts['refund'];
		$data['default_credit'] = $amounts['credit'];
		$data['credit_base'] = $amounts['credit_base'];
		$data['text_computed_refund'] = $check !== null ? sprintf($this->language->get('text_computed_refund'), $this->money($amounts['computed_refund']), $this->money($amounts['gross'])) : '';
		$data['text_computed_credit'] = sprintf($this->language->get('text_computed'), $this->money($amounts['credit']));
		$data['conditions'] = [];

		foreach (AdminApi::CONDITIONS as $condition) {
			$data['conditions'][$condition] = $this->language->get('condition_' . $condition);
		}

		$data['action_url'] = $this->url->link(self::ROUTE . '.action', $this->token() . '&case_id=' . $case_id, true);
		$data['add_order'] = $this->url->link('sale/order.info', $this->token());

		return $data;
	}

	/**
	 * One of the policy's objections as a sentence naming the item.
	 *
	 * @param array{item: int|null, name: string, message: string} $objection
	 */
	private function objection(array $objection): string {
		if ($objection['item'] === null) {
			return $objection['message'];
		}

		$item = $objection['name'] !== '' ? sprintf($this->language->get('text_line'), $objection['item'], $objection['name']) : sprintf($this->language->get('text_item'), $objection['item']);

		return $item . ': ' . $objection['message'];
	}

	/**
	 * An action's refusal as the JSON `error` member, every message HTML-escaped.
	 *
	 * @return array<string, mixed>
	 */
	private function actionErrors(AdminAnswer $answer): array {
		$e = static fn (string $text): string => htmlspecialchars($text, ENT_QUOTES, 'UTF-8');
		$refusal = CasePage::refusal($answer);

		$error = array_map($e, $refusal['fields']);
		$error['warning'] = $e(sprintf($this->language->get($refusal['key']), $refusal['key'] === 'error_down' ? $this->problemText($answer) : $refusal['detail']));

		if ($refusal['policy']) {
			$error['policy'] = array_map(fn (array $objection): string => $e($this->objection($objection)), $refusal['policy']);
		}

		return $error;
	}

	/**
	 * "The sidecar is not answering: <why>".
	 */
	private function downText(AdminAnswer $answer): string {
		return sprintf($this->language->get('text_sidecar_down'), $this->problemText($answer));
	}

	private function problemText(AdminAnswer $answer): string {
		$key = 'problem_' . (in_array($answer->problem, AdminAnswer::DOWN, true) ? $answer->problem : 'unavailable');

		return sprintf($this->language->get($key), $answer->message !== '' ? $answer->message : 'HTTP ' . $answer->status);
	}

	/**
	 * The filters from the query string, checked: status, reason_id, min_age_days, min_value.
	 *
	 * @return array<string, string>
	 */
	private function filters(): array {
		$get = $this->request->get;

		$status = (string)($get['filter_status'] ?? '');
		$value = str_replace(',', '.', trim((string)($get['filter_min_value'] ?? '')));

		return [
			'status'       => in_array($status, AdminApi::STATUSES, true) ? $status : '',
			'reason_id'    => (int)($get['filter_reason_id'] ?? 0) > 0 ? (string)(int)$get['filter_reason_id'] : '',
			'min_age_days' => (int)($get['filter_min_age_days'] ?? 0) > 0 ? (string)(int)$get['filter_min_age_days'] : '',
			'min_value'    => is_numeric($value) && (float)$value > 0 ? (string)(float)$value : ''
		];
	}

	/**
	 * @param array<string, string> $filters
	 */
	private function filterUrl(array $filters): string {
		$url = '';

		foreach ($filters as $key => $value) {
			if ($value !== '') {
				$url .= '&filter_' . $key . '=' . rawurlencode($value);
			}
		}

		return $url;
	}

	/**
	 * @return array<string, string> status => label
	 */
	private function statuses(): array {
		$statuses = [];

		foreach (AdminApi::STATUSES as $status) {
			$statuses[$status] = $this->language->get('status_' . $status);
		}

		return $statuses;
	}

	/**
	 * OpenCart's return reasons in the admin language, decoded.
	 *
	 * @return array<int, string>
	 */
	private function reasons(): array {
		$this->load->model('localisation/return_reason');

		$reasons = [];

		foreach ($this->model_localisation_return_reason->getReturnReasons() as $reason) {
			$reasons[(int)$reason['return_reason_id']] = html_entity_decode((string)$reason['name'], ENT_QUOTES, 'UTF-8');
		}

		return $reasons;
	}

	private function statusText(string $status): string {
		return $this->label('status_', $status);
	}

	private function resolutionText(string $resolution): string {
		return $this->label('resolution_', $resolution);
	}

	/**
	 * The language file's text for a code the sidecar sent, or the code itself when there is none.
	 */
	private function label(string $prefix, string $code): string {
		$text = $this->language->get($prefix . $code);

		return $code !== '' && $text !== $prefix . $code ? $text : $code;
	}

	/**
	 * An amount in the store's base currency, formatted as OpenCart shows money (not HTML-escaped).
	 */
	private function money(mixed $amount): string {
		return html_entity_decode($this->currency->format((float)$amount, (string)$this->config->get('config_currency')), ENT_QUOTES, 'UTF-8');
	}

	/**
	 * A sidecar time (ISO 8601, or an HTTP date for raw rows) in the admin's time zone and date format.
	 */
	private function date(mixed $value, string $format): string {
		$time = is_string($value) && $value !== '' ? strtotime($value) : false;

		return $time === false ? '' : date($this->language->get($format), $time);
	}

	private function token(): string {
		return 'user_token=' . $this->session->data['user_token'];
	}

	private function api(): AdminApi {
		return AdminApi::fromSettings(fn (string $key): mixed => $this->config->get($key));
	}

	private function photoExists(PhotoStore $photos, string $photo_id): bool {
		try {
			return ($photos->find($photo_id)['kind'] ?? '') === 'return';
		} catch (\Throwable $e) {
			return false;
		}
	}

	/**
	 * The photo store, or null where this installation has none (the ids are shown instead).
	 */
	private function photoStore(): ?PhotoStore {
		if (!defined('DIR_STORAGE') || !class_exists(PhotoStore::class) || !class_exists(PhotoFiles::class)) {
			return null;
		}

		try {
			return new PhotoStore(new OpencartConnection($this->db), DB_PREFIX, new PhotoFiles(DIR_STORAGE . self::PHOTO_DIRECTORY));
		} catch (\Throwable $e) {
			return null;
		}
	}
}
