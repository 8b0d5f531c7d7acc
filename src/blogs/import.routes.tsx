import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { renderPage } from '../ui/layout.tsx';
import { boundaryOf, partToFile, readMultipart } from '../ui/multipart.ts';
import { requireSignedIn, viewerOrThrow } from '../ui/request.ts';
import { decodeXmlChunks } from '../markup/decode.ts';
import { describeSummary, importBlog, readExport } from './import/import.service.ts';
import { ImportForm } from './import.views.tsx';

/** /blog/import: bring a Blogger or WordPress export into one's own blog. */
export const importPages = new Hono<AppEnv>();

/** The most an export uploaded through the page may weigh; the CLI takes any size. */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;

importPages.get('/blog/import', requireSignedIn, (c) => renderPage(c, 'Import a blog', <ImportForm />));

/**
 * Streams the uploaded file to a temporary file (never the whole body in memory), then imports it
 * from disk. Answers JSON to the progress script (Accept: application/json), a page otherwise.
 */
importPages.post('/blog/import', requireSignedIn, async (c) => {
  const viewer = viewerOrThrow(c);
  const ctx = c.get('ctx');
  const wantsJson = (c.req.header('accept') ?? '').includes('application/json');
  const dir = path.join(ctx.config.dataDir, 'tmp');
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `import-${randomBytes(12).toString('hex')}.xml`);
  try {
    const fileName = await receiveExport(c, tmp);
    const blog = await readExport(decodeXmlChunks(fs.createReadStream(tmp, { highWaterMark: 256 * 1024 })), fileName);
    const summary = await importBlog(ctx, viewer, blog);
    const message = describeSummary(summary);
    if (wantsJson) return c.json({ message, summary, url: `/@${viewer.handle}` }, 200);
    setFlash(c, { kind: 'success', message });
    return c.redirect(`/@${viewer.handle}`, 303);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    if (wantsJson) return c.json({ error: { code: error.code, message: error.message } }, error.status);
    return renderPage(c, 'Import a blog', <ImportForm error={error.message} />, { status: error.status });
  } finally {
    await fs.promises.rm(tmp, { force: true });
  }
});

/** Writes the form's `file` part to `tmp` as it arrives; returns the name the browser gave it. */
async function receiveExport(c: Context<AppEnv>, tmp: string): Promise<string> {
  const boundary = boundaryOf(c.req.header('content-type'));
  const noFile = () => new AppError('bad_input', 'Choose an export file to import.');
  if (!boundary || !c.req.raw.body) throw noFile();
  let fileName: string | undefined;
  let size = 0;
  for await (const part of readMultipart(c.req.raw.body, boundary)) {
    if (part.name !== 'file' || part.filename === undefined || fileName !== undefined) continue;
    fileName = part.filename || 'upload.xml';
    size = await partToFile(
      part,
      tmp,
      IMPORT_MAX_BYTES,
      () =>
        new AppError('payload_too_large', 'The file is larger than 100 MB. An administrator can import it with npx commonplace import.'),
    );
  }
  if (fileName === undefined || size === 0) throw noFile();
  return fileName;
}
