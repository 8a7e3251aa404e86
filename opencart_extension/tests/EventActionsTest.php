<?php
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/opencart_stand_ins.php';
require_once dirname(__DIR__) . '/admin/model/module/rebound.php';

/**
 * Every event Rebound registers (EVENTS_41) names a controller file of the extension and a public method
 * of its class, on the side (admin or catalog) its trigger fires: a renamed or moved handler fails here,
 * not in a shop.
 */
final class EventActionsTest extends TestCase {
	/**
	 * @return array<string, array{0: string, 1: string}>
	 */
	public static function events(): array {
		$cases = [];

		// 4.1's list and the events only OpenCart 4.0.2.x gets.
		foreach (\Opencart\Admin\Model\Extension\Rebound\Module\Rebound::eventRows() + \Opencart\Admin\Model\Extension\Rebound\Module\Rebound::eventRows('4.0.2.3') as $code => $row) {
			$cases[$code] = [$row['trigger'], $row['action']];
		}

		return $cases;
	}

	/**
	 * @dataProvider events
	 */
	public function testTheActionIsAPublicMethodOfAControllerOnItsSide(string $trigger, string $action): void {
		$side = strstr($trigger, '/', true);

		$this->assertContains($side, ['admin', 'catalog']);
		// A route without a method runs the controller's index().
		$this->assertSame(1, preg_match('~^extension/rebound/([a-z_]+)/([a-z_]+)(?:\.([A-Za-z]+))?$~', $action, $m), $action);

		[$folder, $file, $method] = [$m[1], $m[2], ($m[3] ?? '') ?: 'index'];

		$path = dirname(__DIR__) . '/' . $side . '/controller/' . $folder . '/' . $file . '.php';

		$this->assertFileExists($path);

		require_once $path;

		$camel = static fn (string $name): string => str_replace('_', '', ucwords($name, '_'));
		$class = '\\Opencart\\' . ucfirst($side) . '\\Controller\\Extension\\Rebound\\' . $camel($folder) . '\\' . $camel($file);

		$this->assertTrue(class_exists($class, false), $class);
		$this->assertTrue((new \ReflectionMethod($class, $method))->isPublic(), $class . '::' . $method);
	}
}
