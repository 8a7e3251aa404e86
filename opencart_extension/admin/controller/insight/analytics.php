<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Insight;
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AnalyticsApi;
use Opencart\System\Library\Extension\Rebound\AnalyticsCharts;
use Opencart\System\Library\Extension\Rebound\AnalyticsCsv;
use Opencart\System\Library\Extension\Rebound\AnalyticsFilters;
use Opencart\System\Library\Extension\Rebound\AnalyticsPage;
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
	public const ROUTE = 'extension/rebound/insight/analytics';
	public const RETURNS_ROUTE = 'extension/rebound/sale/returns';
	public const REVIEWS_ROUTE = 'extension/rebound/catalog/reviews';
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

		// Not ready is a 503 too, but the answer to it is Refresh, not Test connection.
		if (AnalyticsPage::notReady($overview)) {
			$data['not_ready'] = true;
		} elseif ($overview->down()) {
			$data['problem'] = $this->downText($overview);
		} else {
			$sections = $page->fetchAll();
			$data = array_merge($data, $this->sections($sections, $filters));
			$data['freshness'] = $this->freshness($page->freshness());
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

		if ($answer->ok() && is_array($answer->data['product'] ?? null)) {
			$data = array_merge($data, $this->insight($answer->data, $filters));
			$title = sprintf($this->language->get('heading_product'), $data['product']['name']);
		} else {
			$title = $this->language->get('heading_title');

			$data['down'] = $answer->down();

			if ($answer->problem === 'not_found') {
				$data['problem'] = $this->language->get('text_no_product');
			} else {
				$data['problem'] = $this->downText($answer->ok() ? new AdminAnswer($answer->status, [], 'bad_answer', 'no product in the answer') : $answer);
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
			$this->plain($download->problem === 'not_found' ? 404 : 502, $download->problem === 'not_found' ? $this->language->get('error_table') : $this->downText($download));

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

		if (!$this->user->hasPermission('modify', self::ROUTE)) {
			$json['error']['warning'] = $this->language->get('error_permission');
		}

		if (!$json && ($this->request->server['REQUEST_METHOD'] ?? '') !== 'POST') {
			$json['error']['warning'] = $this->language->get('error_method');
		}

		if (!$json) {
			$answer = $this->api()->refresh();

			if ($answer->ok()) {
				$json['success'] = sprintf($this->language->get('text_refreshed'), round((float)($answer->data['seconds'] ?? 0), 1));
			} else {
				$json['error']['warning'] = htmlspecialchars($this->downText($answer), ENT_QUOTES, 'UTF-8');
			}
		}

		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
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
		try {
			if (!isset($this->session->data['user_token']) || !$this->user->hasPermission('access', self::ROUTE) || !isset($data['menus']) || !is_array($data['menus'])) {
				return;
			}

			// Prefixed, so the page being rendered keeps its own language keys.
			$this->load->language(self::ROUTE, 'rebound_analytics');

			$entry = [
				'name'     => $this->language->get('rebound_analytics_text_menu'),
				'href'     => $this->url->link(self::ROUTE, $this->token()),
				'children' => []
			];

			foreach ($data['menus'] as &$menu) {
				if (($menu['id'] ?? '') === 'menu-report') {
					$menu['children'][] = $entry;

					return;
				}
			}

			unset($menu);

			// A user who may see no other report still gets the entry, as a menu of its own.
			$data['menus'][] = ['id' => 'menu-rebound-analytics', 'icon' => 'fa-solid fa-chart-column', 'name' => $entry['name'], 'href' => $entry['href'], 'children' => []];
		} catch (\Throwable $e) {
			$this->log->write('Rebound: the analytics menu entry failed: ' . substr($e->getMessage(), 0, 500));
		}
	}

	/**
	 * Breadcrumbs, filter form and links every view of the page has.
	 *
	 * @return array<string, mixed>
	 */
	private function frame(AnalyticsFilters $filters, int $product_id = 0): array {
		$data['breadcrumbs'] = [
			['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/dashboard', $this->token())],
			['text' => $this->language->get('heading_title'), 'href' => $this->url->link(self::ROUTE, $this->token())]
		];

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
	 * The view data of every section from the sidecar's answers.
	 *
	 * @param array<string, AdminAnswer> $answers
	 *
	 * @return array<string, mixed>
	 */
	private function sections(array $answers, AnalyticsFilters $filters): array {
		$charts = new AnalyticsCharts($this->chartText(), $filters->period);
		$view = new AnalyticsPage(null, $filters);
		$data = ['charts' => [], 'kpis' => [], 'errors' => []];

		foreach ($answers as $key => $answer) {
			if (!$answer->ok()) {
				$data['errors'][$key] = $answer->problem === 'skipped' ? $this->language->get('text_skipped') : $this->downText($answer);
			}
		}

		$ok = static fn (string $key): array => $answers[$key]->ok() ? $answers[$key]->data : [];

		$overview = $ok('overview');
		$data['kpis'] = $this->kpis($overview, $ok('repeat-purchase'), $ok('unusual-products'));

		$byPeriod = $ok('rate_period');
		$data['charts']['rate_period'] = $charts->rateByPeriod($byPeriod);
		$data['charts']['rate_product'] = $charts->rateByItem($ok('rate_product'));
		$data['charts']['rate_category'] = $charts->rateByItem($ok('rate_category'));
		$data['charts']['reasons'] = $charts->reasonsOverTime($ok('reasons'), array_map('strval', array_column($view->rows($byPeriod), 'period')));
		$data['charts']['resolutions'] = $charts->resolutionMix($ok('resolutions'));
		$data['charts']['resolution_time'] = $charts->resolutionTime($ok('resolution-time'));
		$data['charts']['reviews'] = $charts->reviewPhotos($ok('reviews'));
		$data['charts']['csat'] = $charts->csat($ok('satisfaction'));
		$data['charts']['nps'] = $charts->nps($ok('satisfaction'));
		$data['charts']['repeat'] = $charts->repeatPurchase($ok('repeat-purchase'));

		$data['products_table'] = $this->load->view(self::ROUTE . '_items', ['items' => $this->itemRows($view->rows($ok('rate_product')), $filters, true), 'first_column' => $this->language->get('column_product'), 'show_model' => true]);
		$data['categories_table'] = $this->load->view(self::ROUTE . '_items', ['items' => $this->itemRows($view->rows($ok('rate_category')), $filters, false), 'first_column' => $this->language->get('column_category'), 'show_model' => false]);
		$data['reasons'] = [];

		foreach ((array)($ok('reasons')['reasons'] ?? []) as $reason) {
			$data['reasons'][] = ['name' => (string)($reason['name'] ?? ''), 'units' => (int)($reason['units'] ?? 0), 'share' => $this->percent($reason['share'] ?? 0)];
		}

		$resolutions = $ok('resolutions');
		$data['resolutions'] = [];

		foreach ($view->rows($resolutions) as $row) {
			$data['resolutions'][] = ['name' => $this->label('resolution_', (string)($row['resolution'] ?? '')), 'cases' => (int)($row['cases'] ?? 0), 'units' => (int)($row['units'] ?? 0), 'value' => $this->money($row['value'] ?? 0)];
		}

		$data['value_kept'] = $resolutions ? sprintf($this->language->get('text_value_kept'), $this->money($resolutions['value_kept'] ?? 0), $this->percent($resolutions['value_kept_share'] ?? 0)) : '';

		$time = $ok('resolution-time');
		$data['sla'] = [];

		if ($time) {
			$sla = (array)($time['sla'] ?? []);

			foreach (['requested' => 'requested_hours', 'approved' => 'approved_days', 'received' => 'received_hours'] as $stage => $limit) {
				$data['sla'][] = [
					'stage'    => $this->language->get('text_stage_' . $stage),
					'limit'    => sprintf($this->language->get(str_ends_with($limit, 'days') ? 'text_limit_days' : 'text_limit_hours'), (int)($sla[$limit] ?? 0)),
					'breaches' => (int)($sla['by_stage'][$stage] ?? 0)
				];
			}

			$data['sla_summary'] = sprintf($this->language->get('text_sla_summary'), (int)($sla['breaches'] ?? 0), (int)($time['closed'] ?? 0), (int)($sla['open_breaching'] ?? 0));
		}

		$data['returners'] = [];

		foreach ($view->rows($ok('returners')) as $row) {
			$customer_id = (int)($row['customer_id'] ?? 0);

			$data['returners'][] = [
				'name'           => (string)($row['name'] ?? '') !== '' ? (string)$row['name'] : $this->language->get('text_guest'),
				'email'          => (string)($row['email'] ?? ''),
				'href'           => $customer_id && $this->user->hasPermission('access', 'customer/customer') ? $this->url->link('customer/customer.form', $this->token() . '&customer_id=' . $customer_id) : '',
				'cases'          => (int)($row['cases'] ?? 0),
				'units_returned' => (int)($row['units_returned'] ?? 0),
				'units_bought'   => (int)($row['units_bought'] ?? 0),
				'return_rate'    => $this->percent($row['return_rate'] ?? 0),
				'value'          => $this->money($row['value_returned'] ?? 0),
				'serial'         => !empty($row['serial_returner']),
				'flagged_cases'  => (int)($row['flagged_cases'] ?? 0)
			];
		}

		$reviews = $ok('reviews');
		$data['reviews_summary'] = $reviews ? sprintf($this->language->get('text_reviews_summary'), (int)($reviews['count'] ?? 0), (int)($reviews['with_photos'] ?? 0), $this->percent($reviews['photo_rate'] ?? 0), (int)($reviews['photos'] ?? 0)) : '';

		$satisfaction = $ok('satisfaction');
		$data['csat_summary'] = $satisfaction ? sprintf($this->language->get('text_csat_summary'), number_format((float)($satisfaction['csat']['average'] ?? 0), 2), (int)($satisfaction['csat']['count'] ?? 0)) : '';
		$data['nps_summary'] = $satisfaction ? sprintf($this->language->get('text_nps_summary'), $this->signed($satisfaction['nps']['score'] ?? 0), (int)($satisfaction['nps']['count'] ?? 0)) : '';

		$repeat = $ok('repeat-purchase');
		$data['repeat_summary'] = $repeat ? sprintf($this->language->get('text_repeat_summary'), (int)($repeat['bought_again'] ?? 0), (int)($repeat['customers'] ?? 0), $this->percent($repeat['rate'] ?? 0)) : '';

		$unusual = $ok('unusual-products');
		$data['unusual'] = $this->itemRows($view->rows($unusual), $filters, true);
		$data['unusual_rule'] = $unusual ? sprintf($this->language->get('text_unusual_rule'), $this->percent($unusual['store_return_rate'] ?? 0)) : '';
		$data['filter_min_units'] = (int)($unusual['min_units'] ?? ($filters->minUnits ?? 30));
		$data['filter_margin'] = (float)($unusual['margin'] ?? ($filters->margin ?? 10));
		$data['unusual_action'] = 'index.php';
		$data['unusual_hidden'] = ['route' => self::ROUTE, 'user_token' => $this->session->data['user_token'], 'filter_date_from' => $filters->dateFrom, 'filter_date_to' => $filters->dateTo, 'filter_period' => $filters->period, 'filter_store_id' => $filters->storeId ?? '', 'filter_category_id' => $filters->categoryId ?? ''];

		$data['csv'] = [];

		foreach (['rate_period' => ['return-rate', 'period'], 'rate_product' => ['return-rate', 'product'], 'rate_category' => ['return-rate', 'category'], 'reasons' => ['reasons', ''], 'resolutions' => ['resolutions', ''], 'resolution_time' => ['resolution-time', ''], 'returners' => ['returners', ''], 'reviews' => ['reviews', ''], 'satisfaction' => ['satisfaction', ''], 'repeat' => ['repeat-purchase', ''], 'unusual' => ['unusual-products', '']] as $key => [$table, $by]) {
			$data['csv'][$key] = $this->url->link(self::ROUTE . '.csv', $this->token() . '&table=' . $table . ($by !== '' ? '&by=' . $by : '') . $filters->pageQuery());
		}

		return $data;
	}

	/**
	 * The tiles at the top: return rate, cases, value kept, resolution time, SLA, CSAT, NPS, photo rate, repeat purchase.
	 *
	 * @param array<string, mixed> $overview
	 * @param array<string, mixed> $repeat
	 * @param array<string, mixed> $unusual  the unusual-products answer, with the owner's thresholds
	 *
	 * @return list<array{title: string, value: string, note: string}>
	 */
	private function kpis(array $overview, array $repeat, array $unusual): array {
		if (!$overview) {
			return [];
		}

		$sales = (array)($overview['sales'] ?? []);
		$cases = (array)($overview['cases'] ?? []);
		$time = (array)($overview['resolution_time'] ?? []);
		$satisfaction = (array)($overview['satisfaction'] ?? []);
		$reviews = (array)($overview['reviews'] ?? []);
		$t = fn (string $key, mixed ...$values): string => sprintf($this->language->get($key), ...$values);

		$kpis = [
			['title' => $t('kpi_return_rate'), 'value' => $this->percent($sales['return_rate'] ?? 0), 'note' => $t('kpi_return_rate_note', (int)($sales['units_returned'] ?? 0), (int)($sales['units_sold'] ?? 0))],
			['title' => $t('kpi_cases'), 'value' => (string)(int)($cases['count'] ?? 0), 'note' => $t('kpi_cases_note', (int)($cases['open'] ?? 0))],
			['title' => $t('kpi_value_kept'), 'value' => $this->money($cases['value_kept'] ?? 0), 'note' => $t('kpi_value_kept_note', $this->money($cases['refund_value'] ?? 0))],
			['title' => $t('kpi_resolution'), 'value' => (int)($time['closed'] ?? 0) ? $this->hours($time['median_hours'] ?? 0) : '–', 'note' => $t('kpi_resolution_note', $this->hours($time['p90_hours'] ?? 0), (int)($time['closed'] ?? 0))],
			['title' => $t('kpi_sla'), 'value' => (string)(int)($time['sla_breaches'] ?? 0), 'note' => $t('kpi_sla_note')],
			['title' => $t('kpi_csat'), 'value' => (int)($satisfaction['csat_count'] ?? 0) ? number_format((float)($satisfaction['csat_average'] ?? 0), 2) . ' / 5' : '–', 'note' => $t('kpi_responses', (int)($satisfaction['csat_count'] ?? 0))],
			['title' => $t('kpi_nps'), 'value' => (int)($satisfaction['nps_count'] ?? 0) ? $this->signed($satisfaction['nps'] ?? 0) : '–', 'note' => $t('kpi_responses', (int)($satisfaction['nps_count'] ?? 0))],
			['title' => $t('kpi_photo_rate'), 'value' => $this->percent($reviews['photo_rate'] ?? 0), 'note' => $t('kpi_photo_rate_note', (int)($reviews['with_photos'] ?? 0), (int)($reviews['count'] ?? 0))]
		];

		if ($repeat) {
			$kpis[] = ['title' => $t('kpi_repeat'), 'value' => $this->percent($repeat['rate'] ?? 0), 'note' => $t('kpi_repeat_note', (int)($repeat['bought_again'] ?? 0), (int)($repeat['customers'] ?? 0))];
		}

		// The overview counts them with the sidecar's default thresholds; the table below uses the owner's.
		if (is_array($unusual['rows'] ?? null)) {
			$count = count($unusual['rows']);
			$value = $count >= AnalyticsPage::TABLE_ROWS ? $count . '+' : (string)$count;
		} else {
			$value = (string)(int)($overview['unusual_products'] ?? 0);
		}

		$kpis[] = ['title' => $t('kpi_unusual'), 'value' => $value, 'note' => $t('kpi_unusual_note')];

		return $kpis;
	}

	/**
	 * Product or category rows for a table; products link to their insight.
	 *
	 * @param list<array<string, mixed>> $rows
	 *
	 * @return list<array<string, mixed>>
	 */
	private function itemRows(array $rows, AnalyticsFilters $filters, bool $products): array {
		$items = [];

		foreach ($rows as $row) {
			$product_id = (int)($row['product_id'] ?? 0);

			$items[] = [
				'name'           => (string)($row['name'] ?? '') !== '' ? (string)$row['name'] : '#' . ($products ? $product_id : (int)($row['category_id'] ?? 0)),
				'model'          => (string)($row['model'] ?? ''),
				'units_sold'     => (int)($row['units_sold'] ?? 0),
				'units_returned' => (int)($row['units_returned'] ?? 0),
				'return_rate'    => $this->percent($row['return_rate'] ?? 0),
				'excess_units'   => isset($row['excess_units']) ? (int)$row['excess_units'] : null,
				'top_reason'     => (string)($row['top_reason'] ?? ''),
				'insight'        => $products && $product_id ? $this->url->link(self::ROUTE . '.product', $this->token() . '&product_id=' . $product_id . $filters->pageQuery()) : ''
			];
		}

		return $items;
	}

	/**
	 * The insight view's data.
	 *
	 * @param array<string, mixed> $answer
	 *
	 * @return array<string, mixed>
	 */
	private function insight(array $answer, AnalyticsFilters $filters): array {
		$charts = new AnalyticsCharts($this->chartText(), $filters->period);
		$product = (array)$answer['product'];
		$product_id = (int)($product['product_id'] ?? 0);

		$data['product'] = [
			'name'     => (string)($product['name'] ?? '') !== '' ? (string)$product['name'] : '#' . $product_id,
			'model'    => (string)($product['model'] ?? ''),
			'edit'     => $this->user->hasPermission('access', 'catalog/product') ? $this->url->link('catalog/product.form', $this->token() . '&product_id=' . $product_id) : '',
			'summary'  => sprintf($this->language->get('text_insight_summary'), (int)($answer['units_returned'] ?? 0), (int)($answer['units_sold'] ?? 0), $this->percent($answer['return_rate'] ?? 0), $this->percent($answer['store_return_rate'] ?? 0))
		];

		$data['freshness'] = $this->freshness(is_array($answer['freshness'] ?? null) ? $answer['freshness'] + ['as_of' => $answer['as_of'] ?? null] : []);
		$data['charts']['reasons'] = $charts->insightReasons($answer);
		$data['reasons'] = [];

		foreach ((array)($answer['reasons'] ?? []) as $reason) {
			$data['reasons'][] = ['name' => (string)($reason['name'] ?? ''), 'units' => (int)($reason['units'] ?? 0), 'share' => $this->percent($reason['share'] ?? 0)];
		}

		$can_returns = $this->user->hasPermission('access', self::RETURNS_ROUTE);
		$data['comments'] = [];

		foreach ((array)($answer['comments'] ?? []) as $comment) {
			$case_id = (int)($comment['case_id'] ?? 0);
			$review = ($comment['source'] ?? '') === 'review';

			$data['comments'][] = [
				'source' => $this->language->get($review ? 'text_source_review' : 'text_source_return'),
				'review' => $review,
				'date'   => $this->date($comment['date'] ?? null),
				'reason' => (string)($comment['reason'] ?? ''),
				'rating' => $review ? (int)($comment['rating'] ?? 0) : 0,
				'text'   => (string)($comment['text'] ?? ''),
				'href'   => !$review && $case_id && $can_returns ? $this->url->link(self::RETURNS_ROUTE . '.info', $this->token() . '&case_id=' . $case_id) : ''
			];
		}

		$data['photos'] = [];
		$data['photos_hidden'] = [];

		foreach ((array)($answer['photos'] ?? []) as $photo) {
			$photo_id = (string)($photo['photo_id'] ?? '');

			if (!preg_match('/^[0-9a-f]{32}$/D', $photo_id)) {
				continue;
			}

			$href = $this->photoUrl((string)($photo['kind'] ?? ''), $photo_id);

			if ($href === '') {
				$data['photos_hidden'][] = $photo_id;
			} else {
				$data['photos'][] = ['thumb' => $href . '&thumb=1', 'href' => $href, 'kind' => $this->language->get(($photo['kind'] ?? '') === 'review' ? 'text_source_review' : 'text_source_return')];
			}
		}

		$data['text_photos_hidden'] = $data['photos_hidden'] ? sprintf($this->language->get('text_photos_hidden'), count($data['photos_hidden']), implode(', ', array_map(static fn (string $id): string => substr($id, 0, 8), $data['photos_hidden']))) : '';

		return $data;
	}

	/**
	 * The admin route that shows a photo of this kind, or '' when this user may not open it: return photos
	 * through the Returns page (…sale/returns.photo), review photos through the Review photos page
	 * (…catalog/reviews.image). Both stream from the photo store, admin-only and never publicly cached.
	 */
	private function photoUrl(string $kind, string $photo_id): string {
		[$route, $method] = match ($kind) {
			'return' => [self::RETURNS_ROUTE, 'photo'],
			'review' => [self::REVIEWS_ROUTE, 'image'],
			default  => ['', '']
		};

		if ($route === '' || !$this->user->hasPermission('access', $route)) {
			return '';
		}

		return $this->url->link($route . '.' . $method, $this->token() . '&photo_id=' . $photo_id);
	}

	/**
	 * "Numbers as of …" from an answer's freshness.
	 *
	 * @param array<string, mixed> $freshness as_of, summary_refreshed_at, summary_lag_seconds, live_at
	 */
	private function freshness(array $freshness): string {
		$as_of = $this->dateTime($freshness['as_of'] ?? null);

		if ($as_of === '') {
			return '';
		}

		$text = sprintf($this->language->get('text_as_of'), $as_of);

		if (isset($freshness['summary_lag_seconds']) && is_numeric($freshness['summary_lag_seconds'])) {
			$text .= ' ' . sprintf($this->language->get('text_summary_lag'), $this->duration((int)$freshness['summary_lag_seconds']));
		}

		return $text;
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
	 * @return array<int, string> store_id => name, the default store first
	 */
	private function stores(): array {
		$this->load->model('setting/store');

		$stores = [0 => html_entity_decode((string)$this->config->get('config_name'), ENT_QUOTES, 'UTF-8') ?: $this->language->get('text_default')];

		foreach ($this->model_setting_store->getStores() as $store) {
			$stores[(int)$store['store_id']] = html_entity_decode((string)$store['name'], ENT_QUOTES, 'UTF-8');
		}

		return $stores;
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
	 * @return array<string, string>
	 */
	private function chartText(): array {
		$text = [];

		foreach (['units_sold', 'units_returned', 'return_rate', 'median', 'p90', 'with_photos', 'without_photos', 'answers', 'rate', 'other', 'week_of', 'resolution_refund', 'resolution_exchange', 'resolution_store_credit', 'resolution_rejected', 'resolution_open', 'nps_promoters', 'nps_passives', 'nps_detractors'] as $key) {
			$text[$key] = $this->language->get('chart_' . $key);
		}

		return $text;
	}

	/**
	 * "Rebound's sidecar is not answering, so …: <why>".
	 */
	private function downText(AdminAnswer $answer): string {
		$key = 'problem_' . (in_array($answer->problem, array_merge(AdminAnswer::DOWN, ['bad_request', 'not_found']), true) ? $answer->problem : 'unavailable');
		$detail = $answer->message !== '' ? $answer->message : 'HTTP ' . $answer->status;

		if ($answer->fields) {
			$detail .= ' ' . implode(' ', array_map(static fn (string $field, string $message): string => $field . ': ' . $message, array_keys($answer->fields), $answer->fields));
		}

		return sprintf($this->language->get($answer->down() ? 'text_sidecar_down' : 'text_section_failed'), sprintf($this->language->get($key), $detail));
	}

	private function label(string $prefix, string $code): string {
		$text = $this->language->get($prefix . $code);

		return $code !== '' && $text !== $prefix . $code ? $text : $code;
	}

	private function percent(mixed $value): string {
		return $this->number($value) . ' %';
	}

	private function signed(mixed $value): string {
		$number = round((float)$value, 1);

		return ($number > 0 ? '+' : '') . $this->number($number);
	}

	private function number(mixed $value): string {
		$number = round((float)$value, 1);

		return number_format($number, floor($number) == $number ? 0 : 1, $this->language->get('decimal_point'), $this->language->get('thousand_point'));
	}

	private function hours(mixed $value): string {
		$hours = (float)$value;

		return $hours >= 48 ? sprintf($this->language->get('text_in_days'), $this->number($hours / 24)) : sprintf($this->language->get('text_in_hours'), $this->number($hours));
	}

	private function duration(int $seconds): string {
		if ($seconds < 90) {
			return sprintf($this->language->get('text_seconds'), max(0, $seconds));
		}

		return $seconds < 5400 ? sprintf($this->language->get('text_minutes'), (int)round($seconds / 60)) : sprintf($this->language->get('text_hours'), $this->number($seconds / 3600));
	}

	/**
	 * An amount in the store's base currency, formatted as OpenCart shows money (not HTML-escaped).
	 */
	private function money(mixed $amount): string {
		return html_entity_decode($this->currency->format((float)$amount, (string)$this->config->get('config_currency')), ENT_QUOTES, 'UTF-8');
	}

	private function date(mixed $value): string {
		$time = is_string($value) && $value !== '' ? strtotime($value) : false;

		return $time === false ? '' : date($this->language->get('date_format_short'), $time);
	}

	/**
	 * An ISO 8601 time with its offset, shown as the store's clock reads it.
	 */
	private function dateTime(mixed $value): string {
		try {
			$time = is_string($value) && $value !== '' ? new \DateTimeImmutable($value) : null;
		} catch (\Throwable $e) {
			$time = null;
		}

		return $time === null ? '' : $time->format($this->language->get('datetime_format'));
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
	 * @param array<string, mixed> $data
	 */
	private function output(string $view, array $data): void {
		$data['header'] = $this->load->controller('common/header');
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['footer'] = $this->load->controller('common/footer');

		$this->response->setOutput($this->load->view($view, $data));
	}

	private function token(): string {
		return 'user_token=' . $this->session->data['user_token'];
	}

	private function api(): AnalyticsApi {
		return AnalyticsApi::fromSettings(fn (string $key): mixed => $this->config->get($key));
	}
}
