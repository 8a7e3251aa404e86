<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Runs image and file calls with PHP's warnings and notices collected instead of printed.
 *
 * GD, getimagesize() and the file functions report trouble as warnings (a truncated JPEG, "No space left on
 * device"); the photo classes turn those into a refusal, and OpenCart's error handler never sees them.
 */
final class PhotoWarnings {
	/**
	 * @template T
	 *
	 * @param callable(): T $call
	 *
	 * @return array{0: T, 1: list<string>} the call's result and the warnings it raised
	 */
	public static function collect(callable $call): array {
		$warnings = [];

		set_error_handler(static function (int $level, string $message) use (&$warnings): bool {
			$warnings[] = $message;

			return true;
		});

		try {
			$result = $call();
		} finally {
			restore_error_handler();
		}

		return [$result, $warnings];
	}
}
