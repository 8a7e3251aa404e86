<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The return policy document in OpenCart's settings: key `module_rebound_policy` of code `module_rebound`,
 * per store_id (JsonSetting: read, and write only its own row).
 */
class PolicySetting extends JsonSetting {
	public const KEY = 'module_rebound_policy';

	public function __construct(Connection $db, string $prefix) {
		parent::__construct($db, $prefix, self::KEY, 'the policy');
	}
}
