<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * An uploaded photo was refused: `$reason` is the machine code, the message is one sentence a shopper can
 * read (English; a page may translate by code), and `$detail` is for the log only (errno text, sizes).
 *
 * Codes:
 * - `empty`           nothing was uploaded, or the file has zero bytes
 * - `too_large`       more bytes than allowed
 * - `too_many_pixels` width × height over the limit (checked from the header, before decoding)
 * - `type`            not a JPEG, PNG, GIF or WebP picture (decided by content, never by name or MIME)
 * - `corrupt`         a picture's header, but the data is damaged, cut short or unusual
 * - `payload`         the file carries script or PHP code as well as a picture
 * - `count`           more photos than allowed at once
 * - `upload`          PHP did not receive the file whole (its upload error codes)
 * - `storage`         the server could not store it (disk full, read-only); nothing was left behind
 */
class PhotoRejected extends \RuntimeException {
	public const EMPTY = 'empty';
	public const TOO_LARGE = 'too_large';
	public const TOO_MANY_PIXELS = 'too_many_pixels';
	public const TYPE = 'type';
	public const CORRUPT = 'corrupt';
	public const PAYLOAD = 'payload';
	public const COUNT = 'count';
	public const UPLOAD = 'upload';
	public const STORAGE = 'storage';

	public function __construct(public readonly string $reason, string $message, public readonly string $detail = '', ?\Throwable $previous = null) {
		parent::__construct($message, 0, $previous);
	}

	/**
	 * The error as the JSON envelope's inner object: `{"code": …, "message": …}`.
	 *
	 * @return array{code: string, message: string}
	 */
	public function toArray(): array {
		return ['code' => $this->reason, 'message' => $this->getMessage()];
	}
}
