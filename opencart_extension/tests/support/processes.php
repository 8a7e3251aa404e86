<?php
/**
 * Real processes for the tests: a `rebound serve` sidecar, and a TCP server that accepts and never answers.
 * Each waits for readiness by polling with a deadline and is stopped by stop() (or at exit).
 */
final class Processes {
	public static function freePort(): int {
		$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $error);

		if (!$server) {
			throw new \RuntimeException("no free port: $error");
		}

		$port = (int)substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
		fclose($server);

		return $port;
	}

	/**
	 * @param resource $process
	 */
	public static function stop($process, float $grace = 10.0): void {
		if (!is_resource($process)) {
			return;
		}

		$deadline = microtime(true) + $grace;
		proc_terminate($process, 15);

		while (proc_get_status($process)['running']) {
			if (microtime(true) > $deadline) {
				proc_terminate($process, 9);
				$deadline = microtime(true) + $grace;
			}

			usleep(20000);
		}

		proc_close($process);
	}
}

/**
 * `.venv/bin/rebound serve` on a free port, one worker process, against a test database.
 */
final class Sidecar {
	public readonly string $url;
	private string $log;
	/** @var resource */
	private $process;

	private function __construct(string $url, string $log, $process) {
		$this->url = $url;
		$this->log = $log;
		$this->process = $process;
	}

	/**
	 * Starts the sidecar and returns once /livez answers.
	 */
	public static function start(string $dbUrl, string $secret, string $previousSecret = '', float $deadline = 60.0): self {
		$binary = REBOUND_ROOT . '/.venv/bin/rebound';

		if (!is_executable($binary)) {
			throw new \RuntimeException("$binary is missing: run scripts/test (it creates .venv)");
		}

		$port = Processes::freePort();
		$log = tempnam(sys_get_temp_dir(), 'rebound-sidecar-');

		$env = getenv();
		unset($env['REBOUND_SECRET_PREVIOUS']);
		$env['REBOUND_DB_URL'] = $dbUrl;
		$env['REBOUND_DB_PREFIX'] = 'oc_';
		$env['REBOUND_SECRET'] = $secret;

		if ($previousSecret !== '') {
			$env['REBOUND_SECRET_PREVIOUS'] = $previousSecret;
		}

		$process = proc_open([$binary, 'serve', '--bind', '127.0.0.1:' . $port, '--workers', '1'], [0 => ['file', '/dev/null', 'r'], 1 => ['file', $log, 'a'], 2 => ['file', $log, 'a']], $pipes, REBOUND_ROOT, $env);

		if (!is_resource($process)) {
			throw new \RuntimeException('could not start rebound serve');
		}

		$sidecar = new self('http://127.0.0.1:' . $port, $log, $process);
		register_shutdown_function([$sidecar, 'stop']);

		$until = microtime(true) + $deadline;

		while (true) {
			$curl = curl_init($sidecar->url . '/livez');
			curl_setopt_array($curl, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT_MS => 500, CURLOPT_NOSIGNAL => true]);
			$ok = curl_exec($curl) !== false && curl_getinfo($curl, CURLINFO_RESPONSE_CODE) === 200;
			curl_close($curl);

			if ($ok) {
				return $sidecar;
			}

			if (!proc_get_status($process)['running'] || microtime(true) > $until) {
				$sidecar->stop();

				throw new \RuntimeException("rebound serve did not answer /livez:\n" . $sidecar->output());
			}

			usleep(50000);
		}
	}

	/**
	 * What the sidecar wrote to stdout and stderr so far (for failure messages).
	 */
	public function output(): string {
		return (string)@file_get_contents($this->log);
	}

	public function stop(): void {
		if (is_resource($this->process)) {
			Processes::stop($this->process);
		}

		if (is_file($this->log)) {
			@unlink($this->log);
		}
	}
}

/**
 * A separate PHP process listening on a free port that accepts every connection and never answers; or,
 * started with start(N), answers only once it holds N connections at once, each with 200 and
 * `{"held": N}`, then waits for the next N: a client that never has N requests open at once only times out.
 */
final class HangingServer {
	public readonly int $port;
	/** @var resource */
	private $process;

	private function __construct(int $port, $process) {
		$this->port = $port;
		$this->process = $process;
	}

	public static function start(int $gather = 0): self {
		$process = proc_open([PHP_BINARY, __DIR__ . '/held_server.php', (string)$gather], [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes);

		$port = (int)trim((string)fgets($pipes[1]));

		if ($port < 1) {
			Processes::stop($process);

			throw new \RuntimeException('the hanging server did not start');
		}

		$server = new self($port, $process);
		register_shutdown_function([$server, 'stop']);

		return $server;
	}

	public function stop(): void {
		if (is_resource($this->process)) {
			Processes::stop($this->process);
		}
	}
}
