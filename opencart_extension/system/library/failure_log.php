<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * One line in OpenCart's error log for a Rebound part that failed and was left out, so the shop carries on
 * without it; PHP's own error_log() when OpenCart's log can't be written either. Never throws.
 */
final class FailureLog {
	/**
	 * "Rebound: <where> failed: <message, at most 500 characters>".
	 *
	 * @param object $log OpenCart's \Opencart\System\Library\Log (anything with write(string))
	 */
	public static function write(object $log, string $where, \Throwable $e): void {
		$line = 'Rebound: ' . $where . ' failed: ' . substr($e->getMessage(), 0, 500);

		try {
			$log->write($line);
		} catch (\Throwable $ignored) {
			error_log($line);
		}
	}
}
