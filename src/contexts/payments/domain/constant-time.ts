import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares two strings in time that depends on neither content nor length: both are hashed first, so
 * `timingSafeEqual` always sees two 32-byte buffers and a wrong guess tells nothing about the right one.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** Lower-case hex HMAC-SHA256 of `message` (a string or the raw bytes) under `secret`. */
export function hmacSha256Hex(secret: string, ...message: Array<string | Buffer>): string {
  const mac = createHmac('sha256', secret);
  for (const part of message) mac.update(part);
  return mac.digest('hex');
}
