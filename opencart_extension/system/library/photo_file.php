<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * One stored photo file, ready for a controller to stream.
 *
 * @example
 * $file = $store->open($photoId, $thumb);
 * if ($file === null || $file->row['status'] !== 'approved') { ... 404 ... }
 * foreach ($file->headers(true) as $line) { $this->response->addHeader($line); }
 * $this->response->setOutput($file->contents());
 */
final class PhotoFile {
	private const TYPES = ['jpg' => 'image/jpeg', 'webp' => 'image/webp'];

	public readonly string $mime;

	/**
	 * @param array<string, mixed> $row the photo's rebound_photo row
	 */
	public function __construct(public readonly string $photoId, public readonly string $path, public readonly array $row) {
		// From the file's own extension (which PhotoFiles chose), never from anything a client sent.
		$this->mime = self::TYPES[pathinfo($path, PATHINFO_EXTENSION)] ?? 'application/octet-stream';
	}

	/**
	 * The response headers, as whole lines (OpenCart's Response::addHeader takes those).
	 *
	 * @param bool $public true for an approved photo anyone may see (cached a year: an id's bytes never
	 *                     change); false keeps it out of shared caches
	 *
	 * @return list<string>
	 */
	public function headers(bool $public = false): array {
		$extension = pathinfo($this->path, PATHINFO_EXTENSION);

		return [
			'Content-Type: ' . $this->mime,
			'X-Content-Type-Options: nosniff',
			'Content-Length: ' . (int)filesize($this->path),
			'Content-Disposition: inline; filename="' . $this->photoId . '.' . $extension . '"',
			"Content-Security-Policy: default-src 'none'; sandbox",
			'Cross-Origin-Resource-Policy: same-origin',
			'Cache-Control: ' . ($public ? 'public, max-age=31536000, immutable' : 'private, max-age=0, must-revalidate')
		];
	}

	public function contents(): string {
		return (string)file_get_contents($this->path);
	}
}
