import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { Handler } from 'hono';
import { projectRoot } from '../paths.ts';

const types: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** Serves the files in public/ from memory, with ETags; the set is small and fixed at start. */
export function staticFiles(): Handler {
  const dir = path.join(projectRoot, 'public');
  const files = new Map<string, { body: Uint8Array; type: string; etag: string }>();
  for (const name of fs.readdirSync(dir)) {
    const body = fs.readFileSync(path.join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`;
    files.set(name, { body, type: types[path.extname(name)] ?? 'application/octet-stream', etag });
  }
  return (c) => {
    const file = files.get(c.req.path.replace(/^\/static\//, ''));
    if (!file) return c.notFound();
    c.header('ETag', file.etag);
    c.header('Cache-Control', 'public, max-age=3600');
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304);
    c.header('Content-Type', file.type);
    return c.body(file.body as Uint8Array<ArrayBuffer>);
  };
}
