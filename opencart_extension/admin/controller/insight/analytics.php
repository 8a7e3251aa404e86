<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Insight;
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AdminPage;
use Opencart\System\Library\Extension\Rebound\AnalyticsApi;
use Opencart\System\Library\Extension\Rebound\AnalyticsCsv;
use Opencart\System\Library\Extension\Rebound\AnalyticsFilters;
use Opencart\System\Library\Extension\Rebound\AnalyticsPage;
use Opencart\System\Library\Extension\Rebound\AnalyticsView;
/**
 * Class Analytics: the Returns analytics page (Reports > Returns analytics): return rates by period,
 * product and category, reasons, resolutions, time to resolution, returners, review photos, CSAT and NPS,
 * repeat purchase, unusual products and one product's insight; a CSV of every table. All numbers come from
 * the sidecar's /v1/admin/analytics routes (docs/analytics-api.md); when it does not answer, the page says
 * so and links to Test connection.
 *
 * Route extension/rebound/insight/analytics: not under report/ or analytics/, which OpenCart would list as
 * report or analytics extensions to install.
 *
 * @package Opencart\Admin\Controller\Extension\Rebound\Insight
 */
class Analytics extends \Opencart\System\Engine\Controller {
	use AdminPage;

	public const ROUTE = 'extension/rebound/insight/analytics';
	public const RETURNS_ROUTE = 'extension/rebound/sale/returns';
	/** The page stops asking the sidecar after this many seconds and says which parts it skipped. */
	public const PAGE_BUDGET = 20.0;

	/**
	 * Index: the page.
	 *
	 * @return void
	 */
	public function index(): void {
		$this->load->language(self::ROUTE);

		$this->document->setTitle($this->language->get('heading_title'));

		$filters = $this->filters();
		$api = $this->api();
		$page = new AnalyticsPage($api, $filters, self::PAGE_BUDGET);

		$data = $this->frame($filters);
		$data['problem'] = '';
		$data['not_ready'] = false;
		$data['sections'] = [];
		$data['freshness'] = '';

		$overview = $page->fetch('overview');

		$view = $this->view();

		// Not ready is a 503 too, but the answer to it is Refresh, not Test connection.
		if (AnalyticsPage::notReady($overview)) {
			$data['not_ready'] = true;
		} elseif ($overview->down()) {
			$data['problem'] = $view->downText($overview);
		} else {
			$data = array_merge($data, $view->sections($page->fetchAll(), $filters));
			$data['freshness'] = $view->freshness($page->freshness());

			$data['products_table'] = $this->load->view(self::ROUTE . '_items', ['items' => $data['products'], 'first_column' => $this->language->get('column_product'), 'show_model' => true]);
			$data['categories_table'] = $this->load->view(self::ROUTE . '_items', ['items' => $data['categories_rows'], 'first_column' => $this->language->get('column_category'), 'show_model' => false]);
			$data['unusual_action'] = 'index.php';
			$data['unusual_hidden'] = ['route' => self::ROUTE, 'user_token' => $this->session->data['user_token']] + $data['unusual_hidden'];
		}

		$data['charts_json'] = json_encode($data['charts'] ?? new \stdClass(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_HEX_TAG | JSON_HEX_AMP);
		$data['chart_text_json'] = json_encode(['empty' => $this->language->get('text_chart_empty'), 'no_library' => $this->language->get('text_chart_library'), 'hours' => $this->language->get('text_hours_short'), 'days' => $this->language->get('text_days_short')], JSON_UNESCAPED_UNICODE);

		$this->output(self::ROUTE, $data);
	}

	/**
	 * Product: one product's insight — its return rate against the store's, its reasons, the shoppers'
	 * comments and photos — for the same filters.
	 *
	 * @return void
	 */
	public function product(): void {
		$this->load->language(self::ROUTE);

		$filters = $this->filters();
		$product_id = max(0, (int)($this->request->get['product_id'] ?? 0));

		$data = $this->frame($filters, $product_id);
		$data['problem'] = '';
		$data['down'] = false;
		$data['product'] = [];
		$data['back'] = $this->url->link(self::ROUTE, $this->token() . $filters->pageQuery());

		$answer = $this->api()->insight($product_id, $filters);

		$view = $this->view();

		if ($answer->ok() && is_array($answer->data['product'] ?? null)) {
			$data = array_merge($data, $view->insight($answer->data, $filters));
			$title = sprintf($this->language->get('heading_product'), $data['product']['name']);
		} else {
			$title = $this->language->get('heading_title');

			$data['down'] = $answer->down();

			if ($answer->problem === 'not_found') {
				$data['problem'] = $this->language->get('text_no_product');
			} else {
				$data['problem'] = $view->downText($answer->missing('product'));
			}
		}

		$this->document->setTitle($title);

		$data['heading_title'] = $title;
		$data['breadcrumbs'][] = ['text' => $title, 'href' => $this->url->link(self::ROUTE . '.product', $this->token() . '&product_id=' . $product_id . $filters->pageQuery())];
		$data['charts_json'] = json_encode($data['charts'] ?? new \stdClass(), JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_HEX_TAG | JSON_HEX_AMP);
		$data['chart_text_json'] = json_encode(['empty' => $this->language->get('text_chart_empty'), 'no_library' => $this->language->get('text_chart_library')], JSON_UNESCAPED_UNICODE);

		$this->output(self::ROUTE . '_product', $data);
	}

	/**
	 * Csv: one table as a download, the sidecar's CSV passed through (table=<route>[&by=product|category]).
	 * A failure answers a plain-text page saying why, never a half file.
	 *
	 * @return void
	 */
	public function csv(): void {
		$this->load->language(self::ROUTE);

		if (!$this->user->hasPermission('access', self::ROUTE)) {
			$this->plain(403, $this->language->get('error_permission'));

			return;
		}

		$table = (string)($this->request->get['table'] ?? '');
		$by = (string)($this->request->get['by'] ?? '');
		$extra = [];

		if ($table === 'return-rate') {
			$extra['by'] = in_array($by, ['period', 'product', 'category'], true) ? $by : 'period';
		}

		if (in_array($table, ['returners', 'unusual-products'], true) || ($extra['by'] ?? '') === 'product' || ($extra['by'] ?? '') === 'category') {
			$extra['limit'] = 1000;
		}

		$filters = $this->filters();

		if ($table === 'unusual-products') {
			$extra += $filters->unusualQuery();
		}

		$download = $this->api()->csv($table, $filters, $extra);

		if ($download instanceof AdminAnswer) {
			$this->plain($download->problem === 'not_found' ? 404 : 502, $download->problem === 'not_found' ? $this->language->get('error_table') : $this->view()->downText($download));

			return;
		}

		foreach ($download->headers() as $header) {
			$this->response->addHeader($header);
		}

		$this->response->setOutput($download->body);
	}

	/**
	 * Refresh: asks the sidecar to bring its summary tables up to date now (JSON).
	 *
	 * @return void
	 */
	public function refresh(): void {
		$this->load->language(self::ROUTE);

		$json = [];

		$refusal = $this->refusal();

		if ($refusal !== '') {
			$json['error']['warning'] = $refusal;
		} else {
			$answer = $this->api()->refresh();

			if ($answer->ok()) {
				$json['success'] = sprintf($this->language->get('text_refreshed'), round((float)($answer->data['seconds'] ?? 0), 1));
			} else {
				$json['error']['warning'] = htmlspecialchars($this->view()->downText($answer), ENT_QUOTES, 'UTF-8');
			}
		}

		$this->answerJson($json);
	}

	/**
	 * Adds "Returns analytics" under Reports in the admin menu, for users who may open it.
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
		// A user who may see no other report still gets the entry, as a menu of its own.
		$this->addMenuEntry($data, 'menu-report', 'menu-rebound-analytics', 'fa-solid fa-chart-column', 'analytics', function (): string {
			// Prefixed, so the page being rendered keeps its own language keys.
			$this->load->language(self::ROUTE, 'rebound_analytics');

			return $this->language->get('rebound_analytics_text_menu');
		});
	}

	/**
	 * Breadcrumbs, filter form and links every view of the page has.
	 *
	 * @return array<string, mixed>
	 */
	private function frame(AnalyticsFilters $filters, int $product_id = 0): array {
		$data['breadcrumbs'] = $this->breadcrumbs();

		$data['filter_date_from'] = $filters->dateFrom;
		$data['filter_date_to'] = $filters->dateTo;
		$data['filter_store_id'] = $filters->storeId;
		$data['filter_category_id'] = $filters->categoryId;
		$data['filter_period'] = $filters->period;
		$data['filter_errors'] = [];

		foreach ($filters->errors as $field => $error) {
			$data['filter_errors'][$field] = $this->language->get('error_filter_' . $error);
		}

		$data['stores'] = $this->stores();
		$data['categories'] = $this->categories();
		$data['periods'] = [];

		foreach (AnalyticsFilters::PERIODS as $period) {
			$data['periods'][$period] = $this->language->get('text_period_' . $period);
		}

		// The unusual-products thresholds survive a change of dates.
		$data['keep'] = [];

		foreach ($filters->unusualQuery() as $key => $value) {
			$data['keep']['filter_' . $key] = $value;
		}

		// A GET form drops its action's query: the route and token travel as fields.
		$data['action'] = 'index.php';
		$data['route'] = $product_id ? self::ROUTE . '.product' : self::ROUTE;
		$data['product_id'] = $product_id;
		$data['user_token'] = $this->session->data['user_token'];
		$data['filter_form'] = $this->load->view(self::ROUTE . '_filter', $data);
		$data['refresh'] = $this->user->hasPermission('modify', self::ROUTE) ? $this->url->link(self::ROUTE . '.refresh', $this->token(), true) : '';
		$data['returns'] = $this->user->hasPermission('access', self::RETURNS_ROUTE) ? $this->url->link(self::RETURNS_ROUTE, $this->token()) : '';
		$data['settings'] = $this->url->link('extension/rebound/module/rebound', $this->token());
		$data['chart_script'] = $this->asset('chartjs/chart.umd.min.js');
		$data['page_script'] = $this->asset('analytics.js');

		return $data;
	}

	/**
	 * The filters from the query string, checked against this store's stores and categories.
	 */
	private function filters(): AnalyticsFilters {
		try {
			$today = new \DateTimeImmutable('today', new \DateTimeZone((string)($this->config->get('config_timezone') ?: date_default_timezone_get())));
		} catch (\Throwable $e) {
			$today = new \DateTimeImmutable('today');
		}

		return AnalyticsFilters::fromQuery($this->request->get, $today, array_keys($this->stores()), array_keys($this->categories()));
	}

	/**
	 * @return array<int, string> category_id => path name ("Desktops > Mac"), as OpenCart's admin lists them
	 */
	private function categories(): array {
		$this->load->model('catalog/category');

		$categories = [];

		foreach ($this->model_catalog_category->getCategories(['sort' => 'name']) as $category) {
			$categories[(int)$category['category_id']] = html_entity_decode((string)$category['name'], ENT_QUOTES, 'UTF-8');
		}

		return $categories;
	}

	/**
	 * A file of this extension's admin/view/javascript/, as the browser reaches it: under the catalog URL's
	 * extension/ folder, with its modification time so an upgrade is not served from the browser's cache.
	 */
	private function asset(string $file): string {
		$base = defined('HTTP_CATALOG') ? HTTP_CATALOG : '../';
		$path = defined('DIR_EXTENSION') ? DIR_EXTENSION . 'rebound/admin/view/javascript/' . $file : '';

		return $base . 'extension/rebound/admin/view/javascript/' . $file . ($path !== '' && is_file($path) ? '?v=' . filemtime($path) : '');
	}

	private function plain(int $status, string $text): void {
		$this->response->addHeader('HTTP/1.1 ' . $status . ' ' . ($status === 403 ? 'Forbidden' : ($status === 404 ? 'Not Found' : 'Bad Gateway')));
		$this->response->addHeader('Content-Type: text/plain; charset=utf-8');
		$this->response->setOutput($text);
	}

	/**
	 * The page's view model, with this admin's language, currency, links and permissions.
	 */
	private function view(): AnalyticsView {
		return new AnalyticsView(
			$this->text(),
			fn (mixed $amount): string => html_entity_decode($this->currency->format((float)$amount, (string)$this->config->get('config_currency')), ENT_QUOTES, 'UTF-8'),
			fn (string $route, string $args): string => $this->url->link($route, $this->token() . $args),
			fn (string $route): bool => $this->user->hasPermission('access', $route)
		);
	}

	private function api(): AnalyticsApi {
		return AnalyticsApi::fromSettings(fn (string $key): mixed => $this->config->get($key));
	}
}
