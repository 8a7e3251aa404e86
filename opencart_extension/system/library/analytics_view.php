<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What the Returns analytics page shows, made from the sidecar's answers (docs/analytics-api.md): the tiles,
 * the charts (AnalyticsCharts), the tables' rows, the insight view, the freshness line and the sentences for
 * problems — every number formatted, every link made, for the templates to print. No I/O: the page passes
 * in its language texts, money format, links and permission checks as closures.
 *
 * @example
 * $view = new AnalyticsView(fn ($key) => $this->language->get($key), fn ($amount) => …currency->format…,
 *     fn ($route, $args) => $this->url->link($route, 'user_token=' . $token . $args), fn ($route) => $this->user->hasPermission('access', $route));
 * $data = $view->sections($page->fetchAll(), $filters);
 */
class AnalyticsView {
	public const PAGE_ROUTE = 'extension/rebound/insight/analytics';
	public const RETURNS_ROUTE = 'extension/rebound/sale/returns';
	public const REVIEWS_ROUTE = 'extension/rebound/catalog/reviews';

	/**
	 * @param \Closure(string): string         $text  a language text by key (OpenCart's language->get)
	 * @param \Closure(mixed): string          $money an amount in the base currency, formatted and not HTML-escaped
	 * @param \Closure(string, string): string $link  an admin URL for a route and '&…' arguments, with the user token
	 * @param \Closure(string): bool           $can   whether the user may open a route
	 */
	public function __construct(private \Closure $text, private \Closure $money, private \Closure $link, private \Closure $can) {
	}

	private function text(string $key): string {
		return ($this->text)($key);
	}

	private function link(string $route, string $args): string {
		return ($this->link)($route, $args);
	}

	private function can(string $route): bool {
		return ($this->can)($route);
	}

	/**
	 * The view data of every section from the sidecar's answers.
	 *
	 * @param array<string, AdminAnswer> $answers
	 *
	 * @return array<string, mixed>
	 */
	public function sections(array $answers, AnalyticsFilters $filters): array {
		$charts = new AnalyticsCharts($this->chartText(), $filters->period);
		$view = new AnalyticsPage(null, $filters);
		$data = ['charts' => [], 'kpis' => [], 'errors' => []];

		foreach ($answers as $key => $answer) {
			if (!$answer->ok()) {
				$data['errors'][$key] = $answer->problem === 'skipped' ? $this->text('text_skipped') : $this->downText($answer);
			}
		}

		$ok = static fn (string $key): array => isset($answers[$key]) && $answers[$key]->ok() ? $answers[$key]->data : [];

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

		$data['products'] = $this->itemRows($view->rows($ok('rate_product')), $filters, true);
		$data['categories_rows'] = $this->itemRows($view->rows($ok('rate_category')), $filters, false);
		$data['reasons'] = [];

		foreach ((array)($ok('reasons')['reasons'] ?? []) as $reason) {
			$data['reasons'][] = ['name' => (string)($reason['name'] ?? ''), 'units' => (int)($reason['units'] ?? 0), 'share' => $this->percent($reason['share'] ?? 0)];
		}

		$resolutions = $ok('resolutions');
		$data['resolutions'] = [];

		foreach ($view->rows($resolutions) as $row) {
			$data['resolutions'][] = ['name' => $this->label('resolution_', (string)($row['resolution'] ?? '')), 'cases' => (int)($row['cases'] ?? 0), 'units' => (int)($row['units'] ?? 0), 'value' => $this->money($row['value'] ?? 0)];
		}

		$data['value_kept'] = $resolutions ? sprintf($this->text('text_value_kept'), $this->money($resolutions['value_kept'] ?? 0), $this->percent($resolutions['value_kept_share'] ?? 0)) : '';

		$time = $ok('resolution-time');
		$data['sla'] = [];

		if ($time) {
			$sla = (array)($time['sla'] ?? []);

			foreach (['requested' => 'requested_hours', 'approved' => 'approved_days', 'received' => 'received_hours'] as $stage => $limit) {
				$data['sla'][] = [
					'stage'    => $this->text('text_stage_' . $stage),
					'limit'    => sprintf($this->text(str_ends_with($limit, 'days') ? 'text_limit_days' : 'text_limit_hours'), (int)($sla[$limit] ?? 0)),
					'breaches' => (int)($sla['by_stage'][$stage] ?? 0)
				];
			}

			$data['sla_summary'] = sprintf($this->text('text_sla_summary'), (int)($sla['breaches'] ?? 0), (int)($time['closed'] ?? 0), (int)($sla['open_breaching'] ?? 0));
		}

		$data['returners'] = [];

		foreach ($view->rows($ok('returners')) as $row) {
			$customer_id = (int)($row['customer_id'] ?? 0);

			$data['returners'][] = [
				'name'           => (string)($row['name'] ?? '') !== '' ? (string)$row['name'] : $this->text('text_guest'),
				'email'          => (string)($row['email'] ?? ''),
				'href'           => $customer_id && $this->can('customer/customer') ? $this->link('customer/customer.form', '&customer_id=' . $customer_id) : '',
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
		$data['reviews_summary'] = $reviews ? sprintf($this->text('text_reviews_summary'), (int)($reviews['count'] ?? 0), (int)($reviews['with_photos'] ?? 0), $this->percent($reviews['photo_rate'] ?? 0), (int)($reviews['photos'] ?? 0)) : '';

		$satisfaction = $ok('satisfaction');
		$data['csat_summary'] = $satisfaction ? sprintf($this->text('text_csat_summary'), number_format((float)($satisfaction['csat']['average'] ?? 0), 2), (int)($satisfaction['csat']['count'] ?? 0)) : '';
		$data['nps_summary'] = $satisfaction ? sprintf($this->text('text_nps_summary'), $this->signed($satisfaction['nps']['score'] ?? 0), (int)($satisfaction['nps']['count'] ?? 0)) : '';

		$repeat = $ok('repeat-purchase');
		$data['repeat_summary'] = $repeat ? sprintf($this->text('text_repeat_summary'), (int)($repeat['bought_again'] ?? 0), (int)($repeat['customers'] ?? 0), $this->percent($repeat['rate'] ?? 0)) : '';

		$unusual = $ok('unusual-products');
		$data['unusual'] = $this->itemRows($view->rows($unusual), $filters, true);
		$data['unusual_rule'] = $unusual ? sprintf($this->text('text_unusual_rule'), $this->percent($unusual['store_return_rate'] ?? 0)) : '';
		$data['filter_min_units'] = (int)($unusual['min_units'] ?? ($filters->minUnits ?? 30));
		$data['filter_margin'] = (float)($unusual['margin'] ?? ($filters->margin ?? 10));
		// The thresholds' form keeps the other filters (the page adds its route and token).
		$data['unusual_hidden'] = ['filter_date_from' => $filters->dateFrom, 'filter_date_to' => $filters->dateTo, 'filter_period' => $filters->period, 'filter_store_id' => $filters->storeId ?? '', 'filter_category_id' => $filters->categoryId ?? ''];

		$data['csv'] = [];

		foreach (['rate_period' => ['return-rate', 'period'], 'rate_product' => ['return-rate', 'product'], 'rate_category' => ['return-rate', 'category'], 'reasons' => ['reasons', ''], 'resolutions' => ['resolutions', ''], 'resolution_time' => ['resolution-time', ''], 'returners' => ['returners', ''], 'reviews' => ['reviews', ''], 'satisfaction' => ['satisfaction', ''], 'repeat' => ['repeat-purchase', ''], 'unusual' => ['unusual-products', '']] as $key => [$table, $by]) {
			$data['csv'][$key] = $this->link(self::PAGE_ROUTE . '.csv', '&table=' . $table . ($by !== '' ? '&by=' . $by : '') . $filters->pageQuery());
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
		$t = fn (string $key, mixed ...$values): string => sprintf($this->text($key), ...$values);

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
				'insight'        => $products && $product_id ? $this->link(self::PAGE_ROUTE . '.product', '&product_id=' . $product_id . $filters->pageQuery()) : ''
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
	public function insight(array $answer, AnalyticsFilters $filters): array {
		$charts = new AnalyticsCharts($this->chartText(), $filters->period);
		$product = (array)$answer['product'];
		$product_id = (int)($product['product_id'] ?? 0);

		$data['product'] = [
			'name'     => (string)($product['name'] ?? '') !== '' ? (string)$product['name'] : '#' . $product_id,
			'model'    => (string)($product['model'] ?? ''),
			'edit'     => $this->can('catalog/product') ? $this->link('catalog/product.form', '&product_id=' . $product_id) : '',
			'summary'  => sprintf($this->text('text_insight_summary'), (int)($answer['units_returned'] ?? 0), (int)($answer['units_sold'] ?? 0), $this->percent($answer['return_rate'] ?? 0), $this->percent($answer['store_return_rate'] ?? 0))
		];

		$data['freshness'] = $this->freshness(is_array($answer['freshness'] ?? null) ? $answer['freshness'] + ['as_of' => $answer['as_of'] ?? null] : []);
		$data['charts']['reasons'] = $charts->insightReasons($answer);
		$data['reasons'] = [];

		foreach ((array)($answer['reasons'] ?? []) as $reason) {
			$data['reasons'][] = ['name' => (string)($reason['name'] ?? ''), 'units' => (int)($reason['units'] ?? 0), 'share' => $this->percent($reason['share'] ?? 0)];
		}

		$can_returns = $this->can(self::RETURNS_ROUTE);
		$data['comments'] = [];

		foreach ((array)($answer['comments'] ?? []) as $comment) {
			$case_id = (int)($comment['case_id'] ?? 0);
			$review = ($comment['source'] ?? '') === 'review';

			$data['comments'][] = [
				'source' => $this->text($review ? 'text_source_review' : 'text_source_return'),
				'review' => $review,
				'date'   => $this->date($comment['date'] ?? null),
				'reason' => (string)($comment['reason'] ?? ''),
				'rating' => $review ? (int)($comment['rating'] ?? 0) : 0,
				'text'   => (string)($comment['text'] ?? ''),
				'href'   => !$review && $case_id && $can_returns ? $this->link(self::RETURNS_ROUTE . '.info', '&case_id=' . $case_id) : ''
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
				// The sidecar sends approved and pending photos only; a pending one is marked (not yet on the storefront).
				$pending = ($photo['status'] ?? '') === 'pending';

				$data['photos'][] = ['thumb' => $href . '&thumb=1', 'href' => $href, 'kind' => $this->text(($photo['kind'] ?? '') === 'review' ? 'text_source_review' : 'text_source_return'), 'status' => $pending ? $this->text('text_photo_pending') : ''];
			}
		}

		$data['text_photos_hidden'] = $data['photos_hidden'] ? sprintf($this->text('text_photos_hidden'), count($data['photos_hidden']), implode(', ', array_map(static fn (string $id): string => substr($id, 0, 8), $data['photos_hidden']))) : '';

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

		if ($route === '' || !$this->can($route)) {
			return '';
		}

		return $this->link($route . '.' . $method, '&photo_id=' . $photo_id);
	}

	/**
	 * "Numbers as of …" from an answer's freshness.
	 *
	 * @param array<string, mixed> $freshness as_of, summary_refreshed_at, summary_lag_seconds, live_at
	 */
	public function freshness(array $freshness): string {
		$as_of = $this->dateTime($freshness['as_of'] ?? null);

		if ($as_of === '') {
			return '';
		}

		$text = sprintf($this->text('text_as_of'), $as_of);

		if (isset($freshness['summary_lag_seconds']) && is_numeric($freshness['summary_lag_seconds'])) {
			$text .= ' ' . sprintf($this->text('text_summary_lag'), $this->duration((int)$freshness['summary_lag_seconds']));
		}

		return $text;
	}

	/**
	 * @return array<string, string>
	 */
	public function chartText(): array {
		$text = [];

		foreach (['units_sold', 'units_returned', 'return_rate', 'median', 'p90', 'with_photos', 'without_photos', 'answers', 'rate', 'other', 'week_of', 'resolution_refund', 'resolution_exchange', 'resolution_store_credit', 'resolution_rejected', 'resolution_open', 'nps_promoters', 'nps_passives', 'nps_detractors'] as $key) {
			$text[$key] = $this->text('chart_' . $key);
		}

		return $text;
	}

	/**
	 * "Rebound's sidecar is not answering, so …: <why>".
	 */
	public function downText(AdminAnswer $answer): string {
		$key = 'problem_' . (in_array($answer->problem, array_merge(AdminAnswer::DOWN, ['bad_request', 'not_found']), true) ? $answer->problem : 'unavailable');
		$detail = $answer->message !== '' ? $answer->message : 'HTTP ' . $answer->status;

		if ($answer->fields) {
			$detail .= ' ' . implode(' ', array_map(static fn (string $field, string $message): string => $field . ': ' . $message, array_keys($answer->fields), $answer->fields));
		}

		return sprintf($this->text($answer->down() ? 'text_sidecar_down' : 'text_section_failed'), sprintf(AdminAnswer::sentence($this->text, $key), $detail));
	}

	private function label(string $prefix, string $code): string {
		$text = $this->text($prefix . $code);

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

		return number_format($number, floor($number) == $number ? 0 : 1, $this->text('decimal_point'), $this->text('thousand_point'));
	}

	private function hours(mixed $value): string {
		$hours = (float)$value;

		return $hours >= 48 ? sprintf($this->text('text_in_days'), $this->number($hours / 24)) : sprintf($this->text('text_in_hours'), $this->number($hours));
	}

	private function duration(int $seconds): string {
		if ($seconds < 90) {
			return sprintf($this->text('text_seconds'), max(0, $seconds));
		}

		return $seconds < 5400 ? sprintf($this->text('text_minutes'), (int)round($seconds / 60)) : sprintf($this->text('text_hours'), $this->number($seconds / 3600));
	}

	private function money(mixed $amount): string {
		return ($this->money)($amount);
	}

	private function date(mixed $value): string {
		$time = is_string($value) && $value !== '' ? strtotime($value) : false;

		return $time === false ? '' : date($this->text('date_format_short'), $time);
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

		return $time === null ? '' : $time->format($this->text('datetime_format'));
	}
}
