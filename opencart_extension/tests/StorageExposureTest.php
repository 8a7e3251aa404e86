<?php
use Opencart\System\Library\Extension\Rebound\StorageExposure;
use PHPUnit\Framework\TestCase;

/**
 * The settings page's check that OpenCart's storage directory (Rebound's photos) is inside the web root, where
 * nginx serves its files by URL.
 */
final class StorageExposureTest extends TestCase {
	private string $root = '';

	protected function tearDown(): void {
		if ($this->root !== '') {
			exec('rm -rf ' . escapeshellarg($this->root));
		}
	}

	/**
	 * @return array<string, array{string, string, ?string}>
	 */
	public static function paths(): array {
		return [
			'OpenCart\'s default'           => ['/var/www/shop/system/storage/', '/var/www/shop/', 'system/storage/'],
			'no trailing slashes'           => ['/var/www/shop/system/storage', '/var/www/shop', 'system/storage/'],
			'moved outside (dashboard)'     => ['/var/www/storage/', '/var/www/shop/', null],
			'a sibling sharing the prefix'  => ['/var/www/shop-storage/', '/var/www/shop/', null],
			'dot-dot out of the root'       => ['/var/www/shop/../storage/', '/var/www/shop/', null],
			'dot-dot staying inside'        => ['/var/www/shop/admin/../system/storage/', '/var/www/shop/', 'system/storage/'],
			'the web root itself'           => ['/var/www/shop/', '/var/www/shop/', null],
			'Windows paths'                 => ['C:\\xampp\\htdocs\\system\\storage\\', 'C:/xampp/htdocs/', 'system/storage/'],
			'a root of / is never reported' => ['/storage/', '/', null]
		];
	}

	/**
	 * @dataProvider paths
	 */
	public function testStorageInsideTheWebRootIsFound(string $storage, string $webRoot, ?string $expected): void {
		$this->assertSame($expected, StorageExposure::publicPath($storage, $webRoot));
	}

	public function testAStorageLinkedIntoTheWebRootIsFoundToo(): void {
		$this->root = sys_get_temp_dir() . '/rebound-exposure-' . bin2hex(random_bytes(4));
		mkdir($this->root . '/www/system', 0777, true);
		mkdir($this->root . '/outside/storage', 0777, true);
		mkdir($this->root . '/www/files', 0777, true);
		symlink($this->root . '/www/files', $this->root . '/outside/linked');

		$this->assertNull(StorageExposure::publicPath($this->root . '/outside/storage/', $this->root . '/www/'));
		$this->assertSame('files/', StorageExposure::publicPath($this->root . '/outside/linked/', $this->root . '/www/'), 'configured outside, resolved inside');
	}

	public function testTheUrlPathAndTheNginxLine(): void {
		$this->assertSame('/system/storage/', StorageExposure::urlPath('http://localhost:8081/', 'system/storage/'));
		$this->assertSame('/shop/system/storage/', StorageExposure::urlPath('https://example.com/shop/', 'system/storage/'));
		$this->assertSame('/system/storage/', StorageExposure::urlPath('', 'system/storage'));
		$this->assertSame('location ^~ /shop/system/storage/ { deny all; }', StorageExposure::nginxRule('/shop/system/storage/'));
	}
}
