<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Marketing;
use Opencart\System\Library\Extension\Rebound\AdminPage;
use Opencart\System\Library\Extension\Rebound\EmailApi;
use Opencart\System\Library\Extension\Rebound\EmailForm;
use Opencart\System\Library\Extension\Rebound\EmailSetting;
use Opencart\System\Library\Extension\Rebound\EmailView;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
/**
 * Class Emails: Rebound's email page (docs/email.md) — the email log (sent, skipped or deferred and why,
 * failed, suppressed), each kind's subject line and a preview of it, the contact budget and quiet hours, the
 * suppression list, and the worker's job health — and its entry under Marketing in the admin menu.
 *
 * Everything shown comes from the sidecar's /v1/admin routes; the settings are saved into
 * `module_rebound_email` of the chosen store after the sidecar validated them. When the sidecar does not
 * answer, each part says so and why.
 *
 * @package Opencart\Admin\Controller\Extension\Rebound\Marketing
 */
class Emails extends \Opencart\System\Engine\Controller {
	use AdminPage;

	public const ROUTE = 'extension/rebound/marketing/emails';

	/**
	 * Index: the page, its settings for one store; the log, suppressions and health load into their tabs.
	 *
	 * @return void
	 */
	public function index(): void {
		$this->load->language(self::ROUTE);

		$this->document->setTitle($this->language->get('heading_title'));

		$stores = $this->stores();
		$store_id = $this->storeId($stores);

		$data['breadcrumbs'] = $this->breadcrumbs();

		$languages = $this->languages();
		$answer = $this->api()->settings($store_id, array_keys($languages));

		$data['problem'] = '';
		$data['settings'] = $this->url->link('extension/rebound/module/rebound', $this->token());
		$data['smtp'] = [];

		$settings = $answer->ok() && is_array($answer->data['document'] ?? null) ? $answer->data : null;

		if ($settings === null) {
			$data['problem'] = $this->downText($answer->missing('settings'));
		}

		$view = $this->view();
		$data = $view->settings($settings, $languages, $this->storeConfig($store_id)) + $data;

		$data['store_id'] = $store_id;
		$data['stores'] = $stores;
		$data['statuses'] = $view->labels('status_', EmailApi::STATUSES);
		$data['kind_names'] = $view->labels('kind_', EmailApi::KINDS);
		$data['reasons'] = $view->labels('suppression_', EmailApi::SUPPRESSION_REASONS);
		$data['can_modify'] = $this->user->hasPermission('modify', self::ROUTE);
		$data['ready'] = $settings !== null;

		$token = $this->token();

		// Plain URLs for the page's script.
		$data['store_url'] = $this->url->link(self::ROUTE, $token, true);
		$data['log_url'] = $this->url->link(self::ROUTE . '.log', $token, true);
		$data['suppressions_url'] = $this->url->link(self::ROUTE . '.suppressions', $token, true);
		$data['health_url'] = $this->url->link(self::ROUTE . '.health', $token . '&store_id=' . $store_id, true);
		$data['preview_url'] = $this->url->link(self::ROUTE . '.preview', $token . '&store_id=' . $store_id, true);
		$data['save_url'] = $this->url->link(self::ROUTE . '.save', $token . '&store_id=' . $store_id, true);
		$data['unsuppress_url'] = $this->url->link(self::ROUTE . '.unsuppress', $token, true);

		$this->output(self::ROUTE, $data);
	}

	/**
	 * Log: the table of emails with its filters (status, kind, recipient, order_id, case_id) and paging.
	 *
	 * @return void
	 */
	public function log(): void {
		$this->load->language(self::ROUTE);

		$get = $this->request->get;
		$filters = [
			'status'    => in_array($get['filter_status'] ?? '', EmailApi::STATUSES, true) ? (string)$get['filter_status'] : '',
			'kind'      => in_array($get['filter_kind'] ?? '', EmailApi::KINDS, true) ? (string)$get['filter_kind'] : '',
			'recipient' => trim(html_entity_decode((string)($get['filter_recipient'] ?? ''), ENT_QUOTES, 'UTF-8')),
			'order_id'  => (int)($get['filter_order_id'] ?? 0) > 0 ? (string)(int)$get['filter_order_id'] : '',
			'case_id'   => (int)($get['filter_case_id'] ?? 0) > 0 ? (string)(int)$get['filter_case_id'] : ''
		];

		$page = max(1, (int)($get['page'] ?? 1));
		$limit = $this->limit();

		$answer = $this->api()->log($filters, $page, $limit);

		$data = $this->fragment();
		$data['emails'] = [];

		if (!$answer->ok() || !is_array($answer->data['emails'] ?? null)) {
			$data['problem'] = $this->downText($answer->missing('emails'));

			$this->response->setOutput($this->load->view(self::ROUTE . '_log', $data));

			return;
		}

		$returns = $this->user->hasPermission('access', 'extension/rebound/sale/returns');

		$data['emails'] = $this->view()->emails(
			$answer->data['emails'],
			fn (int $order_id): string => $this->url->link('sale/order.info', $this->token() . '&order_id=' . $order_id),
			fn (int $case_id): string => $returns ? $this->url->link('extension/rebound/sale/returns.info', $this->token() . '&case_id=' . $case_id) : ''
		);

		$data = $this->paging(self::ROUTE . '.log', $filters, (int)($answer->data['total'] ?? 0), $page, $limit) + $data;

		$this->response->setOutput($this->load->view(self::ROUTE . '_log', $data));
	}

	/**
	 * Preview: one kind rendered with sample data, the store's saved settings and the subject line as typed. JSON: subject, from,
	 * headers, html (for a sandboxed iframe), text, problem; or error.
	 *
	 * @return void
	 */
	public function preview(): void {
		$this->load->language(self::ROUTE);

		$kind = (string)($this->request->get['kind'] ?? '');
		$language = (string)($this->request->get['language'] ?? '');

		// The line as typed in the form (Request::clean() HTML-encoded it), so the owner sees it before saving.
		$subject = trim(html_entity_decode((string)($this->request->get['subject'] ?? ''), ENT_QUOTES, 'UTF-8'), " \t");

		$answer = $this->api()->preview($kind, $language, (int)($this->request->get['store_id'] ?? 0), $subject);

		$json = [];

		if ($answer->ok() && is_string($answer->data['html'] ?? null)) {
			$headers = [];

			foreach ((array)($answer->data['headers'] ?? []) as $name => $value) {
				$headers[] = $name . ': ' . (is_scalar($value) ? (string)$value : '');
			}

			$json = [
				'subject' => (string)($answer->data['subject'] ?? ''),
				'from'    => (string)($answer->data['from'] ?? ''),
				'headers' => $headers,
				'html'    => (string)$answer->data['html'],
				'text'    => (string)($answer->data['text'] ?? ''),
				'problem' => is_string($answer->data['problem'] ?? null) ? $answer->data['problem'] : ''
			];
		} else {
			$json['error'] = $this->e($answer->down() || $answer->ok() ? $this->downText($answer) : ($answer->message !== '' ? $answer->message : $answer->problem));
		}

		$this->answerJson($json);
	}

	/**
	 * Save: the form laid over the stored document, validated by the sidecar, then only
	 * `module_rebound_email` of this store is written. JSON: success, or error[warning] and error[<path>].
	 *
	 * @return void
	 */
	public function save(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (($refusal = $this->storeRefusal()) !== '') {
			$json['error']['warning'] = $this->e($refusal);
		}

		$store_id = (int)($this->request->get['store_id'] ?? 0);

		if (!$json) {
			try {
				$setting = $this->setting();
				$stored = EmailForm::decode($setting->read($store_id));
			} catch (\Throwable $e) {
				$json['error']['warning'] = $this->e(sprintf($this->language->get('error_save'), $e->getMessage()));
			}
		}

		if (!$json) {
			// Request::clean() HTML-encoded every posted value; the document holds the text as typed.
			$posted = self::decoded($this->request->post);
			$languages = array_values(array_filter(array_keys((array)($posted['subjects'] ?? [])), [EmailApi::class, 'isLanguage']));
			$built = EmailForm::apply($stored, $posted, $languages);

			if ($built['errors']) {
				$json['error'] = $this->fieldErrors($built['errors']);
				$json['error']['warning'] = $this->e($this->language->get('error_form'));
			} else {
				$answer = $this->api()->validateSettings(EmailForm::encode($built['document']));

				if (!$answer->ok()) {
					$json['error'] = $this->fieldErrors($answer->fields);
					// Every refusal by path too: a field the form does not show (a stored review.delay_days) has no input to mark.
					$paths = implode('; ', array_map(static fn (string $path, string $message): string => $path . ': ' . $message, array_keys($answer->fields), $answer->fields));

					$json['error']['warning'] = $this->e($answer->down() ? sprintf($this->language->get('error_down'), $this->problemText($answer)) : sprintf($this->language->get('error_invalid'), trim($answer->message . ' ' . $paths)));
				} else {
					try {
						// What the owner chose, not every default: later versions' defaults still apply.
						$setting->write($store_id, EmailForm::encode($built['document']));

						$json['success'] = $this->e(sprintf($this->language->get('text_saved'), $this->stores()[$store_id]));
					} catch (\Throwable $e) {
						$json['error']['warning'] = $this->e(sprintf($this->language->get('error_save'), $e->getMessage()));
					}
				}
			}
		}

		$this->answerJson($json);
	}

	/**
	 * Suppressions: the table of addresses not to mail, filtered by a part of the address and the reason.
	 *
	 * @return void
	 */
	public function suppressions(): void {
		$this->load->language(self::ROUTE);

		$get = $this->request->get;
		$filters = [
			'email'  => trim(html_entity_decode((string)($get['filter_email'] ?? ''), ENT_QUOTES, 'UTF-8')),
			'reason' => in_array($get['filter_reason'] ?? '', EmailApi::SUPPRESSION_REASONS, true) ? (string)$get['filter_reason'] : ''
		];

		$page = max(1, (int)($get['page'] ?? 1));
		$limit = $this->limit();

		$answer = $this->api()->suppressions($filters, $page, $limit);

		$data = $this->fragment();
		$data['suppressions'] = [];
		$data['can_modify'] = $this->user->hasPermission('modify', self::ROUTE);

		if (!$answer->ok() || !is_array($answer->data['suppressions'] ?? null)) {
			$data['problem'] = $this->downText($answer->missing('suppressions'));

			$this->response->setOutput($this->load->view(self::ROUTE . '_suppressions', $data));

			return;
		}

		$data['suppressions'] = $this->view()->suppressions($answer->data['suppressions']);

		$data = $this->paging(self::ROUTE . '.suppressions', $filters, (int)($answer->data['total'] ?? 0), $page, $limit) + $data;

		$this->response->setOutput($this->load->view(self::ROUTE . '_suppressions', $data));
	}

	/**
	 * Unsuppress: the posted address may be mailed again. JSON: success, or error[warning].
	 *
	 * @return void
	 */
	public function unsuppress(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (($refusal = $this->refusal()) !== '') {
			$json['error']['warning'] = $this->e($refusal);
		}

		$email = trim(html_entity_decode((string)($this->request->post['email'] ?? ''), ENT_QUOTES, 'UTF-8'));

		if (!$json && (strlen($email) < 3 || strlen($email) > 255)) {
			$json['error']['warning'] = $this->e($this->language->get('error_email'));
		}

		if (!$json) {
			$answer = $this->api()->removeSuppression($email);

			if ($answer->ok()) {
				$json['success'] = $this->e(sprintf($this->language->get(!empty($answer->data['removed']) ? 'text_unsuppressed' : 'text_not_suppressed'), (string)($answer->data['email'] ?? $email)));
			} else {
				$json['error']['warning'] = $this->e($answer->down() ? $this->downText($answer) : ($answer->message !== '' ? $answer->message : $answer->problem));
			}
		}

		$this->answerJson($json);
	}

	/**
	 * Health: the worker's jobs (last run, lag, failures, dead letters), the email queue, and the SMTP
	 * server mail goes through.
	 *
	 * @return void
	 */
	public function health(): void {
		$this->load->language(self::ROUTE);

		$data = $this->fragment();
		$data['tasks'] = [];
		$data['email'] = [];
		$data['message'] = '';
		$data['smtp'] = [];

		$answer = $this->api()->jobs();

		if (!$answer->ok() || !is_array($answer->data['tasks'] ?? null)) {
			$data['problem'] = $this->downText($answer->missing('jobs'));

			$this->response->setOutput($this->load->view(self::ROUTE . '_health', $data));

			return;
		}

		$view = $this->view();
		$data = $view->health($answer->data) + $data;

		$settings = $this->api()->settings((int)($this->request->get['store_id'] ?? 0));

		if ($settings->ok() && is_array($settings->data['smtp'] ?? null)) {
			$data['smtp'] = $view->smtp($settings->data['smtp']);
		}

		$this->response->setOutput($this->load->view(self::ROUTE . '_health', $data));
	}

	/**
	 * Adds "Emails (Rebound)" under Marketing in the admin menu, for users who may open it.
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
		$this->addMenuEntry($data, 'menu-marketing', 'menu-rebound-email', 'fa-solid fa-envelope', 'email', function (): string {
			// Prefixed, so the page being rendered keeps its own language keys.
			$this->load->language(self::ROUTE, 'rebound_email');

			return $this->language->get('rebound_email_text_menu');
		});
	}

	/**
	 * @return array<string, mixed> what every fragment starts with
	 */
	private function fragment(): array {
		return [
			'problem'    => '',
			'settings'   => $this->url->link('extension/rebound/module/rebound', $this->token()),
			'pagination' => '',
			'results'    => ''
		];
	}

	/**
	 * Field errors by dotted path as OpenCart's form script finds them: `#input-<key>` and `#error-<key>`
	 * with '_' made '-' by the script and '.' made '-' here (`budget.window_days` => `budget-window-days`).
	 *
	 * @param array<string, string> $fields
	 *
	 * @return array<string, string>
	 */
	private function fieldErrors(array $fields): array {
		$errors = [];

		foreach ($fields as $path => $message) {
			$errors[str_replace('.', '-', (string)$path)] = $this->e($message);
		}

		return $errors;
	}

	/**
	 * Every posted string HTML-decoded, nested arrays included.
	 *
	 * @param array<mixed> $post
	 *
	 * @return array<mixed>
	 */
	private static function decoded(array $post): array {
		$out = [];

		foreach ($post as $key => $value) {
			if (is_array($value)) {
				$out[$key] = self::decoded($value);
			} elseif (is_string($value)) {
				$out[$key] = htmlspecialchars_decode($value, ENT_QUOTES);
			}
		}

		return $out;
	}

	/**
	 * The store's name and addresses that blank sender and owner fields stand for, as the sidecar reads them:
	 * the store's own `config` rows, else the default store's (the admin's config).
	 *
	 * @return array<string, mixed> store_id, config_name, config_email, config_mail_alert_email (HTML-decoded)
	 */
	private function storeConfig(int $store_id): array {
		$own = [];

		if ($store_id) {
			$this->load->model('setting/setting');

			$own = $this->model_setting_setting->getSetting('config', $store_id);
		}

		$config = ['store_id' => $store_id];

		foreach (['config_name', 'config_email', 'config_mail_alert_email'] as $key) {
			$value = $own[$key] ?? $this->config->get($key);
			$config[$key] = html_entity_decode(is_string($value) ? $value : '', ENT_QUOTES, 'UTF-8');
		}

		return $config;
	}

	/**
	 * @return array<string, string> code => name of the store's enabled languages
	 */
	private function languages(): array {
		$this->load->model('localisation/language');

		$languages = [];

		foreach ($this->model_localisation_language->getLanguages() as $language) {
			if (!empty($language['status']) && EmailApi::isLanguage((string)$language['code'])) {
				$languages[(string)$language['code']] = html_entity_decode((string)$language['name'], ENT_QUOTES, 'UTF-8');
			}
		}

		return $languages ?: ['en-gb' => 'English'];
	}

	private function api(): EmailApi {
		return EmailApi::fromSettings(fn (string $key): mixed => $this->config->get($key));
	}

	private function view(): EmailView {
		return new EmailView($this->text());
	}

	private function setting(): EmailSetting {
		return new EmailSetting(new OpencartConnection($this->db), DB_PREFIX);
	}
}
