<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\Bridge;
use Opencart\System\Library\Extension\Rebound\EmailToken;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
use Opencart\System\Library\Extension\Rebound\PhotoFile;
use Opencart\System\Library\Extension\Rebound\PhotoRejected;
use Opencart\System\Library\Extension\Rebound\PhotoSanitizer;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\PhotoUpload;
use Opencart\System\Library\Extension\Rebound\ReviewFacts;
use Opencart\System\Library\Extension\Rebound\ReviewMarkup;
use Opencart\System\Library\Extension\Rebound\ReviewPhotoClaim;
use Opencart\System\Library\Extension\Rebound\ReviewPhotoTray;
use Opencart\System\Library\Extension\Rebound\ReviewPhotos;
use Opencart\System\Library\Extension\Rebound\ReviewSource;
/**
 * Class ReboundReview: photo reviews on the product page (docs/reviews.md).
 *
 * Handlers (EVENTS_41): the review form gets a photo field, a gallery and a lightbox; the review list gets
 * each review's approved photos, a "Verified buyer" badge, the owner's reply and schema.org JSON-LD; a
 * review OpenCart creates gets the photos its author uploaded. Routes: `.upload` (one photo, sent by the
 * page's script before the review), `.discard`, `.photo` (serves a photo by id) and `.post` (the form sent
 * without JavaScript: review and photos in one multipart POST, through OpenCart's own review.write).
 *
 * A photo's id travels in the form as a claim (ReviewPhotoClaim, signed with a key kept in the session), so
 * only photos uploaded in this session attach; the session's ReviewPhotoTray counts a form's photos and
 * lets their uploader see them before approval.
 *
 * Logic lives in ReviewPhotos, ReviewPhotoClaim, ReviewPhotoTray, ReviewFacts and ReviewMarkup; a failure here never breaks
 * OpenCart's review form or list, which then show as they would without Rebound.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
class ReboundReview extends \Opencart\System\Engine\Controller {
	/**
	 * The rows rows() last gave the review list, for list(): OpenCart 4.0.2.x copies only author, text,
	 * rating and date into the list's data (4.1 keeps the whole row), so the ids are taken from here.
	 *
	 * @var list<array<string, mixed>>
	 */
	private static array $lastRows = [];

	use ReboundPage;

	private const ROUTE = 'extension/rebound/module/rebound_review';
	private const LANGUAGE = 'extension/rebound/module/rebound_review';

	/** @var ReviewPhotos|false|null false once found unavailable */
	private ReviewPhotos|false|null $photos = null;

	/**
	 * Gives OpenCart's review rows their review_id and customer_id (its own query selects neither).
	 *
	 * Trigger: catalog/model/catalog/review.getReviewsByProductId/after (args: product_id, start, limit)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function rows(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			if (!is_array($output) || !$output || !$this->config->get('module_rebound_status')) {
				return;
			}

			$start = max(0, (int)($args[1] ?? 0));
			$limit = (int)($args[2] ?? 20);
			$rows = $this->facts()->rows((int)($args[0] ?? 0), (int)$this->config->get('config_language_id'), $start, $limit < 1 ? 20 : $limit);

			// The same reviews in the same order (ties by id): OpenCart's row plus the two ids.
			if (count($rows) === count($output)) {
				$output = $rows;
				self::$lastRows = array_values($rows);
			}
		} catch (\Throwable $e) {
			$this->logError('review rows', $e);
		}
	}

	/**
	 * Each review's approved photos, badge and reply after it, and the JSON-LD of the reviews shown.
	 *
	 * Trigger: catalog/view/product/review_list/after
	 *
	 * @param string       $route
	 * @param array<mixed> $data
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function list(string &$route = '', array &$data = [], mixed &$output = null): void {
		try {
			if (!is_string($output) || !$this->config->get('module_rebound_status')) {
				return;
			}

			$product_id = (int)($this->request->get['product_id'] ?? 0);
			$reviews = is_array($data['reviews'] ?? null) ? array_values($data['reviews']) : [];

			// OpenCart 4.0.2.x's list rows lack the ids: the rows rows() gave for this list, in the same order.
			if ($reviews && !isset($reviews[0]['review_id']) && count(self::$lastRows) === count($reviews)) {
				foreach ($reviews as $i => $review) {
					$reviews[$i] = (array)$review + self::$lastRows[$i];
				}
			}

			$this->load->language(self::LANGUAGE, 'rebound_review');

			$review_ids = array_map(static fn ($review): int => (int)($review['review_id'] ?? 0), $reviews);
			$photos = $this->photos()?->approved($review_ids) ?? [];
			$replies = $this->facts()->replies($review_ids);
			$statuses = ReviewFacts::boughtStatuses((array)$this->config->get('config_processing_status'), (array)$this->config->get('config_complete_status'), (int)$this->config->get('config_order_status_id'));
			$bought = $this->facts()->verifiedBuyers($product_id, array_map(static fn ($review): int => (int)($review['customer_id'] ?? 0), $reviews), $statuses);
			$from_requests = array_flip($this->facts()->verifiedFromRequests($review_ids, $statuses));

			$blocks = [];
			$ld_reviews = [];

			foreach ($reviews as $i => $review) {
				$review_id = $review_ids[$i];
				$shown = array_map(fn (array $photo): array => $this->photoView($photo, (string)($review['author'] ?? '')), $photos[$review_id] ?? []);
				$reply = $replies[$review_id] ?? null;

				// Bought no later than written (both store-local): a review before the purchase is not a buyer's.
				$first_bought = $bought[(int)($review['customer_id'] ?? 0)] ?? null;
				$is_verified = isset($from_requests[$review_id]) || ($first_bought !== null && $first_bought <= (string)($review['rebound_date_added'] ?? $first_bought));

				$blocks[] = $review_id && ($shown || $reply || $is_verified) ? $this->load->view('extension/rebound/module/rebound_review_extras', [
					'review_id'           => $review_id,
					'verified'            => $is_verified,
					'photos'              => $shown,
					'reply_author'        => $reply ? sprintf($this->text('text_reply'), $reply['author'] !== '' ? html_entity_decode($reply['author'], ENT_QUOTES, 'UTF-8') : $this->text('text_reply_store')) : '',
					'reply_html'          => $reply ? nl2br($reply['text']) : '',
					'text_verified'       => $this->text('text_verified'),
					'text_verified_title' => $this->text('text_verified_title')
				]) : '';

				$ld_reviews[] = [
					'author'     => (string)($review['author'] ?? ''),
					'rating'     => (int)($review['rating'] ?? 0),
					// OpenCart's list holds the text with <br /> added; the JSON-LD wants it as written.
					'text'       => str_replace(['<br />', '<br>'], '', (string)($review['text'] ?? '')),
					'date_added' => (string)($review['rebound_date_added'] ?? ''),
					'photos'     => array_column($shown, 'href')
				];
			}

			$output = ReviewMarkup::list($output, $blocks, $product_id ? $this->jsonLd($product_id, $ld_reviews) : '');
		} catch (\Throwable $e) {
			$this->logError('review list', $e);
		}
	}

	/**
	 * The photo field (with its no-JavaScript fallback), the gallery of approved photos and the lightbox.
	 *
	 * Trigger: catalog/view/product/review/after (data: product_id, review_token, review_guest)
	 *
	 * @param string       $route
	 * @param array<mixed> $data
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function form(string &$route = '', array &$data = [], mixed &$output = null): void {
		try {
			if (!is_string($output) || !$this->config->get('module_rebound_status')) {
				return;
			}

			$product_id = (int)($data['product_id'] ?? 0);

			// Arrived from a review request's link: a review written in this session is tied to its order.
			ReviewSource::remember($this->session->data, (string)($this->request->get['rebound_from'] ?? ''), $product_id, EmailToken::fromSettings(fn (string $key): mixed => $this->config->get($key)));

			$photos = $this->photos();

			if (!$product_id || !$photos) {
				return;
			}

			$this->load->language(self::LANGUAGE, 'rebound_review');

			// Made here, before any upload: two uploads at once would each make their own.
			$this->claimKey();

			$gallery = array_map(fn (array $photo): array => $this->photoView($photo, (string)$photo['author'], (int)$photo['rating']), $photos->gallery($product_id));
			$token = (string)($data['review_token'] ?? '');
			$field = '';

			if (!empty($data['review_guest']) && $token !== '') {
				$field = $this->load->view('extension/rebound/module/rebound_review_field', $this->fieldData($product_id, $token, []));
			}

			$gallery_html = $gallery ? $this->load->view('extension/rebound/module/rebound_review_gallery', [
				'photos'       => $gallery,
				'text_gallery' => sprintf($this->text('text_gallery'), count($gallery))
			]) : '';

			$tail = $this->load->view('extension/rebound/module/rebound_review_script', [
				'button_previous'     => $this->text('button_previous'),
				'button_next'         => $this->text('button_next'),
				'button_close'        => $this->text('button_close'),
				'text_photo_of'       => $this->text('text_photo_of'),
				'text_photos_pending' => $this->config->get('module_rebound_review_photo_auto') ? '' : $this->text('text_photos_pending')
			]);

			$output = ReviewMarkup::form($output, $this->link('post', 'product_id=' . $product_id . '&review_token=' . rawurlencode($token)), $field, $gallery_html, $tail);
		} catch (\Throwable $e) {
			$this->logError('review form', $e);
		}
	}

	/**
	 * Attaches the photos the review's author uploaded in this session, and records review.photos_added.
	 *
	 * Trigger: catalog/model/catalog/review.addReview/after (args: product_id, data with rebound_photo[] claims; output: review_id)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function attach(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$product_id = (int)($args[0] ?? 0);
			$posted = is_array($args[1]['rebound_photo'] ?? null) ? array_values($args[1]['rebound_photo']) : [];

			if (!is_int($output) || $output < 1 || !$posted || !$this->config->get('module_rebound_status') || !$this->photos()) {
				return;
			}

			$claimed = ReviewPhotoClaim::verifyAll($this->claimKey(), $posted, $product_id, $this->photos()->maxCount);
			$attached = $this->photos()->attach($output, $claimed, (bool)$this->config->get('module_rebound_review_photo_auto'));

			$tray = $this->tray();
			$tray->remove($attached);
			$this->session->data['rebound_review_photos'] = $tray->toArray();
			$this->session->data['rebound_review_attached'] = count($attached);

			if ($attached) {
				$store_id = (int)$this->config->get('config_store_id');

				Bridge::fromOpencart($this->db, $this->config, $this->log, DB_PREFIX)->record('review.photos_added', [
					'review_id'   => $output,
					'product_id'  => $product_id,
					'customer_id' => (int)$this->customer->getId(),
					'store_id'    => $store_id,
					'photo_ids'   => $attached
				], $store_id);
			}
		} catch (\Throwable $e) {
			Bridge::logFailure($this->log, 'review.photos_added', $e);
		}
	}

	/**
	 * One photo for the review being written: POST multipart `photo`, GET product_id and review_token.
	 * Answers JSON {photo_id, claim, name} or {error: {code, message}}; the form posts the claim.
	 *
	 * @return void
	 */
	public function upload(): void {
		$this->load->language(self::LANGUAGE, 'rebound_review');

		$product_id = (int)($this->request->get['product_id'] ?? 0);
		$error = $this->checkRequest($product_id);
		$json = [];

		if (!$error && empty($this->request->files['photo']) && (int)($this->request->server['CONTENT_LENGTH'] ?? 0) > 0) {
			// Over post_max_size PHP drops the whole body (and PHP-FPM leaves it unread): a short answer.
			$error = ['code' => PhotoRejected::TOO_LARGE, 'message' => sprintf($this->text('error_upload_too_large'), self::postLimit())];
		}

		if (!$error) {
			$photos = $this->photos();
			$tray = $this->tray();

			try {
				$photos->sweep(new \DateTimeImmutable());

				$field = self::decoded((array)($this->request->files['photo'] ?? []));
				$photo_id = $photos->upload($field, $tray->held($product_id, (string)$this->request->get['review_token']), (int)$this->config->get('config_store_id'), (int)$this->customer->getId());

				$tray->add($photo_id, $product_id, (string)$this->request->get['review_token'], time());
				$this->session->data['rebound_review_photos'] = $tray->toArray();

				$json = ['photo_id' => $photo_id, 'claim' => ReviewPhotoClaim::sign($this->claimKey(), $photo_id, $product_id), 'name' => PhotoUpload::displayName((string)($field['name'] ?? ''))];
			} catch (PhotoRejected $e) {
				$error = $e->toArray();
			}
		}

		if ($error) {
			$json = ['error' => $error];
		}

		$this->response->addHeader('Content-Type: application/json');
		$this->response->addHeader('Cache-Control: no-store');
		$this->response->setOutput(json_encode($json));
	}

	/**
	 * Removes a photo this session uploaded and has not attached: POST claim, GET product_id and review_token.
	 *
	 * @return void
	 */
	public function discard(): void {
		$this->load->language(self::LANGUAGE, 'rebound_review');

		$product_id = (int)($this->request->get['product_id'] ?? 0);
		$error = $this->checkRequest($product_id);
		$json = [];

		if (!$error) {
			$photo_id = ReviewPhotoClaim::verify($this->claimKey(), $this->request->post['claim'] ?? null, $product_id);

			if ($photo_id !== null) {
				$this->photos()->discard($photo_id);

				$tray = $this->tray();
				$tray->remove([$photo_id]);
				$this->session->data['rebound_review_photos'] = $tray->toArray();
			}

			$json['success'] = true;
		} else {
			$json['error'] = $error;
		}

		$this->response->addHeader('Content-Type: application/json');
		$this->response->setOutput(json_encode($json));
	}

	/**
	 * A review photo by id (`&photo_id=…`, `&thumb=1` for its thumbnail): approved photos of published
	 * reviews for anyone (cached), and the photos this session uploaded (private). Anything else: 404.
	 *
	 * @return void
	 */
	public function photo(): void {
		$photo_id = (string)($this->request->get['photo_id'] ?? '');
		$file = null;
		$public = false;

		try {
			$photos = $this->photos();

			if ($photos) {
				$public = $photos->isPublic($photo_id);

				if ($public || $this->tray()->holds($photo_id)) {
					$file = $this->store()->open($photo_id, !empty($this->request->get['thumb']));
				}
			}
		} catch (\Throwable $e) {
			$this->logError('review photo', $e);
		}

		if (!$file instanceof PhotoFile || ($file->row['kind'] ?? '') !== 'review') {
			$this->response->addHeader(($this->request->server['SERVER_PROTOCOL'] ?? 'HTTP/1.1') . ' 404 Not Found');
			$this->response->addHeader('Content-Type: text/plain; charset=utf-8');
			$this->response->addHeader('X-Content-Type-Options: nosniff');
			$this->response->addHeader('Cache-Control: no-store');
			$this->response->setOutput('Not found');

			return;
		}

		if ($public) {
			// PHP's session start sent "no-cache" headers (Expires in 1981, Pragma): replaced or removed here.
			$this->response->addHeader('Expires: ' . gmdate('D, d M Y H:i:s', time() + 3600) . ' GMT');
			$this->response->addHeader('Pragma:');

			// Nor may a shared cache keep the session's cookie with a public photo and hand it to others.
			if (!headers_sent()) {
				header_remove('Set-Cookie');
			}
		}

		foreach ($file->headers($public) as $header) {
			// An hour, not PhotoFile's year: a photo the owner hides later leaves shared caches soon.
			$this->response->addHeader($public && str_starts_with($header, 'Cache-Control:') ? 'Cache-Control: public, max-age=3600' : $header);
		}

		$this->response->setOutput($file->contents());
	}

	/**
	 * The review form sent without JavaScript: photos (`photos[]`) are kept or refused one by one, then the
	 * review goes through OpenCart's own product/review.write (its checks, captcha, events), which attaches
	 * the kept photos. The page says what happened to each photo; on a form error it shows the form again
	 * with everything typed and the photos already kept.
	 *
	 * @return void
	 */
	public function post(): void {
		$this->load->language(self::LANGUAGE, 'rebound_review');

		$product_id = (int)($this->request->get['product_id'] ?? 0);
		$token = (string)($this->request->get['review_token'] ?? '');
		$this->load->model('catalog/product');
		$product = $product_id ? $this->model_catalog_product->getProduct($product_id) : [];

		if (!$product) {
			$this->response->redirect($this->url->link('common/home', 'language=' . $this->config->get('config_language')));

			return;
		}

		$data = ['product_id' => $product_id, 'product_name' => html_entity_decode((string)$product['name'], ENT_QUOTES, 'UTF-8'), 'product_href' => $this->url->link('product/product', 'language=' . $this->config->get('config_language') . '&product_id=' . $product_id, true) . '#tab-review', 'refused' => [], 'errors' => [], 'saved' => false];
		$post = $this->request->post;

		$args = 'product_id=' . $product_id . '&review_token=' . rawurlencode($token);

		if (($this->request->server['REQUEST_METHOD'] ?? 'GET') !== 'POST') {
			if (empty($this->request->get['rebound_too_large'])) {
				$this->response->redirect($data['product_href']);

				return;
			}

			// Where a post over post_max_size was sent (below): the message, and the form to write it again.
			$data['warning'] = sprintf($this->text('text_too_large'), self::postLimit());
			$this->showPost($data, $token);

			return;
		}

		if (!$post && (int)($this->request->server['CONTENT_LENGTH'] ?? 0) > 0) {
			// Over post_max_size: PHP dropped the whole body, and PHP-FPM leaves it unread, so an answer over
			// a few KB waits behind it until the web server's timeout. A one-line answer, then the page by GET.
			$location = $this->link('post', $args . '&rebound_too_large=1');
			$this->response->addHeader(($this->request->server['SERVER_PROTOCOL'] ?? 'HTTP/1.1') . ' 303 See Other');
			$this->response->addHeader('Location: ' . $location);
			$this->response->addHeader('Content-Type: text/plain; charset=utf-8');
			$this->response->addHeader('Cache-Control: no-store');
			// Not empty: OpenCart's Response sends no headers at all without output.
			$this->response->setOutput($location);

			return;
		}

		$error = $this->checkRequest($product_id);
		$photos = $error ? null : $this->photos();
		$tray = $this->tray();
		$kept = ReviewPhotoClaim::verifyAll($this->claimKey(), array_values((array)($post['rebound_photo'] ?? [])), $product_id, $this->photos()?->maxCount ?? ReviewPhotos::DEFAULT_COUNT);

		if ($photos && !empty($this->request->files['photos'])) {
			$stored = $photos->uploadEach(self::decoded((array)$this->request->files['photos']), count($kept), (int)$this->config->get('config_store_id'), (int)$this->customer->getId());

			foreach ($stored['ids'] as $photo_id) {
				$tray->add($photo_id, $product_id, $token, time());
				$kept[] = $photo_id;
			}

			$this->session->data['rebound_review_photos'] = $tray->toArray();

			foreach ($stored['refused'] as $refusal) {
				$data['refused'][] = sprintf($this->text('text_photo_refused'), $refusal['name'], $refusal['message']);
			}
		} elseif (!empty($this->request->files['photos']['name'][0])) {
			$data['refused'][] = $error['message'] ?? $this->text('error_unavailable');
		}

		// OpenCart's own check and save; its addReview/after event (attach()) takes the kept photos.
		$this->request->post['rebound_photo'] = array_map(fn (string $photo_id): string => ReviewPhotoClaim::sign($this->claimKey(), $photo_id, $product_id), $kept);
		$this->session->data['rebound_review_attached'] = 0;
		$this->load->controller('product/review.write');
		$answer = json_decode($this->response->getOutput(), true);

		if (is_array($answer) && isset($answer['success'])) {
			$attached = (int)($this->session->data['rebound_review_attached'] ?? 0);
			$data['saved'] = true;
			$data['success'] = $attached ? sprintf($this->text($attached === 1 ? 'text_review_saved_photo' : 'text_review_saved_photos'), $attached) : $this->text('text_review_saved');
		} else {
			$data['errors'] = is_array($answer['error'] ?? null) ? array_map('strval', $answer['error']) : ['warning' => $this->text('error_token')];
		}

		$this->showPost($data + ['kept' => $kept, 'post' => $post], $token);
	}

	/**
	 * @param array<string, mixed> $data
	 */
	private function showPost(array $data, string $token): void {
		$title = sprintf($this->text('heading_review'), $data['product_name']);
		$this->document->setTitle($title);

		$post = $data['post'] ?? [];
		$language = 'language=' . $this->config->get('config_language');

		$view = $data + [
			'heading_title'         => $title,
			'breadcrumbs'           => [
				['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/home', $language, true)],
				// Printed raw, like OpenCart's own breadcrumbs (text_home is an icon's HTML).
				['text' => htmlspecialchars($data['product_name'], ENT_QUOTES, 'UTF-8'), 'href' => $data['product_href']]
			],
			'warning'               => $data['warning'] ?? ($data['errors']['warning'] ?? ''),
			// A logged-in shopper's name, as OpenCart's own form fills it, until they typed one.
			'author'                => html_entity_decode((string)($post['author'] ?? ($this->customer->isLogged() ? trim($this->customer->getFirstName() . ' ' . $this->customer->getLastName()) : '')), ENT_QUOTES, 'UTF-8'),
			'text'                  => html_entity_decode((string)($post['text'] ?? ''), ENT_QUOTES, 'UTF-8'),
			'rating'                => (int)($post['rating'] ?? 0),
			'captcha'               => '',
			'text_review_not_saved' => $this->text('text_review_not_saved'),
			'text_back'             => $this->text('text_back'),
			'entry_author'          => $this->text('entry_author'),
			'entry_review'          => $this->text('entry_review'),
			'entry_rating'          => $this->text('entry_rating'),
			'entry_bad'             => $this->text('entry_bad'),
			'entry_good'            => $this->text('entry_good'),
			'button_send'           => $this->text('button_send'),
			'field'                 => ''
		];

		// Shown again unless saved: after a post that was too large it is empty, to be written again.
		if (!$data['saved']) {
			$kept = array_map(fn (string $photo_id): array => ['claim' => ReviewPhotoClaim::sign($this->claimKey(), $photo_id, $data['product_id']), 'thumb' => $this->link('photo', 'photo_id=' . $photo_id . '&thumb=1')], (array)($data['kept'] ?? []));
			$view['field'] = $this->photos() ? $this->load->view('extension/rebound/module/rebound_review_field', $this->fieldData($data['product_id'], $token, $kept)) : '';
			$view['action'] = $this->link('post', 'product_id=' . $data['product_id'] . '&review_token=' . rawurlencode($token));
			$view['captcha'] = $this->captcha();
		}

		$this->response->addHeader('Content-Type: text/html; charset=utf-8');
		$this->render('extension/rebound/module/rebound_review_page', $view);
	}

	/**
	 * The photo field's data: limits, routes, and the photos already kept (the form shown again).
	 *
	 * @param list<array{claim: string, thumb: string}> $kept
	 *
	 * @return array<string, mixed>
	 */
	private function fieldData(int $product_id, string $token, array $kept): array {
		$max = $this->photos()->maxCount;
		$bytes = self::maxBytes($this->config->get('module_rebound_photo_max_mb'));
		$args = 'product_id=' . $product_id . '&review_token=' . rawurlencode($token);

		return [
			'max'                => $max,
			'max_bytes'          => $bytes,
			'upload'             => $this->link('upload', $args),
			'discard'            => $this->link('discard', $args),
			'kept'               => $kept,
			'entry_photos'       => $this->text('entry_photos'),
			'text_limits'        => sprintf($this->text($this->config->get('module_rebound_review_photo_auto') ? 'text_photo_limits_auto' : 'text_photo_limits'), $max, PhotoSanitizer::megabytes($bytes)),
			'text_no_js'         => sprintf($this->text('text_no_js_limit'), self::postLimit()),
			'text_photos_kept'   => $this->text('text_photos_kept'),
			'text_uploading'     => $this->text('text_uploading'),
			'text_uploaded'      => $this->text('text_uploaded'),
			'text_wait'          => $this->text('text_wait'),
			'button_remove'      => $this->text('button_remove'),
			'error_client_count' => sprintf($this->text('error_client_count'), $max),
			'error_client_size'  => $this->text('error_client_size'),
			'error_server_size'  => $this->text('error_server_size'),
			'error_network'      => $this->text('error_network'),
			'max_text'           => PhotoSanitizer::megabytes($bytes)
		];
	}

	/**
	 * A photo as the list, the gallery and the lightbox show it.
	 *
	 * @param array<string, mixed> $photo a rebound_photo row (photo_id, width, height)
	 *
	 * @return array{href: string, thumb: string, width: int, height: int, alt: string, caption: string}
	 */
	private function photoView(array $photo, string $author, int $rating = 0): array {
		[$width, $height] = PhotoSanitizer::fit((int)$photo['width'], (int)$photo['height'], PhotoSanitizer::THUMB_EDGE);
		$by = sprintf($this->text('text_photo_by'), html_entity_decode($author, ENT_QUOTES, 'UTF-8'));

		return [
			'href'    => $this->link('photo', 'photo_id=' . $photo['photo_id']),
			'thumb'   => $this->link('photo', 'photo_id=' . $photo['photo_id'] . '&thumb=1'),
			'width'   => $width,
			'height'  => $height,
			'alt'     => $by,
			'caption' => $by . ($rating ? ' · ' . str_repeat('★', $rating) . str_repeat('☆', 5 - $rating) : '')
		];
	}

	/**
	 * @param list<array<string, mixed>> $reviews
	 */
	private function jsonLd(int $product_id, array $reviews): string {
		$this->load->model('catalog/product');

		$product = $this->model_catalog_product->getProduct($product_id);

		if (!$product) {
			return '';
		}

		$image = '';

		if (!empty($product['image']) && is_file(DIR_IMAGE . html_entity_decode((string)$product['image'], ENT_QUOTES, 'UTF-8'))) {
			$image = $this->config->get('config_url') . 'image/' . html_entity_decode((string)$product['image'], ENT_QUOTES, 'UTF-8');
		}

		return ReviewMarkup::jsonLd([
			'name'  => (string)$product['name'],
			'url'   => $this->url->link('product/product', 'language=' . $this->config->get('config_language') . '&product_id=' . $product_id, true),
			'image' => $image
		], $this->facts()->rating($product_id), $reviews);
	}

	/**
	 * Checks an upload, discard or post request: Rebound on, reviews on, the form's token, the product.
	 *
	 * @return array{code: string, message: string}|array{}
	 */
	private function checkRequest(int $product_id): array {
		if (!$this->config->get('module_rebound_status') || !$this->config->get('config_review_status') || !$this->photos()) {
			return ['code' => 'disabled', 'message' => $this->text('error_disabled')];
		}

		$token = (string)($this->request->get['review_token'] ?? '');

		if ($token === '' || !hash_equals((string)($this->session->data['review_token'] ?? ''), $token) || $product_id < 1) {
			return ['code' => 'token', 'message' => $this->text('error_token')];
		}

		if (!$this->customer->isLogged() && !$this->config->get('config_review_guest')) {
			return ['code' => 'login', 'message' => $this->text('error_disabled')];
		}

		return [];
	}

	/**
	 * The review captcha, as OpenCart's review form shows it ('' when off).
	 */
	private function captcha(): string {
		$this->load->model('setting/extension');

		$extension = $this->model_setting_extension->getExtensionByCode('captcha', (string)$this->config->get('config_captcha'));

		if ($extension && $this->config->get('captcha_' . $this->config->get('config_captcha') . '_status') && in_array('review', (array)$this->config->get('config_captcha_page'))) {
			return (string)$this->load->controller('extension/' . $extension['extension'] . '/captcha/' . $extension['code']);
		}

		return '';
	}

	/**
	 * The review photos of this installation, or null where they can't be taken (no image library, no
	 * storage): then no photo field is shown and the review form is OpenCart's own.
	 */
	private function photos(): ?ReviewPhotos {
		if ($this->photos === null) {
			$this->photos = false;

			try {
				if (defined('DIR_STORAGE') && PhotoSanitizer::detectCodec()) {
					$sanitizer = new PhotoSanitizer(DIR_STORAGE . 'rebound/photos/', self::maxBytes($this->config->get('module_rebound_photo_max_mb')));
					$log = function (string $line): void {
						$this->log->write($line);
					};

					$this->photos = new ReviewPhotos($sanitizer, new PhotoStore(new OpencartConnection($this->db), DB_PREFIX, $sanitizer->files), new OpencartConnection($this->db), DB_PREFIX, ReviewPhotos::maxCount($this->config->get('module_rebound_photo_max')), true, $log);
				}
			} catch (\Throwable $e) {
				$this->logError('review photos', $e);
			}
		}

		return $this->photos ?: null;
	}

	private function store(): PhotoStore {
		return new PhotoStore(new OpencartConnection($this->db), DB_PREFIX, new \Opencart\System\Library\Extension\Rebound\PhotoFiles(DIR_STORAGE . 'rebound/photos/'));
	}

	private function facts(): ReviewFacts {
		return new ReviewFacts(new OpencartConnection($this->db), DB_PREFIX);
	}

	/**
	 * The session's claim key, made and kept on first use.
	 */
	private function claimKey(): string {
		return $this->session->data['rebound_review_key'] = ReviewPhotoClaim::key($this->session->data['rebound_review_key'] ?? null);
	}

	private function tray(): ReviewPhotoTray {
		return ReviewPhotoTray::fromSession($this->session->data['rebound_review_photos'] ?? null);
	}

	private function link(string $method, string $args): string {
		// Raw '&': the templates and ReviewMarkup escape what they print.
		return $this->url->link(self::ROUTE . '.' . $method, 'language=' . $this->config->get('config_language') . '&' . $args, true);
	}

	private function text(string $key): string {
		return (string)$this->language->get('rebound_review_' . $key);
	}

	/**
	 * PHP's post_max_size as the form states it ("8 MB").
	 */
	private static function postLimit(): string {
		return PhotoSanitizer::megabytes(PhotoSanitizer::bytesFromIni((string)ini_get('post_max_size')));
	}

	private static function maxBytes(mixed $megabytes): int {
		return ReviewPhotos::maxBytes($megabytes, (string)ini_get('upload_max_filesize'));
	}

	/**
	 * One `$_FILES` entry with names and paths decoded: OpenCart's Request HTML-encodes them like any input.
	 *
	 * @param array<string, mixed> $field
	 *
	 * @return array<string, mixed>
	 */
	private static function decoded(array $field): array {
		foreach (['name', 'tmp_name'] as $part) {
			if (isset($field[$part])) {
				$field[$part] = is_array($field[$part]) ? array_map(static fn ($value): string => html_entity_decode((string)$value, ENT_QUOTES, 'UTF-8'), $field[$part]) : html_entity_decode((string)$field[$part], ENT_QUOTES, 'UTF-8');
			}
		}

		return $field;
	}
}
