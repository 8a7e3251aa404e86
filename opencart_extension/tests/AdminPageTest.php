<?php
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/support/storefront_stand_ins.php';
require_once __DIR__ . '/support/admin_stand_ins.php';
require_once dirname(__DIR__) . '/admin/controller/catalog/reviews.php';
require_once dirname(__DIR__) . '/admin/controller/marketing/emails.php';
require_once dirname(__DIR__) . '/admin/controller/insight/analytics.php';
require_once dirname(__DIR__) . '/admin/controller/sale/returns.php';
require_once dirname(__DIR__) . '/admin/controller/sale/return_policy.php';

/**
 * The JSON actions of the admin pages (AdminPage): permission first, then POST only, then the sidecar —
 * which, not configured here, is a sentence naming the problem, never an exception.
 */
final class AdminPageTest extends TestCase {
	/**
	 * @template T
	 *
	 * @param class-string<T> $class
	 *
	 * @return array{0: T, 1: StandInResponse}
	 */
	private static function page(string $class, bool $modify, string $method): array {
		$request = new StandInRequest();
		$request->server['REQUEST_METHOD'] = $method;
		$request->post = ['review_id' => '4', 'photo_id' => str_repeat('a', 32), 'status' => 'approved', 'email' => 'ann@example.com'];
		// A return's action and a policy, so those pages get as far as the sidecar.
		$request->get['case_id'] = '7';
		$request->post += ['action' => 'approve', 'idempotency_key' => '0f8fad5b-d9cb-469f-a165-70867728950e', 'mode' => 'json', 'document' => '{"version": 1}'];

		// The menu's stand-ins (session, language, URLs, log), with this user and a loader that renders.
		$registry = MenuStandIns::registry([]);
		$registry->set('user', new AdminPageUser($modify));
		$registry->set('load', new AdminPageLoader($registry, $registry->get('language')));
		$registry->set('document', new StandInDocument());
		$registry->set('currency', new StandInCurrency());
		// No sidecar URL or secret: every call is not_configured.
		$registry->set('config', new StandInConfig([]));
		$registry->set('request', $request);
		$registry->set('response', $response = new StandInResponse());

		return [new $class($registry), $response];
	}

	/**
	 * @return array<string, array{0: class-string, 1: string}>
	 */
	public static function actions(): array {
		return [
			'a photo decision' => [\Opencart\Admin\Controller\Extension\Rebound\Catalog\Reviews::class, 'photo'],
			'unsuppress'       => [\Opencart\Admin\Controller\Extension\Rebound\Marketing\Emails::class, 'unsuppress'],
			'refresh'          => [\Opencart\Admin\Controller\Extension\Rebound\Insight\Analytics::class, 'refresh'],
			'a return action'  => [\Opencart\Admin\Controller\Extension\Rebound\Sale\Returns::class, 'action'],
			'a policy saved'   => [\Opencart\Admin\Controller\Extension\Rebound\Sale\ReturnPolicy::class, 'save']
		];
	}

	/**
	 * The pages whose index needs nothing but the sidecar (the policy page reads its setting from the database).
	 *
	 * @return array<string, array{0: class-string, 1: string}>
	 */
	public static function pages(): array {
		return array_diff_key(self::actions(), ['a policy saved' => true]);
	}

	/**
	 * @dataProvider actions
	 */
	public function testPermissionComesFirst(string $class, string $action): void {
		[$page, $response] = self::page($class, false, 'POST');
		$page->$action();

		$json = json_decode($response->output, true);

		$this->assertStringContainsString('permission', html_entity_decode($json['error']['warning'], ENT_QUOTES), $response->output);
		$this->assertContains('Content-Type: application/json', $response->headers);
	}

	/**
	 * @dataProvider actions
	 */
	public function testOnlyAPostActs(string $class, string $action): void {
		[$page, $response] = self::page($class, true, 'GET');
		$page->$action();

		$json = json_decode($response->output, true);

		$this->assertStringContainsString('POST', $json['error']['warning'], $response->output);
	}

	/**
	 * @dataProvider actions
	 */
	public function testASidecarNotSetUpIsNamed(string $class, string $action): void {
		[$page, $response] = self::page($class, true, 'POST');
		$page->$action();

		$json = json_decode($response->output, true);

		$this->assertArrayNotHasKey('success', $json);
		$this->assertStringContainsStringIgnoringCase('the sidecar URL or the secret is not set.', $json['error']['warning'], $response->output);
	}

	/**
	 * @dataProvider pages
	 */
	public function testEachPageRendersInOpenCartsFrameAndSaysTheSidecarIsNotSetUp(string $class): void {
		[$page, $response] = self::page($class, true, 'GET');
		$page->index();

		$load = (fn () => $this->registry->get('load'))->call($page);
		[$route, $data] = end($load->views);

		$this->assertSame('view ' . $class::ROUTE, $response->output);
		$this->assertSame($class::ROUTE, $route);
		$this->assertSame(['[common/header]', '[common/column_left]', '[common/footer]'], [$data['header'], $data['column_left'], $data['footer']]);
		$this->assertSame('index.php?route=common/dashboard&amp;user_token=tok123', $data['breadcrumbs'][0]['href']);
		$this->assertSame('index.php?route=' . $class::ROUTE . '&amp;user_token=tok123', $data['breadcrumbs'][1]['href']);

		// The problem is in the page itself (emails, analytics) or in its list, rendered first (reviews).
		$problem = $data['problem'] ?? $load->views[0][1]['problem'] ?? '';

		$this->assertStringContainsString('the sidecar URL or the secret is not set.', $problem);
	}

}
