import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../ui/env.ts';
import { renderPage } from '../ui/layout.tsx';

type Operation = {
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string }>;
};

/** Readable API reference, rendered on the server from the same OpenAPI document (no script, no CDN). */
export function apiDocsPage(api: OpenAPIHono<AppEnv>) {
  return (c: Context<AppEnv>) => {
    const doc = api.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'Commonplace API', version: '1' } });
    const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
      Object.entries(item as Record<string, Operation>)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
    );
    const schemaOf = (op: Operation) => op.requestBody?.content?.['application/json']?.schema;
    return renderPage(
      c,
      'API reference',
      <>
        <h1>API reference</h1>
        <p>
          Everything you can do in the pages, a script can do through <code>/api/v1</code>. Send JSON, get JSON. Authenticate with{' '}
          <code>Authorization: Bearer &lt;token&gt;</code>, using a token from <code>POST /api/v1/tokens</code> or from Settings. Errors
          look like <code>{'{"error": {"code", "message", "fields"?}}'}</code>. The machine-readable document is at{' '}
          <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).
        </p>
        <nav aria-label="Operations">
          <ul>
            {operations.map(({ path, method, op }) => (
              <li>
                <a href={`#${method}-${path}`.replace(/[^A-Za-z0-9-]/g, '-')}>
                  <code>
                    {method} /api/v1{path}
                  </code>
                </a>{' '}
                — {op.summary}
              </li>
            ))}
          </ul>
        </nav>
        {operations.map(({ path, method, op }) => (
          <section class="card" id={`${method}-${path}`.replace(/[^A-Za-z0-9-]/g, '-')} aria-label={`${method} ${path}`}>
            <h2>
              <code>
                {method} /api/v1{path}
              </code>
            </h2>
            <p>{op.summary}</p>
            {op.description && <p>{op.description}</p>}
            {op.security && <p>Needs a signed-in caller (bearer token or session).</p>}
            {schemaOf(op) !== undefined && (
              <>
                <h3>Request body</h3>
                <pre>{JSON.stringify(schemaOf(op), null, 2)}</pre>
              </>
            )}
            <h3>Responses</h3>
            <ul>
              {Object.entries(op.responses ?? {}).map(([status, r]) => (
                <li>
                  <strong>{status}</strong>: {r.description}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </>,
    );
  };
}
