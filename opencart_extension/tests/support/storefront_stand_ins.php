<?php
/**
 * Stand-ins for the parts of OpenCart 4.1's storefront that Rebound's pages use, beside those of
 * opencart_stand_ins.php: request, session, the logged-in shopper, language (reading the extension's real
 * language file), URLs, document, response, currency, and a loader that records the views rendered instead
 * of running Twig. Written for these tests from the documented behaviour (opencart-notes.md §3.3, §5).
 */
require_once __DIR__ . '/opencart_stand_ins.php';

use Opencart\System\Engine\Registry;

final class StandInRequest {
	/** @var array<string, mixed> */
	public array $get = [];
	/** @var array<string, mixed> */
	public array $post = [];
	/** @var array<string, mixed> */
	public array $files = [];
	/** @var array<string, mixed> */
	public array $server = ['REQUEST_METHOD' => 'GET'];

	/**
	 * What OpenCart's Request does to every input: HTML-encoded (ENT_COMPAT) and trimmed, keys too.
	 */
	public static function clean(mixed $data): mixed {
		if (is_array($data)) {
			$clean = [];

			foreach ($data as $key => $value) {
				$clean[self::clean($key)] = self::clean($value);
			}

			return $clean;
		}

		return trim(htmlspecialchars((string)$data, ENT_COMPAT, 'UTF-8'));
	}
}

final class StandInSession {
	/** @var array<string, mixed> */
	public array $data = [];
}

final class StandInShopper {
	public function __construct(public int $id = 0, public string $email = '', public string $firstName = 'Ann', public string $lastName = 'Lee') {
	}

	public function getFirstName(): string {
		return $this->firstName;
	}

	public function getLastName(): string {
		return $this->lastName;
	}

	public function isLogged(): bool {
		return $this->id > 0;
	}

	public function getId(): int {
		return $this->id;
	}

	public function getEmail(): string {
		return $this->email;
	}
}

/**
 * OpenCart's Language: load() merges a file's `$_` into the data (with an optional key prefix), get() answers
 * the key itself when it is missing. Starts with the few keys of default.php the pages use.
 */
final class StandInLanguage {
	/** @var array<string, string> */
	public array $data = ['date_format_short' => 'd/m/Y', 'text_home' => 'Home'];

	public function load(string $route, string $prefix = ''): array {
		$file = dirname(__DIR__, 2) . '/catalog/language/en-gb/module/' . substr($route, strlen('extension/rebound/module/')) . '.php';

		if (!str_starts_with($route, 'extension/rebound/module/') || !is_file($file)) {
			throw new \LogicException('the stand-in loads only Rebound\'s language files, not ' . $route);
		}

		$_ = [];
		require $file;

		foreach ($_ as $key => $value) {
			$this->data[$prefix !== '' ? $prefix . '_' . $key : $key] = $value;
		}

		return $this->data;
	}

	public function get(string $key): string {
		return $this->data[$key] ?? $key;
	}
}

final class StandInUrl {
	public function link(string $route, string $args = '', bool $js = false): string {
		$url = 'http://shop.test/index.php?route=' . $route . ($args !== '' ? '&' . trim($args, '&') : '');

		return $js ? $url : str_replace('&', '&amp;', $url);
	}
}

final class StandInDocument {
	public string $title = '';

	public function setTitle(string $title): void {
		$this->title = $title;
	}
}

final class StandInResponse {
	public string $output = '';
	/** @var list<string> */
	public array $headers = [];

	public function setOutput(string $output): void {
		$this->output = $output;
	}

	public function getOutput(): string {
		return $this->output;
	}

	public function addHeader(string $header): void {
		$this->headers[] = $header;
	}
}

final class StandInCurrency {
	public function has(string $code): bool {
		return $code === 'USD';
	}

	public function format(float $number, string $code, float $value = 0): string {
		return '$' . number_format($number * ($value ?: 1), 2);
	}
}

/**
 * load->model() for Rebound's catalog model, load->language(), and load->view() / load->controller() that
 * record what a page would render: `views` holds [template, data] pairs, the last one last.
 */
final class StandInPageLoader {
	/** @var list<array{0: string, 1: array<string, mixed>}> */
	public array $views = [];

	public function __construct(private Registry $registry) {
	}

	public function model(string $route): void {
		// A model a test put in the registry itself (one of OpenCart's, such as catalog/product) stays.
		if ($this->registry->has('model_' . str_replace('/', '_', $route))) {
			return;
		}

		(new StandInLoader($this->registry, 'catalog'))->model($route);
	}

	/**
	 * @return array<string, string>
	 */
	public function language(string $route, string $prefix = ''): array {
		return $this->registry->get('language')->load($route, $prefix);
	}

	/**
	 * @param array<string, mixed> $data
	 */
	public function view(string $template, array $data = []): string {
		$this->views[] = [$template, $data];

		return '<rendered ' . $template . '>';
	}

	/** @var array<string, \Closure(): mixed> what load->controller() runs per route (OpenCart's own controllers) */
	public array $controllers = [];

	public function controller(string $route): mixed {
		return isset($this->controllers[$route]) ? ($this->controllers[$route])() : '';
	}

	/**
	 * The data of the last view rendered, after checking its template.
	 *
	 * @return array<string, mixed>
	 */
	public function last(string $template): array {
		$view = $this->views[count($this->views) - 1] ?? null;

		if ($view === null || $view[0] !== $template) {
			throw new \LogicException('expected ' . $template . ' to be rendered last, got ' . ($view[0] ?? 'nothing'));
		}

		return $view[1];
	}
}

/**
 * A storefront registry: the handlers' stand-ins plus the pages' ones, for a shopper (0 = a guest).
 *
 * @param array<string, mixed> $settings
 */
function storefront_registry(StandInDb $db, array $settings, StandInShopper $shopper, ?StandInSession $session = null): Registry {
	$registry = stand_in_registry('catalog', $db, $settings);
	$registry->set('customer', $shopper);
	$registry->set('request', new StandInRequest());
	$registry->set('session', $session ?? new StandInSession());
	$registry->set('language', new StandInLanguage());
	$registry->set('url', new StandInUrl());
	$registry->set('document', new StandInDocument());
	$registry->set('response', new StandInResponse());
	$registry->set('currency', new StandInCurrency());
	$registry->set('load', new StandInPageLoader($registry));

	return $registry;
}

/**
 * The store settings a product page with Rebound's photo reviews runs with: Rebound on, reviews on and open to
 * guests, en-gb, store 0 (ReviewPagesTest, and ReviewScriptTest's server).
 *
 * @return array<string, mixed>
 */
function review_page_settings(): array {
	return [
		'module_rebound_status'    => '1',
		'config_store_id'          => 0,
		'config_language'          => 'en-gb',
		'config_language_id'       => 1,
		'config_review_status'     => '1',
		'config_review_guest'      => '1',
		'config_processing_status' => ['2', '3'],
		'config_complete_status'   => ['5'],
		'config_url'               => 'http://shop.test/'
	];
}
