<?php
use Opencart\System\Library\Extension\Rebound\SimulationView;
use PHPUnit\Framework\TestCase;

/**
 * The simulator as the policy page shows it: a run's progress and its result, from the sidecar's answers.
 */
final class SimulationViewTest extends TestCase {
	private const TEXTS = [
		'text_sim_progress'          => '%s orders replayed (%d%%)…',
		'text_sim_cancelled'         => 'Cancelled at %d%%.',
		'text_sim_orders'            => '%s orders since %s (%d days), %s items, as of %s, %s policy.',
		'text_sim_source_store'      => 'saved',
		'text_sim_source_default'    => 'default',
		'text_sim_capped'            => 'Only %s, oldest %s.',
		'text_sim_not_mirrored'      => '%s left out.',
		'text_sim_examples'          => 'Examples (%d of %s)',
		'text_sim_became_eligible'   => 'Gained',
		'text_sim_became_ineligible' => 'Lost',
		'text_sim_now_returnable'    => 'becomes returnable',
		'text_sim_not_returnable'    => 'no longer returnable'
	];

	private static function view(): SimulationView {
		return new SimulationView(
			static fn (string $key): string => self::TEXTS[$key] ?? $key,
			static fn (mixed $amount): string => '$' . number_format((float)$amount, 2),
			static fn (mixed $iso): string => is_string($iso) ? substr($iso, 0, 10) : '',
			static fn (int $order_id): string => 'order/' . $order_id
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private static function result(): array {
		$tally = ['lines' => 1200, 'quantity' => 1500, 'base_value' => '12.50'];

		return [
			'since' => '2026-08-28T00:00:00+00:00', 'since_days' => 90, 'judged_at' => '2026-11-26T12:00:00+00:00', 'current_source' => 'store',
			'orders' => ['judged' => 123456, 'not_mirrored' => 0, 'capped' => false, 'max_orders' => null, 'oldest_judged' => null],
			'lines' => ['judged' => 200000, 'changed' => 3],
			'returnable' => ['current' => $tally, 'proposed' => $tally],
			'became_eligible' => ['lines' => 0, 'quantity' => 0, 'base_value' => '0.00', 'by_block' => []],
			'became_ineligible' => ['lines' => 3, 'quantity' => 4, 'base_value' => '33.00', 'by_block' => ['window_closed' => ['lines' => 3, 'quantity' => 4, 'base_value' => '33.00']]],
			'examples' => [['order_id' => 104, 'name' => 'Tee', 'model' => 'T', 'quantity' => 1, 'base_value' => '12.00', 'date_added' => '2026-11-18T10:00:00+00:00', 'change' => 'became_ineligible', 'current' => ['blocks' => []], 'proposed' => ['blocks' => [['code' => 'window_closed', 'text' => 'The window closed.']]]]]
		];
	}

	public function testARunningSimulationShowsHowFarItHasCome(): void {
		$run = ['simulation_id' => 7, 'status' => 'running', 'busy' => false, 'progress' => ['done' => 400, 'total' => 1000, 'percent' => 40], 'result' => self::result()];

		$this->assertSame(['simulation_id' => 7, 'status' => 'running', 'percent' => 40, 'progress' => '123,456 orders replayed (40%)…'], self::view()->progress($run));
		$this->assertSame(100, self::view()->progress(['progress' => ['percent' => 250]] + $run)['percent'], 'kept between 0 and 100');
	}

	public function testAnAnswerThatIsNotARunIsNoProgress(): void {
		$this->assertNull(self::view()->progress([]));
		$this->assertNull(self::view()->progress(['status' => 'running', 'progress' => [], 'result' => 'x']));
		$this->assertNull(self::view()->progress(['status' => 'sleeping', 'progress' => [], 'result' => []]));
	}

	public function testTheResultForTheTemplate(): void {
		$data = self::view()->result(self::result());

		$this->assertSame('', $data['cancelled']);
		$this->assertSame('123,456 orders since 2026-08-28 (90 days), 200,000 items, as of 2026-11-26, saved policy.', $data['summary']);
		$this->assertSame(['lines' => '1,200', 'quantity' => '1,500', 'value' => '$12.50'], $data['current']);
		$this->assertSame([['code' => 'window closed', 'lines' => '3', 'quantity' => '4', 'value' => '$33.00']], $data['changes'][1]['blocks']);
		$this->assertSame(['order_id' => 104, 'order' => 'order/104', 'date' => '2026-11-18', 'name' => 'Tee', 'model' => 'T', 'quantity' => 1, 'value' => '$12.00', 'gained' => false, 'change' => 'no longer returnable', 'why' => 'The window closed.'], $data['examples'][0]);
		$this->assertSame('Examples (1 of 3)', $data['text_examples']);
	}

	public function testACancelledRunSaysItsFiguresArePartial(): void {
		$this->assertSame('Cancelled at 35%.', self::view()->result(self::result(), 35)['cancelled']);
	}
}
