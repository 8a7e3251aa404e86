<?php
/**
 * Stand-ins for the few pieces of OpenCart 4.1's engine that Rebound's controllers and models touch, so the
 * real handler code runs in PHPUnit against the real MariaDB. Written for these tests from the documented
 * behaviour (opencart-notes.md §3.3): a registry of services reached through magic properties, `load->model()`
 * putting `model_<route with underscores>` into the registry, `db->query()` answering rows or true.
 */
namespace Opencart\System\Engine {
	if (!class_exists(Registry::class, false)) {
		class Registry {
			/** @var array<string, object> */
			private array $data = [];

			public function get(string $key): ?object {
				return $this->data[$key] ?? null;
			}

			public function set(string $key, object $value): void {
				$this->data[$key] = $value;
			}

			public function has(string $key): bool {
				return isset($this->data[$key]);
			}
		}

		abstract class Base {
			public function __construct(protected Registry $registry) {
			}

			public function __get(string $key): object {
				if (!$this->registry->has($key)) {
					throw new \Exception('Error: Could not call registry key ' . $key . '!');
				}

				return $this->registry->get($key);
			}

			public function __set(string $key, object $value): void {
				$this->registry->set($key, $value);
			}
		}

		class Controller extends Base {
		}

		class Model extends Base {
		}
	}
}

namespace {
	use Opencart\System\Engine\Registry;

	/**
	 * An OpenCart-shaped database object over a test connection; fail() makes matching statements throw.
	 */
	final class StandInDb {
		private string $failOn = '';

		public function __construct(private MysqliConnection $connection) {
		}

		public function failOn(string $fragment): void {
			$this->failOn = $fragment;
		}

		public function query(string $sql): object|bool {
			if ($this->failOn !== '' && str_contains($sql, $this->failOn)) {
				throw new \Exception('Error: Lost connection to server during query<br/>' . $sql);
			}

			$result = $this->connection->mysqli->query($sql);

			if (!$result instanceof \mysqli_result) {
				return true;
			}

			$rows = $result->fetch_all(MYSQLI_ASSOC);

			return (object)['num_rows' => count($rows), 'row' => $rows[0] ?? [], 'rows' => $rows];
		}

		public function escape(string $value): string {
			return $this->connection->escape($value);
		}

		public function getLastId(): int {
			return (int)$this->connection->mysqli->insert_id;
		}
	}

	final class StandInConfig {
		/** @param array<string, mixed> $data */
		public function __construct(public array $data = []) {
		}

		public function get(string $key): mixed {
			return $this->data[$key] ?? null;
		}

		public function set(string $key, mixed $value): void {
			$this->data[$key] = $value;
		}
	}

	final class StandInLog {
		/** @var list<string> */
		public array $lines = [];

		public function write(string $message): void {
			$this->lines[] = $message;
		}
	}

	final class StandInCustomer {
		public function __construct(public int $id = 0) {
		}

		public function getId(): int {
			return $this->id;
		}
	}

	/**
	 * load->model('extension/rebound/module/rebound') for one application ('catalog' or 'admin').
	 */
	final class StandInLoader {
		public function __construct(private Registry $registry, private string $application) {
		}

		public function model(string $route): void {
			if ($route !== 'extension/rebound/module/rebound') {
				throw new \LogicException('the stand-in loads only Rebound\'s own model, not ' . $route);
			}

			require_once dirname(__DIR__, 2) . '/' . $this->application . '/model/module/rebound.php';

			$class = 'Opencart\\' . ucfirst($this->application) . '\\Model\\Extension\\Rebound\\Module\\Rebound';
			$this->registry->set('model_extension_rebound_module_rebound', new $class($this->registry));
		}
	}

	/**
	 * A registry holding what Rebound's handlers use.
	 *
	 * @param array<string, mixed> $settings
	 */
	function stand_in_registry(string $application, StandInDb $db, array $settings, int $customerId = 0): Registry {
		$registry = new Registry();
		$registry->set('db', $db);
		$registry->set('config', new StandInConfig($settings));
		$registry->set('log', new StandInLog());
		$registry->set('customer', new StandInCustomer($customerId));
		$registry->set('session', (object)['data' => []]);
		$registry->set('load', new StandInLoader($registry, $application));

		return $registry;
	}
}
