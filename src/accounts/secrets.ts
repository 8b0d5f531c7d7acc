import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/** A random token for a cookie, link or API client: 160 bits, in lowercase base32. */
export function newSecretToken(prefix = ''): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return prefix + encodeBase32LowerCaseNoPadding(bytes);
}

/** What we store for a token: its SHA-256, so a leaked table opens nothing. */
export function hashToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
