import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';

/** A random token for a cookie, link or API client: 160 bits, in lowercase base32. */
export function newSecretToken(prefix = ''): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return prefix + encodeBase32LowerCaseNoPadding(bytes);
}

/** What we store for a token: its SHA-256, so a leaked table opens nothing. */
export function hashToken(token: string): string {
  // node:crypto's native hash: it runs on every signed-in request.
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
