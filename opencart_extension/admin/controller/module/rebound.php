<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\AdminPage;
use Opencart\System\Library\Extension\Rebound\Client;
use Opencart\System\Library\Extension\Rebound\ClientResponse;
use Opencart\System\Library\Extension\Rebound\ConnectionCheck;
use Opencart\System\Library\Extension\Rebound\EventTriggers;
use Opencart\System\Library\Extension\Rebound\PhotoSettings;
use Opencart\System\Library\Extension\Rebound\SidecarSecret;
use Opencart\System\Library\Extension\Rebound\StorageExposure;
/**
 * Class Rebound: install and uninstall, the settings page (status, sidecar URL, secret and its
 * rotation, Test connection, deleting Rebound's data) and the upgrade step's events. The admin-side
 * handlers that record events for the sidecar are in event/handlers.php.
 *
 * @package Opencart\Admin\Controller\Extension\Rebound\Module
 */
class Rebound extends \Opencart\System\Engine\Controller {
	use AdminPage;

	public const ROUTE = 'extension/rebound/module/rebound';
	/** How long a rotated-out secret is still sent, in seconds. */
	public const ROTATION_GRACE = SidecarSecret::ROTATION_GRACE;
	public const DEFAULT_SIDECAR_URL = 'http://127.0.0.1:8765';
	/** Rebound's other admin pages: their own routes, so their own permissions (Users > User Groups). */
	public const PAGES = ['extension/rebound/sale/returns', 'extension/rebound/sale/return_policy', 'extension/rebound/marketing/emails', 'extension/rebound/insight/analytics', 'extension/rebound/catalog/reviews'];

	/**
	 * Index: the settings page.
	 *
	 * @return void
	 */
	public function index(): void {
		// Opening the settings page brings events, statuses, permissions and tables up to date.
		$this->upgrade();

		$this->load->language(self::ROUTE);

		$this->document->setTitle($this->language->get('heading_title'));

		$token = $this->token();

		$data['breadcrumbs'] = [];

		$data['breadcrumbs'][] = [
			'text' => $this->language->get('text_home'),
			'href' => $this->url->link('common/dashboard', $token)
		];

		$data['breadcrumbs'][] = [
			'text' => $this->language->get('text_extension'),
			'href' => $this->url->link('marketplace/extension', $token . '&type=module')
		];

		$data['breadcrumbs'][] = [
			'text' => $this->language->get('heading_title'),
			'href' => $this->url->link('extension/rebound/module/rebound', $token)
		];

		$data['save'] = $this->url->link('extension/rebound/module/rebound.save', $token);
		$data['rotate'] = $this->url->link('extension/rebound/module/rebound.rotate', $token);
		$data['test'] = $this->url->link('extension/rebound/module/rebound.test', $token);
		$data['delete_data'] = $this->url->link('extension/rebound/module/rebound.deleteData', $token);
		$data['back'] = $this->url->link('marketplace/extension', $token . '&type=module');
		// A button to each of Rebound's pages this user may open.
		foreach (array_combine(['returns', 'policy', 'emails', 'analytics', 'reviews'], self::PAGES) as $key => $route) {
			$data[$key] = $this->user->hasPermission('access', $route) ? $this->url->link($route, $token) : '';
		}

		$this->load->model('setting/setting');

		$settings = $this->model_setting_setting->getSetting('module_rebound');

		$data['module_rebound_status'] = $settings['module_rebound_status'] ?? '';
		$data['module_rebound_sidecar_url'] = $settings['module_rebound_sidecar_url'] ?? self::DEFAULT_SIDECAR_URL;

		$photos = PhotoSettings::fromConfig(static fn (string $key): mixed => $settings[$key] ?? null);

		$data['module_rebound_review_photo_auto'] = $photos->autoApprove;
		$data['module_rebound_photo_max'] = $photos->maxPhotos;
		$data['module_rebound_photo_max_mb'] = $photos->maxMegabytes;
		$data['photo_limit_max'] = PhotoSettings::LIMIT_MAX;
		$data['photo_limit_max_mb'] = PhotoSettings::LIMIT_MAX_MB;
		$data['upload_max_filesize'] = (string)ini_get('upload_max_filesize');

		// Photos live in OpenCart's storage folder; inside the web root only Apache obeys Rebound's .htaccess.
		$data['storage_rule'] = '';
		$public = defined('DIR_STORAGE') && defined('DIR_OPENCART') ? StorageExposure::publicPath(DIR_STORAGE, DIR_OPENCART) : null;

		if ($public !== null) {
			$store = defined('HTTP_CATALOG') ? (string)HTTP_CATALOG : '';
			$data['storage_directory'] = DIR_STORAGE;
			$data['storage_url'] = rtrim($store, '/') . '/' . $public . 'rebound/photos/';
			$data['storage_rule'] = StorageExposure::nginxRule(StorageExposure::urlPath($store, $public));
		}

		$data['can_modify'] = $this->user->hasPermission('modify', self::ROUTE);

		// The secret is shown once, to someone allowed to rotate it; after that only rotating shows one.
		$data['secret'] = '';
		$data['environment'] = '';

		if ($data['can_modify'] && empty($settings['module_rebound_secret_shown']) && !empty($settings['module_rebound_secret'])) {
			$data['secret'] = $settings['module_rebound_secret'];
			$data['environment'] = SidecarSecret::environment($settings, time(), $this->storeLocation());

			// One UPDATE: editSetting() would briefly remove every Rebound setting while the store runs.
			if (array_key_exists('module_rebound_secret_shown', $settings)) {
				$this->model_setting_setting->editValue('module_rebound', 'module_rebound_secret_shown', '1');
			} else {
				$this->model_setting_setting->editSetting('module_rebound', ['module_rebound_secret_shown' => '1'] + $settings);
			}
		}

		$until = (int)($settings['module_rebound_secret_previous_until'] ?? 0);

		if (!empty($settings['module_rebound_secret_previous']) && $until > time()) {
			$data['text_previous'] = sprintf($this->language->get('text_previous_until'), date($this->language->get('datetime_format'), $until));
		} else {
			$data['text_previous'] = '';
		}

		// Rebound's tables: what this database has, against what this extension ships.
		$this->load->model('extension/rebound/module/rebound');

		$migrator = $this->model_extension_rebound_module_rebound->getMigrator();

		$version = $migrator->currentVersion();
		$latest = $migrator->latest();

		if ($version === null) {
			$data['text_schema'] = $this->language->get('text_schema_missing');
			$data['schema_ok'] = false;
		} elseif ($version < $latest) {
			$data['text_schema'] = sprintf($this->language->get('text_schema_behind'), $version, $latest);
			$data['schema_ok'] = false;
		} else {
			$data['text_schema'] = sprintf($this->language->get('text_schema'), $version, $latest);
			$data['schema_ok'] = true;
		}

		$data['text_uninstall_keeps'] = sprintf($this->language->get('text_uninstall_keeps'), DB_PREFIX . 'rebound_*');

		$data['user_token'] = $this->session->data['user_token'];

		$data['header'] = $this->load->controller('common/header');
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['footer'] = $this->load->controller('common/footer');

		$this->response->setOutput($this->load->view('extension/rebound/module/rebound', $data));
	}

	/**
	 * Save: status and sidecar URL; creates or upgrades Rebound's tables when enabled.
	 *
	 * @return void
	 */
	public function save(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (!$this->user->hasPermission('modify', self::ROUTE)) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}

		$status = !empty($this->request->post['module_rebound_status']) ? '1' : '0';
		$url = trim(html_entity_decode((string)($this->request->post['module_rebound_sidecar_url'] ?? ''), ENT_QUOTES, 'UTF-8'));

		if (Client::checkUrl($url) !== '') {
			$json['error']['sidecar_url'] = $this->language->get('error_sidecar_url');
		}

		$photos = PhotoSettings::fromPost($this->request->post);

		foreach ($photos['errors'] as $key => $error) {
			$json['error'][substr($key, strlen('module_rebound_'))] = sprintf($this->language->get($error), PhotoSettings::LIMIT_MAX);
		}

		if (!$json && $status === '1') {
			$this->load->model('extension/rebound/module/rebound');

			try {
				$this->model_extension_rebound_module_rebound->getMigrator()->migrate();
			} catch (\Throwable $e) {
				$json['error']['warning'] = sprintf($this->language->get('error_migrate'), $e->getMessage());
			}
		}

		if (!$json) {
			// editSetting() replaces every module_rebound_* key: keep the secrets and anything else stored.
			$this->load->model('setting/setting');

			$settings = $this->model_setting_setting->getSetting('module_rebound');

			$settings['module_rebound_status'] = $status;
			$settings['module_rebound_sidecar_url'] = $url;

			$settings = $photos['settings'] + $settings;

			$this->model_setting_setting->editSetting('module_rebound', $settings);

			$json['success'] = $this->language->get('text_success');
		}

		$this->answerJson($json);
	}

	/**
	 * Rotate: a new current secret; the old one is still sent beside it for ROTATION_GRACE.
	 *
	 * @return void
	 */
	public function rotate(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (!$this->user->hasPermission('modify', self::ROUTE)) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}

		if (!$json) {
			$this->load->model('setting/setting');

			$settings = $this->model_setting_setting->getSetting('module_rebound');

			$now = time();
			$until = $now + SidecarSecret::ROTATION_GRACE;

			$settings = SidecarSecret::rotate($settings, $now);

			$this->model_setting_setting->editSetting('module_rebound', $settings);

			$json['secret'] = $settings['module_rebound_secret'];
			$json['environment'] = SidecarSecret::environment($settings, $now, $this->storeLocation());
			$json['success'] = sprintf($this->language->get('text_rotated'), date($this->language->get('datetime_format'), $until));
		}

		$this->answerJson($json);
	}

	/**
	 * Test connection: a signed GET /v1/health, read into facts or exactly what is wrong.
	 *
	 * @return void
	 */
	public function test(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (!$this->user->hasPermission('modify', self::ROUTE)) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}

		// The URL in the form, so it can be tried before saving; the secrets as stored.
		$url = trim(html_entity_decode((string)($this->request->post['module_rebound_sidecar_url'] ?? $this->config->get('module_rebound_sidecar_url')), ENT_QUOTES, 'UTF-8'));

		if (Client::checkUrl($url) !== '') {
			$json['error']['sidecar_url'] = $this->language->get('error_sidecar_url');
		}

		$this->load->model('setting/setting');

		$settings = $this->model_setting_setting->getSetting('module_rebound');

		$secret = (string)($settings['module_rebound_secret'] ?? '');
		$previous = (string)($settings['module_rebound_secret_previous'] ?? '');
		$until = (int)($settings['module_rebound_secret_previous_until'] ?? 0);

		if (!$json && !preg_match('/^[0-9a-f]{64}$/D', $secret)) {
			$json['error']['warning'] = $this->language->get('error_secret');
		}

		if (!$json) {
			$this->load->model('extension/rebound/module/rebound');

			$latest = $this->model_extension_rebound_module_rebound->getMigrator()->latest();

			$check = new ConnectionCheck(static fn (string $url, string $secret): ClientResponse => (new Client($url, $secret))->health(), fn (string $key): string => (string)$this->language->get($key));

			$json = $check->run($url, $secret, $previous, $until, $latest, time(), $this->language->get('datetime_format'));
		}

		$this->answerJson($json);
	}

	/**
	 * Delete data: drops every Rebound table (after the page's confirmation) and disables Rebound.
	 *
	 * @return void
	 */
	public function deleteData(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		if (!$this->user->hasPermission('modify', self::ROUTE)) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}

		// The page asks first and then posts confirm=delete; a plain link or a GET does nothing.
		if (!$json && (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST' || ($this->request->post['confirm'] ?? '') !== 'delete')) {
			$json['error']['warning'] = $this->language->get('error_confirm');
		}

		if (!$json) {
			// Disable first, so no handler writes into a table that is about to go.
			$this->load->model('setting/setting');

			$settings = $this->model_setting_setting->getSetting('module_rebound');

			$settings['module_rebound_status'] = '0';

			$this->model_setting_setting->editSetting('module_rebound', $settings);

			$this->load->model('extension/rebound/module/rebound');

			$dropped = $this->model_extension_rebound_module_rebound->deleteData();

			$json['success'] = $dropped ? sprintf($this->language->get('text_deleted'), implode(', ', $dropped)) : $this->language->get('text_deleted_none');
		}

		$this->answerJson($json);
	}

	/**
	 * Install (Extensions > Extensions > Modules > Rebound > Install): settings with a new secret, then the
	 * upgrade step (events, return statuses, permissions, kept settings, tables).
	 * OpenCart has already granted the installing user's group access and modify on the settings page;
	 * the upgrade step gives every group allowed there Rebound's other pages (PAGES).
	 *
	 * @return void
	 */
	public function install(): void {
		if (!$this->user->hasPermission('modify', 'extension/module')) {
			return;
		}

		$this->load->model('setting/setting');

		// Uninstall removed the module's settings, so the secret is new. What the owner wrote (the policy,
		// email settings, sidecar URL) waited aside and the upgrade step below puts it back.
		$settings = $this->model_setting_setting->getSetting('module_rebound');

		$this->model_setting_setting->editSetting('module_rebound', [
			'module_rebound_status'       => '1',
			'module_rebound_sidecar_url'  => $settings['module_rebound_sidecar_url'] ?? self::DEFAULT_SIDECAR_URL,
			'module_rebound_secret'       => SidecarSecret::create(),
			'module_rebound_secret_shown' => '0'
		] + $settings);

		// The tables come last in it, so a database user without CREATE still gets a working install: the
		// settings page then says the tables are missing, and saving it retries and shows the database's error.
		$this->upgrade();
	}

	/**
	 * Uninstall: removes the event handlers and settings; Rebound's tables and their data stay, and so do
	 * the policy, email settings and sidecar URL (moved aside by keepSettings() just before OpenCart
	 * deleted the module's settings).
	 *
	 * @return void
	 */
	public function uninstall(): void {
		if (!$this->user->hasPermission('modify', 'extension/module')) {
			return;
		}

		$this->load->model('extension/rebound/module/rebound');

		$this->model_extension_rebound_module_rebound->deleteEvents();

		$this->load->model('setting/setting');

		if (defined('VERSION') && EventTriggers::before41((string)VERSION)) {
			// 4.0.2.x has no deleteSettingsByCode(); its uninstall already deleted module_rebound in every store.
			$this->model_setting_setting->deleteSetting('module_rebound');
		} else {
			$this->model_setting_setting->deleteSettingsByCode('module_rebound');
		}
	}

	/**
	 * Runs the upgrade step on any admin page when the installed files' version differs from the one it
	 * last ran for, e.g. after new files were copied over an install.
	 *
	 * Trigger: admin/controller/common/column_left/before
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 *
	 * @return void
	 */
	public function upgradeCheck(string &$route = '', array &$args = []): void {
		try {
			$this->load->model('extension/rebound/module/rebound');

			if ($this->model_extension_rebound_module_rebound->upgradeNeeded($this->config->get('module_rebound_version'))) {
				$this->upgrade();
			}
		} catch (\Throwable $e) {
			$this->log->write('Rebound: could not check its version: ' . substr($e->getMessage(), 0, 500));
		}
	}

	/**
	 * Keeps the policy, email settings and sidecar URL when Rebound is uninstalled: OpenCart deletes every
	 * module_rebound setting right after this, before it calls uninstall().
	 *
	 * Trigger: admin/model/setting/extension.uninstall/before (args: type, code)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 *
	 * @return void
	 */
	public function keepSettings(string &$route = '', array &$args = []): void {
		try {
			if (($args[0] ?? '') !== 'module' || ($args[1] ?? '') !== 'rebound') {
				return;
			}

			$this->load->model('extension/rebound/module/rebound');

			$this->model_extension_rebound_module_rebound->keepSettings();
		} catch (\Throwable $e) {
			$this->log->write('Rebound: could not keep its settings over the uninstall: ' . substr($e->getMessage(), 0, 500));
		}
	}

	/**
	 * Where this store is, for the sidecar's environment lines: its database (no user or password) and the
	 * storefront's address, from OpenCart's admin/config.php.
	 *
	 * @return array{hostname: string, port: int|string, database: string, prefix: string, url: string}
	 */
	private function storeLocation(): array {
		return [
			'hostname' => defined('DB_HOSTNAME') ? (string)DB_HOSTNAME : '',
			'port'     => defined('DB_PORT') ? DB_PORT : 3306,
			'database' => defined('DB_DATABASE') ? (string)DB_DATABASE : '',
			'prefix'   => defined('DB_PREFIX') ? (string)DB_PREFIX : 'oc_',
			'url'      => defined('HTTP_CATALOG') ? (string)HTTP_CATALOG : ''
		];
	}

	/**
	 * The upgrade step (model ensure()); what it changed or why it failed goes to OpenCart's log.
	 */
	private function upgrade(): void {
		try {
			$this->load->model('extension/rebound/module/rebound');

			$changes = $this->model_extension_rebound_module_rebound->ensure(self::PAGES);

			if ($changes) {
				$this->log->write('Rebound: brought up to date (' . $this->model_extension_rebound_module_rebound->filesVersion() . '): ' . implode('; ', $changes));
			}

			// This request's later checks (upgradeCheck() on the menu) see the version just recorded.
			$this->config->set('module_rebound_version', $this->model_extension_rebound_module_rebound->filesVersion());
		} catch (\Throwable $e) {
			$this->log->write('Rebound: could not bring itself up to date: ' . substr($e->getMessage(), 0, 500));
		}
	}
}
