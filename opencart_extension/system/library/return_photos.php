<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The photos a shopper attaches to the lines of a return request (`photos[<order_product_id>][]`), taken
 * through PhotoSanitizer and recorded by PhotoStore as kind `return`, owner 0: the request's case does not
 * exist yet, and the event's `photo_ids` tell the sidecar which photos belong to which line.
 *
 * All or nothing: when any photo is refused, the ones this request already stored are deleted again, so a
 * form sent back with errors leaves no file and no row behind.
 *
 * @example
 * $photos = new ReturnPhotos($sanitizer, $store);
 * $stored = $photos->store(ReturnPhotos::fields($this->request->files), [12], $storeId, $customerId);
 * // ['ids' => [12 => ['9fc6…']], 'errors' => []] or ['ids' => [], 'errors' => [12 => 'This photo is too large …']]
 */
class ReturnPhotos {
	public const PER_LINE = 5;
	private const STORAGE_MESSAGE = 'Your photo could not be saved just now. Please try again later.';

	/** @var \Closure(string): void */
	private \Closure $log;

	/**
	 * @param bool          $requireUploaded is_uploaded_file() for each file (false only in tests and the CLI)
	 * @param \Closure|null $log             receives a line per refusal; error_log() when null
	 */
	public function __construct(private PhotoSanitizer $sanitizer, private PhotoStore $store, private int $perLine = self::PER_LINE, private bool $requireUploaded = true, ?\Closure $log = null) {
		$this->log = $log ?? static function (string $line): void {
			error_log($line);
		};
	}

	/**
	 * The `photos` upload field split per order line, each shaped as PhotoUpload::fromFiles() takes it; only
	 * lines with at least one file chosen. Names and paths are decoded: OpenCart's Request HTML-encodes
	 * $_FILES as it does every input.
	 *
	 * @param array<string, mixed> $files OpenCart's `$this->request->files` (or $_FILES)
	 *
	 * @return array<int, array{name: list<string>, tmp_name: list<string>, error: list<int>, size: list<int>}>
	 */
	public static function fields(array $files): array {
		$photos = $files['photos'] ?? null;
		$fields = [];

		if (!is_array($photos) || !is_array($photos['error'] ?? null)) {
			return [];
		}

		foreach ($photos['error'] as $orderProductId => $errors) {
			$field = ['name' => [], 'tmp_name' => [], 'error' => [], 'size' => []];

			foreach ((array)$errors as $i => $error) {
				if ((int)$error === UPLOAD_ERR_NO_FILE) {
					continue;
				}

				$field['name'][] = html_entity_decode((string)($photos['name'][$orderProductId][$i] ?? ''), ENT_QUOTES, 'UTF-8');
				$field['tmp_name'][] = html_entity_decode((string)($photos['tmp_name'][$orderProductId][$i] ?? ''), ENT_QUOTES, 'UTF-8');
				$field['error'][] = (int)$error;
				$field['size'][] = (int)($photos['size'][$orderProductId][$i] ?? 0);
			}

			if ($field['error'] && (int)$orderProductId > 0) {
				$fields[(int)$orderProductId] = $field;
			}
		}

		return $fields;
	}

	/**
	 * Stores the photos of the lines being returned; photos sent for other lines are ignored.
	 *
	 * @param array<int, array<string, list<int|string>>> $fields         fields()
	 * @param list<int>                                   $orderProductIds the lines in the request
	 *
	 * @return array{ids: array<int, list<string>>, errors: array<int, string>} errors: line => a sentence for the shopper
	 */
	public function store(array $fields, array $orderProductIds, int $storeId, int $customerId): array {
		$ids = [];
		$errors = [];

		foreach (array_intersect_key($fields, array_flip($orderProductIds)) as $orderProductId => $field) {
			try {
				foreach (PhotoUpload::fromFiles($field, $this->perLine, $this->requireUploaded) as $upload) {
					$result = $this->sanitizer->sanitize($upload->path, $upload->clientName, $upload->size);

					$ids[$orderProductId][] = $this->store->add($result, 'return', 0, $storeId, $customerId);
				}
			} catch (PhotoRejected $e) {
				($this->log)('Rebound: return photo refused (' . $e->reason . '): ' . substr($e->detail, 0, 200));

				$errors[$orderProductId] = $e->getMessage();
			} catch (\Throwable $e) {
				($this->log)('Rebound: storing a return photo failed: ' . substr($e->getMessage(), 0, 200));

				$errors[$orderProductId] = self::STORAGE_MESSAGE;
			}
		}

		if ($errors) {
			$this->delete($ids);

			return ['ids' => [], 'errors' => $errors];
		}

		return ['ids' => $ids, 'errors' => []];
	}

	/**
	 * @param array<int, list<string>> $ids
	 */
	private function delete(array $ids): void {
		foreach ($ids as $stored) {
			foreach ($stored as $photoId) {
				try {
					$this->store->delete($photoId);
				} catch (\Throwable $e) {
					($this->log)('Rebound: could not delete return photo ' . $photoId . ': ' . substr($e->getMessage(), 0, 200));
				}
			}
		}
	}
}
