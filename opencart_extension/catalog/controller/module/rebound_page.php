<?php
namespace Opencart\Catalog\Controller\Extension\Rebound\Module;
use Opencart\System\Library\Extension\Rebound\FailureLog;
use Opencart\System\Library\Extension\Rebound\Returns;
use Opencart\System\Library\Extension\Rebound\TrackingToken;
/**
 * Trait ReboundPage: what Rebound's storefront controllers share: the page frame (title, breadcrumbs,
 * header and footer), Rebound's links, dates, money and escaping, and the sidecar's shopper API.
 *
 * @package Opencart\Catalog\Controller\Extension\Rebound\Module
 */
trait ReboundPage {
	private ?Returns $returns = null;

	/**
	 * The common parts of each Rebound page: title, breadcrumbs, header and footer.
	 *
	 * @return array<string, mixed>
	 */
	private function page(string $title, string $href): array {
		$this->document->setTitle($title);

		$language = 'language=' . $this->config->get('config_language');

		$data['heading_title'] = $title;

		$data['breadcrumbs'] = [['text' => $this->language->get('text_home'), 'href' => $this->url->link('common/home', $language)]];

		if ($this->customer->isLogged() && isset($this->session->data['customer_token'])) {
			$data['breadcrumbs'][] = ['text' => $this->language->get('text_account'), 'href' => $this->url->link('account/account', $language . '&customer_token=' . $this->session->data['customer_token'])];
			$data['breadcrumbs'][] = ['text' => $this->language->get('text_orders'), 'href' => $this->url->link('account/order', $language . '&customer_token=' . $this->session->data['customer_token'])];
		}

		$data['breadcrumbs'][] = ['text' => $this->e($title), 'href' => $href];

		$data['language'] = $this->config->get('config_language');

		return $data;
	}

	/**
	 * @param array<string, mixed> $data
	 */
	private function render(string $template, array $data): void {
		$data['column_left'] = $this->load->controller('common/column_left');
		$data['column_right'] = $this->load->controller('common/column_right');
		$data['content_top'] = $this->load->controller('common/content_top');
		$data['content_bottom'] = $this->load->controller('common/content_bottom');
		$data['footer'] = $this->load->controller('common/footer');
		$data['header'] = $this->load->controller('common/header');

		$this->response->setOutput($this->load->view($template, $data));
	}

	private function formLink(int $order_id, string $extra = ''): string {
		return $this->url->link('extension/rebound/module/rebound.returnForm', 'language=' . $this->config->get('config_language') . '&order_id=' . $order_id . $extra);
	}

	/**
	 * The tracking page's link: plain for a customer (the login shows it), with the signed token for a guest.
	 */
	private function trackLink(string $reference, int $customer_id, string $email, string $token = ''): string {
		$args = 'language=' . $this->config->get('config_language') . '&reference=' . rawurlencode($reference);

		if (!$customer_id && $email !== '') {
			if ($token === '') {
				$tokens = TrackingToken::fromSettings(fn (string $key): mixed => $this->config->get($key));
				$token = $tokens ? $tokens->sign($reference, $email) : '';
			}

			if ($token !== '') {
				$args .= '&email=' . rawurlencode($email) . '&token=' . rawurlencode($token);
			}
		}

		return $this->url->link('extension/rebound/module/rebound.track', $args);
	}

	private function statusText(string $status, string $fallback): string {
		$key = 'text_status_' . preg_replace('/[^a-z_]/', '', $status);
		$text = $this->language->get($key);

		return $text !== $key ? $text : ($fallback !== '' ? $fallback : $status);
	}

	/**
	 * A sidecar time (ISO 8601 with the store's offset) or a database date in the store's date format,
	 * in the time zone it was given in; '' when it can't be read.
	 */
	private function date(string $value, bool $time = false): string {
		if ($value === '') {
			return '';
		}

		try {
			$date = new \DateTimeImmutable($value);
		} catch (\Throwable $e) {
			return '';
		}

		return $date->format($this->language->get('date_format_short') . ($time ? ' H:i' : ''));
	}

	/**
	 * An amount already in the order's currency, formatted with that currency's symbol when the store has it.
	 */
	private function money(string $amount, string $currency_code): string {
		if ($currency_code !== '' && $this->currency->has($currency_code)) {
			return $this->currency->format((float)$amount, $currency_code, 1.0);
		}

		return trim($amount . ' ' . $currency_code);
	}

	private function e(string $text): string {
		return htmlspecialchars($text, ENT_QUOTES, 'UTF-8');
	}

	private function returns(): Returns {
		return $this->returns ??= Returns::fromOpencart($this->db, $this->config, $this->log, DB_PREFIX);
	}

	/**
	 * Logs what went wrong on a page or in a page's handler, which then carries on without Rebound's part.
	 */
	private function logError(string $where, \Throwable $e): void {
		FailureLog::write($this->log, $where, $e);
	}
}
