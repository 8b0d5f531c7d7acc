import { raw } from 'hono/html';
import { Checkbox, ErrorSummary, Field, Pager, TextArea, Time } from '../ui/components.tsx';
import type { Programme, Thing } from './programmes.queries.ts';
import { formatDay } from '../ui/dates.ts';
import { lastDay } from './parts.views.tsx';

export interface ThingPost {
  readonly id: string;
  /** The post's id in the blogs or feeds capability. */
  readonly postId: string | null;
  readonly handle: string;
  readonly displayName: string;
  readonly title: string;
  readonly url: string;
  readonly excerpt: string;
  readonly publishedAt: string;
  readonly external: boolean;
}

export interface ThingPageProps {
  readonly programme: Programme;
  readonly thing: Thing;
  readonly briefHtml: string;
  /** One page of the posts the viewer may read, newest first. */
  readonly posts: readonly ThingPost[];
  readonly readableCount: number;
  /** How many newer posts earlier pages hold. */
  readonly offset: number;
  readonly page: number;
  readonly pages: number;
  readonly doneCount: number;
  readonly participants: number;
  readonly manual: ReadonlyArray<{ handle: string; displayName: string; note: string; at: string }>;
  readonly canManage: boolean;
  /** The viewer is a participant: she is offered to write a post for it. */
  readonly enrolled: boolean;
  /** Where an organiser may move an external post instead. */
  readonly otherThings: ReadonlyArray<{ number: number; title: string }>;
  readonly values?: Readonly<Record<string, string>>;
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly message?: string | undefined;
}

export function ThingPage(props: ThingPageProps) {
  const { programme, thing } = props;
  const base = `/programmes/${programme.slug}`;
  return (
    <>
      <p class="breadcrumb">
        <a href={base}>{programme.title}</a>
      </p>
      <h1>
        Thing {thing.number}: {thing.title}
      </h1>
      <p class="muted">
        Week {thing.week} · opens {formatDay(thing.opensAt)} · due by the end of {lastDay(thing.dueAt)} ·{' '}
        {thing.required ? 'required' : 'optional'}
        {thing.suggestedBy ? ` · suggested by ${thing.suggestedBy}` : ''}
        {!thing.published && ' · draft: only organisers see it'}
      </p>
      {props.canManage && (
        <nav aria-label="Organiser tools" class="tool-row">
          <a href={`${base}/things/${thing.number}/edit`}>Edit this Thing</a>
          {!thing.published && (
            <form method="post" action={`${base}/things/${thing.number}/publish`} class="inline-form">
              <button type="submit">Publish</button>
            </form>
          )}
        </nav>
      )}
      <div class="prose">{raw(props.briefHtml)}</div>
      {thing.tags.length > 0 && <p class="muted">Tag external posts with: {thing.tags.join(', ')}</p>}
      {props.enrolled && thing.published && (
        <p>
          <a class="button" href={`/write?programme=${encodeURIComponent(programme.slug)}&thing=${thing.number}`}>
            Write a post for this Thing
          </a>{' '}
          or post on <a href="/settings/blogs">your own blog</a>, mentioning “Thing {thing.number}”.
        </p>
      )}

      <h2>What participants wrote</h2>
      <p>
        {props.doneCount} of {props.participants} {props.participants === 1 ? 'participant has' : 'participants have'} done this Thing;{' '}
        {props.readableCount} {props.readableCount === 1 ? 'post' : 'posts'} you can read.
      </p>
      {props.posts.length > 0 && (
        <ol class="post-list" reversed start={props.readableCount - props.offset}>
          {props.posts.map((p) => (
            <li>
              <h3 class="list-title">{p.external ? p.title : <a href={p.url}>{p.title}</a>}</h3>
              <p class="muted">
                <a href={`/@${p.handle}`}>{p.displayName}</a> (@{p.handle}) · <Time iso={p.publishedAt} />
                {p.external ? ' · on their own blog' : ''}
              </p>
              {p.excerpt && <p>{p.excerpt}</p>}
              {p.external && (
                <p>
                  <a href={p.url} rel="nofollow ugc noopener">
                    Read on their blog<span class="visually-hidden">: {p.title}</span>
                  </a>
                </p>
              )}
              {props.canManage && p.external && p.postId && (
                <form method="post" action={`${base}/external-posts/${p.postId}/thing`} class="inline-form override-form">
                  <input type="hidden" name="from" value={String(thing.number)} />
                  <label for={`move-${p.id}`}>Place “{p.title}” instead on</label>{' '}
                  <select id={`move-${p.id}`} name="thing">
                    <option value="">no Thing (unassign)</option>
                    {props.otherThings.map((t) => (
                      <option value={String(t.number)}>
                        Thing {t.number}: {t.title}
                      </option>
                    ))}
                  </select>{' '}
                  <button type="submit" class="secondary">
                    Move<span class="visually-hidden"> “{p.title}”</span>
                  </button>
                </form>
              )}
            </li>
          ))}
        </ol>
      )}
      <Pager label="Pages of posts" page={props.page} pages={props.pages} href={(n) => `${base}/things/${thing.number}?page=${n}`} />

      {props.canManage && (
        <section aria-labelledby="mark-done">
          <h2 id="mark-done">Mark done by hand</h2>
          <p>For a participant who did the Thing without a post (at a meet-up, by email). Your note is kept with the mark.</p>
          <ErrorSummary message={props.message} fields={props.fields} />
          <form method="post" action={`${base}/things/${thing.number}/completions`} novalidate>
            <Field name="handle" label="Participant’s handle" value={props.values?.handle} error={props.fields?.handle} required />
            <TextArea
              name="note"
              label="Note"
              value={props.values?.note}
              error={props.fields?.note}
              rows={3}
              required
              hint="How it was done, in a line."
            />
            <button type="submit">Mark done</button>
          </form>
          {props.manual.length > 0 && (
            <>
              <h3>Marked by hand</h3>
              <ul>
                {props.manual.map((m) => (
                  <li>
                    {m.displayName} (@{m.handle}), <Time iso={m.at} />: {m.note}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </>
  );
}

export interface ThingFormProps {
  readonly programme: Programme;
  readonly action: string;
  readonly editing: boolean;
  readonly values: Readonly<Record<string, string>>;
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly message?: string | undefined;
}

export function ThingForm({ programme, action, editing, values, fields = {}, message }: ThingFormProps) {
  return (
    <div class="narrow-wide">
      <p class="breadcrumb">
        <a href={`/programmes/${programme.slug}`}>{programme.title}</a>
      </p>
      <h1>{editing ? `Edit Thing ${values.number ?? ''}` : 'Add a Thing'}</h1>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action={action} novalidate>
        <Field name="number" label="Number" type="number" value={values.number} error={fields.number} required />
        <Field name="title" label="Title" value={values.title} error={fields.title} required maxlength={160} />
        <Field
          name="week"
          label="Week"
          type="number"
          value={values.week}
          error={fields.week}
          required
          hint={`It opens when its week starts and is due when it ends. Catch-up weeks: ${programme.catchUpWeeks.join(', ') || 'none'}.`}
        />
        <TextArea
          name="brief"
          label="Brief"
          value={values.brief}
          error={fields.brief}
          hint="Markdown: what to try, and what to reflect on in a post."
          rows={10}
        />
        <Field
          name="tags"
          label="Matching tags"
          value={values.tags}
          error={fields.tags}
          hint="Tags participants use on their own blogs for this Thing, e.g. cpd23, thing6."
        />
        <Field name="suggestedBy" label="Suggested by" value={values.suggestedBy} error={fields.suggestedBy} />
        <Checkbox
          name="required"
          label="Required for the certificate"
          checked={values.required !== undefined ? values.required === 'on' : true}
        />
        <Checkbox
          name="published"
          label="Published (participants can see it)"
          checked={values.published === 'on'}
          hint="Leave unticked to keep it as a draft only organisers see."
        />
        <button type="submit">{editing ? 'Save Thing' : 'Add Thing'}</button>
      </form>
    </div>
  );
}
