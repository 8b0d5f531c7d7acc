import { ErrorSummary } from '../ui/components.tsx';

/** /blog/import: the upload form, with the progress bar its script fills. */
export function ImportForm({ error }: { error?: string }) {
  return (
    <>
      <h1>Import a blog</h1>
      {error && <ErrorSummary message="The file could not be imported" fields={{ file: error }} />}
      <p>
        Bring your posts and their comments from Blogger (Settings → Back up content, or Google Takeout’s <code>feed.atom</code>) or
        WordPress (Tools → Export → All content). Old posts keep their dates and are not announced to anyone. Importing the same file again
        adds nothing twice.
      </p>
      <form method="post" action="/blog/import" enctype="multipart/form-data" id="import-form">
        <div class={error ? 'field field-invalid' : 'field'}>
          <label for="field-file">Export file (.xml or .atom)</label>
          <p class="hint" id="field-file-hint">
            Up to 100 MB; for bigger files, an administrator can run <code>npx commonplace import FILE --member HANDLE</code>.
          </p>
          <input
            id="field-file"
            type="file"
            name="file"
            accept=".xml,.atom,application/xml,application/atom+xml"
            required
            aria-describedby="field-file-hint"
          />
        </div>
        <button type="submit">Import</button>
      </form>
      {/* Filled by /static/import-progress.js when script runs; the plain form works without it. */}
      <div id="import-progress" class="import-progress" hidden>
        <label for="import-bar">Upload progress</label>
        <progress id="import-bar" max="100" value="0">
          0%
        </progress>
      </div>
      <p id="import-status" class="import-status" role="status" aria-live="polite"></p>
      <script src="/static/import-progress.js" defer></script>
    </>
  );
}
