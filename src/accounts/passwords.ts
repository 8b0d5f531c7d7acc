import { hash, verify } from '@node-rs/argon2';
import { createRequire } from 'node:module';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

let commonPasswordSet: ReadonlySet<string> | undefined;

/** The ~49,000 most common passwords (zxcvbn-ts), loaded on first use: it costs ~15 MB of memory. */
function commonPasswords(): ReadonlySet<string> {
  if (!commonPasswordSet) {
    const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
    commonPasswordSet = new Set(dictionary['passwords-common']!.map((p) => p.toLowerCase()));
  }
  return commonPasswordSet;
}

/** argon2id with the library's recommended cost (~50 ms a hash on these machines). */
export function hashPassword(password: string): Promise<string> {
  // 2 is Algorithm.Argon2id (a const enum, which erasable TypeScript cannot import).
  return hash(password, { algorithm: 2 });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * Why a new password is not acceptable, in words for the person choosing it, or null when it is.
 * `personal` are strings (handle, email) a password must not simply be.
 */
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return `Use at least ${MIN_PASSWORD_LENGTH} characters (this one has ${password.length}).`;
  }
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  const lower = password.toLowerCase();
  // "password1234" is as weak as "password": strip the digits and symbols people tack on.
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  const common = commonPasswords();
  if (common.has(lower) || (core.length >= 4 && common.has(core))) {
    return 'This password is on lists of commonly used passwords; choose another.';
  }
  if (new Set(lower).size <= 2) return 'Use more than two different characters.';
  for (const p of personal) {
    const key = p.toLowerCase().split('@')[0] ?? '';
    if (key.length >= 3 && (lower === key || core === key)) {
      return 'Do not use your handle or email address as your password.';
    }
  }
  return null;
}
