import { Hono } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../web/env.ts';
import { setFlash } from '../web/flash.ts';
import { renderPage } from '../web/layout.tsx';
import { requireSignedIn, viewerOrThrow } from '../web/session.ts';
import { decodeChunks } from './import/decode.ts';
import { describeSummary, importBlog, readExport } from './import/import.service.ts';
import { ErrorSummary } from '../web/components.tsx';

/** /blog/import: bring a Blogger or WordPress export into one's own blog. */
export const importPages = new Hono<AppEnv>();

function ImportForm({ error }: { error?: string }) {
  return (
    <>
      <h1>Import a blog</h1>
      {error && <ErrorSummary message="The file could not be imported" fields={{ file: error }} />}
      <p>
        Bring your posts and their comments from Blogger (Settings → Back up content, or Google Takeout’s <code>feed.atom</code>) or
        WordPress (Tools → Export → All content). Old posts keep their dates and are not announced to anyone. Importing the same file
        again adds nothing twice.
      </p>
      <form method="post" action="/blog/import" enctype="multipart/form-data">
        <div class={error ? 'field field-invalid' : 'field'}>
          <label for="field-file">Export file (.xml or .atom)</label>
          <p class="hint" id="field-file-hint">
            Up to 100 MB; for bigger files, an administrator can run <code>npx commonplace import FILE --member HANDLE</code>.
          </p>
          <input id="field-file" type="file" name="file" accept=".xml,.atom,application/xml,application/atom+xml" required aria-describedby="field-file-hint" />
        </div>
        <button type="submit">Import</button>
      </form>
    </>
  );
}

importPages.get('/blog/import', requireSignedIn, (c) => renderPage(c, 'Import a blog', <ImportForm />));

importPages.post('/blog/import', requireSignedIn, async (c) => {
  const viewer = viewerOrThrow(c);
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File) || file.size === 0) {
    return renderPage(c, 'Import a blog', <ImportForm error="Choose an export file to import." />, { status: 400 });
  }
  try {
    const reader = file.stream();
    const blog = await readExport(decodeChunks(reader as unknown as AsyncIterable<Uint8Array>), file.name || 'upload.xml');
    const summary = await importBlog(c.get('ctx'), viewer, blog);
    setFlash(c, { kind: 'success', message: describeSummary(summary) });
    return c.redirect(`/@${viewer.handle}`, 303);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return renderPage(c, 'Import a blog', <ImportForm error={error.message} />, { status: error.status });
  }
});
