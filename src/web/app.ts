import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../context.ts';
import { randomUUID } from 'node:crypto';
import { loggablePath } from '../logger.ts';
import type { AppEnv } from '../ui/env.ts';
import { handleError, handleNotFound } from './errors.tsx';
import { largeBodyRoutes, mountRoutes } from './routes.ts';
import { crossSiteWriteGuard, securityHeaders } from './security.ts';
import { pageCache } from './page-cache.ts';
import { loadViewer } from './session.ts';
import { provideLayoutData } from './layout-data.ts';
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
    // On the answer's headers, not c.header(): after the handler, Hono's c.header() rebuilds the
    // answer from its body, turning a rendered string into a stream (a third of a big page's CPU).
    c.res.headers.set('X-Request-Id', c.get('requestId'));
    ctx.log.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: loggablePath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(securityHeaders(ctx.config));
  app.use(limitRequestBodies());
  app.use(crossSiteWriteGuard(ctx.config));
  app.use(pageCache({ seconds: ctx.config.pageCacheSeconds, maxBytes: ctx.config.pageCacheBytes }));
  app.use(loadViewer);
  app.use(provideLayoutData);

  mountRoutes(app);
  return app;
}

const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * Caps request bodies: 2 MB, or the larger limit a route in `largeBodyRoutes` declares (uploads,
 * imports). A declared Content-Length over the cap is refused at once; a body without one is
 * read whole when under the default 2 MB cap, and otherwise (large routes, read by the streaming
 * multipart reader) counted as the handler reads it and cut off past the cap — never buffered, so a
 * 100 MB upload can stream to disk. Requests without a body skip the check (GETs stay on the fast path).
 */
function limitRequestBodies(): MiddlewareHandler<AppEnv> {
  const smallBodies = bodyLimit({
    maxSize: DEFAULT_BODY_LIMIT,
    onError: () => {
      throw new AppError('payload_too_large', `The request is larger than ${DEFAULT_BODY_LIMIT / 1024 / 1024} MB.`);
    },
  });
  return async (c, next) => {
    // The method first: reading .body builds a whole WHATWG Request, which GETs never need.
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS') return next();
    const body = c.req.raw.body;
    if (!body) return next();
    const maxSize = largeBodyRoutes.find((r) => r.pattern.test(c.req.path))?.maxBytes ?? DEFAULT_BODY_LIMIT;
    const tooLarge = () => new AppError('payload_too_large', `The request is larger than ${Math.round(maxSize / 1024 / 1024)} MB.`);
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      if (Number(declared) > maxSize) throw tooLarge();
      return next();
    }
    // Small bodies (JSON, forms) are read whole, so the 413 cannot be lost inside a body parser.
    if (maxSize <= DEFAULT_BODY_LIMIT) return smallBodies(c, next);
    let size = 0;
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          size += chunk.byteLength;
          if (size > maxSize) controller.error(tooLarge());
          else controller.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    return next();
  };
}
