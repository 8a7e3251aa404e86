<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * One file PHP received: the three things PhotoSanitizer::sanitize() takes.
 *
 * fromFiles() turns one `$_FILES` field (single `photo` or multiple `photos[]`) into a list, refusing more
 * than the allowed count, PHP's own upload errors, and anything that did not come through an HTTP upload.
 * The client's name is only ever shown (cleaned by displayName()); it never reaches the file system.
 *
 * @example
 * foreach (PhotoUpload::fromFiles($this->request->files['photos'] ?? [], 5) as $upload) {
 *     $result = $sanitizer->sanitize($upload->path, $upload->clientName, $upload->size);
 * }
 */
final class PhotoUpload {
	public function __construct(public readonly string $path, public readonly string $clientName, public readonly int $size) {
	}

	/**
	 * @param array<string, mixed> $field            one entry of $_FILES (keys name, type, tmp_name, error, size)
	 * @param int                  $maxCount         the most files accepted at once
	 * @param bool                 $requireUploaded  is_uploaded_file() for each (false only in tests and CLI)
	 *
	 * @return list<self> the files sent, in order; empty fields (no file chosen) left out
	 *
	 * @throws PhotoRejected count, upload, storage (PHP could not write its temporary file), too_large
	 */
	public static function fromFiles(array $field, int $maxCount, bool $requireUploaded = true): array {
		$names = (array)($field['name'] ?? []);
		$paths = (array)($field['tmp_name'] ?? []);
		$errors = (array)($field['error'] ?? []);
		$sizes = (array)($field['size'] ?? []);
		$uploads = [];

		foreach ($errors as $key => $error) {
			if ((int)$error === UPLOAD_ERR_NO_FILE) {
				continue;
			}

			if (count($uploads) >= $maxCount) {
				throw new PhotoRejected(PhotoRejected::COUNT, sprintf('You can add up to %d photos.', $maxCount), 'more than ' . $maxCount . ' files');
			}

			self::checkError((int)$error);

			$path = is_string($paths[$key] ?? null) ? $paths[$key] : '';

			if ($path === '' || ($requireUploaded && !is_uploaded_file($path))) {
				throw new PhotoRejected(PhotoRejected::UPLOAD, 'The photo did not arrive. Please try again.', 'not an HTTP upload');
			}

			$uploads[] = new self($path, is_string($names[$key] ?? null) ? $names[$key] : '', (int)($sizes[$key] ?? 0));
		}

		return $uploads;
	}

	/**
	 * A client's file name made safe to show back: the last path part, no control characters, valid UTF-8,
	 * at most 64 characters; `photo` when nothing is left. HTML-escape it all the same when printing.
	 */
	public static function displayName(string $clientName): string {
		$name = mb_scrub($clientName, 'UTF-8');
		$name = (string)preg_replace('/[\x00-\x1F\x7F]|\p{Cc}|\p{Cf}/u', '', $name);
		$name = trim((string)preg_replace('~^.*[/\\\\]~s', '', $name), " .\t");

		if (mb_strlen($name, 'UTF-8') > 64) {
			$extension = (string)pathinfo($name, PATHINFO_EXTENSION);
			$extension = mb_strlen($extension, 'UTF-8') <= 8 && $extension !== '' ? '.' . $extension : '';
			$name = mb_substr($name, 0, 64 - mb_strlen($extension, 'UTF-8') - 1, 'UTF-8') . '…' . $extension;
		}

		return $name === '' ? 'photo' : $name;
	}

	/**
	 * @throws PhotoRejected
	 */
	private static function checkError(int $error): void {
		switch ($error) {
			case UPLOAD_ERR_OK:
				return;
			case UPLOAD_ERR_INI_SIZE:
			case UPLOAD_ERR_FORM_SIZE:
				throw new PhotoRejected(PhotoRejected::TOO_LARGE, 'This photo is larger than the server accepts (' . PhotoSanitizer::megabytes(PhotoSanitizer::bytesFromIni((string)ini_get('upload_max_filesize'))) . ' at most).', 'PHP upload error ' . $error . ' (upload_max_filesize ' . ini_get('upload_max_filesize') . ')');
			case UPLOAD_ERR_NO_TMP_DIR:
			case UPLOAD_ERR_CANT_WRITE:
				throw new PhotoRejected(PhotoRejected::STORAGE, 'Your photo could not be saved just now. Please try again later.', 'PHP upload error ' . $error . ' (no temporary folder, or it could not be written)');
			default:
				throw new PhotoRejected(PhotoRejected::UPLOAD, 'The photo did not arrive whole. Please try again.', 'PHP upload error ' . $error);
		}
	}
}
