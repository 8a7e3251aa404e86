<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * One analytics table as a CSV download, made from the sidecar's CSV answer: the file name, the headers
 * and the body the store sends the owner. No I/O here.
 *
 * The body is rewritten on the way through, for the spreadsheet it will be opened in:
 * - a cell that is text beginning with = + - @ or a tab/CR (a shopper's comment, a product name) gets a
 *   leading apostrophe, so Excel or LibreOffice show it instead of running it as a formula (OWASP "CSV
 *   injection"); numbers such as -12.50 are left alone;
 * - a UTF-8 byte order mark goes first, so Excel reads accents and non-Latin names correctly;
 * - lines end in CRLF (RFC 4180).
 */
class AnalyticsCsv {
	public const BOM = "\xEF\xBB\xBF";

	/**
	 * @param string $filename e.g. rebound-return-rate-by-product_2026-08-29_2026-11-26.csv
	 * @param string $body     the CSV to send, already made safe by safe()
	 */
	public function __construct(public readonly string $filename, public readonly string $body) {
	}

	/**
	 * The download, or the problem (an AdminAnswer) when the sidecar did not send a CSV.
	 */
	public static function fromResponse(ClientResponse $response, string $table, AnalyticsFilters $filters): self|AdminAnswer {
		if (!$response->ok()) {
			return AdminAnswer::fromResponse($response);
		}

		// A JSON object where a CSV belongs is not an export (a proxy's page, an error sent with 200).
		if ($response->json() !== null || str_starts_with(ltrim($response->body), '<')) {
			return new AdminAnswer($response->status, [], 'bad_answer', 'HTTP ' . $response->status . ' with a body that is not CSV');
		}

		return new self(self::filename($table, $filters), self::safe($response->body));
	}

	/**
	 * rebound-<table with dashes>_<from>_<to>[_store-N][_category-N].csv
	 */
	public static function filename(string $table, AnalyticsFilters $filters): string {
		$table = trim((string)preg_replace('/[^a-z0-9]+/', '-', strtolower($table)), '-');

		return 'rebound-' . ($table !== '' ? $table : 'table') . '_' . $filters->slug() . '.csv';
	}

	/**
	 * The response headers of the download: never cached by a proxy, never sniffed as HTML.
	 *
	 * @return list<string>
	 */
	public function headers(): array {
		return [
			'Content-Type: text/csv; charset=utf-8',
			'Content-Disposition: attachment; filename="' . $this->filename . '"',
			'X-Content-Type-Options: nosniff',
			'Cache-Control: private, no-store'
		];
	}

	/**
	 * The CSV re-written cell by cell: formula-looking text neutralised, CRLF line ends, a BOM first.
	 */
	public static function safe(string $csv): string {
		if (str_starts_with($csv, self::BOM)) {
			$csv = substr($csv, strlen(self::BOM));
		}

		$in = fopen('php://memory', 'w+');
		$out = fopen('php://memory', 'w+');

		fwrite($in, $csv);
		rewind($in);

		// No escape character: a quote inside a cell is doubled, as RFC 4180 has it.
		while (($row = fgetcsv($in, null, ',', '"', '')) !== false) {
			if ($row === [null]) {
				continue;
			}

			fputcsv($out, array_map([self::class, 'cell'], $row), ',', '"', '', "\r\n");
		}

		rewind($out);
		$safe = (string)stream_get_contents($out);

		fclose($in);
		fclose($out);

		return self::BOM . $safe;
	}

	/**
	 * One cell as a spreadsheet should show it.
	 */
	public static function cell(?string $value): string {
		$value = (string)$value;

		if ($value === '' || is_numeric($value) || !in_array($value[0], ['=', '+', '-', '@', "\t", "\r"], true)) {
			return $value;
		}

		return "'" . $value;
	}
}
