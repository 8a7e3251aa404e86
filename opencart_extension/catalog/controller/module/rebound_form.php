<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoSettings;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\ReturnForm;
use Opencart\System\Library\Extension\Rebound\ReturnPhotos;
use Opencart\System\Library\Extension\Rebound\Returns;
use Opencart\System\Library\Extension\Rebound\Submission;
/**
 * Class ReboundForm: the return form (docs/returns-api.md, "Submitting a return") and the guest lookup,
 * reached through Rebound::returnForm() and Rebound::lookup().
 *
 * Works without JavaScript: a plain multipart POST with a per-form token kept in the session. The lines come
 * from the sidecar's eligibility (~300 ms), else from OpenCart's order (no policy shown; the sidecar decides
 * on arrival). A request goes to the outbox first and then to the sidecar (3 s): accepted shows the case,
 * refused shows the errors beside the lines, no answer shows "received". A token sends at most one request:
 * a reload shows the first answer again. Guests open an order with its number and email, for the session.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
class ReboundForm extends \Opencart\System\Engine\Controller {
	use ReboundPage;

	/** The most photos a shopper may attach to one line of a return. */

	/** @var ReturnPhotos|false|null the photos once looked for; false when this installation can't take them */
	private ReturnPhotos|false|null $photos = null;

	/**
	 * The return form for one order (GET shows it, POST sends the request). Without an order the shopper
	 * may open, the lookup form is shown instead.
	 *
	 * @return \Opencart\System\Engine\Action|null
	 */
	public function index(): ?object {
		$this->load->language('extension/rebound/module/rebound');

		if (!$this->config->get('module_rebound_status') && class_exists('Opencart\System\Engine\Action')) {
			return new \Opencart\System\Engine\Action('account/returns.add');
		}

		$order_id = (int)($this->request->get['order_id'] ?? 0);
		$access = $order_id ? $this->access($order_id) : [];

		if (!$access) {
			$this->showLookup(['order_id' => $order_id ?: '', 'email' => ''], $order_id && !$this->customer->isLogged() ? [] : ($order_id ? ['warning' => $this->language->get('error_not_found')] : []));

			return null;
		}

		if (($this->request->server['REQUEST_METHOD'] ?? 'GET') === 'POST') {
			$this->submit($access);
		} else {
			$this->showForm($access, $this->buildForm($access));
		}

		return null;
	}

	/**
	 * The guest lookup: order number and email (a logged-in customer needs only the number). On a match the
	 * order is opened for this session and its return form shown.
	 *
	 * @return void
	 */
	public function lookup(): void {
		$this->load->language('extension/rebound/module/rebound');

		$values = ['order_id' => '', 'email' => ''];
		$errors = [];

		if (($this->request->server['REQUEST_METHOD'] ?? 'GET') === 'POST' && $this->config->get('module_rebound_status')) {
			$values['order_id'] = trim((string)($this->request->post['order_id'] ?? ''));
			$values['email'] = trim(html_entity_decode((string)($this->request->post['email'] ?? ''), ENT_QUOTES, 'UTF-8'));

			$errors = $this->checkLookup((string)($this->request->post['lookup_token'] ?? ''), $values);

			if (!$errors) {
				$access = $this->access((int)$values['order_id']);

				if ($access) {
					$this->showForm($access, $this->buildForm($access));

					return;
				}
			}
		}

		$this->showLookup($values, $errors);
	}

	/**
	 * The order and who is asking, when this shopper may open it: its logged-in customer, or a guest (or a
	 * customer, for an order placed as a guest) who found it with its email in this session. [] otherwise.
	 *
	 * @return array{order: array<string, mixed>, customer_id: int, email: string}|array{}
	 */
	private function access(int $order_id): array {
		$this->load->model('extension/rebound/module/rebound');

		$order = $this->model_extension_rebound_module_rebound->getOrder($order_id);

		if (!$order) {
			return [];
		}

		if ($this->customer->isLogged() && $order['customer_id'] === (int)$this->customer->getId()) {
			return ['order' => $order, 'customer_id' => $order['customer_id'], 'email' => (string)$this->customer->getEmail()];
		}

		$granted = $this->session->data['rebound_orders'][$order_id] ?? null;

		if ($order['customer_id'] === 0 && is_string($granted) && hash_equals(strtolower(trim($order['email'])), $granted)) {
			return ['order' => $order, 'customer_id' => 0, 'email' => $order['email']];
		}

		return [];
	}

	/**
	 * Checks a lookup POST and, on a match, opens the order for this session; returns the errors.
	 *
	 * @param array{order_id: string, email: string} $values
	 *
	 * @return array<string, string>
	 */
	private function checkLookup(string $token, array $values): array {
		$session = &$this->session->data;
		$errors = [];

		if ($token === '' || !hash_equals((string)($session['rebound_lookup_token'] ?? ''), $token)) {
			return ['warning' => $this->language->get('error_token')];
		}

		// A few wrong guesses are typos; many are someone trying order numbers.
		$failures = array_filter((array)($session['rebound_lookup_failures'] ?? []), static fn ($time): bool => $time > time() - 900);

		if (count($failures) >= 10) {
			return ['warning' => $this->language->get('error_attempts')];
		}

		if (!preg_match('/^[0-9]{1,10}$/D', $values['order_id'])) {
			$errors['order_id'] = $this->language->get('error_order_id');
		}

		if (!$this->customer->isLogged() && !filter_var($values['email'], FILTER_VALIDATE_EMAIL)) {
			$errors['email'] = $this->language->get('error_email');
		}

		if ($errors) {
			return $errors;
		}

		$this->load->model('extension/rebound/module/rebound');

		$order = $this->model_extension_rebound_module_rebound->getOrder((int)$values['order_id']);
		$matches = $order && strcasecmp(trim($order['email']), $values['email']) === 0;

		if ($order && $this->customer->isLogged() && $order['customer_id'] === (int)$this->customer->getId()) {
			return [];
		}

		if ($matches && $order['customer_id'] === 0) {
			$session['rebound_orders'][$order['order_id']] = strtolower(trim($order['email']));

			return [];
		}

		if ($matches) {
			// The email proves the shopper knows the order: say that it needs the account's login.
			$session['redirect'] = str_replace('&amp;', '&', $this->formLink($order['order_id']));

			return ['warning_html' => sprintf($this->language->get('text_login_for_order'), $this->url->link('account/login', 'language=' . $this->config->get('config_language')))];
		}

		$failures[] = time();
		$session['rebound_lookup_failures'] = array_values($failures);

		return ['warning' => $this->language->get('error_not_found')];
	}

	/**
	 * @param array{order_id: int|string, email: string} $values
	 * @param array<string, string>                      $errors
	 */
	private function showLookup(array $values, array $errors): void {
		$data = $this->page($this->language->get('heading_lookup'), $this->url->link('extension/rebound/module/rebound.lookup', 'language=' . $this->config->get('config_language')));

		$this->session->data['rebound_lookup_token'] = bin2hex(random_bytes(13));

		$data['action'] = $this->url->link('extension/rebound/module/rebound.lookup', 'language=' . $this->config->get('config_language'));
		$data['lookup_token'] = $this->session->data['rebound_lookup_token'];
		$data['order_id'] = (string)$values['order_id'];
		$data['email'] = $values['email'] !== '' ? $values['email'] : (string)$this->customer->getEmail();
		$data['logged'] = $this->customer->isLogged();
		$data['text_lookup_logged_html'] = sprintf($this->language->get('text_lookup_logged'), $this->url->link('account/order', 'language=' . $this->config->get('config_language') . '&customer_token=' . ($this->session->data['customer_token'] ?? '')));
		$data['errors'] = $errors;
		$data['enabled'] = (bool)$this->config->get('module_rebound_status');

		$this->render('extension/rebound/module/rebound_lookup', $data);
	}

	/**
	 * The form's lines: from the sidecar when it answers in time, else from OpenCart's order.
	 *
	 * @param array{order: array<string, mixed>, customer_id: int, email: string} $access
	 */
	private function buildForm(array $access): ReturnForm {
		$order = $access['order'];
		// The shopper waits for this page anyway: a longer cap than the order pages' ~300 ms.
		$answer = $this->returns()->eligibility($order['order_id'], $access['customer_id'], $access['customer_id'] ? '' : $access['email'], Returns::FORM_TIMEOUT);

		if ($answer->ok()) {
			return ReturnForm::fromEligibility($answer->data);
		}

		$model = $this->model_extension_rebound_module_rebound;

		return ReturnForm::fallback($model->getOrderLines($order['order_id']), $model->getReturnReasons((int)$this->config->get('config_language_id')), (string)$order['currency_code'], ReturnForm::offeredResolutions($this->config->get('module_rebound_policy')));
	}

	/**
	 * A POST of the return form: check, record, send, and show the outcome.
	 *
	 * @param array{order: array<string, mixed>, customer_id: int, email: string} $access
	 */
	private function submit(array $access): void {
		$order = $access['order'];
		$post = $this->request->post;
		$token = (string)($post['form_token'] ?? '');
		$forms = &$this->session->data['rebound_forms'];

		if (!$post && (int)($this->request->server['CONTENT_LENGTH'] ?? 0) > 0) {
			// Over post_max_size PHP drops the whole body: nothing of the request arrived.
			$this->showForm($access, $this->buildForm($access), [], ['warning' => sprintf($this->language->get('error_too_large'), ini_get('post_max_size'))]);

			return;
		}

		if ($token === '' || !is_array($forms[$token] ?? null) || ($forms[$token]['order_id'] ?? 0) !== $order['order_id']) {
			$this->showForm($access, $this->buildForm($access), $post, ['warning' => $this->language->get('error_token')]);

			return;
		}

		if (!empty($forms[$token]['result'])) {
			// Sent before (a reload or a second click): show what happened then, send nothing again.
			$this->showResult($forms[$token]['result'], true);

			return;
		}

		// Checked against the policy as it is now, not as it was when the form was shown.
		$form = $this->buildForm($access);

		$photos = ReturnPhotos::fields($this->request->files);
		$checked = $form->validate($post, array_map(static fn (array $field): int => count($field['error']), $photos));

		if ($checked['errors']) {
			$this->showForm($access, $form, $post, $this->errorTexts($checked['errors']));

			return;
		}

		$stored = $this->storePhotos($checked['lines'], $photos, $access);

		if ($stored['errors']) {
			$this->showForm($access, $form, $post, $stored['errors']);

			return;
		}

		$lines = [];

		foreach ($checked['lines'] as $line) {
			$lines[] = $line + ['photo_ids' => $stored['ids'][$line['order_product_id']] ?? []];
		}

		$submission = $this->returns()->submit([
			'order_id'    => $order['order_id'],
			'customer_id' => $access['customer_id'],
			'email'       => $access['email'],
			'lines'       => $lines,
			// Plain text: the sidecar encodes it the way OpenCart stores form input.
			'comment'     => html_entity_decode(trim((string)($post['comment'] ?? '')), ENT_QUOTES, 'UTF-8'),
			'language_id' => (int)$this->config->get('config_language_id')
		], $order['store_id']);

		if ($submission->outcome === Submission::FAILED) {
			$this->showForm($access, $form, $post, ['warning' => $this->language->get('error_failed')]);

			return;
		}

		if ($submission->outcome === Submission::REFUSED) {
			$errors = ReturnForm::sidecarErrors($submission->errors, $lines);
			// Only the items' own errors: the alert points at them instead of ending on a colon.
			$general = array_filter(array_keys($errors), static fn (string $key): bool => $key !== 'comment' && !str_starts_with($key, 'lines.'));
			$this->showForm($access, $form, $post, ['warning' => $this->language->get($general ? 'error_refused' : 'error_refused_items')] + $errors);

			return;
		}

		$result = ['outcome' => $submission->outcome, 'order_id' => $order['order_id']];

		if ($submission->outcome === Submission::ACCEPTED) {
			$result['reference'] = (string)$submission->case['reference'];
			$result['status'] = (string)($submission->case['status'] ?? '');
			$result['status_text'] = (string)($submission->case['status_text'] ?? '');
			$result['track'] = $this->trackLink($result['reference'], $access['customer_id'], $access['email']);
		}

		$forms[$token]['result'] = $result;

		$this->showResult($result, false);
	}

	/**
	 * @param array{order: array<string, mixed>, customer_id: int, email: string} $access
	 * @param array<string, mixed>                                                $post   what was posted, to show again
	 * @param array<string, string>                                               $errors `warning`, `lines.<id>.<field>`, `comment`, …
	 */
	private function showForm(array $access, ReturnForm $form, array $post = [], array $errors = []): void {
		$order = $access['order'];

		$data = $this->page($this->language->get('heading_title'), $this->formLink($order['order_id']));

		// One token per form shown; the last few stay valid (several tabs), each is sent at most once.
		$token = bin2hex(random_bytes(16));
		$forms = array_slice((array)($this->session->data['rebound_forms'] ?? []), -9, null, true);
		$forms[$token] = ['order_id' => $order['order_id'], 'result' => null];
		$this->session->data['rebound_forms'] = $forms;

		$data['form_token'] = $token;
		$data['action'] = $this->formLink($order['order_id']);
		$data['order_id'] = $order['order_id'];
		$data['text_order_lines'] = sprintf($this->language->get('text_order_lines'), $order['order_id'], $this->date((string)$order['date_added']));
		$data['precise'] = $form->precise;
		$data['policy_text'] = $form->policyText;
		$data['blocked'] = $form->blocked;
		$data['deadline'] = $form->deadline !== '' && $form->returnable() ? sprintf($this->language->get('text_deadline'), $this->date($form->deadline)) : '';
		$data['returnable'] = $form->returnable();
		$data['comment'] = html_entity_decode((string)($post['comment'] ?? ''), ENT_QUOTES, 'UTF-8');
		$data['errors'] = $errors;
		$data['error_comment'] = $errors['comment'] ?? '';
		$data['photos_enabled'] = $this->photos() !== null;
		$data['text_photos_limit'] = sprintf($this->language->get('text_photos_limit'), $this->photoSettings()->maxPhotos, PhotoSanitizer::megabytes($this->photoMaxBytes()), PhotoSanitizer::megabytes(PhotoSanitizer::bytesFromIni((string)ini_get('post_max_size'))));
		$data['core_form'] = sprintf($this->language->get('text_core_form'), $this->url->link('account/returns.add', 'language=' . $this->config->get('config_language') . '&order_id=' . $order['order_id'] . '&rebound=off'));

		$posted = is_array($post['lines'] ?? null) ? $post['lines'] : null;
		$chosen = $this->preselected($form);

		$data['lines'] = [];

		foreach ($form->lines as $line) {
			$id = $line['order_product_id'];

			if ($posted !== null) {
				$input = is_array($posted[$id] ?? null) ? $posted[$id] : [];
			} else {
				$input = ['quantity' => $id === $chosen ? 1 : 0, 'resolution' => (string)array_key_first($line['offers'])];
			}

			$data['lines'][] = $this->lineView($form, $line, $input, $errors);
		}

		$this->render('extension/rebound/module/rebound_form', $data);
	}

	/**
	 * The line a fresh form starts with one item of: the line the shopper came from (`order_product_id`, or
	 * OpenCart's `product_id`), or the only line that can be returned; 0 for none.
	 */
	private function preselected(ReturnForm $form): int {
		$order_product_id = (int)($this->request->get['order_product_id'] ?? 0);
		$product_id = (int)($this->request->get['product_id'] ?? 0);
		$eligible = array_values(array_filter($form->lines, static fn (array $line): bool => $line['eligible']));

		foreach ($eligible as $line) {
			if (($order_product_id && $line['order_product_id'] === $order_product_id) || (!$order_product_id && $product_id && $line['product_id'] === $product_id)) {
				return $line['order_product_id'];
			}
		}

		return count($eligible) === 1 && !$order_product_id && !$product_id ? $eligible[0]['order_product_id'] : 0;
	}

	/**
	 * One line of the form as the template shows it.
	 *
	 * @param array<string, mixed>  $line
	 * @param array<string, mixed>  $input  the line's posted (or preselected) values
	 * @param array<string, string> $errors
	 *
	 * @return array<string, mixed>
	 */
	private function lineView(ReturnForm $form, array $line, array $input, array $errors): array {
		$id = $line['order_product_id'];

		$reasons = [];

		foreach ($line['reason_ids'] as $reason_id) {
			$reasons[] = ['reason_id' => $reason_id, 'name' => $form->reasons[$reason_id] ?? '#' . $reason_id, 'photos' => ReturnForm::photosRequired($line, $reason_id)];
		}

		$offers = [];

		foreach ($line['offers'] as $resolution => $offer) {
			if ($resolution === 'store_credit' && (float)$offer['bonus_percent'] > 0) {
				$label = sprintf($this->language->get('text_resolution_bonus'), rtrim(rtrim($offer['bonus_percent'], '0'), '.'));
			} else {
				$label = $this->language->get('text_resolution_' . $resolution);
			}

			$options = [];

			foreach ($offer['options'] as $value_id => $option) {
				$options[] = ['id' => $value_id, 'label' => trim($option['name'] . ': ' . $option['value'], ': ')];
			}

			$offers[] = ['resolution' => $resolution, 'label' => $label, 'options' => $options];
		}

		$line_errors = [];

		foreach ($errors as $key => $text) {
			if (str_starts_with($key, 'lines.' . $id . '.')) {
				$line_errors[] = $text;
			}
		}

		$photo_names = [];
		$photo_refused = isset($errors['lines.' . $id . '.photo_ids']);

		foreach ($line['photos_required_for'] as $reason_id) {
			$photo_names[] = $form->reasons[$reason_id] ?? '#' . $reason_id;
		}

		return [
			'id'                       => $id,
			'name'                     => $line['name'],
			'model'                    => $line['model'],
			'options'                  => $line['options'],
			'eligible'                 => $line['eligible'] && $form->blocked === '',
			'bought'                   => $line['bought'],
			'returnable'               => $line['returnable'],
			'already_returned'         => $line['already_returned'],
			'quantities'               => $line['eligible'] ? range(0, $line['returnable']) : [0],
			'deadline'                 => $line['deadline'] !== '' ? sprintf($this->language->get('text_line_deadline'), $this->date($line['deadline'])) : '',
			'why'                      => array_column($line['blocks'], 'text'),
			'notes'                    => array_column($line['notes'], 'text'),
			'reasons'                  => $reasons,
			'offers'                   => $offers,
			'free_return_shipping'     => $line['free_return_shipping'],
			'text_paid_shipping'       => $this->language->get($line['fault_reason_ids'] ? 'text_paid_shipping_fault' : 'text_paid_shipping'),
			'restocking_fee'           => (float)$line['restocking_fee'] > 0 ? sprintf($this->language->get($line['fault_reason_ids'] ? 'text_restocking_fee_fault' : 'text_restocking_fee'), $this->money($line['restocking_fee'], $form->currencyCode)) : '',
			'photos'                   => $line['photos_required_for'] ? 'required' : ($line['photos_optional'] ? 'optional' : ''),
			'text_photos_for'          => $photo_names ? sprintf($this->language->get('text_photos_for'), ReturnForm::nameList($photo_names, $this->language->get('text_photos_for_name'), $this->language->get('text_photos_for_separator'))) : '',
			// The plain view learns that the chosen reason needs photos only from the sidecar's refusal.
			'photos_refused'           => $photo_refused,
			'quantity'                 => (int)($input['quantity'] ?? 0),
			'reason_id'                => (int)($input['reason_id'] ?? 0),
			'resolution'               => (string)($input['resolution'] ?? ''),
			'exchange_option_value_id' => (int)($input['exchange_option_value_id'] ?? 0),
			'opened'                   => !empty($input['opened']),
			'errors'                   => $line_errors
		];
	}

	/**
	 * @param array<string, string> $result outcome, order_id, and for an accepted request reference, status, track
	 */
	private function showResult(array $result, bool $repeated): void {
		$data = $this->page($this->language->get('heading_result'), $this->formLink((int)$result['order_id']));

		$data['outcome'] = $result['outcome'];
		$data['repeated'] = $repeated;
		$data['reference'] = $result['reference'] ?? '';
		$data['status'] = isset($result['status']) ? $this->statusText($result['status'], $result['status_text'] ?? '') : '';
		$data['track'] = $result['track'] ?? '';

		$this->render('extension/rebound/module/rebound_result', $data);
	}

	/**
	 * validate()'s error codes as the language file's texts.
	 *
	 * @param array<string, string> $errors
	 *
	 * @return array<string, string>
	 */
	private function errorTexts(array $errors): array {
		$texts = ['warning' => $this->language->get('error_form')];

		foreach ($errors as $key => $code) {
			$texts[$key] = $this->language->get('error_' . $code);
		}

		if (isset($texts['lines'])) {
			$texts['warning'] = $texts['lines'];
			unset($texts['lines']);
		}

		return $texts;
	}

	/**
	 * The photos of this installation, or null where photos can't be taken (no image library, or the photo
	 * classes missing): the form then shows no photo field.
	 */
	private function photos(): ?ReturnPhotos {
		if ($this->photos !== null) {
			return $this->photos ?: null;
		}

		$this->photos = false;

		if (!defined('DIR_STORAGE') || !class_exists(PhotoSanitizer::class)) {
			return null;
		}

		try {
			$sanitizer = new PhotoSanitizer(DIR_STORAGE . 'rebound/photos/', $this->photoMaxBytes());
			$log = function (string $line): void {
				$this->log->write($line);
			};

			$this->photos = new ReturnPhotos($sanitizer, new PhotoStore(new OpencartConnection($this->db), DB_PREFIX, $sanitizer->files), $this->photoSettings()->maxPhotos, true, $log);
		} catch (\Throwable $e) {
			$this->logError('photos', $e);
		}

		return $this->photos ?: null;
	}

	/**
	 * Stores the photos of the lines being returned; their ids per line, or the errors beside the lines.
	 *
	 * @param list<array<string, mixed>>                                          $lines  the event's lines
	 * @param array<int, array<string, list<int|string>>>                        $fields ReturnPhotos::fields()
	 * @param array{order: array<string, mixed>, customer_id: int, email: string} $access
	 *
	 * @return array{ids: array<int, list<string>>, errors: array<string, string>}
	 */
	private function storePhotos(array $lines, array $fields, array $access): array {
		$line_ids = array_column($lines, 'order_product_id');

		if (!array_intersect_key($fields, array_flip($line_ids))) {
			return ['ids' => [], 'errors' => []];
		}

		$photos = $this->photos();

		if (!$photos) {
			// The form shows no photo field then; a hand-made POST with files gets this answer.
			$errors = [];

			foreach (array_keys(array_intersect_key($fields, array_flip($line_ids))) as $order_product_id) {
				$errors['lines.' . $order_product_id . '.photo_ids'] = $this->language->get('text_photos_unavailable');
			}

			return ['ids' => [], 'errors' => ['warning' => $this->language->get('error_form')] + $errors];
		}

		$stored = $photos->store($fields, $line_ids, $access['order']['store_id'], $access['customer_id']);

		if (!$stored['errors']) {
			return ['ids' => $stored['ids'], 'errors' => []];
		}

		$errors = ['warning' => $this->language->get('error_form')];

		foreach ($stored['errors'] as $order_product_id => $message) {
			$errors['lines.' . $order_product_id . '.photo_ids'] = sprintf($this->language->get('error_photo_upload'), $message);
		}

		return ['ids' => [], 'errors' => $errors];
	}

	/**
	 * The largest photo accepted: the sanitizer's limit, or PHP's upload_max_filesize when lower.
	 */
	/**
	 * The owner's photo limits (Extensions > Modules > Rebound), the same as the review form's.
	 */
	private function photoSettings(): PhotoSettings {
		return PhotoSettings::fromConfig(fn (string $key): mixed => $this->config->get($key));
	}

	private function photoMaxBytes(): int {
		return $this->photoSettings()->maxBytes((string)ini_get('upload_max_filesize'));
	}
}
