<?php
namespace Opencart\Admin\Controller\Extension\Rebound\Event;
use Opencart\System\Library\Extension\Rebound\Bridge;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
use Opencart\System\Library\Extension\Rebound\PhotoFiles;
use Opencart\System\Library\Extension\Rebound\PhotoStore;
use Opencart\System\Library\Extension\Rebound\ReviewCleanup;
use Opencart\System\Library\Extension\Rebound\ReviewStatusChange;
/**
 * Class Handlers: the admin-side event handlers that record what the sidecar must know (a return's new
 * status, a review's moderation or deletion, a product's reviews deleted with it) and clean up a deleted
 * review's photos. Each never throws into OpenCart: a failure is logged and OpenCart carries on.
 *
 * Route extension/rebound/event/handlers: not under module/, which OpenCart would list as a module.
 *
 * @package Opencart\Admin\Controller\Extension\Rebound\Event
 */
class Handlers extends \Opencart\System\Engine\Controller {
	public const ROUTE = 'extension/rebound/event/handlers';

	private ?Bridge $bridge = null;
	/** @var array<int, int> review_id => its status before an admin save (editReview/before) */
	private static array $reviewStatusBefore = [];
	/** @var array<int, list<int>> product_id => its reviews' ids before deleteReviewsByProductId() */
	private static array $productReviewsBefore = [];

	/**
	 * Records return.status_changed when an admin adds a return history.
	 *
	 * Trigger: admin/model/sale/returns.addHistory/after (args: return_id, return_status_id, comment, notify)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function returnStatusChanged(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$return_id = (int)($args[0] ?? 0);

			if ($return_id < 1 || !$this->config->get('module_rebound_status')) {
				return;
			}

			$this->load->model('extension/rebound/module/rebound');

			$this->record('return.status_changed', [
				'return_id'        => $return_id,
				'return_status_id' => (int)($args[1] ?? 0),
				'notify'           => (bool)($args[3] ?? false),
				// As OpenCart stores it in return_history.
				'comment'          => strip_tags((string)($args[2] ?? ''))
			], $this->model_extension_rebound_module_rebound->getReturnStoreId($return_id));
		} catch (\Throwable $e) {
			$this->fail('return.status_changed', $e);
		}
	}

	/**
	 * Remembers a review's status before an admin saves it, so that the save counts as a moderation
	 * decision only when the status changes.
	 *
	 * Trigger: admin/model/catalog/review.editReview/before (args: review_id, data)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function reviewModeratedBefore(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$review_id = (int)($args[0] ?? 0);

			if ($review_id > 0 && $this->config->get('module_rebound_status')) {
				$query = $this->db->query("SELECT `status` FROM `" . DB_PREFIX . "review` WHERE `review_id` = '" . $review_id . "'");

				if ($query->num_rows) {
					self::$reviewStatusBefore[$review_id] = (int)$query->row['status'];
				}
			}
		} catch (\Throwable $e) {
			$this->fail('review.moderated', $e);
		}
	}

	/**
	 * Records review.moderated when an admin save changed a review's status (approving is setting status 1);
	 * saves that change only the text, author or rating record nothing (ReviewStatusChange).
	 *
	 * Trigger: admin/model/catalog/review.editReview/after (args: review_id, data)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function reviewModerated(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$review_id = (int)($args[0] ?? 0);
			$data = is_array($args[1] ?? null) ? $args[1] : [];

			if ($review_id < 1 || !$this->config->get('module_rebound_status')) {
				return;
			}

			$before = self::$reviewStatusBefore[$review_id] ?? null;

			unset(self::$reviewStatusBefore[$review_id]);

			$status = ReviewStatusChange::newStatus($before, $data);

			if ($status === null) {
				return;
			}

			// Reviews have no store: they belong to the default one.
			$this->record('review.moderated', [
				'review_id' => $review_id,
				'status'    => $status
			], 0);
		} catch (\Throwable $e) {
			$this->fail('review.moderated', $e);
		}
	}

	/**
	 * Removes a deleted review's photos (rows and files) and the owner's reply, then records
	 * review.moderated with status 0 so the sidecar drops the review at once (it finds it gone). The clean-up
	 * runs even while Rebound is disabled: the photos are a shopper's data with nothing left to show them.
	 *
	 * Trigger: admin/model/catalog/review.deleteReview/after (args: review_id)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function reviewDeleted(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$review_id = (int)($args[0] ?? 0);

			if ($review_id < 1) {
				return;
			}

			$photos = $this->photoStore();

			(new ReviewCleanup(new OpencartConnection($this->db), DB_PREFIX, $photos))->forReview($review_id);

			if ($this->config->get('module_rebound_status')) {
				$this->record('review.moderated', ['review_id' => $review_id, 'status' => 0], 0);
			}
		} catch (\Throwable $e) {
			$this->fail('review.moderated', $e);
		}
	}

	/**
	 * Remembers the ids of a product's reviews before OpenCart deletes them all (Catalog > Products >
	 * Delete), so that the sidecar can be told of each.
	 *
	 * Trigger: admin/model/catalog/review.deleteReviewsByProductId/before (args: product_id)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function productReviewsBefore(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$product_id = (int)($args[0] ?? 0);

			if ($product_id > 0 && $this->config->get('module_rebound_status')) {
				self::$productReviewsBefore[$product_id] = (new ReviewCleanup(new OpencartConnection($this->db), DB_PREFIX, null))->reviewsOf($product_id);
			}
		} catch (\Throwable $e) {
			$this->fail('review.moderated', $e);
		}
	}

	/**
	 * Removes the photos (rows and files) and replies of reviews deleted with their product, as
	 * reviewDeleted() does for one review, then records review.moderated with status 0 for each of them.
	 * The clean-up takes every review photo and reply whose review is gone, so it also catches reviews
	 * deleted earlier by a path without events, and runs even while Rebound is disabled.
	 *
	 * Trigger: admin/model/catalog/review.deleteReviewsByProductId/after (args: product_id)
	 *
	 * @param string       $route
	 * @param array<mixed> $args
	 * @param mixed        $output
	 *
	 * @return void
	 */
	public function productReviewsDeleted(string &$route = '', array &$args = [], mixed &$output = null): void {
		try {
			$product_id = (int)($args[0] ?? 0);
			$before = self::$productReviewsBefore[$product_id] ?? [];

			unset(self::$productReviewsBefore[$product_id]);

			if ($product_id < 1) {
				return;
			}

			$photos = $this->photoStore();
			$cleaned = (new ReviewCleanup(new OpencartConnection($this->db), DB_PREFIX, $photos))->orphans();

			if ($this->config->get('module_rebound_status')) {
				$review_ids = array_unique(array_merge($before, $cleaned));
				sort($review_ids);

				foreach ($review_ids as $review_id) {
					$this->record('review.moderated', ['review_id' => $review_id, 'status' => 0], 0);
				}
			}
		} catch (\Throwable $e) {
			$this->fail('review.moderated', $e);
		}
	}

	/**
	 * @param array<string, mixed> $data
	 */
	private function record(string $type, array $data, int $store_id): void {
		$this->bridge ??= Bridge::fromOpencart($this->db, $this->config, $this->log, DB_PREFIX);

		$this->bridge->record($type, $data, $store_id);
	}

	private function fail(string $type, \Throwable $e): void {
		Bridge::logFailure($this->log, $type, $e);
	}

	/**
	 * The photo store, or null where this installation has none (no storage folder).
	 */
	private function photoStore(): ?PhotoStore {
		return defined('DIR_STORAGE') ? new PhotoStore(new OpencartConnection($this->db), DB_PREFIX, new PhotoFiles(DIR_STORAGE . 'rebound/photos/')) : null;
	}
}
