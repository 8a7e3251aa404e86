<?php
use Opencart\System\Library\Extension\Rebound\AdminAnswer;
use Opencart\System\Library\Extension\Rebound\AnalyticsCsv;
use Opencart\System\Library\Extension\Rebound\AnalyticsFilters;
use Opencart\System\Library\Extension\Rebound\ClientResponse;
use PHPUnit\Framework\TestCase;

/**
 * The CSV download made from the sidecar's answer: file name, headers, formula cells neutralised, and each
 * kind of failed answer read into the problem the page shows.
 */
final class AnalyticsCsvTest extends TestCase {
	private static function filters(array $get = []): AnalyticsFilters {
		return AnalyticsFilters::fromQuery($get + ['filter_date_from' => '2026-08-01', 'filter_date_to' => '2026-08-31'], new \DateTimeImmutable('2026-11-26'), [0, 1]);
	}

	public function testTheDownloadIsNamedAfterTheTableAndTheFilters(): void {
		$csv = AnalyticsCsv::fromResponse(new ClientResponse(200, "product_id,rate\n40,0.25\n"), 'by_product', self::filters(['filter_store_id' => '1']));

		$this->assertInstanceOf(AnalyticsCsv::class, $csv);
		$this->assertSame('rebound-by-product_2026-08-01_2026-08-31_store-1.csv', $csv->filename);
		$this->assertSame([
			'Content-Type: text/csv; charset=utf-8',
			'Content-Disposition: attachment; filename="rebound-by-product_2026-08-01_2026-08-31_store-1.csv"',
			'X-Content-Type-Options: nosniff',
			'Cache-Control: private, no-store'
		], $csv->headers());
		$this->assertSame(AnalyticsCsv::BOM . "product_id,rate\r\n40,0.25\r\n", $csv->body);
	}

	public function testAFileNameNeverCarriesWhatCouldBreakTheHeader(): void {
		$this->assertSame('rebound-a-b-c_2026-08-01_2026-08-31.csv', AnalyticsCsv::filename("A\"b\r\nc", self::filters()));
		$this->assertSame('rebound-table_2026-08-01_2026-08-31.csv', AnalyticsCsv::filename('"";', self::filters()));
	}

	public function testFormulaTextIsShownNotRunAndNumbersStayNumbers(): void {
		$sidecar = "name,comment,amount,balance\r\n"
			. "\"Tee, blue\",\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",-12.50,+3\r\n"
			. "Mug,@SUM(A1:A2),0,-1e3\r\n"
			. "Cap,\"-not a number\",1.5,\"\"\r\n"
			. "Hat,\"two\nlines\",2,3\r\n";

		$csv = AnalyticsCsv::safe($sidecar);
		$rows = array_map(static fn (string $line): array => str_getcsv($line, ',', '"', ''), explode("\r\n", rtrim(substr($csv, 3), "\r\n")));

		$this->assertSame(['name', 'comment', 'amount', 'balance'], $rows[0]);
		$this->assertSame(['Tee, blue', '\'=HYPERLINK("http://evil.example","x")', '-12.50', '+3'], $rows[1]);
		$this->assertSame(['Mug', '\'@SUM(A1:A2)', '0', '-1e3'], $rows[2]);
		$this->assertSame(['Cap', '\'-not a number', '1.5', ''], $rows[3]);
		$this->assertSame(['Hat', "two\nlines", '2', '3'], $rows[4], 'a comment over two lines stays one cell');
	}

	public function testTheByteOrderMarkIsNotDoubled(): void {
		$this->assertSame(AnalyticsCsv::BOM . "a\r\n", AnalyticsCsv::safe(AnalyticsCsv::BOM . "a\n"));
		$this->assertSame(AnalyticsCsv::BOM, AnalyticsCsv::safe(''), 'an empty table is an empty file');
	}

	/**
	 * @return array<string, array{ClientResponse, string}>
	 */
	public static function failures(): array {
		return [
			'no answer'          => [new ClientResponse(0, '', 'Connection refused'), 'unreachable'],
			'too slow'           => [new ClientResponse(0, '', 'Operation timed out', true), 'timeout'],
			'wrong secret'       => [new ClientResponse(401, '{"error": {"code": "bad_signature", "message": "No signature matches."}}'), 'unauthorized'],
			'no such table'      => [new ClientResponse(404, '{"error": {"code": "not_found", "message": "No such table."}}'), 'not_found'],
			'bad filter'         => [new ClientResponse(400, '{"error": {"code": "bad_request", "message": "Bad filters.", "fields": {"date_from": ["Not a date."]}}}'), 'bad_request'],
			'database down'      => [new ClientResponse(503, '{"error": {"code": "database_unavailable", "message": "The database is not answering."}}'), 'unavailable'],
			'JSON with a 200'    => [new ClientResponse(200, '{"rows": []}'), 'bad_answer'],
			'a proxy\'s page'    => [new ClientResponse(200, "<html><body>Bad gateway</body></html>"), 'bad_answer'],
		];
	}

	/**
	 * @dataProvider failures
	 */
	public function testAFailedAnswerIsAProblemNotADownload(ClientResponse $response, string $problem): void {
		$answer = AnalyticsCsv::fromResponse($response, 'by_product', self::filters());

		$this->assertInstanceOf(AdminAnswer::class, $answer);
		$this->assertSame($problem, $answer->problem);
	}
}
