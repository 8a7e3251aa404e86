<?php
/**
 * HangingServer's process: prints its port, then accepts every connection and never answers; with an
 * argument N, answers (200, `{"held": N}`) only once it holds N open connections at once, then waits for
 * the next N. Connections the client gave up on are not counted.
 */
$gather = (int)($argv[1] ?? 0);
$server = stream_socket_server('tcp://127.0.0.1:0');
echo substr(strrchr(stream_socket_get_name($server, false), ':'), 1), "\n";
$held = [];

while (true) {
	$client = @stream_socket_accept($server, $gather > 0 ? 0.05 : 3600);

	if ($client) {
		$held[] = ['socket' => $client, 'request' => ''];
	}

	if ($gather < 1) {
		continue;
	}

	// Read what each sent; a connection closed by its client reads as EOF and is dropped.
	foreach ($held as $i => $connection) {
		$read = [$connection['socket']];
		$none = [];

		if (@stream_select($read, $none, $none, 0) > 0) {
			$chunk = (string)fread($connection['socket'], 8192);

			if ($chunk === '' && feof($connection['socket'])) {
				fclose($connection['socket']);
				unset($held[$i]);
			} else {
				$held[$i]['request'] .= $chunk;
			}
		}
	}

	$complete = array_filter($held, static fn (array $connection): bool => str_contains($connection['request'], "\r\n\r\n"));

	if (count($complete) >= $gather) {
		$body = json_encode(['held' => count($complete)]);

		foreach ($complete as $i => $connection) {
			@fwrite($connection['socket'], "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " . strlen($body) . "\r\nConnection: close\r\n\r\n" . $body);
			fclose($connection['socket']);
			unset($held[$i]);
		}
	}
}
