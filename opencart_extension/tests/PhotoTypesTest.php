<?php
use Opencart\System\Library\Extension\Rebound\PhotoProbe;
use PHPUnit\Framework\TestCase;

/**
 * The return form and the review form both send photos through the same PhotoSanitizer: they accept (file
 * field) and name (help text) exactly the types it takes, so neither promises less or more than the other.
 */
final class PhotoTypesTest extends TestCase {
	private const NAMES = ['jpeg' => 'JPEG', 'png' => 'PNG', 'gif' => 'GIF', 'webp' => 'WebP'];

	/**
	 * @return array<string, array{string, list<string>}> form => template, its language texts about photo types
	 */
	public static function forms(): array {
		$root = dirname(__DIR__) . '/catalog/';

		return [
			'return form' => ['view/template/module/rebound_form.twig', self::texts($root . 'language/en-gb/module/rebound.php', ['text_photos_limit'])],
			'review form' => ['view/template/module/rebound_review_field.twig', self::texts($root . 'language/en-gb/module/rebound_review.php', ['text_photo_limits', 'text_photo_limits_auto'])]
		];
	}

	/**
	 * @param list<string> $keys
	 *
	 * @return list<string>
	 */
	private static function texts(string $file, array $keys): array {
		$_ = [];
		require $file;

		return array_map(static fn (string $key): string => (string)($_[$key] ?? ''), $keys);
	}

	/**
	 * @dataProvider forms
	 *
	 * @param list<string> $texts
	 */
	public function testTheFormAcceptsAndNamesWhatTheSanitizerTakes(string $template, array $texts): void {
		$twig = (string)file_get_contents(dirname(__DIR__) . '/catalog/' . $template);
		$this->assertSame(1, preg_match('~<input type="file"[^>]*\baccept="([^"]*)"~', $twig, $accept));

		$types = array_values(PhotoProbe::TYPES);
		$this->assertSame(array_map(static fn (string $type): string => 'image/' . $type, $types), explode(',', $accept[1]));

		$names = array_map(static fn (string $type): string => self::NAMES[$type], $types);
		$said = implode(', ', array_slice($names, 0, -1)) . ' or ' . end($names);

		foreach ($texts as $text) {
			$this->assertStringContainsString($said, $text);
		}
	}
}
