<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Sale;
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AdminApi;
use Opencart\System\Library\Extension\Rebound\AdminPage;
use Opencart\System\Library\Extension\Rebound\CasePage;
use Opencart\System\Library\Extension\Rebound\CaseView;
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
	use AdminPage;

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

		$data['breadcrumbs'] = $this->breadcrumbs();

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

		$this->output(self::ROUTE, $data);
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

		$data['breadcrumbs'] = $this->breadcrumbs();

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
				$data['problem'] = $this->downText($answer->missing('case'));
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

		$this->output(self::ROUTE . '_info', $data);
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

		$refusal = $this->refusal();

		if ($refusal !== '') {
			$json['error']['warning'] = $refusal;
		}

		$case_id = (int)($this->request->get['case_id'] ?? 0);

		$posted = $this->postedText();

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

		$this->answerJson($json);
	}

	/**
	 * Photo: streams a return photo (or its thumbnail) from the photo store, never publicly cached.
	 *
	 * @return void
	 */
	public function photo(): void {
		$this->sendPhoto('return');
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
		$this->addMenuEntry($data, 'menu-sale', 'menu-rebound', 'fa-solid fa-rotate-left', 'returns', function (): string {
			// Prefixed, so the page being rendered keeps its own language keys.
			$this->load->language(self::ROUTE, 'rebound');

			return $this->language->get('rebound_text_menu');
		});
	}

	/**
	 * The table of cases (or why there is none).
	 *
	 * @param array<string, string> $filters
	 */
	private function getList(array $filters): string {
		$page = max(1, (int)($this->request->get['page'] ?? 1));
		$limit = $this->limit();

		$answer = $this->api()->cases($filters, $page, $limit);

		$data['problem'] = '';
		$data['settings'] = '';
		$data['cases'] = [];
		$data['pagination'] = '';
		$data['results'] = '';

		if (!$answer->ok() || !is_array($answer->data['cases'] ?? null)) {
			$data['problem'] = $this->downText($answer->missing('cases'));
			$data['settings'] = $this->url->link('extension/rebound/module/rebound', $this->token());

			return $this->load->view(self::ROUTE . '_list', $data);
		}

		$this->load->model('extension/rebound/sale/returns');

		$customers = $this->model_extension_rebound_sale_returns->getOrderCustomers(array_column($answer->data['cases'], 'order_id'));

		$view = $this->view();

		foreach ($answer->data['cases'] as $case) {
			$data['cases'][] = $view->row($case, $customers[(int)($case['order_id'] ?? 0)] ?? [], self::ROUTE);
		}

		$data = $this->paging(self::ROUTE . '.list', $filters, (int)($answer->data['total'] ?? 0), $page, $limit) + $data;

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

		$view = $this->view();
		$photos = $this->photoStore();

		$lines = $view->lines($case, $products, $this->reasons(), function (string $photo_id) use ($photos): ?array {
			if (!$photos || !$this->photoExists($photos, $photo_id)) {
				return null;
			}

			return [
				'thumb' => $this->url->link(self::ROUTE . '.photo', $this->token() . '&photo_id=' . rawurlencode($photo_id) . '&thumb=1'),
				'href'  => $this->url->link(self::ROUTE . '.photo', $this->token() . '&photo_id=' . rawurlencode($photo_id))
			];
		});

		$can_modify = $this->user->hasPermission('modify', self::ROUTE);

		$data['case'] = $view->summary($case, $order ?: null, $this->user->hasPermission('access', 'customer/customer'));
		$data['lines'] = $lines;
		$data['history'] = $view->history($case);
		$data = $view->policy(is_array($case['policy_check'] ?? null) ? $case['policy_check'] : null, array_column($lines, 'name')) + $data;
		$data = $view->forms($case, $can_modify) + $data;

		$data['can_modify'] = $can_modify;
		$data['guest'] = $customer_id === 0;
		$data['action_url'] = $this->url->link(self::ROUTE . '.action', $this->token() . '&case_id=' . $case_id, true);
		$data['add_order'] = $this->url->link('sale/order.info', $this->token());

		return $data;
	}

	/**
	 * An action's refusal as the JSON `error` member, every message HTML-escaped.
	 *
	 * @return array<string, mixed>
	 */
	private function actionErrors(AdminAnswer $answer): array {
		$refusal = CasePage::refusal($answer);

		$error = array_map([$this, 'e'], $refusal['fields']);
		$error['warning'] = $this->e(sprintf($this->language->get($refusal['key']), $refusal['key'] === 'error_down' ? $this->problemText($answer) : $refusal['detail']));

		if ($refusal['policy']) {
			$error['policy'] = array_map(fn (array $objection): string => $this->e($this->view()->objection($objection)), $refusal['policy']);
		}

		return $error;
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

	private function view(): CaseView {
		return new CaseView(
			$this->text(),
			fn (mixed $amount): string => $this->money($amount),
			fn (mixed $value, string $format): string => $this->date($value, $format),
			fn (string $route, string $args): string => $this->url->link($route, $this->token() . $args)
		);
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
}
