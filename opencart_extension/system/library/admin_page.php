<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The glue every Rebound admin page controller repeats: the user token, the "sidecar is down" sentences,
 * the JSON action's permission-then-POST check and its answer, paging, the store list, the photos and the
 * menu entry.
 * For controllers extending OpenCart's \Opencart\System\Engine\Controller that define ROUTE; the decisions
 * themselves live in plain classes (AdminAnswer, AdminMenu).
 */
trait AdminPage {
	private function token(): string {
		return 'user_token=' . $this->session->data['user_token'];
	}

	/**
	 * Home, then this page (the language file's heading_title).
	 *
	 * @return list<array{text: string, href: string}>
	 */
	private function breadcrumbs(): array {
		return [
			['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', $this->token())],
			['text' => $this->language->get('heading_title'), 'href' => $this->url->link(self::ROUTE, $this->token())]
		];
	}

	/**
	 * The store_id asked for in the query string, or 0 (the default store) when it is not one of $stores.
	 *
	 * @param array<int, string> $stores
	 */
	private function storeId(array $stores): int {
		$store_id = (int)($this->request->get['store_id'] ?? 0);

		return isset($stores[$store_id]) ? $store_id : 0;
	}

	/**
	 * HTML-escaped, as OpenCart's pages insert JSON messages as HTML.
	 */
	private function e(string $text): string {
		return htmlspecialchars($text, ENT_QUOTES, 'UTF-8');
	}

	/**
	 * A whole admin page: the view with OpenCart's header, left column and footer around it.
	 *
	 * @param array<string, mixed> $data
	 */
	private function output(string $view, array $data): void {
		$data['header'] = $this->load->controller('common/header');
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['footer'] = $this->load->controller('common/footer');

		$this->response->setOutput($this->load->view($view, $data));
	}

	/**
	 * The page's language as a closure, for the library classes that build its sentences.
	 *
	 * @return \Closure(string): string
	 */
	private function text(): \Closure {
		// The sidecar's problems are worded once for every page (AdminAnswer::sentence()).
		$this->load->language('extension/rebound/common/sidecar', rtrim(AdminAnswer::SHARED, '_'));

		return fn (string $key): string => (string)$this->language->get($key);
	}

	/**
	 * "The sidecar is not answering: <why>" (AdminAnswer::downText()).
	 */
	private function downText(AdminAnswer $answer): string {
		return $answer->downText($this->text());
	}

	/**
	 * Just the <why> (AdminAnswer::problemText()).
	 */
	private function problemText(AdminAnswer $answer): string {
		return $answer->problemText($this->text());
	}

	/**
	 * Why a data-changing action may not run: the user may not modify this page, or it was not a POST. The
	 * language file's sentence, or '' when it may run.
	 */
	private function refusal(): string {
		if (!$this->user->hasPermission('modify', self::ROUTE)) {
			return (string)$this->language->get('error_permission');
		}

		if (($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			return (string)$this->language->get('error_method');
		}

		return '';
	}

	/**
	 * Why one store's setting may not be saved: refusal(), or the language file's error_store when the
	 * query's store_id names no store; '' when it may.
	 *
	 * @param string $unnamed see stores()
	 */
	private function storeRefusal(string $unnamed = 'text_default'): string {
		$refusal = $this->refusal();

		if ($refusal === '' && !isset($this->stores($unnamed)[(int)($this->request->get['store_id'] ?? 0)])) {
			$refusal = (string)$this->language->get('error_store');
		}

		return $refusal;
	}

	/**
	 * The POST's flat values as the user typed them: Request::clean() HTML-encoded every one, the sidecar
	 * wants the text itself; a value that is not a string (an array) is ''.
	 *
	 * @return array<string, string>
	 */
	private function postedText(): array {
		return array_map(static fn (mixed $value): string => is_string($value) ? htmlspecialchars_decode($value, ENT_QUOTES) : '', $this->request->post);
	}

	/**
	 * @param array<string, mixed> $json
	 */
	private function answerJson(array $json): void {
		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput((string)json_encode($json));
	}

	/**
	 * Rows per page, as the store's admin setting says (1 to 100).
	 */
	private function limit(): int {
		return max(1, min(100, (int)$this->config->get('config_pagination_admin') ?: 10));
	}

	/**
	 * OpenCart's pagination and "Showing x to y of z" for a list fragment at $route, with the filters that
	 * are set kept in its links.
	 *
	 * @param array<string, string> $filters
	 *
	 * @return array{pagination: string, results: string}
	 */
	private function paging(string $route, array $filters, int $total, int $page, int $limit): array {
		$url = '';

		foreach ($filters as $key => $value) {
			if ($value !== '') {
				$url .= '&filter_' . $key . '=' . rawurlencode($value);
			}
		}

		return [
			'pagination' => $this->load->controller('common/pagination', [
				'total' => $total,
				'page'  => $page,
				'limit' => $limit,
				'url'   => $this->url->link($route, $this->token() . $url . '&page={page}')
			]),
			'results'    => sprintf($this->language->get('text_pagination'), $total ? (($page - 1) * $limit) + 1 : 0, min($total, $page * $limit), $total, (int)ceil($total / $limit))
		];
	}

	/**
	 * @param string $unnamed the language key naming the default store when it has no name
	 *
	 * @return array<int, string> store_id => name, the default store first
	 */
	private function stores(string $unnamed = 'text_default'): array {
		$stores = [0 => html_entity_decode((string)$this->config->get('config_name'), ENT_QUOTES, 'UTF-8') ?: $this->language->get($unnamed)];

		$this->load->model('setting/store');

		foreach ($this->model_setting_store->getStores() as $store) {
			$stores[(int)$store['store_id']] = html_entity_decode((string)$store['name'], ENT_QUOTES, 'UTF-8');
		}

		return $stores;
	}

	/**
	 * Streams a photo (or its thumbnail, GET photo_id and thumb) of $kind ('return', 'review') from the
	 * photo store to the admin, never publicly cached; a plain 404 for any other photo or none.
	 */
	private function sendPhoto(string $kind): void {
		try {
			$file = $this->photoStore()?->open((string)($this->request->get['photo_id'] ?? ''), !empty($this->request->get['thumb']));
		} catch (\Throwable $e) {
			$file = null;
		}

		if ($file === null || ($file->row['kind'] ?? '') !== $kind) {
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
	 * The photo store under the page's PHOTO_DIRECTORY, or null where this installation has none.
	 */
	private function photoStore(): ?PhotoStore {
		if (!defined('DIR_STORAGE')) {
			return null;
		}

		try {
			return new PhotoStore(new OpencartConnection($this->db), DB_PREFIX, new PhotoFiles(DIR_STORAGE . self::PHOTO_DIRECTORY));
		} catch (\Throwable $e) {
			return null;
		}
	}

	/**
	 * Adds this page's entry to the admin menu for users who may open it (AdminMenu::add()); never throws
	 * into OpenCart's menu.
	 *
	 * @param array<mixed>                          $data  the column_left view's data
	 * @param string                                $what  for the log: "the <what> menu entry failed"
	 * @param \Closure(): string                    $name  the entry's name as HTML, read only when it is shown
	 * @param (\Closure(array<mixed>): bool)|null   $after see AdminMenu::add()
	 */
	private function addMenuEntry(array &$data, string $parent, string $ownId, string $icon, string $what, \Closure $name, ?\Closure $after = null): void {
		try {
			if (!isset($this->session->data['user_token']) || !$this->user->hasPermission('access', self::ROUTE) || !isset($data['menus']) || !is_array($data['menus'])) {
				return;
			}

			$data['menus'] = AdminMenu::add($data['menus'], $parent, ['name' => $name(), 'href' => $this->url->link(self::ROUTE, $this->token())], $ownId, $icon, $after);
		} catch (\Throwable $e) {
			$this->log->write('Rebound: the ' . $what . ' menu entry failed: ' . substr($e->getMessage(), 0, 500));
		}
	}
}
