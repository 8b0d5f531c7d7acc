import fs from 'node:fs';
import { Hono } from 'hono';
import type { AppEnv } from '../ui/env.ts';
import { mediaFile } from './media.service.ts';

/**
 * /media/{key}-{width}.webp: uploaded images. Public to whoever holds the address (128 random bits),
 * cached for a year (a stored file never changes), never sniffed, and embeddable from other origins
 * so feed readers can show covers.
 */
export const mediaFiles = new Hono<AppEnv>();

mediaFiles.get('/:name', async (c) => {
  const file = await mediaFile(c.get('ctx'), c.req.param('name'));
  const body = file ? await fs.promises.readFile(file).catch(() => undefined) : undefined;
  if (!body) return c.notFound();
  return c.body(new Uint8Array(body), 200, {
    'Content-Type': 'image/webp',
    'Content-Length': String(body.length),
    'Cache-Control': 'public, max-age=31536000, immutable',
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': 'inline',
    'Cross-Origin-Resource-Policy': 'cross-origin',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
});
