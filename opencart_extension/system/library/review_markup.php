<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * Puts Rebound's pieces into the HTML a theme made of OpenCart's review form and review list, and builds
 * the schema.org JSON-LD of the reviews shown. Pure string work: the pieces come from Rebound's templates.
 *
 * Where a theme's markup differs from OpenCart's default, nothing is lost: pieces that find no place of
 * their own go at the end of the HTML.
 */
final class ReviewMarkup {
	/**
	 * The review form with photos: the form posts as multipart to $action (the plain fallback without
	 * JavaScript), the photo field goes before the submit row, the gallery before the review list.
	 * Without a review text field (a guest who must log in) only the gallery and $tail are added.
	 */
	public static function form(string $html, string $action, string $field, string $gallery, string $tail): string {
		$form = strpos($html, '<form id="form-review"');

		if ($form !== false && str_contains($html, 'name="text"')) {
			$tag = '<form id="form-review"';
			$end = strpos($html, '>', $form);

			if ($end !== false && !preg_match('/\saction=/i', substr($html, $form, $end - $form))) {
				$html = substr_replace($html, $tag . ' action="' . htmlspecialchars($action, ENT_QUOTES, 'UTF-8') . '" method="post" enctype="multipart/form-data"', $form, strlen($tag));
			}

			$close = strpos($html, '</form>', $form);
			$button = strpos($html, 'id="button-review"', $form);
			$at = $close;

			if ($button !== false && ($close === false || $button < $close)) {
				$row = strrpos(substr($html, 0, $button), '<div');

				$at = $row !== false && $row > $form ? $row : $close;
			}

			if ($at !== false) {
				$html = substr_replace($html, $field, $at, 0);
			} else {
				$html .= $field;
			}
		}

		$list = strpos($html, '<div id="review"');

		if ($gallery !== '') {
			$html = $list !== false ? substr_replace($html, $gallery, $list, 0) : $gallery . $html;
		}

		return $html . $tail;
	}

	/**
	 * The review list with each review's extras (badge, photos, reply) inside that review's block, as its
	 * last row: OpenCart's default list draws one table per review, and extras after a table read as part of
	 * the next review. When the count of tables differs from the reviews', the extras go, in order, at the end.
	 *
	 * @param list<string> $blocks one per review shown, in order ('' for none)
	 */
	public static function list(string $html, array $blocks, string $tail): string {
		$parts = explode('</table>', $html);

		if (count($parts) - 1 === count($blocks)) {
			$html = '';

			foreach ($blocks as $i => $block) {
				$html .= $parts[$i] . ($block !== '' ? '<tr><td colspan="2">' . $block . '</td></tr>' : '') . '</table>';
			}

			$html .= $parts[count($blocks)];
		} else {
			$html .= implode('', $blocks);
		}

		return $html . $tail;
	}

	/**
	 * A `<script type="application/ld+json">` with the Product, its AggregateRating and the Reviews shown.
	 * Review fields are as OpenCart stores them (HTML-encoded) and are decoded here; the JSON is escaped so
	 * that nothing in it can close the script element.
	 *
	 * @param array{name: string, url: string, image?: string}                                      $product
	 * @param array{count: int, average: float}                                                     $rating
	 * @param list<array{author: string, rating: int|string, text: string, date_added: string, photos?: list<string>}> $reviews
	 */
	public static function jsonLd(array $product, array $rating, array $reviews): string {
		if ($rating['count'] < 1 || trim($product['name']) === '') {
			return '';
		}

		$data = [
			'@context'        => 'https://schema.org',
			'@type'           => 'Product',
			'name'            => self::plain($product['name']),
			'url'             => $product['url'],
			'aggregateRating' => [
				'@type'       => 'AggregateRating',
				'ratingValue' => round($rating['average'], 1),
				'reviewCount' => $rating['count'],
				'bestRating'  => 5,
				'worstRating' => 1
			]
		];

		if (!empty($product['image'])) {
			$data['image'] = $product['image'];
		}

		foreach ($reviews as $review) {
			$item = [
				'@type'         => 'Review',
				'author'        => ['@type' => 'Person', 'name' => self::plain($review['author'])],
				'datePublished' => substr((string)$review['date_added'], 0, 10),
				'reviewBody'    => self::plain($review['text']),
				'reviewRating'  => ['@type' => 'Rating', 'ratingValue' => (int)$review['rating'], 'bestRating' => 5, 'worstRating' => 1]
			];

			if (!empty($review['photos'])) {
				$item['image'] = array_values($review['photos']);
			}

			$data['review'][] = $item;
		}

		return '<script type="application/ld+json">' . json_encode($data, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_HEX_TAG | JSON_HEX_AMP | JSON_HEX_APOS | JSON_HEX_QUOT | JSON_INVALID_UTF8_SUBSTITUTE) . '</script>';
	}

	/**
	 * OpenCart's stored (HTML-encoded) text as plain text.
	 */
	public static function plain(string $stored): string {
		return trim(html_entity_decode($stored, ENT_QUOTES | ENT_HTML5, 'UTF-8'));
	}
}
