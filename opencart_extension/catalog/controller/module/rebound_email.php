<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\Bridge;
use Opencart\System\Library\Extension\Rebound\EmailToken;
/**
 * Class ReboundEmail: the pages the links in Rebound's email open (docs/email.md, "The extension's routes"),
 * reached through Rebound::unsubscribe() and Rebound::survey().
 *
 * - unsubscribe: GET asks for confirmation and changes nothing (mail scanners open links); POST (RFC 8058
 *   one-click, `List-Unsubscribe=One-Click`, or the page's button) writes the suppression row, then the
 *   outbox event `email.unsubscribed`.
 * - survey: GET shows the CSAT (1–5) or NPS (0–10) question with the link's score chosen and records nothing;
 *   POST records `survey.answered`.
 *
 * The link's token (EmailToken) is the only authority: no login, no cookie, no CSRF token. A token that does
 * not verify gets a 400 page and nothing is written. Nothing here throws into OpenCart.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
class ReboundEmail extends \Opencart\System\Engine\Controller {
	use ReboundPage;

	public const COMMENT_MAX = 2000;

	/** @var array<string, array{0: int, 1: int}> the scale of each survey kind */
	public const SCALES = ['csat' => [1, 5], 'nps' => [0, 10]];

	/**
	 * `…rebound.unsubscribe&language=…&token=…`
	 *
	 * @return void
	 */
	public function unsubscribe(): void {
		try {
			$this->load->language('extension/rebound/module/rebound_email');

			$token = $this->token();
			$claims = $this->claims($token, ['unsubscribe']);

			$data = $this->page($this->language->get('heading_unsubscribe'), $this->link('unsubscribe', $token));
			$data['action'] = $this->link('unsubscribe', $token);
			$data['address'] = '';
			$data['done'] = false;
			$data['already'] = false;
			$data['error'] = '';

			if (!$claims) {
				$this->badLink('rebound_unsubscribe', $data);

				return;
			}

			$data['address'] = $claims['address'];

			if ($this->isPost()) {
				// RFC 8058: a provider's one-click POST carries exactly this body; anything else came from the page.
				$source = html_entity_decode((string)($this->request->post['List-Unsubscribe'] ?? ''), ENT_QUOTES, 'UTF-8') === 'One-Click' ? 'one_click' : 'page';

				try {
					$this->suppress($claims, $source);

					$data['done'] = true;
				} catch (\Throwable $e) {
					$this->logError('unsubscribe', $e);
					$this->status(503, 'Service Unavailable');

					$data['error'] = $this->language->get('error_failed');
				}
			} else {
				// Only read: a second click on the link says it is done instead of asking again.
				$data['already'] = $this->suppressed($claims['address']);
			}

			$this->render('extension/rebound/module/rebound_unsubscribe', $data);
		} catch (\Throwable $e) {
			$this->logError('unsubscribe page', $e);
		}
	}

	/**
	 * `…rebound.survey&language=…&token=…&score=N`
	 *
	 * @return void
	 */
	public function survey(): void {
		try {
			$this->load->language('extension/rebound/module/rebound_email');

			$token = $this->token();
			$claims = $this->claims($token, array_keys(self::SCALES));

			$data = $this->page($this->language->get('heading_survey'), $this->link('survey', $token));
			$data['action'] = $this->link('survey', $token);
			$data['token'] = $token;
			$data['kind'] = '';
			$data['done'] = false;
			$data['error'] = '';
			$data['score'] = null;
			$data['comment'] = '';

			if (!$claims) {
				$this->badLink('rebound_survey', $data);

				return;
			}

			$kind = $claims['purpose'];
			[$low, $high] = self::SCALES[$kind];

			$data['kind'] = $kind;
			$data['scores'] = range($low, $high);
			$data['question'] = $this->language->get('text_' . $kind . '_question');
			$data['text_low'] = $this->language->get('text_' . $kind . '_low');
			$data['text_high'] = $this->language->get('text_' . $kind . '_high');

			if ($this->isPost()) {
				$score = self::score($this->request->post['score'] ?? null, $kind);
				// As OpenCart stores form input: HTML-encoded (the Request did it) and trimmed.
				$comment = (string)($this->request->post['comment'] ?? '');

				$data['score'] = $score;
				$data['comment'] = $comment;

				if ($score === null) {
					$this->status(400, 'Bad Request');

					$data['error'] = $this->language->get('error_score');
				} elseif (mb_strlen($comment, 'UTF-8') > self::COMMENT_MAX) {
					$this->status(400, 'Bad Request');

					$data['error'] = $this->language->get('error_comment');
				} else {
					try {
						$this->bridge()->record('survey.answered', [
							'email_id' => $claims['email_id'],
							'kind'     => $kind,
							'score'    => $score,
							'email'    => $claims['address'],
							'comment'  => $comment
						], (int)$this->config->get('config_store_id'));

						$data['done'] = true;
					} catch (\Throwable $e) {
						Bridge::logFailure($this->log, 'survey.answered', $e);
						$this->status(503, 'Service Unavailable');

						$data['error'] = $this->language->get('error_failed');
					}
				}
			} else {
				// Only pre-selected: a GET records nothing (link scanners would answer for the customer).
				$data['score'] = self::score($this->request->get['score'] ?? null, $kind);
			}

			$this->render('extension/rebound/module/rebound_survey', $data);
		} catch (\Throwable $e) {
			$this->logError('survey page', $e);
		}
	}

	/**
	 * A score on the kind's scale (decimal digits only), or null.
	 */
	public static function score(mixed $value, string $kind): ?int {
		if (!is_string($value) && !is_int($value)) {
			return null;
		}

		$value = trim((string)$value);

		if (!isset(self::SCALES[$kind]) || !preg_match('/^(0|[1-9][0-9]?)$/D', $value)) {
			return null;
		}

		[$low, $high] = self::SCALES[$kind];

		return (int)$value >= $low && (int)$value <= $high ? (int)$value : null;
	}

	/**
	 * The suppression upsert exactly as docs/email.md gives it (a bounce stays a bounce), then the event; the
	 * event only when the address was not suppressed before, so a second POST changes nothing. The row alone
	 * is enough (the sidecar reads it): a failure to record the event is only logged.
	 *
	 * @param array{purpose: string, email_id: int, address: string} $claims
	 */
	private function suppress(array $claims, string $source): void {
		$table = '`' . DB_PREFIX . 'rebound_suppression`';
		$address = $this->db->escape($claims['address']);

		$before = $this->db->query("SELECT `reason` FROM " . $table . " WHERE `email` = '" . $address . "'");

		$this->db->query("INSERT INTO " . $table . " (email, reason, source, email_id, created_at) VALUES ('" . $address . "', 'unsubscribe', '" . $this->db->escape($source) . "', '" . (int)$claims['email_id'] . "', UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE reason = IF(reason = 'bounce', reason, VALUES(reason))");

		if (!empty($before->num_rows)) {
			return;
		}

		try {
			$this->bridge()->record('email.unsubscribed', [
				'email'    => $claims['address'],
				'email_id' => $claims['email_id'],
				'source'   => $source
			], (int)$this->config->get('config_store_id'));
		} catch (\Throwable $e) {
			Bridge::logFailure($this->log, 'email.unsubscribed', $e);
		}
	}

	/**
	 * True when the address is on the suppression list already; false when it is not or the table can't be read
	 * (the page then just asks).
	 */
	private function suppressed(string $address): bool {
		try {
			return !empty($this->db->query("SELECT 1 FROM `" . DB_PREFIX . "rebound_suppression` WHERE `email` = '" . $this->db->escape($address) . "'")->num_rows);
		} catch (\Throwable $e) {
			return false;
		}
	}

	/**
	 * The token's claims for one of these purposes, or null (no secret configured counts as a bad link).
	 *
	 * @param list<string> $purposes
	 *
	 * @return array{purpose: string, email_id: int, address: string}|null
	 */
	private function claims(string $token, array $purposes): ?array {
		if ($token === '' || strlen($token) > 2048) {
			return null;
		}

		$tokens = EmailToken::fromSettings(fn (string $key): mixed => $this->config->get($key));
		$claims = $tokens?->verify($token);

		if (!$claims || !in_array($claims['purpose'], $purposes, true)) {
			return null;
		}

		// The events carry 3–255 characters, and the suppression key is a VARCHAR(255).
		$length = mb_strlen($claims['address'], 'UTF-8');

		return $length >= 3 && $length <= 255 ? $claims : null;
	}

	/**
	 * The link's token: from the URL (the List-Unsubscribe URL carries it), else the form's field.
	 */
	private function token(): string {
		$token = $this->request->get['token'] ?? ($this->request->post['token'] ?? '');

		return is_string($token) ? html_entity_decode($token, ENT_QUOTES, 'UTF-8') : '';
	}

	/**
	 * @param array<string, mixed> $data
	 */
	private function badLink(string $template, array $data): void {
		$this->status(400, 'Bad Request');
		$this->document->setTitle($this->language->get('heading_bad_link'));

		$data['heading_title'] = $this->language->get('heading_bad_link');
		$data['error'] = $this->language->get('text_bad_link');
		$data['action'] = '';

		$this->render('extension/rebound/module/' . $template, $data);
	}

	private function link(string $method, string $token): string {
		$args = 'language=' . $this->config->get('config_language');

		// Only a token of the right shape is echoed into the page.
		if ($token !== '' && preg_match('/^[A-Za-z0-9._-]{1,2048}$/D', $token)) {
			$args .= '&token=' . $token;
		}

		return $this->url->link('extension/rebound/module/rebound.' . $method, $args);
	}

	private function isPost(): bool {
		return ($this->request->server['REQUEST_METHOD'] ?? 'GET') === 'POST';
	}

	private function status(int $code, string $text): void {
		try {
			$protocol = (string)($this->request->server['SERVER_PROTOCOL'] ?? 'HTTP/1.1');

			$this->response->addHeader(($protocol !== '' ? $protocol : 'HTTP/1.1') . ' ' . $code . ' ' . $text);
		} catch (\Throwable $e) {
			// The page still shows; only its status is lost.
		}
	}

	private function bridge(): Bridge {
		return Bridge::fromOpencart($this->db, $this->config, $this->log, DB_PREFIX);
	}
}
