import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppContext } from '../context.ts';
import { newId } from '../ids.ts';
import { loggablePath } from '../logger.ts';
import type { AppEnv } from './env.ts';
import { handleError, handleNotFound } from './errors.tsx';
import { mountRoutes } from './routes.ts';
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
    c.set('requestId', c.req.header('x-request-id')?.slice(0, 64) || newId());
    await next();
    c.header('X-Request-Id', c.get('requestId'));
    ctx.log.info(
      { requestId: c.get('requestId'), method: c.req.method, path: loggablePath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.use(securityHeaders(ctx.config));
  app.use(
    bodyLimit({
      maxSize: 2 * 1024 * 1024,
      onError: () => {
        throw new AppError('payload_too_large', 'The request is larger than 2 MB.');
      },
    }),
  );
  app.use(crossSiteWriteGuard(ctx.config));
  app.use(loadViewer);

  mountRoutes(app);
  return app;
}
