import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config.ts';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';

/** Security headers on every answer: a strict CSP with no inline script, no framing, no sniffing. */
export function securityHeaders(config: Config): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      fontSrc: ["'self'"],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'self'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    xContentTypeOptions: 'nosniff',
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: config.secure ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginResourcePolicy: 'same-origin',
    crossOriginOpenerPolicy: 'same-origin',
    permissionsPolicy: { camera: [], microphone: [], geolocation: [] },
    // A route may set its own (uploaded images are embeddable cross-origin); all others get these.
    overwrite: false,
  });
}

const unsafeMethods = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses cross-site writes: a browser always names the page's origin on a POST, so a form
 * submitted from another site carries a foreign Origin (or `Sec-Fetch-Site: cross-site`) and gets 403.
 * Clients without a browser (curl, scripts with a bearer token) send neither and are let through.
 */
export function crossSiteWriteGuard(config: Config): MiddlewareHandler<AppEnv> {
  const trusted = new URL(config.baseUrl).origin;
  return async (c, next) => {
    if (unsafeMethods.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const own = new URL(c.req.url).origin;
      const foreignOrigin = origin !== undefined && origin !== trusted && origin !== own;
      if (foreignOrigin || site === 'cross-site') {
        throw new AppError('forbidden', 'This form was sent from another site, so it was refused.');
      }
    }
    await next();
  };
}
