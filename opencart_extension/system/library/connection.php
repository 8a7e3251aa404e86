<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The few database calls Rebound's PHP makes, so its classes run on OpenCart's `$this->db` in the store
 * and on a plain mysqli connection in the tests.
 *
 * Statements are complete SQL strings: every value in them is cast or passed through escape() first.
 */
interface Connection {
	/**
	 * Runs one statement; returns its rows (column => value) for a query, [] otherwise.
	 *
	 * @return list<array<string, mixed>>
	 *
	 * @throws \Throwable when the database refuses the statement
	 */
	public function query(string $sql): array;

	/**
	 * The value escaped for use inside single quotes in this connection's character set.
	 */
	public function escape(string $value): string;
}
