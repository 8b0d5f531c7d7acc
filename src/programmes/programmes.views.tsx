import { raw } from 'hono/html';
import { Card, ErrorSummary, FeedHead, Field, Select, TextArea } from '../ui/components.tsx';
import type { ProgrammesTable } from '../db/schema.ts';
import type { Programme, Thing } from './programmes.queries.ts';
import type { Progress } from './programmes.service.ts';
import { formatDay } from '../ui/dates.ts';
import { lastDay, ProgressBar, standingText } from './parts.views.tsx';

export function ProgrammeList({ rows, canCreate }: { rows: readonly ProgrammesTable[]; canCreate: boolean }) {
  return (
    <>
      <h1>Programmes</h1>
      {canCreate && (
        <p>
          <a class="button" href="/programmes/new">
            New programme
          </a>{' '}
          or <a href="/programmes/import">import one</a>
        </p>
      )}
      <p>
        Also: the <a href="/networks">directory of outside networks</a>, and where your peers are on each.
      </p>
      {rows.length === 0 ? (
        <p>There are no programmes yet.</p>
      ) : (
        <ul class="plain-list">
          {rows.map((p) => (
            <li>
              <h2 class="list-title">
                <a href={`/programmes/${p.slug}`}>{p.title}</a>
              </h2>
              <p class="muted">
                Starts {formatDay(p.starts_on)} ·{' '}
                {p.enrolment === 'open' ? 'Open to all' : p.enrolment === 'approval' ? 'Enrolment by approval' : 'By invitation'}
                {p.visibility === 'members' ? ' · Members only' : ''}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export interface ProgrammeFormProps {
  readonly action: string;
  readonly editing: boolean;
  readonly values?: Readonly<Record<string, string>>;
  readonly fields?: Readonly<Record<string, string>> | undefined;
  readonly message?: string | undefined;
}

export function ProgrammeForm({ action, editing, values = {}, fields = {}, message }: ProgrammeFormProps) {
  return (
    <div class="narrow-wide">
      <h1>{editing ? `Edit ${values.title ?? 'programme'}` : 'New programme'}</h1>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action={action} novalidate>
        <Field name="title" label="Title" value={values.title} error={fields.title} required maxlength={120} />
        {!editing && (
          <Field
            name="slug"
            label="Address name"
            value={values.slug}
            error={fields.slug}
            required
            hint="Used in links: /programmes/your-name. a–z, 0–9 and hyphens."
          />
        )}
        <TextArea
          name="description"
          label="Description"
          value={values.description}
          error={fields.description}
          hint="Markdown. What the programme is, who it is for."
          rows={5}
        />
        <Field
          name="startsOn"
          label="Start date"
          type="date"
          value={values.startsOn}
          error={fields.startsOn}
          required
          hint="Week 1 starts on this day (UTC)."
        />
        <Field
          name="catchUpWeeks"
          label="Catch-up weeks"
          value={values.catchUpWeeks}
          error={fields.catchUpWeeks}
          hint="Week numbers with no Thing, separated by commas, e.g. 6, 12."
        />
        <Select
          name="enrolment"
          label="How people enrol"
          value={values.enrolment ?? 'open'}
          error={fields.enrolment}
          options={[
            ['open', 'Anyone signed in can enrol'],
            ['approval', 'An organiser approves each request'],
            ['invite', 'Only with the invite link'],
          ]}
        />
        <Select
          name="visibility"
          label="Who can see the programme"
          value={values.visibility ?? 'public'}
          error={fields.visibility}
          options={[
            ['public', 'Everyone, signed in or not'],
            ['members', 'Signed-in members only'],
          ]}
        />
        <button type="submit">{editing ? 'Save changes' : 'Create programme'}</button>
      </form>
    </div>
  );
}

type ThingState = 'done' | 'missed' | 'open' | 'upcoming' | 'draft';

const stateText: Record<ThingState, string> = {
  done: 'Done',
  missed: 'Past due',
  open: 'Open now',
  upcoming: 'Not open yet',
  draft: 'Draft',
};

function thingState(thing: Thing, now: string, done: ReadonlySet<number> | undefined): ThingState {
  if (!thing.published) return 'draft';
  if (done?.has(thing.number)) return 'done';
  if (thing.dueAt <= now) return thing.required && done ? 'missed' : 'open';
  return thing.opensAt <= now ? 'open' : 'upcoming';
}

export interface ProgrammePageProps {
  readonly programme: Programme;
  readonly things: readonly Thing[];
  readonly descriptionHtml: string;
  readonly now: string;
  readonly signedIn: boolean;
  readonly enrolment: { status: 'active' | 'pending'; calendarUrl: string } | undefined;
  readonly progress: Progress | undefined;
  readonly credentialId: string | undefined;
  readonly canManage: boolean;
  readonly inviteCode: string | undefined;
  readonly inviteUrl: string | undefined;
  readonly participants: number;
  readonly carry: { previousTitle: string; numbers: number[] } | undefined;
}

export function ProgrammePage(props: ProgrammePageProps) {
  const { programme, things, progress } = props;
  const done = progress ? new Set(progress.done) : undefined;
  const byWeek = new Map<number, Thing[]>();
  for (const t of things) byWeek.set(t.week, [...(byWeek.get(t.week) ?? []), t]);
  const titleOf = new Map(things.map((t) => [t.number, t.title]));
  const weeks = Array.from({ length: programme.weeks }, (_, i) => i + 1);
  const thingLink = (n: number) => (
    <a href={`/programmes/${programme.slug}/things/${n}`}>
      Thing {n}: {titleOf.get(n)}
    </a>
  );
  return (
    <>
      <h1>{programme.title}</h1>
      <p class="muted">
        Starts {formatDay(programme.startsOn)} · {programme.weeks} weeks · {props.participants}{' '}
        {props.participants === 1 ? 'participant' : 'participants'}
      </p>
      {/* Sanitised Markdown (src/web/markdown.ts). */}
      <div class="prose">{raw(props.descriptionHtml)}</div>

      {props.canManage && (
        <nav aria-label="Organiser tools" class="tool-row">
          <a href={`/programmes/${programme.slug}/cohort`}>Cohort</a>
          <a href={`/programmes/${programme.slug}/blogs`}>Participants’ blogs</a>
          <a href={`/programmes/${programme.slug}/things/new`}>Add a Thing</a>
          <a href={`/programmes/${programme.slug}/edit`}>Edit details</a>
          <a href={`/programmes/${programme.slug}/export.json`}>Export as JSON</a>
          <a href={`/programmes/${programme.slug}/run-again`}>Run again</a>
        </nav>
      )}
      {props.canManage && props.inviteUrl && (
        <p>
          Invite link: <code class="token">{props.inviteUrl}</code>
        </p>
      )}

      {!props.signedIn && (
        <p>
          <a href={`/sign-in?next=/programmes/${programme.slug}`}>Sign in</a> to enrol and track your progress.
        </p>
      )}
      {props.signedIn && !props.enrolment && (
        <form method="post" action={`/programmes/${programme.slug}/enrolment`}>
          {props.inviteCode && <input type="hidden" name="invite" value={props.inviteCode} />}
          <button type="submit">{programme.enrolment === 'approval' ? 'Ask to enrol' : 'Enrol'}</button>
        </form>
      )}
      {props.carry && (
        <form method="post" action={`/programmes/${programme.slug}/carry-over`} class="notice">
          <p>
            You completed {props.carry.numbers.length} of these Things in {props.carry.previousTitle} (Things{' '}
            {props.carry.numbers.join(', ')}). Carry them over to this run?
          </p>
          <button type="submit">Carry them over</button>
        </form>
      )}
      {props.enrolment?.status === 'pending' && <p class="notice">You asked to enrol. An organiser will approve your request.</p>}

      {progress && props.enrolment?.status === 'active' && (
        <Card title="Where you stand">
          <p class="standing">
            <strong>{standingText(progress)}</strong>
          </p>
          <ProgressBar done={progress.requiredDone} total={progress.requiredTotal} label="Your progress" />
          {progress.next !== null && <p>Next: {thingLink(progress.next)}</p>}
          {progress.due.length > 0 && (
            <>
              <h3>Your catch-up plan</h3>
              <p>
                You have {progress.due.length} required {progress.due.length === 1 ? 'Thing' : 'Things'} past due. A way to catch up:
              </p>
              <ul>
                {progress.plan
                  .filter((w) => w.catchUpThings.length > 0)
                  .map((w) => (
                    <li>
                      Week {w.week} (from {formatDay(w.startsOn)}){w.catchUp ? ', a catch-up week' : ''}:{' '}
                      {w.catchUpThings.map((n, i) => (
                        <>
                          {i > 0 && ', '}
                          {thingLink(n)}
                        </>
                      ))}
                      {w.scheduled.length > 0 && ` as well as Thing ${w.scheduled.join(', ')}`}
                    </li>
                  ))}
              </ul>
            </>
          )}
          {props.credentialId && (
            <p>
              <a href={`/credentials/${props.credentialId}`}>Your certificate</a>
            </p>
          )}
          <p>
            To complete a Thing, <a href="/write">write a post</a> that answers it, or{' '}
            <a href="/settings/blogs">register the blog you already have</a>: its posts are matched to Things as they appear.
          </p>
          <p class="muted">
            Subscribe to your own due dates: <a href={props.enrolment.calendarUrl}>personal calendar feed</a> (keep this link private).
          </p>
          <form method="post" action={`/programmes/${programme.slug}/leave`}>
            <button type="submit" class="secondary">
              Leave the programme
            </button>
          </form>
        </Card>
      )}

      <h2>Schedule</h2>
      <p>
        <a href={`/programmes/${programme.slug}/calendar.ics`}>Subscribe to the schedule (iCalendar)</a>
      </p>
      <table class="schedule">
        <caption>Weeks and Things of {programme.title}</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Things</th>
            <th scope="col">{done ? 'Your status' : 'Status'}</th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => {
            const list = byWeek.get(w) ?? [];
            const start = new Date(Date.parse(`${programme.startsOn}T00:00:00Z`) + (w - 1) * 7 * 86_400_000).toISOString();
            return (
              <tr>
                <th scope="row">
                  Week {w}
                  <span class="muted block">from {formatDay(start)}</span>
                </th>
                {programme.catchUpWeeks.includes(w) ? (
                  <td colspan={2}>Catch-up week: no new Thing. Time to catch up or reflect.</td>
                ) : list.length === 0 ? (
                  <td colspan={2}>—</td>
                ) : (
                  <>
                    <td>
                      <ul class="plain-list">
                        {list.map((t) => (
                          <li>
                            {thingLink(t.number)}
                            {!t.required && ' (optional)'}
                            <span class="muted block">due by the end of {lastDay(t.dueAt)}</span>
                          </li>
                        ))}
                      </ul>
                    </td>
                    <td>
                      <ul class="plain-list">
                        {list.map((t) => {
                          const state = thingState(t, props.now, done);
                          return (
                            <li>
                              <span class={`state state-${state}`}>{stateText[state]}</span>
                            </li>
                          );
                        })}
                      </ul>
                    </td>
                  </>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}

/** A programme page's head: its calendar, its participants' posts as feeds, their blogs as OPML. */
export function ProgrammeHead({ programme }: { programme: Pick<Programme, 'slug' | 'title'> }) {
  return (
    <>
      <link
        rel="alternate"
        type="text/calendar"
        href={`/programmes/${programme.slug}/calendar.ics`}
        title={`${programme.title} schedule`}
      />
      <FeedHead base={`/programmes/${programme.slug}/feed`} title={`${programme.title}: participants' posts`} />
      <link
        rel="alternate"
        type="text/x-opml"
        href={`/programmes/${programme.slug}/blogs.opml`}
        title={`${programme.title}: participants' blogs (OPML)`}
      />
    </>
  );
}
