import { ErrorSummary, Time } from '../ui/components.tsx';
import { healthWords } from '../external-blogs/blogs.views.tsx';
import type { BulkReport } from '../external-blogs/bulk.ts';
import type { ParticipantBlog } from './programme-blogs.service.ts';
import type { Programme } from './programmes.queries.ts';

export interface ParticipantBlogsPageProps {
  readonly programme: Programme;
  readonly blogs: readonly ParticipantBlog[];
  readonly participants: number;
  readonly maxRows: number;
  readonly maxKb: number;
  readonly report?: BulkReport | undefined;
  readonly error?: string | undefined;
}

/** /programmes/{slug}/blogs: participants' blogs with their health, and the bulk upload (organisers). */
export function ParticipantBlogsPage(p: ParticipantBlogsPageProps) {
  const base = `/programmes/${p.programme.slug}`;
  const withBlog = new Set(p.blogs.map((b) => b.userId)).size;
  return (
    <>
      <p class="breadcrumb">
        <a href={base}>{p.programme.title}</a>
      </p>
      <h1>Participants’ blogs</h1>
      <p>
        {withBlog} of {p.participants} {p.participants === 1 ? 'participant has' : 'participants have'} registered a blog elsewhere. Their
        posts are matched to Things as they appear. <a href={`${base}/blogs.opml`}>Every participant’s blog as OPML</a>, for a feed reader.
      </p>

      {p.report && (
        <section class="card" aria-labelledby="report-heading">
          <h2 id="report-heading">What happened to your file</h2>
          <p role="status">
            Registered {p.report.registered.length} {p.report.registered.length === 1 ? 'blog' : 'blogs'}; {p.report.failed.length} could
            not be registered.
          </p>
          {p.report.registered.length > 0 && (
            <>
              <h3>Registered</h3>
              <ul>
                {p.report.registered.map((r) => (
                  <li>
                    @{r.handle}: {r.title} (<code>{r.feedUrl}</code>)
                  </li>
                ))}
              </ul>
            </>
          )}
          {p.report.failed.length > 0 && (
            <table>
              <caption>Not registered, and why</caption>
              <thead>
                <tr>
                  <th scope="col">Handle</th>
                  <th scope="col">Address</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {p.report.failed.map((f) => (
                  <tr>
                    <th scope="row">@{f.handle}</th>
                    <td>
                      <code>{f.url}</code>
                    </td>
                    <td>{f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}

      <section aria-labelledby="upload-heading">
        <h2 id="upload-heading">Register blogs for participants</h2>
        <p>
          Upload a CSV file with one line per blog, <code>handle,address</code> (a header line is fine), or an OPML file whose outlines
          carry the participant’s handle as their text. Each address may be a site or its feed; Commonplace finds the feed and reads it at
          once. Only participants of this programme can be given a blog here.
        </p>
        {p.error && <ErrorSummary message="The file could not be used" fields={{ file: p.error }} />}
        <form method="post" action={`${base}/blogs`} enctype="multipart/form-data">
          <div class={p.error ? 'field field-invalid' : 'field'}>
            <label for="field-file">CSV or OPML file</label>
            <p class="hint" id="field-file-hint">
              Up to {p.maxRows} blogs and {p.maxKb} KB a file.
            </p>
            <input
              id="field-file"
              type="file"
              name="file"
              accept=".csv,.txt,.opml,.xml,text/csv,text/x-opml,application/xml"
              required
              aria-describedby="field-file-hint"
              aria-invalid={p.error ? 'true' : undefined}
            />
          </div>
          <button type="submit">Register these blogs</button>
        </form>
      </section>

      <section aria-labelledby="blogs-heading">
        <h2 id="blogs-heading">Registered blogs</h2>
        {p.blogs.length === 0 ? (
          <p>No participant has registered a blog elsewhere yet.</p>
        ) : (
          <table>
            <caption>Participants’ blogs elsewhere and how each is doing</caption>
            <thead>
              <tr>
                <th scope="col">Participant</th>
                <th scope="col">Blog</th>
                <th scope="col">Health</th>
                <th scope="col">Last new post</th>
              </tr>
            </thead>
            <tbody>
              {p.blogs.map((b) => (
                <tr>
                  <th scope="row">
                    <a href={`/@${b.handle}`}>{b.displayName}</a> (@{b.handle})
                  </th>
                  <td>
                    <a href={b.siteUrl ?? b.feedUrl} rel="nofollow ugc noopener">
                      {b.title}
                    </a>
                  </td>
                  <td class={b.lastError && !b.paused ? 'health-problem' : 'health-ok'}>{healthWords(b)}</td>
                  <td>{b.lastNewPostAt ? <Time iso={b.lastNewPostAt} /> : 'none yet'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
