import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export interface Flash {
  readonly kind: 'success' | 'info' | 'error';
  readonly message: string;
}

const COOKIE = 'cp_flash';

/** Leaves a message for the next page the person sees (after a redirect). */
export function setFlash(c: Context, flash: Flash): void {
  setCookie(c, COOKIE, encodeURIComponent(JSON.stringify(flash)), { path: '/', httpOnly: true, sameSite: 'Lax', maxAge: 60 });
}

/** Takes the waiting message, if any, so it shows once. */
export function takeFlash(c: Context): Flash | undefined {
  const raw = getCookie(c, COOKIE);
  if (!raw) return undefined;
  deleteCookie(c, COOKIE, { path: '/' });
  try {
    const value = JSON.parse(decodeURIComponent(raw)) as Flash;
    if (typeof value.message === 'string' && ['success', 'info', 'error'].includes(value.kind)) {
      return { kind: value.kind, message: value.message.slice(0, 300) };
    }
  } catch {
    // A mangled cookie is simply dropped.
  }
  return undefined;
}
