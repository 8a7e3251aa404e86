<?php
namespace Opencart\Admin\Model\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\EventTriggers;
use Opencart\System\Library\Extension\Rebound\Migrator;
use Opencart\System\Library\Extension\Rebound\OpencartConnection;
use Opencart\System\Library\Extension\Rebound\Upgrade;
/**
 * Class Rebound: what Rebound's install, uninstall and settings page do to the database.
 *
 * Can be loaded using $this->load->model('extension/rebound/module/rebound');
 *
 * @package Opencart\Admin\Model\Extension\Rebound\Module
 */
class Rebound extends \Opencart\System\Engine\Model {
	/**
	 * Event code => [trigger, action, description] for OpenCart 4.1 (docs/bridge.md, "Event types").
	 * eventRows() gives 4.0.2.x's names of the same triggers on 4.0.2.x (EventTriggers).
	 */
	public const EVENTS_41 = [
		'rebound_order_status_before' => ['catalog/model/checkout/order.addHistory/before', 'orderStatusBefore', 'Rebound: remember the order status before it changes'],
		'rebound_order_status'        => ['catalog/model/checkout/order.addHistory/after', 'orderStatusChanged', 'Rebound: record order.status_changed'],
		'rebound_return_requested'    => ['catalog/model/account/returns.addReturn/after', 'returnRequested', 'Rebound: record return.requested'],
		'rebound_review_submitted'    => ['catalog/model/catalog/review.addReview/after', 'reviewSubmitted', 'Rebound: record review.submitted'],
		'rebound_return_status'       => ['admin/model/sale/returns.addHistory/after', 'extension/rebound/event/handlers.returnStatusChanged', 'Rebound: record return.status_changed'],
		'rebound_review_moderated'    => ['admin/model/catalog/review.editReview/after', 'extension/rebound/event/handlers.reviewModerated', 'Rebound: record review.moderated'],
		'rebound_order_info'          => ['catalog/view/account/order_info/before', 'orderInfo', 'Rebound: return links and deadlines on the order page'],
		'rebound_order_info_after'    => ['catalog/view/account/order_info/after', 'orderInfoAfter', 'Rebound: label lines that cannot be returned on the order page'],
		'rebound_returns_add'         => ['catalog/controller/account/returns.add/before', 'returnsAdd', 'Rebound: send OpenCart\'s return form to Rebound\'s'],
		'rebound_order_list'          => ['catalog/view/account/order_list/after', 'extension/rebound/module/rebound_order_list', 'Rebound: which lines can be returned, until when or why not, on the order history list'],
		'rebound_review_photos'       => ['catalog/model/catalog/review.addReview/after', 'extension/rebound/module/rebound_review.attach', 'Rebound: attach the photos a shopper uploaded to their new review, record review.photos_added'],
		'rebound_review_rows'         => ['catalog/model/catalog/review.getReviewsByProductId/after', 'extension/rebound/module/rebound_review.rows', 'Rebound: give the product page\'s review rows their ids'],
		'rebound_review_list'         => ['catalog/view/product/review_list/after', 'extension/rebound/module/rebound_review.list', 'Rebound: review photos, verified buyer badges, owner replies and schema.org data on the product page'],
		'rebound_review_form'         => ['catalog/view/product/review/after', 'extension/rebound/module/rebound_review.form', 'Rebound: photo upload on the review form, customer photo gallery and lightbox'],
		// A method name is on extension/rebound/module/rebound; a full route names another controller.
		'rebound_admin_menu'          => ['admin/view/common/column_left/before', 'extension/rebound/sale/returns.menu', 'Rebound: Returns (Rebound) under Sales in the admin menu'],
		'rebound_reviews_menu'        => ['admin/view/common/column_left/before', 'extension/rebound/catalog/reviews.menu', 'Rebound: Review photos (Rebound) under Catalog in the admin menu'],
		'rebound_review_before'       => ['admin/model/catalog/review.editReview/before', 'extension/rebound/event/handlers.reviewModeratedBefore', 'Rebound: remember a review\'s status before an admin saves it'],
		'rebound_review_deleted'      => ['admin/model/catalog/review.deleteReview/after', 'extension/rebound/event/handlers.reviewDeleted', 'Rebound: remove a deleted review\'s photos and reply'],
		'rebound_product_reviews_before' => ['admin/model/catalog/review.deleteReviewsByProductId/before', 'extension/rebound/event/handlers.productReviewsBefore', 'Rebound: remember a product\'s reviews before OpenCart deletes them with the product'],
		'rebound_product_reviews_deleted' => ['admin/model/catalog/review.deleteReviewsByProductId/after', 'extension/rebound/event/handlers.productReviewsDeleted', 'Rebound: remove the photos and replies of a deleted product\'s reviews'],
		'rebound_analytics_menu'      => ['admin/view/common/column_left/before', 'extension/rebound/insight/analytics.menu', 'Rebound: Returns analytics under Reports in the admin menu'],
		'rebound_email_menu'          => ['admin/view/common/column_left/before', 'extension/rebound/marketing/emails.menu', 'Rebound: Emails (Rebound) under Marketing in the admin menu'],
		// Upgrading in place: on any admin page once the files' version changed; keeping the policy over an uninstall.
		'rebound_upgrade'             => ['admin/controller/common/column_left/before', 'upgradeCheck', 'Rebound: bring events, permissions and tables up to date when its files change'],
		'rebound_keep_settings'       => ['admin/model/setting/extension.uninstall/before', 'keepSettings', 'Rebound: keep the return policy and email settings when Rebound is uninstalled']
	];

	/**
	 * Events only OpenCart before 4.1 gets (same shape as EVENTS_41).
	 */
	public const EVENTS_40 = [
		// Stock 4.0.2.3 saves no review at all: product/review.write loads a model that does not exist (opencart/opencart#13603).
		'rebound_review_write_model' => ['catalog/controller/product/review.write/before', 'reviewWriteModel', 'Rebound: let OpenCart 4.0.2.x save reviews (its review form loads a missing model)']
	];

	/**
	 * OpenCart return statuses Rebound's cases map to that a stock store lacks (docs/returns-api.md,
	 * "Return statuses in OpenCart"); Pending, Awaiting Products and Complete are stock.
	 */
	public const RETURN_STATUSES = ['Rejected', 'Received'];

	/**
	 * Brings this install up to what its files describe, keeping its settings (Upgrade): events, return
	 * statuses, permissions on $pages for the user groups allowed on Rebound's settings page, settings kept
	 * over an uninstall, the files' version, then the tables (when Rebound is enabled). Safe to run again; install() and the settings
	 * page run it, and any admin page does when the files' version changed.
	 *
	 * @param list<string> $pages Rebound's admin pages besides its settings page
	 *
	 * @return list<string> what changed, one line each
	 *
	 * @throws \Throwable when the database refuses a step; the tables' error comes last, after the rest is done
	 */
	public function ensure(array $pages): array {
		$upgrade = $this->getUpgrade();

		return $upgrade->locked(function () use ($upgrade, $pages): array {
			$changes = array_merge($upgrade->events(self::eventRows()), $upgrade->permissions($pages), $upgrade->restoreKept());

			$this->addReturnStatuses();

			// Recorded before the tables: a database user without CREATE would otherwise retry on every page.
			// The settings page shows the tables' state and its Save retries them.
			$upgrade->recordVersion(self::filesVersion());

			// Disabled (as "Delete all Rebound data" leaves it): no tables until Save enables Rebound again.
			if ($upgrade->enabled()) {
				foreach ($this->getMigrator()->migrate() as $applied) {
					$changes[] = 'migration ' . (int)$applied . ' applied';
				}
			}

			return $changes;
		});
	}

	/**
	 * Whether the files' version differs from the one ensure() last ran for.
	 *
	 * @param mixed $stored module_rebound_version as the config holds it
	 *
	 * @return bool
	 */
	public function upgradeNeeded(mixed $stored): bool {
		return Upgrade::needed(is_scalar($stored) ? (string)$stored : null, self::filesVersion());
	}

	/**
	 * Moves the settings to keep (the policy, email settings, sidecar URL) where OpenCart's uninstall does
	 * not delete them; the next ensure() puts them back.
	 *
	 * @return int how many were kept
	 */
	public function keepSettings(): int {
		return $this->getUpgrade()->keep();
	}

	/**
	 * EVENTS_41 as event rows (code => trigger, action, description), with the triggers as OpenCart
	 * $version names them (default: the running OpenCart's VERSION, 4.1 outside OpenCart).
	 *
	 * @param string|null $version
	 *
	 * @return array<string, array{trigger: string, action: string, description: string}>
	 */
	public static function eventRows(?string $version = null): array {
		$version ??= defined('VERSION') ? (string)VERSION : EventTriggers::DOT_METHODS_SINCE;

		$rows = [];

		$events = EventTriggers::before41($version) ? self::EVENTS_41 + self::EVENTS_40 : self::EVENTS_41;

		foreach ($events as $code => [$trigger, $method, $description]) {
			$rows[$code] = [
				'trigger'     => EventTriggers::forVersion($trigger, $version),
				'action'      => str_contains($method, '/') ? $method : 'extension/rebound/module/rebound.' . $method,
				'description' => $description
			];
		}

		return $rows;
	}

	/**
	 * The version in the installed files' install.json.
	 *
	 * @return string
	 */
	public static function filesVersion(): string {
		return Upgrade::filesVersion(DIR_EXTENSION . 'rebound/install.json');
	}

	/**
	 * @return \Opencart\System\Library\Extension\Rebound\Upgrade
	 */
	public function getUpgrade(): Upgrade {
		return new Upgrade(new OpencartConnection($this->db), DB_PREFIX);
	}

	/**
	 * Adds each of RETURN_STATUSES the store does not have, in every language, under one id per name as
	 * OpenCart's own admin does. A name that exists in any language keeps its id; languages missing it get
	 * the English name. Safe to run again.
	 *
	 * @return void
	 */
	public function addReturnStatuses(): void {
		$languages = $this->db->query("SELECT `language_id` FROM `" . DB_PREFIX . "language`")->rows;

		foreach (self::RETURN_STATUSES as $name) {
			$query = $this->db->query("SELECT `return_status_id` FROM `" . DB_PREFIX . "return_status` WHERE `name` = '" . $this->db->escape($name) . "' ORDER BY `return_status_id` LIMIT 1");

			if ($query->num_rows) {
				$return_status_id = (int)$query->row['return_status_id'];
			} else {
				$return_status_id = (int)$this->db->query("SELECT COALESCE(MAX(`return_status_id`), 0) + 1 AS `id` FROM `" . DB_PREFIX . "return_status`")->row['id'];
			}

			foreach ($languages as $language) {
				$this->db->query("INSERT IGNORE INTO `" . DB_PREFIX . "return_status` SET `return_status_id` = '" . (int)$return_status_id . "', `language_id` = '" . (int)$language['language_id'] . "', `name` = '" . $this->db->escape($name) . "'");
			}
		}
	}

	/**
	 * @return void
	 */
	public function deleteEvents(): void {
		$this->load->model('setting/event');

		foreach (array_keys(self::EVENTS_41 + self::EVENTS_40) as $code) {
			$this->model_setting_event->deleteEventByCode($code);
		}
	}

	/**
	 * The migrations shipped in this extension (copied from the sidecar's sidecar/sql/ at build time).
	 *
	 * @return \Opencart\System\Library\Extension\Rebound\Migrator
	 */
	public function getMigrator(): Migrator {
		return new Migrator(new OpencartConnection($this->db), DB_PREFIX, DIR_EXTENSION . 'rebound/system/sql/');
	}

	/**
	 * Drops every `<prefix>rebound_*` table; returns their names.
	 *
	 * @return list<string>
	 */
	public function deleteData(): array {
		$pattern = addcslashes(DB_PREFIX . 'rebound_', '%_\\') . '%';

		$query = $this->db->query("SELECT `table_name` AS `name` FROM information_schema.tables WHERE `table_schema` = DATABASE() AND `table_name` LIKE '" . $this->db->escape($pattern) . "'");

		$dropped = [];

		foreach ($query->rows as $result) {
			// Names come from the server, but they go into SQL unquoted: take only plain ones.
			if (preg_match('/^[A-Za-z0-9_]+$/D', $result['name'])) {
				$this->db->query("DROP TABLE IF EXISTS `" . $result['name'] . "`");

				$dropped[] = $result['name'];
			}
		}

		return $dropped;
	}

	/**
	 * The store a return belongs to: its order's (returns have no store of their own); 0 when unknown.
	 *
	 * @param int $return_id
	 *
	 * @return int
	 */
	public function getReturnStoreId(int $return_id): int {
		$query = $this->db->query("SELECT o.`store_id` FROM `" . DB_PREFIX . "return` r JOIN `" . DB_PREFIX . "order` o ON (o.`order_id` = r.`order_id`) WHERE r.`return_id` = '" . (int)$return_id . "'");

		return (int)($query->row['store_id'] ?? 0);
	}
}
