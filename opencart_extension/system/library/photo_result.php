<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * A sanitised photo, stored: what PhotoSanitizer wrote and what PhotoStore::add() records.
 */
final class PhotoResult {
	/**
	 * @param string $file        the photo's file name in the storage directory (32 hex + `.jpg`/`.webp`)
	 * @param string $thumb       the thumbnail's file name (32 hex + `.thumb.jpg`/`.thumb.webp`)
	 * @param string $mime        `image/jpeg` or `image/webp`, for both files
	 * @param int    $bytes       the photo file's size
	 * @param string $sourceType  what was uploaded: jpeg, png, gif or webp
	 * @param string $displayName the client's file name made safe to show (still HTML-escape it)
	 */
	public function __construct(
		public readonly string $directory,
		public readonly string $file,
		public readonly string $thumb,
		public readonly string $mime,
		public readonly int $width,
		public readonly int $height,
		public readonly int $bytes,
		public readonly int $thumbWidth,
		public readonly int $thumbHeight,
		public readonly int $thumbBytes,
		public readonly string $sourceType,
		public readonly string $displayName
	) {
	}

	public function path(): string {
		return $this->directory . $this->file;
	}

	public function thumbPath(): string {
		return $this->directory . $this->thumb;
	}
}
