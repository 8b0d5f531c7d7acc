import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../context.ts';
import { randomUUID } from 'node:crypto';
import { loggablePath } from '../logger.ts';
import type { AppEnv } from './env.ts';
import { handleError, handleNotFound } from './errors.tsx';
import { largeBodyRoutes, mountRoutes } from './routes.ts';
import { crossSiteWriteGuard, securityHeaders } from './security.ts';
import { loadViewer } from './session.ts';
import { AppError } from '../errors.ts';

/** The whole web application (pages, API, files) for one context; tests call `app.request()` on it. */
export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError(handleError);
  app.notFound(handleNotFound);

  app.use(async (c, next) => {
    const started = performance.now();
    c.set('ctx', ctx);
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) || randomUUID());
    await next();
    c.header('X-Request-Id', c.get('requestId'));
    ctx.log.info(
      { requestId: c.get('requestId'), method: c.req.method, path: loggablePath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use(securityHeaders(ctx.config));
  app.use(limitRequestBodies());
  app.use(crossSiteWriteGuard(ctx.config));
  app.use(loadViewer);

  mountRoutes(app);
  return app;
}

const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * Caps request bodies: 2 MB, or the larger limit a route in `largeBodyRoutes` declares (uploads,
 * imports). Requests without a body skip the check, which keeps GETs on the fast path.
 */
function limitRequestBodies(): MiddlewareHandler<AppEnv> {
  const limiters = new Map<number, MiddlewareHandler>();
  const limiterFor = (maxSize: number) => {
    let limiter = limiters.get(maxSize);
    if (!limiter) {
      const megabytes = Math.round(maxSize / 1024 / 1024);
      limiter = bodyLimit({
        maxSize,
        onError: () => {
          throw new AppError('payload_too_large', `The request is larger than ${megabytes} MB.`);
        },
      });
      limiters.set(maxSize, limiter);
    }
    return limiter;
  };
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const match = largeBodyRoutes.find((r) => r.pattern.test(c.req.path));
    return limiterFor(match?.maxBytes ?? DEFAULT_BODY_LIMIT)(c, next);
  };
}
