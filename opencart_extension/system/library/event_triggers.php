<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Rebound's event triggers for the running OpenCart (its VERSION constant). The event list is written in
 * 4.1 names (admin model EVENTS_41); OpenCart 4.0.2.x names the same hooks differently
 * (../shared/opencart-notes.md §3.2):
 * - a model method follows its route after '/', not '.': `catalog/model/checkout/order/addHistory/after`
 *   where 4.1 has `catalog/model/checkout/order.addHistory/after` (4.0.2.3 system/engine/loader.php);
 * - admin review model has no deleteReviewsByProductId: Catalog > Products > Delete removes the reviews
 *   inside product deleteProduct(product_id), whose first argument is the same product_id.
 * Controller and view triggers (dispatched routes, template paths) and actions ('.' since 4.0.2.0) are the same.
 */
final class EventTriggers {
	/** The first OpenCart that names model methods with '.' in triggers and ignores handlers' return values. */
	public const DOT_METHODS_SINCE = '4.1.0.0';

	/** 4.1 model trigger => the 4.0.2.x one, where not just '.' => '/'. */
	private const RENAMED_40 = [
		'admin/model/catalog/review.deleteReviewsByProductId/before' => 'admin/model/catalog/product/deleteProduct/before',
		'admin/model/catalog/review.deleteReviewsByProductId/after'  => 'admin/model/catalog/product/deleteProduct/after'
	];

	/**
	 * Whether $version (OpenCart's VERSION) is before 4.1: '/' method triggers, a handler's return value
	 * stops the chain, a controller before-event cannot reroute the page by changing $route.
	 */
	public static function before41(string $version): bool {
		return version_compare($version, self::DOT_METHODS_SINCE, '<');
	}

	/**
	 * $trigger (a 4.1 trigger) as OpenCart $version names it.
	 */
	public static function forVersion(string $trigger, string $version): string {
		if (!self::before41($version)) {
			return $trigger;
		}

		if (isset(self::RENAMED_40[$trigger])) {
			return self::RENAMED_40[$trigger];
		}

		// <app>/model/<route>.<method>/<before|after> => <app>/model/<route>/<method>/<before|after>
		return (string)preg_replace('~^((?:admin|catalog)/model/[a-z0-9_/]+)\.([A-Za-z0-9_]+/(?:before|after))$~D', '$1/$2', $trigger);
	}
}
