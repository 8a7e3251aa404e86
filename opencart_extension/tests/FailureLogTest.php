<?php
use Opencart\System\Library\Extension\Rebound\FailureLog;
use PHPUnit\Framework\TestCase;

/**
 * A storefront part that failed leaves one line in OpenCart's log, or in PHP's when that log fails too.
 */
final class FailureLogTest extends TestCase {
	public function testOneLineInOpenCartsLogWithTheMessageCut(): void {
		$log = new class {
			/** @var list<string> */
			public array $lines = [];

			public function write(string $line): void {
				$this->lines[] = $line;
			}
		};

		FailureLog::write($log, 'order page', new \RuntimeException(str_repeat('x', 600)));

		$this->assertSame(['Rebound: order page failed: ' . str_repeat('x', 500)], $log->lines);
	}

	public function testPhpsLogWhenOpenCartsCantBeWritten(): void {
		$file = tempnam(sys_get_temp_dir(), 'rebound-log');
		$previous = ini_set('error_log', $file);

		try {
			FailureLog::write(new class {
				public function write(string $line): void {
					throw new \RuntimeException('disk full');
				}
			}, 'photos', new \RuntimeException('store unreadable'));
		} finally {
			ini_set('error_log', (string)$previous);
		}

		$this->assertStringContainsString('Rebound: photos failed: store unreadable', (string)file_get_contents($file));

		unlink($file);
	}
}
