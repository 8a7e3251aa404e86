<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The email settings document in OpenCart's settings (docs/email.md, "Settings"): key
 * `module_rebound_email` of code `module_rebound`, per store_id (JsonSetting: read, and write only its own row).
 */
class EmailSetting extends JsonSetting {
	public const KEY = 'module_rebound_email';

	public function __construct(Connection $db, string $prefix) {
		parent::__construct($db, $prefix, self::KEY, 'the email settings');
	}
}
