<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Catalog;
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AdminMenu;
use Opencart\System\Library\Extension\Rebound\AdminPage;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
use Opencart\System\Library\Extension\Rebound\ReviewModeration;
use Opencart\System\Library\Extension\Rebound\ReviewQueue;
use Opencart\System\Library\Extension\Rebound\ReviewRows;
/**
 * Class Reviews: Review photos (Rebound) — the moderation queue of reviews with their photos, a decision
 * per photo, publishing or withdrawing the review, the owner's reply; the photos streamed to the admin
 * only; and the Catalog menu entry. Everything comes from and goes to the sidecar's /v1/admin/reviews
 * routes (docs/reviews-api.md); when it does not answer, the page says so.
 *
 * Route extension/rebound/catalog/reviews.
 *
 * @package Opencart\Admin\Controller\Extension\Rebound\Catalog
 */
class Reviews extends \Opencart\System\Engine\Controller {
	use AdminPage;

	public const ROUTE = 'extension/rebound/catalog/reviews';
	public const PHOTO_DIRECTORY = 'rebound/photos/';
	/** What the page shows first: reviews with photos waiting for a decision. */
	public const DEFAULT_PHOTOS = 'pending';

	/**
	 * Index: the page with its filters and the rules the page keeps to.
	 *
	 * @return void
	 */
	public function index(): void {
		$this->load->language(self::ROUTE);

		$this->document->setTitle($this->language->get('heading_title'));

		$filters = $this->filters();

		$data['breadcrumbs'] = $this->breadcrumbs();

		$data['list'] = $this->getList($filters);

		$data['filter_photos'] = $filters['photos'];
		$data['filter_status'] = $filters['status'];
		$data['filter_rating'] = $filters['rating'];
		$data['filter_product_id'] = $filters['product_id'];

		$data['photo_filters'] = [];

		foreach (['pending', 'approved', 'hidden', 'any', 'none', 'all'] as $value) {
			$data['photo_filters'][$value] = $this->language->get('filter_photos_' . $value);
		}

		$data['core_reviews'] = $this->user->hasPermission('access', 'catalog/review') ? $this->url->link('catalog/review', $this->token()) : '';
		$data['settings'] = $this->user->hasPermission('access', 'extension/rebound/module/rebound') ? $this->url->link('extension/rebound/module/rebound', $this->token()) : '';
		$data['can_modify'] = $this->user->hasPermission('modify', self::ROUTE);

		// For the scripts: plain URLs, not HTML-encoded ones.
		$data['index_url'] = $this->url->link(self::ROUTE, $this->token(), true);
		$data['list_url'] = $this->url->link(self::ROUTE . '.list', $this->token(), true);

		foreach (['card', 'photo', 'pendingPhotos', 'status', 'reply', 'deleteReply'] as $action) {
			$data['action_' . $action] = $this->url->link(self::ROUTE . '.' . $action, $this->token(), true);
		}

		$this->output(self::ROUTE, $data);
	}

	/**
	 * List: the reviews alone, for filtering, paging and after each decision without reloading the page.
	 *
	 * @return void
	 */
	public function list(): void {
		$this->load->language(self::ROUTE);

		$this->response->setOutput($this->getList($this->filters()));
	}

	/**
	 * Card: one review as the list shows it, re-read after a decision so the review stays in view even
	 * when it no longer matches the filter (GET review_id). An empty answer when it cannot be read.
	 *
	 * @return void
	 */
	public function card(): void {
		$this->load->language(self::ROUTE);

		$answer = $this->api()->review((int)($this->request->get['review_id'] ?? 0));

		$rows = $answer->ok() ? $this->rows()->rows([$answer->data]) : [];

		// With the store's count of waiting photos, for the page's count and the menu badge.
		$this->response->setOutput($rows ? $this->cardHtml($rows[0], $this->waitingPhotos()) : '');
	}

	/**
	 * Image: streams a review photo (or its thumbnail) from the photo store, whatever its status, to an
	 * admin with access to this page (OpenCart checks that before this runs). Never publicly cached.
	 *
	 * @return void
	 */
	public function image(): void {
		$this->sendPhoto('review');
	}

	/**
	 * Photo: one photo's decision (POST review_id, photo_id, status approved|hidden|pending).
	 *
	 * @return void
	 */
	public function photo(): void {
		$this->act(fn (ReviewModeration $api, array $post): AdminAnswer => $api->photo((int)($post['review_id'] ?? 0), (string)($post['photo_id'] ?? ''), (string)($post['status'] ?? '')), 'photo_' . ($this->request->post['status'] ?? ''));
	}

	/**
	 * Pending photos: every waiting photo of a review at once (POST review_id, status).
	 *
	 * @return void
	 */
	public function pendingPhotos(): void {
		$this->act(fn (ReviewModeration $api, array $post): AdminAnswer => $api->pendingPhotos((int)($post['review_id'] ?? 0), (string)($post['status'] ?? '')), 'photos_' . ($this->request->post['status'] ?? ''));
	}

	/**
	 * Status: publish (1) or withdraw (0) the review in OpenCart (POST review_id, status).
	 *
	 * @return void
	 */
	public function status(): void {
		$status = (string)($this->request->post['status'] ?? '');

		$this->act(fn (ReviewModeration $api, array $post): AdminAnswer => $api->status((int)($post['review_id'] ?? 0), $status === '1' ? 1 : ($status === '0' ? 0 : -1)), 'review_' . $status, function (): void {
			// The product's rating changed: OpenCart's cached product lists (an hour by default) would show
			// the old stars. Its own review model clears them the same way.
			$this->cache->delete('product');
		});
	}

	/**
	 * Reply: creates or edits the reply shown under the review (POST review_id, text, author).
	 *
	 * @return void
	 */
	public function reply(): void {
		$this->act(fn (ReviewModeration $api, array $post): AdminAnswer => $api->saveReply((int)($post['review_id'] ?? 0), (string)($post['text'] ?? ''), (string)($post['author'] ?? '')), 'reply');
	}

	/**
	 * Delete reply (POST review_id).
	 *
	 * @return void
	 */
	public function deleteReply(): void {
		$this->act(fn (ReviewModeration $api, array $post): AdminAnswer => $api->deleteReply((int)($post['review_id'] ?? 0)), 'reply_deleted');
	}

	/**
	 * Adds "Review photos (Rebound)" under Catalog in the admin menu, for users who may open it, with the
	 * number of photos waiting for a decision.
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
		$this->addMenuEntry($data, 'menu-catalog', 'menu-rebound-reviews', 'fa-solid fa-camera', 'reviews', function (): string {
			// Prefixed, so the page being rendered keeps its own language keys.
			$this->load->language(self::ROUTE, 'rebound_reviews');

			// OpenCart prints menu names as HTML; the page updates the badge after each decision.
			return AdminMenu::nameWithCount($this->language->get('rebound_reviews_text_menu'), $this->waitingPhotos(), 'rebound-reviews-pending');
		}, static fn (array $child): bool => AdminMenu::linksTo($child, 'catalog/review')); // right after OpenCart's own Reviews
	}

	/**
	 * One JSON action: permission first, POST only, then the sidecar's answer as `success` or `error`.
	 *
	 * @param \Closure(ReviewModeration, array<string, string>): AdminAnswer $call
	 * @param \Closure(): void|null                                        $changed run when the sidecar changed something
	 */
	private function act(\Closure $call, string $done, ?\Closure $changed = null): void {
		$this->load->language(self::ROUTE);

		$json = [];

		$refusal = $this->refusal();

		if ($refusal !== '') {
			$json['error']['warning'] = $refusal;
		} else {
			$post = $this->postedText();

			$answer = $call($this->api(), $post);

			if ($answer->ok()) {
				if ($changed && !empty($answer->data['changed'])) {
					$changed();
				}

				$key = ReviewModeration::doneKey($done, $answer->data);
				$text = $this->language->get($key);
				$json['success'] = $text !== $key ? $text : $this->language->get('text_success');
			} else {
				$json['error'] = $this->errors($answer);
			}
		}

		$this->answerJson($json);
	}

	/**
	 * A refusal as the JSON `error` member, every message HTML-escaped (the page inserts them as HTML).
	 *
	 * @return array<string, string>
	 */
	private function errors(AdminAnswer $answer): array {
		$e = static fn (string $text): string => htmlspecialchars($text, ENT_QUOTES, 'UTF-8');

		if ($answer->down()) {
			return ['warning' => $e(sprintf($this->language->get('error_down'), $this->problemText($answer)))];
		}

		$error = [];

		foreach ($answer->fields as $field => $message) {
			$error[(string)$field] = $e((string)$message);
		}

		$key = in_array($answer->problem, ['not_found', 'photo_not_found'], true) ? 'error_not_found' : 'error_refused';
		$error['warning'] = $e(sprintf($this->language->get($key), $answer->message));

		return $error;
	}

	/**
	 * The reviews (or why there are none).
	 *
	 * @param array<string, string> $filters
	 */
	private function getList(array $filters): string {
		$page = max(1, (int)($this->request->get['page'] ?? 1));
		$limit = $this->limit();

		$answer = $this->api()->reviews($filters, $page, $limit);

		$data['problem'] = '';
		$data['settings'] = '';
		$data['cards'] = [];
		$data['pagination'] = '';
		$data['results'] = '';
		$data['pending_photos'] = 0;

		if (!$answer->ok() || !is_array($answer->data['reviews'] ?? null)) {
			$data['problem'] = $this->downText($answer->missing('reviews'));
			$data['settings'] = $this->url->link('extension/rebound/module/rebound', $this->token());

			return $this->load->view(self::ROUTE . '_list', $data);
		}

		$data['cards'] = [];

		foreach ($this->rows()->rows($answer->data['reviews']) as $row) {
			$data['cards'][] = $this->cardHtml($row);
		}

		$data['pending_photos'] = (int)($answer->data['pending_photos'] ?? 0);

		$data = $this->paging(self::ROUTE . '.list', $filters, (int)($answer->data['total'] ?? 0), $page, $limit) + $data;

		return $this->load->view(self::ROUTE . '_list', $data);
	}

	private function rows(): ReviewRows {
		return new ReviewRows(
			fn (string $photo_id, bool $thumb): string => $this->url->link(self::ROUTE . '.image', $this->token() . '&photo_id=' . $photo_id . ($thumb ? '&thumb=1' : ''), true),
			fn (mixed $value): string => is_string($value) && ($time = strtotime($value)) !== false ? date($this->language->get('date_format_short'), $time) : ''
		);
	}

	/**
	 * One review's card, with its links and the form defaults.
	 *
	 * @param array<string, mixed> $row     a ReviewRows row
	 * @param int|null             $pending the store's waiting photos, after a decision
	 */
	private function cardHtml(array $row, ?int $pending = null): string {
		$row['edit'] = $this->url->link('catalog/review.form', $this->token() . '&review_id=' . $row['review_id']);
		$row['product'] = $this->url->link('catalog/product.form', $this->token() . '&product_id=' . $row['product_id']);

		return $this->load->view(self::ROUTE . '_card', [
			'review'       => $row,
			'can_modify'   => $this->user->hasPermission('modify', self::ROUTE),
			'pending'      => $pending,
			// The store's name signs a new reply unless the owner types another.
			'reply_author' => htmlspecialchars(html_entity_decode((string)$this->config->get('config_name'), ENT_QUOTES, 'UTF-8'), ENT_QUOTES, 'UTF-8')
		]);
	}

	/**
	 * The filters from the query string, checked. `photos` is 'pending' unless asked otherwise ('all' for
	 * every review); there is no filter that leaves reviews out by rating.
	 *
	 * @return array<string, string>
	 */
	private function filters(): array {
		$get = $this->request->get;

		$photos = (string)($get['filter_photos'] ?? self::DEFAULT_PHOTOS);
		$status = (string)($get['filter_status'] ?? '');
		$rating = (string)($get['filter_rating'] ?? '');
		$product_id = (string)($get['filter_product_id'] ?? '');

		return [
			'photos'     => in_array($photos, ReviewModeration::PHOTO_FILTERS, true) || $photos === 'all' ? $photos : self::DEFAULT_PHOTOS,
			'status'     => in_array($status, ['0', '1'], true) ? $status : '',
			'rating'     => in_array($rating, ['1', '2', '3', '4', '5'], true) ? $rating : '',
			'product_id' => ctype_digit($product_id) && (int)$product_id > 0 ? (string)(int)$product_id : ''
		];
	}

	/**
	 * The store's review photos waiting for a decision, from the database (the sidecar counts the same rows).
	 */
	private function waitingPhotos(): int {
		return (new ReviewQueue(new OpencartConnection($this->db), DB_PREFIX))->pendingPhotos();
	}

	private function api(): ReviewModeration {
		return ReviewModeration::fromSettings(fn (string $key): mixed => $this->config->get($key));
	}
}
