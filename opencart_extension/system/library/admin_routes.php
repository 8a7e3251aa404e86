<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * What the admin pages' API classes (AdminApi, EmailApi, ReviewModeration) share: a signed client of the
 * sidecar's /v1/admin routes, or none when the URL or secret is not set, and one call that always comes back
 * as an AdminAnswer and never throws. The caller checks OpenCart's permissions first: the sidecar trusts
 * whatever the store's PHP asks under /v1/admin/.
 */
abstract class AdminRoutes {
	public const READ_TIMEOUT = 5.0;

	/**
	 * @param Client|null $client null when the sidecar URL or secret is not configured
	 */
	final public function __construct(private ?Client $client) {
	}

	/**
	 * @param \Closure(string): mixed $setting reads one setting, e.g. fn ($key) => $this->config->get($key)
	 */
	public static function fromSettings(\Closure $setting): static {
		return new static(Client::fromSettings($setting));
	}

	protected function call(string $method, string $pathWithQuery, string $body = '', float $timeout = self::READ_TIMEOUT): AdminAnswer {
		return AdminAnswer::ask($this->client, $method, $pathWithQuery, $body, $timeout);
	}
}
