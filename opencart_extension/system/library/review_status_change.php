<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Whether an admin save of a review changed its status, so that review.moderated is recorded only then
 * (OpenCart's editReview saves every field each time; the status is the decision the sidecar cares for).
 * The status before is read in editReview/before; the one saved is in editReview's data. No I/O here.
 */
final class ReviewStatusChange {
	/**
	 * The new status (0 or 1) when it differs from the one before, null when it did not change.
	 *
	 * @param int|null             $before the status read before the save; null when unknown (the review
	 *                                     was not found, or the before-handler did not run): then the save
	 *                                     counts as a change, so no decision is ever missed
	 * @param array<string, mixed> $data   editReview's data, as posted
	 */
	public static function newStatus(?int $before, array $data): ?int {
		$after = !empty($data['status']) ? 1 : 0;

		if ($before !== null && ($before ? 1 : 0) === $after) {
			return null;
		}

		return $after;
	}
}
