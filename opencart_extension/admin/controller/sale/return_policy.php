<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Sale;
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AdminApi;
use Opencart\System\Library\Extension\Rebound\AdminPage;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
use Opencart\System\Library\Extension\Rebound\PolicyForm;
use Opencart\System\Library\Extension\Rebound\PolicySetting;
use Opencart\System\Library\Extension\Rebound\SimulationView;
/**
 * Class ReturnPolicy: the return policy editor — a form for the common fields and the whole document as
 * JSON, validated by the sidecar (errors by dotted path), simulated against past orders, and saved into
 * `module_rebound_policy` of the chosen store (sidecar/policy/README.md).
 *
 * The page posts the form fields together with the JSON text: in form mode the fields are laid over the
 * JSON (which keeps what the form does not show), in JSON mode the JSON alone is the policy.
 *
 * @package Opencart\Admin\Controller\Extension\Rebound\Sale
 */
class ReturnPolicy extends \Opencart\System\Engine\Controller {
	use AdminPage;

	public const ROUTE = 'extension/rebound/sale/return_policy';
	public const SINCE_DAYS = 90;

	/**
	 * Index: the editor for one store.
	 *
	 * @return void
	 */
	public function index(): void {
		$this->load->language(self::ROUTE);

		$this->document->setTitle($this->language->get('heading_title'));

		$stores = $this->stores('text_default_store');
		$store_id = $this->storeId($stores);

		// Home, Rebound's settings, then this page for this store.
		$data['breadcrumbs'] = $this->breadcrumbs();

		array_splice($data['breadcrumbs'], 1, 0, [['text' => $this->language->get('text_settings'), 'href' => $this->url->link('extension/rebound/module/rebound', $this->token())]]);

		$data['breadcrumbs'][2]['href'] = $this->url->link(self::ROUTE, $this->token() . '&store_id=' . $store_id);

		// What is stored, normalised by the sidecar when it answers (every default spelled out).
		$stored = $this->setting()->read($store_id);
		$text = $stored ?? '{"version": 1}';
		$answer = $this->api()->validatePolicy($text);

		$data['problem'] = '';
		$data['settings'] = '';
		$data['stored_errors'] = [];

		if ($answer->ok() && ($normal = $answer->member('document')) !== null) {
			$text = $normal;
		} elseif ($answer->down() || $answer->ok()) {
			$data['problem'] = sprintf($this->language->get('text_sidecar_down'), $answer->message !== '' ? $answer->message : $answer->problem);
			$data['settings'] = $this->url->link('extension/rebound/module/rebound', $this->token());
		} else {
			foreach ($answer->fields ?: ['policy' => $answer->message] as $path => $message) {
				$data['stored_errors'][] = $path . ': ' . $message;
			}
		}

		$document = PolicyForm::parse($text) ?? ['version' => 1];

		$data['source'] = $this->language->get($stored === null ? 'text_source_default' : 'text_source_store');
		$data['store_id'] = $store_id;
		$data['stores'] = $stores;
		$data['document'] = PolicyForm::parse($text) !== null ? PolicyForm::encode($document) : $text;
		$data['form'] = $this->renderForm($document);
		$data['since_days'] = self::SINCE_DAYS;
		$data['can_modify'] = $this->user->hasPermission('modify', self::ROUTE);

		$token = $this->token() . '&store_id=' . $store_id;

		// Plain URLs for the page's script.
		$data['validate_url'] = $this->url->link(self::ROUTE . '.validate', $token, true);
		$data['save_url'] = $this->url->link(self::ROUTE . '.save', $token, true);
		$data['simulate_url'] = $this->url->link(self::ROUTE . '.simulate', $token, true);
		$data['simulate_step_url'] = $this->url->link(self::ROUTE . '.simulateStep', $token, true);
		$data['simulate_cancel_url'] = $this->url->link(self::ROUTE . '.simulateCancel', $token, true);
		$data['convert_url'] = $this->url->link(self::ROUTE . '.convert', $token, true);
		$data['store_url'] = $this->url->link(self::ROUTE, $this->token(), true);
		$data['product_autocomplete'] = $this->url->link('catalog/product.autocomplete', $this->token(), true);
		$data['category_autocomplete'] = $this->url->link('catalog/category.autocomplete', $this->token(), true);

		$data['back'] = $this->url->link('extension/rebound/module/rebound', $this->token());
		$data['returns'] = $this->user->hasPermission('access', Returns::ROUTE) ? $this->url->link(Returns::ROUTE, $this->token()) : '';

		$data['user_token'] = $this->session->data['user_token'];

		$this->output(self::ROUTE, $data);
	}

	/**
	 * Convert: when the page switches tabs. From the form: the document as JSON text. From the JSON: the
	 * form filled from it, or the reason the JSON can't be read.
	 *
	 * @return void
	 */
	public function convert(): void {
		$this->load->language(self::ROUTE);

		$json = [];
		$built = $this->posted();

		if ($built['error']) {
			$json['error'] = $built['error'];
		} elseif (($this->request->post['mode'] ?? 'form') === 'form') {
			$json['document'] = $built['text'];
		} else {
			$json['form'] = $this->renderForm($built['document']);
		}

		$this->answerJson($json);
	}

	/**
	 * Validate: the sidecar's verdict, with the normalised document or the field errors by dotted path.
	 *
	 * @return void
	 */
	public function validate(): void {
		$this->load->language(self::ROUTE);

		$json = [];
		$built = $this->posted();

		if ($built['error']) {
			$json['error'] = $built['error'];
		} else {
			$answer = $this->api()->validatePolicy($built['text']);

			if ($answer->ok() && ($normal = $answer->member('document')) !== null) {
				$json['success'] = $this->e($this->language->get('text_valid'));
				$json['document'] = PolicyForm::encode(PolicyForm::parse($normal) ?? []);
			} else {
				$json['error'] = $this->sidecarError($answer, $built['document'], 'error_invalid_check', 'error_down_check');
			}
		}

		$this->answerJson($json);
	}

	/**
	 * Save: validated by the sidecar first, then only `module_rebound_policy` of this store is written;
	 * the other Rebound settings (the secret above all) are left as they are.
	 *
	 * @return void
	 */
	public function save(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (($refusal = $this->storeRefusal('text_default_store')) !== '') {
			$json['error']['warning'] = $this->e($refusal);
		}

		$store_id = (int)($this->request->get['store_id'] ?? 0);

		$built = $this->posted();

		if (!$json && $built['error']) {
			$json['error'] = $built['error'];
		}

		if (!$json) {
			$answer = $this->api()->validatePolicy($built['text']);
			$normal = $answer->ok() ? $answer->member('document') : null;

			if ($normal === null) {
				$json['error'] = $this->sidecarError($answer, $built['document'], 'error_invalid', 'error_down');
			} else {
				try {
					$this->setting()->write($store_id, $normal);

					$json['success'] = $this->e(sprintf($this->language->get('text_saved'), $this->stores('text_default_store')[$store_id]));
					$json['document'] = PolicyForm::encode(PolicyForm::parse($normal) ?? []);
					$json['form'] = $this->renderForm(PolicyForm::parse($normal) ?? []);
				} catch (\Throwable $e) {
					$json['error']['warning'] = $this->e(sprintf($this->language->get('error_save'), $e->getMessage()));
				}
			}
		}

		$this->answerJson($json);
	}

	/**
	 * Simulate: starts the policy on the page against the saved one, on the orders of the last `since_days`,
	 * as a run the page then moves step by step (simulateStep) with a progress bar, and may cancel
	 * (simulateCancel). Each answers run(); a sidecar without runs is asked the one-request simulation
	 * (capped at 100,000 orders), and one without a simulator answers `unavailable`.
	 *
	 * @return void
	 */
	public function simulate(): void {
		$this->load->language(self::ROUTE);

		$json = [];
		$built = $this->posted();
		$store_id = (int)($this->request->get['store_id'] ?? 0);
		$since_days = max(1, min(3650, (int)($this->request->post['since_days'] ?? self::SINCE_DAYS)));

		if ($built['error']) {
			$json['error'] = $built['error'];
		} else {
			$answer = $this->api()->startSimulation($built['text'], $since_days, $store_id);

			if (in_array($answer->status, [404, 405], true)) {
				$answer = $this->api()->simulate($built['text'], $since_days, $store_id);

				if ($answer->ok() && is_array($answer->data['lines'] ?? null)) {
					$json['status'] = 'done';
					$json['html'] = $this->load->view(self::ROUTE . '_simulation', $this->simulationView()->result($answer->data));
				} elseif (in_array($answer->status, [404, 405], true) || $answer->ok()) {
					// A sidecar from before the simulator: everything else on the page still works.
					$json['unavailable'] = $this->e(sprintf($this->language->get('text_simulator_unavailable'), 'HTTP ' . $answer->status));
				} else {
					$json['error'] = $this->sidecarError($answer, $built['document'], 'error_invalid_check', 'error_down_check');
				}
			} else {
				$json = $this->run($answer, $built['document']);
			}
		}

		$this->answerJson($json);
	}

	/**
	 * Simulate step: the next few seconds of the run `simulation_id` (POST), answered as run().
	 *
	 * @return void
	 */
	public function simulateStep(): void {
		$this->load->language(self::ROUTE);

		if (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			$this->answerJson(['error' => ['warning' => $this->e($this->language->get('error_method'))]]);

			return;
		}

		$this->answerJson($this->run($this->api()->simulationStep((int)($this->request->post['simulation_id'] ?? 0)), []));
	}

	/**
	 * Simulate cancel: stops the run `simulation_id` (POST); what it counted so far is shown, marked partial.
	 *
	 * @return void
	 */
	public function simulateCancel(): void {
		$this->load->language(self::ROUTE);

		if (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			$this->answerJson(['error' => ['warning' => $this->e($this->language->get('error_method'))]]);

			return;
		}

		$this->answerJson($this->run($this->api()->cancelSimulation((int)($this->request->post['simulation_id'] ?? 0)), []));
	}

	/**
	 * A run's answer for the page: simulation_id, status (running, done, cancelled, failed), percent and the
	 * progress as text, and once it has stopped `html`, the result (partial when cancelled); or `error`.
	 *
	 * @param array<string, mixed> $document the policy posted, to place field errors
	 *
	 * @return array<string, mixed>
	 */
	private function run(AdminAnswer $answer, array $document): array {
		$view = $this->simulationView();
		$progress = $answer->ok() ? $view->progress($answer->data) : null;

		if ($progress === null) {
			return ['error' => $answer->ok() ? ['warning' => $this->e(sprintf($this->language->get('error_sidecar'), 'no progress'))] : $this->sidecarError($answer, $document, 'error_invalid_check', 'error_down_check')];
		}

		$json = ['progress' => $this->e($progress['progress'])] + $progress;

		if ($progress['status'] === 'failed') {
			$json['error'] = ['warning' => $this->e(sprintf($this->language->get('error_sidecar'), (string)($answer->data['error'] ?? '')))];
		} elseif ($progress['status'] !== 'running') {
			$json['html'] = $this->load->view(self::ROUTE . '_simulation', $view->result($answer->data['result'], $progress['status'] === 'cancelled' ? $progress['percent'] : null));
		}

		return $json;
	}

	private function simulationView(): SimulationView {
		return new SimulationView(
			fn (string $key): string => $this->language->get($key),
			fn (mixed $amount): string => $this->money($amount),
			fn (mixed $value): string => is_string($value) && strtotime($value) !== false ? date($this->language->get('date_format_short'), (int)strtotime($value)) : '',
			fn (int $order_id): string => $this->url->link('sale/order.info', $this->token() . '&order_id=' . $order_id),
			$this->language->get('thousand_point') ?: ','
		);
	}

	/**
	 * The policy the page posted: its JSON text for the sidecar, its decoded form, or the error.
	 *
	 * @return array{text: string, document: array<string, mixed>, error: array<string, mixed>}
	 */
	private function posted(): array {
		if (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			return ['text' => '', 'document' => [], 'error' => ['warning' => $this->e($this->language->get('error_method'))]];
		}

		// Request::clean() HTML-encoded everything posted: decode it once, back to what was typed.
		$post = PolicyForm::decode($this->request->post);
		$text = (string)($post['document'] ?? '');
		$base = PolicyForm::parse($text);

		if ($base === null) {
			json_decode($text);
			$why = json_last_error() === JSON_ERROR_NONE ? 'not an object' : json_last_error_msg();

			return ['text' => '', 'document' => [], 'error' => ['warning' => $this->e(sprintf($this->language->get('error_json'), $why)), 'fields' => ['json' => $this->e($why)]]];
		}

		if (($post['mode'] ?? 'form') === 'json') {
			// As typed: PHP arrays would turn an empty `{}` into `[]`.
			return ['text' => $text, 'document' => $base, 'error' => []];
		}

		$document = PolicyForm::toDocument($post, $base, array_keys($this->reasonNames()));

		return ['text' => PolicyForm::encode($document), 'document' => $document, 'error' => []];
	}

	/**
	 * A refusal or failure of the sidecar as the JSON `error` member: `warning` and `fields` by dotted path
	 * (list positions turned into the reason and customer group ids the form shows), all HTML-escaped.
	 *
	 * @param array<string, mixed> $document
	 *
	 * @return array<string, mixed>
	 */
	private function sidecarError(AdminAnswer $answer, array $document, string $invalid, string $down): array {
		if ($answer->down()) {
			return ['warning' => $this->e(sprintf($this->language->get($down), $answer->message !== '' ? $answer->message : $answer->problem))];
		}

		if ($answer->problem === 'bad_request' && $answer->fields) {
			return [
				'warning' => $this->e($this->language->get($invalid)),
				'fields'  => array_map([$this, 'e'], PolicyForm::locate($answer->fields, $document))
			];
		}

		return ['warning' => $this->e(sprintf($this->language->get('error_sidecar'), $answer->message !== '' ? $answer->message : 'HTTP ' . $answer->status))];
	}

	/**
	 * The store's return reasons, id => name.
	 *
	 * @return array<int, string>
	 */
	private function reasonNames(): array {
		$this->load->model('localisation/return_reason');

		$reasons = [];

		foreach ($this->model_localisation_return_reason->getReturnReasons() as $reason) {
			$reasons[(int)$reason['return_reason_id']] = $this->decode($reason['name']);
		}

		return $reasons;
	}

	/**
	 * The form's HTML for a document.
	 *
	 * @param array<string, mixed> $document
	 */
	private function renderForm(array $document): string {
		$values = PolicyForm::fromDocument($document);

		$this->load->model('customer/customer_group');

		$groups = [];

		foreach ($this->model_customer_customer_group->getCustomerGroups() as $group) {
			$groups[(int)$group['customer_group_id']] = $this->decode($group['name']);
		}

		$data = PolicyForm::choices($values, $groups, $this->reasonNames(), $this->language->get('text_not_in_store')) + $values;
		$offered = array_column($data['reasons'], 'offered');
		$data['reasons_offered'] = !in_array(true, $offered, true) ? 'all' : (in_array(false, $offered, true) ? 'some' : 'every');

		foreach (['excluded_product_ids', 'final_sale_product_ids', 'free_shipping_product_ids'] as $key) {
			$data[$key] = $this->products($values[$key]);
		}

		foreach (['excluded_category_ids', 'free_shipping_category_ids'] as $key) {
			$data[$key] = $this->categories($values[$key]);
		}

		$data['currency'] = (string)$this->config->get('config_currency');

		return $this->load->view(self::ROUTE . '_form', $data);
	}

	/**
	 * @param list<int> $ids
	 *
	 * @return list<array{id: int, name: string}>
	 */
	private function products(array $ids): array {
		$this->load->model('catalog/product');

		$products = [];

		foreach ($ids as $id) {
			$product = $this->model_catalog_product->getProduct($id);
			$products[] = ['id' => $id, 'name' => $product ? $this->decode($product['name']) : sprintf($this->language->get('text_unknown_id'), $id)];
		}

		return $products;
	}

	/**
	 * @param list<int> $ids
	 *
	 * @return list<array{id: int, name: string}>
	 */
	private function categories(array $ids): array {
		$this->load->model('catalog/category');

		$categories = [];

		foreach ($ids as $id) {
			$category = $this->model_catalog_category->getCategory($id);

			if ($category) {
				$name = ($category['path'] ?? '') ? $category['path'] . ' > ' . $category['name'] : $category['name'];
			} else {
				$name = sprintf($this->language->get('text_unknown_id'), $id);
			}

			$categories[] = ['id' => $id, 'name' => $this->decode($name)];
		}

		return $categories;
	}

	private function money(mixed $amount): string {
		return $this->decode($this->currency->format((float)$amount, (string)$this->config->get('config_currency')));
	}

	private function decode(string $text): string {
		return html_entity_decode($text, ENT_QUOTES, 'UTF-8');
	}

	private function api(): AdminApi {
		return AdminApi::fromSettings(fn (string $key): mixed => $this->config->get($key));
	}

	private function setting(): PolicySetting {
		return new PolicySetting(new OpencartConnection($this->db), DB_PREFIX);
	}
}
