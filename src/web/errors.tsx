import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError, type ErrorCode } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { renderPage } from '../ui/layout.tsx';

const titles: Record<number, string> = {
  400: 'Something in the request was wrong',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'That conflicts with something',
  413: 'That is too large',
  422: 'That could not be used',
  429: 'Too many requests',
  500: 'Something went wrong on our side',
};

const isApi = (c: Context) => c.req.path.startsWith('/api/');

function codeForStatus(status: number): ErrorCode | 'internal' {
  const found = (
    Object.entries({
      400: 'bad_input',
      401: 'unauthorized',
      403: 'forbidden',
      404: 'not_found',
      409: 'conflict',
      413: 'payload_too_large',
      422: 'unprocessable',
      429: 'too_many_requests',
    }) as Array<[string, ErrorCode]>
  ).find(([s]) => Number(s) === status);
  return found ? found[1] : 'internal';
}

/** Answers a failure: JSON under /api, a friendly page elsewhere. Unexpected errors are logged, not shown. */
export function handleError(error: Error, c: Context<AppEnv>) {
  let status = 500;
  let message = 'An unexpected error happened. It has been logged; please try again.';
  let fields: Readonly<Record<string, string>> | undefined;
  if (error instanceof AppError) {
    status = error.status;
    message = error.message;
    fields = error.fields;
    if (error.retryAfter) c.header('Retry-After', String(error.retryAfter));
  } else if (error instanceof HTTPException) {
    status = error.status;
    message = status === 400 ? `The request body could not be read: ${error.message}` : error.message || titles[status] || message;
    if (status >= 500) c.get('ctx')?.log.error({ err: error, requestId: c.get('requestId') }, 'request failed');
  } else {
    c.get('ctx')?.log.error({ err: error, requestId: c.get('requestId') }, 'request failed');
  }
  if (isApi(c)) {
    const code = error instanceof AppError ? error.code : codeForStatus(status);
    return c.json({ error: { code, message, ...(fields ? { fields } : {}) } }, status as 500);
  }
  return renderPage(
    c,
    titles[status] ?? 'Error',
    <div class="narrow">
      <h1>{titles[status] ?? 'Error'}</h1>
      <p>{message}</p>
      {status === 500 && <p>Reference: {c.get('requestId')}</p>}
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </div>,
    { status },
  );
}

export function handleNotFound(c: Context<AppEnv>) {
  if (isApi(c)) return c.json({ error: { code: 'not_found', message: 'There is nothing at this address.' } }, 404);
  return renderPage(
    c,
    titles[404]!,
    <div class="narrow">
      <h1>{titles[404]}</h1>
      <p>There is nothing at this address. It may have moved, or the link may be mistyped.</p>
      <p>
        <a href="/">Go to the home page</a>
      </p>
    </div>,
    { status: 404 },
  );
}
