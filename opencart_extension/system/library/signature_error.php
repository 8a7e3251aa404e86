<?php
namespace Opencart\System\Library\Extension\Rebound;
/**
 * A request's Rebound-* signature headers are missing or do not verify.
 *
 * The message says which check failed, in the same words as the sidecar's BadSignature; it never holds
 * a secret.
 */
class SignatureError extends \RuntimeException {
}
