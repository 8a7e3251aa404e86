<?php
/**
 * Data providers over a shared vectors file in tests/vectors/ (the same cases the sidecar's pytest runs):
 * its `sign` and `verify` lists, each case named by its `name`.
 */
trait VectorCases {
	/** The file in tests/vectors/, e.g. 'signing.json'. */
	abstract protected static function vectorFile(): string;

	/** @return array<string, mixed> */
	private static function vectors(): array {
		return json_decode(file_get_contents(REBOUND_VECTORS . '/' . static::vectorFile()), true, 512, JSON_THROW_ON_ERROR);
	}

	/** @return iterable<string, array{0: array<string, mixed>}> */
	public static function signCases(): iterable {
		foreach (self::vectors()['sign'] as $case) {
			yield $case['name'] => [$case];
		}
	}

	/** @return iterable<string, array{0: array<string, mixed>}> */
	public static function verifyCases(): iterable {
		foreach (self::vectors()['verify'] as $case) {
			yield $case['name'] => [$case];
		}
	}
}
