<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * The image library under PhotoSanitizer: GD (PhotoGdCodec, which OpenCart itself requires) or Imagick
 * (PhotoImagickCodec). An image is whatever object the library uses (\GdImage, \Imagick); each method that
 * answers a new image has released the one it was given unless it says otherwise.
 */
interface PhotoCodec {
	/**
	 * `gd` or `imagick`.
	 */
	public function name(): string;

	/**
	 * Whether it can encode `jpeg` or `webp`.
	 */
	public function canWrite(string $format): bool;

	/**
	 * Decodes the picture the probe describes (the probe's `still` for an animated WebP), first frame only,
	 * as 8-bit RGB(A) whatever the source (CMYK, 16-bit, palette, grey), with the decoder of the probe's type.
	 *
	 * @param string $path  the file the bytes were read from (PHP's own temporary file)
	 * @param string $bytes its content, as probed
	 *
	 * @throws PhotoRejected corrupt, or too_many_pixels when the memory it needs cannot be had
	 */
	public function decode(string $path, string $bytes, PhotoProbe $probe): object;

	/**
	 * Shrinks the picture to fit in $edge × $edge with the same proportions (never enlarges); answers the
	 * image itself when it already fits. Done before orient(), so that a turn moves the fewer pixels.
	 */
	public function scale(object $image, int $edge): object;

	/**
	 * Turns the pixels so the picture shows upright: Exif orientation 1–8.
	 */
	public function orient(object $image, int $orientation): object;

	/**
	 * Puts transparent parts on white (for JPEG, which has no alpha).
	 */
	public function flatten(object $image): object;

	/**
	 * A new image fitting in $edge × $edge with the same proportions (never enlarged); $image is kept.
	 */
	public function thumbnail(object $image, int $edge): object;

	/**
	 * @return array{0: int, 1: int} width and height
	 */
	public function size(object $image): array;

	/**
	 * The encoded file: no metadata at all (no Exif, GPS, comments, profiles), 8 bits per channel, sRGB.
	 *
	 * @param string $format jpeg or webp
	 */
	public function encode(object $image, string $format, int $quality): string;

	public function release(object $image): void;
}
