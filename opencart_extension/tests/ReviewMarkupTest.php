<?php
use Opencart\System\Library\Extension\Rebound\ReviewMarkup;
use PHPUnit\Framework\TestCase;

/**
 * ReviewMarkup: Rebound's pieces land in the right places of the review form and list a theme drew in
 * OpenCart's default markup, at the end of anything else, and the JSON-LD is valid and cannot break out of
 * its script element.
 */
final class ReviewMarkupTest extends TestCase {
	/** The shape of OpenCart 4.1's default product/review.twig output, abridged. */
	private const FORM = '<form id="form-review"><div id="review"><table></table></div><h2>Write a review</h2>'
		. '<div class="mb-3 required"><input type="text" name="author"/></div><div class="mb-3"><textarea name="text"></textarea></div>'
		. '<div class="text-end"><button type="submit" id="button-review" class="btn btn-primary">Continue</button></div></form><script>/* core */</script>';

	public function testTheFormPostsMultipartAndTakesThePhotoFieldBeforeItsButton(): void {
		$html = ReviewMarkup::form(self::FORM, 'https://shop.test/index.php?route=x&a=1', '<FIELD>', '<GALLERY>', '<TAIL>');

		$this->assertStringContainsString('<form id="form-review" action="https://shop.test/index.php?route=x&amp;a=1" method="post" enctype="multipart/form-data">', $html);
		$this->assertStringContainsString('</textarea></div><FIELD><div class="text-end"><button type="submit" id="button-review"', $html);
		$this->assertStringContainsString('<GALLERY><div id="review">', $html);
		$this->assertStringEndsWith('<script>/* core */</script><TAIL>', $html);
		$this->assertSame(1, substr_count($html, '<FIELD>'));
	}

	public function testAFormThatHasAnActionKeepsIt(): void {
		$html = ReviewMarkup::form(str_replace('<form id="form-review">', '<form id="form-review" action="/theirs">', self::FORM), '/ours', '<FIELD>', '', '');

		$this->assertStringContainsString('<form id="form-review" action="/theirs">', $html);
		$this->assertStringNotContainsString('/ours', $html);
	}

	public function testAGuestWhoMustLogInGetsNoPhotoField(): void {
		$login = '<form id="form-review"><div id="review"></div><h2>Write a review</h2>Please <a href="#">login</a> to review.</form>';

		$html = ReviewMarkup::form($login, '/ours', '<FIELD>', '<GALLERY>', '<TAIL>');

		$this->assertSame('<form id="form-review"><GALLERY><div id="review"></div><h2>Write a review</h2>Please <a href="#">login</a> to review.</form><TAIL>', $html);
	}

	public function testAnUnknownThemeStillGetsEveryPiece(): void {
		$theme = '<section class="reviews"><form id="form-review" class="x"><textarea name="text"></textarea><input type="submit"/></form></section>';

		$html = ReviewMarkup::form($theme, '/ours', '<FIELD>', '<GALLERY>', '<TAIL>');

		$this->assertSame('<GALLERY><section class="reviews"><form id="form-review" action="/ours" method="post" enctype="multipart/form-data" class="x"><textarea name="text"></textarea><input type="submit"/><FIELD></form></section><TAIL>', $html);
	}

	public function testEachReviewsExtrasFollowItsTable(): void {
		$list = '<table>Ann</table><table>Bob</table><div class="text-end">pages</div>';

		$this->assertSame('<table>Ann<tr><td colspan="2"><A></td></tr></table><table>Bob</table><div class="text-end">pages</div><LD>', ReviewMarkup::list($list, ['<A>', ''], '<LD>'), 'inside its own review\'s table, as the last row');
		$this->assertSame('<ul><li>Ann</li><li>Bob</li></ul><A><B><LD>', ReviewMarkup::list('<ul><li>Ann</li><li>Bob</li></ul>', ['<A>', '<B>'], '<LD>'), 'another theme: in order at the end');
	}

	public function testTheJsonLdDescribesTheProductItsRatingAndReviews(): void {
		$script = ReviewMarkup::jsonLd(['name' => 'Organic &amp; soft tee', 'url' => 'https://shop.test/tee', 'image' => 'https://shop.test/image/tee.jpg'], ['count' => 3, 'average' => 4.333], [
			['author' => 'Ann &quot;A&quot;', 'rating' => 5, 'text' => 'Soft &amp; warm. &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;', 'date_added' => '2026-11-20 10:00:00', 'photos' => ['https://shop.test/p?id=1&thumb=0']],
			['author' => 'Bob', 'rating' => '3', 'text' => 'Fine.', 'date_added' => '2026-11-21 09:00:00']
		]);

		$this->assertStringStartsWith('<script type="application/ld+json">', $script);
		$this->assertSame(1, substr_count(strtolower($script), '</script'), 'nothing closes the element early');
		$this->assertStringNotContainsString('<script>', substr($script, 1));

		$data = json_decode(substr($script, strlen('<script type="application/ld+json">'), -strlen('</script>')), true, 512, JSON_THROW_ON_ERROR);
		$this->assertSame('Product', $data['@type']);
		$this->assertSame('Organic & soft tee', $data['name']);
		$this->assertSame(['@type' => 'AggregateRating', 'ratingValue' => 4.3, 'reviewCount' => 3, 'bestRating' => 5, 'worstRating' => 1], $data['aggregateRating']);
		$this->assertSame('Ann "A"', $data['review'][0]['author']['name']);
		$this->assertSame('Soft & warm. </script><script>alert(1)</script>', $data['review'][0]['reviewBody']);
		$this->assertSame('2026-11-20', $data['review'][0]['datePublished']);
		$this->assertSame(['https://shop.test/p?id=1&thumb=0'], $data['review'][0]['image']);
		$this->assertSame(3, $data['review'][1]['reviewRating']['ratingValue']);
		$this->assertArrayNotHasKey('image', $data['review'][1]);
	}

	public function testNoReviewsNoJsonLd(): void {
		$this->assertSame('', ReviewMarkup::jsonLd(['name' => 'Tee', 'url' => 'u'], ['count' => 0, 'average' => 0.0], []));
	}
}
