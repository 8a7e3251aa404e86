<?php
/**
 * Stand-ins for the admin services a Rebound page's menu entry uses (user permissions, language with the
 * extension's real language files, URLs), beside opencart_stand_ins.php; and MenuStandIns, which wires
 * them as OpenCart 4.1 does for the view event admin/view/common/column_left/before. AdminPageUser and
 * AdminPageLoader are what a whole page needs besides (AdminPageTest, EmailAdminTest).
 */
require_once __DIR__ . '/opencart_stand_ins.php';

use Opencart\System\Engine\Registry;

final class MenuStandIns {
	/**
	 * A registry for an admin controller's menu(): a user with access to $access, the language and its loader
	 * ($fail runs before each language file is read, to make it throw), URLs and the log.
	 *
	 * @param list<string> $access routes the user may open
	 */
	public static function registry(array $access, ?\Closure $fail = null): Registry {
		$registry = new Registry();
		$registry->set('session', (object)['data' => ['user_token' => 'tok123']]);
		$registry->set('user', new MenuTestUser($access));
		$registry->set('language', $strings = new MenuTestLanguage());
		$registry->set('load', new MenuTestLoader($strings, $fail));
		$registry->set('url', new MenuTestUrl());
		$registry->set('log', new StandInLog());

		return $registry;
	}

	/**
	 * The column_left view data after the controller's menu() ran on it, as OpenCart calls the event.
	 *
	 * @param array<string, mixed> $data
	 *
	 * @return array<string, mixed>
	 */
	public static function run(object $controller, array $data): array {
		$route = 'common/column_left';
		$code = '';
		$output = '';

		$controller->menu($route, $data, $code, $output);

		\PHPUnit\Framework\Assert::assertSame('', $output, 'a view event before the view leaves the output alone');

		return $data;
	}
}

final class MenuTestUser {
	/** @param list<string> $access */
	public function __construct(private array $access) {
	}

	public function hasPermission(string $type, string $route): bool {
		return $type === 'access' && in_array($route, $this->access, true);
	}
}

final class MenuTestLanguage {
	/** @var array<string, string> */
	public array $data = [];

	public function get(string $key): string {
		return $this->data[$key] ?? $key;
	}
}

/**
 * load->language(): reads the extension's real language file, keys prefixed as OpenCart 4.1 does.
 */
final class MenuTestLoader {
	public function __construct(private MenuTestLanguage $language, private ?\Closure $fail) {
	}

	/**
	 * @return array<string, string>
	 */
	public function language(string $route, string $prefix = ''): array {
		if ($this->fail) {
			($this->fail)();
		}

		$_ = [];
		require dirname(__DIR__, 2) . '/admin/language/en-gb/' . substr($route, strlen('extension/rebound/')) . '.php';

		foreach ($_ as $key => $value) {
			$this->language->data[$prefix !== '' ? $prefix . '_' . $key : $key] = $value;
		}

		return $this->language->data;
	}
}

final class MenuTestUrl {
	public function link(string $route, string $args = '', bool $js = false): string {
		$url = 'index.php?route=' . $route . ($args !== '' ? '&' . $args : '');

		return $js ? $url : str_replace('&', '&amp;', $url);
	}
}

/**
 * A user who may modify a page, the stand-in for OpenCart's User.
 */
final class AdminPageUser {
	public function __construct(private bool $modify) {
	}

	public function hasPermission(string $type, string $route): bool {
		return $type === 'access' || $this->modify;
	}

	public function getUserName(): string {
		return 'admin';
	}
}

/**
 * load->language() from the extension's admin language files, load->model() for OpenCart's store, language,
 * category and return reason lists (one store, English, no categories or reasons), and load->view() / load->controller() recording
 * what the page renders.
 */
final class AdminPageLoader {
	/** @var list<array{0: string, 1: array<string, mixed>}> */
	public array $views = [];

	public function __construct(private Registry $registry, private MenuTestLanguage $language) {
	}

	/**
	 * @return array<string, string>
	 */
	public function language(string $route, string $prefix = ''): array {
		return (new MenuTestLoader($this->language, null))->language($route, $prefix);
	}

	public function model(string $route): void {
		$lists = new class {
			public function getStores(): array {
				return [];
			}

			public function getLanguages(): array {
				return [['code' => 'en-gb', 'name' => 'English', 'status' => 1]];
			}

			public function getCategories(array $data = []): array {
				return [];
			}

			public function getReturnReasons(array $data = []): array {
				return [];
			}
		};

		$this->registry->set('model_' . str_replace('/', '_', $route), $lists);
	}

	public function controller(string $route, mixed ...$args): string {
		return '[' . $route . ']';
	}

	/**
	 * @param array<string, mixed> $data
	 */
	public function view(string $route, array $data = []): string {
		$this->views[] = [$route, $data];

		return 'view ' . $route;
	}
}
