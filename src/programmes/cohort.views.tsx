import type { Child } from 'hono/jsx';
import { ErrorSummary, Field, Pager, Select, TextArea, Time } from '../ui/components.tsx';
import type { Participant, Programme, Thing } from './programmes.queries.ts';
import { cohortFilters, type ChartWeek, type CohortFilter, type CohortRow } from './cohort.service.ts';
import { formatDay } from '../ui/dates.ts';
import { standingText } from './parts.views.tsx';

// Each cell's mark (✓ ◷ ✗ ·) comes from the style sheet with empty alternative text, so a screen
// reader hears only the word; the table stays half the size it was with the mark in every cell.
const cellLabel = { done: 'Done', late: 'Done late', missing: 'Missing', open: 'Not yet' } as const;

/** Completions per week as bars, drawn on the server; the table after it says the same in words. */
export function CompletionsChart({ weeks }: { weeks: readonly ChartWeek[] }) {
  const max = Math.max(1, ...weeks.map((w) => w.completions));
  const barW = 36;
  const h = 140;
  const width = Math.max(1, weeks.length) * (barW + 8) + 40;
  return (
    <figure class="chart">
      <svg role="img" aria-labelledby="chart-title chart-desc" viewBox={`0 0 ${width} ${h + 40}`} width={width} height={h + 40}>
        <title id="chart-title">Completions per week</title>
        <desc id="chart-desc">{weeks.map((w) => `Week ${w.week}: ${w.completions}`).join('; ')}</desc>
        <line x1="30" y1={h} x2={width} y2={h} stroke="#4a5260" />
        <text x="0" y="12" font-size="11" fill="#1c1f24">
          {max}
        </text>
        <text x="0" y={h} font-size="11" fill="#1c1f24">
          0
        </text>
        {weeks.map((w, i) => {
          const bh = Math.round((w.completions / max) * (h - 10));
          const x = 34 + i * (barW + 8);
          return (
            <g>
              <rect x={x} y={h - bh} width={barW} height={bh} fill="#1f5f8b" />
              <text x={x + barW / 2} y={h - bh - 3} font-size="11" text-anchor="middle" fill="#1c1f24">
                {w.completions}
              </text>
              <text x={x + barW / 2} y={h + 16} font-size="11" text-anchor="middle" fill="#1c1f24">
                W{w.week}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>Things completed each week of the programme (all participants).</figcaption>
    </figure>
  );
}

export interface CohortMatrixProps {
  readonly programme: Programme;
  readonly things: readonly Thing[];
  readonly rows: readonly CohortRow[];
  readonly total: number;
  readonly filter: CohortFilter;
  readonly q: string;
  readonly page: number;
  readonly pages: number;
}

/** One page of the participants × Things table, with how many are shown and the pager. */
export function CohortMatrix(props: CohortMatrixProps) {
  const { programme, things } = props;
  const base = `/programmes/${programme.slug}`;
  const query = (page: number) => `${base}/cohort?${new URLSearchParams({ filter: props.filter, q: props.q, page: String(page) })}`;
  return (
    <>
      <p role="status">
        {props.total} {props.total === 1 ? 'participant' : 'participants'} shown. Key: ✓ done, ◷ done late, ✗ missing (past due), · not yet.
      </p>
      <div class="table-scroll" tabindex={0} role="region" aria-label="Cohort matrix">
        <table class="matrix">
          <caption>Participants and Things</caption>
          <thead>
            <tr>
              <th scope="col">Participant</th>
              <th scope="col">Standing</th>
              {things.map((t) => (
                <th scope="col" title={t.title}>
                  <a href={`${base}/things/${t.number}`}>
                    <span class="visually-hidden">Thing </span>
                    {t.number}
                  </a>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row">
                  {r.participant.displayName} <span class="muted">@{r.participant.handle}</span>
                </th>
                <td>{standingText(r.standing)}</td>
                {things.map((t) => {
                  const cell = r.cells.get(t.number) ?? 'open';
                  return (
                    <td class={`cell-${cell}`}>
                      <span class="visually-hidden">{cellLabel[cell]}</span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Pages of participants" page={props.page} pages={props.pages} href={query} />
    </>
  );
}

export interface CohortPageProps {
  readonly programme: Programme;
  readonly filter: CohortFilter;
  readonly q: string;
  /** The participants' table and its pager, rendered by CohortMatrix. */
  readonly matrix: Child;
  readonly chart: readonly ChartWeek[];
  readonly onTrack: { onTrack: number; total: number };
  readonly pending: readonly Participant[];
  readonly nudges: ReadonlyArray<{ subject: string; filter: string; recipients: number; created_at: string; handle: string | null }>;
  readonly nudge?: {
    values: Readonly<Record<string, string>>;
    fields?: Readonly<Record<string, string>> | undefined;
    message?: string | undefined;
  };
}

export function CohortPage(props: CohortPageProps) {
  const { programme } = props;
  const base = `/programmes/${programme.slug}`;
  const share = props.onTrack.total ? Math.round((props.onTrack.onTrack / props.onTrack.total) * 100) : 0;
  return (
    <>
      <p class="breadcrumb">
        <a href={base}>{programme.title}</a>
      </p>
      <h1>Cohort</h1>
      <p>
        {props.onTrack.onTrack} of {props.onTrack.total} participants ({share}%) owe no past-due Thing.{' '}
        <a href={`${base}/cohort.csv`}>Download as CSV</a>
      </p>

      {props.pending.length > 0 && (
        <section aria-labelledby="pending-title">
          <h2 id="pending-title">Waiting for approval</h2>
          <ul>
            {props.pending.map((p) => (
              <li>
                {p.displayName} (@{p.handle}){' '}
                <form method="post" action={`${base}/enrolments/${p.userId}/approval`} class="inline-form">
                  <button type="submit" class="secondary">
                    Approve <span class="visually-hidden">{p.displayName}</span>
                  </button>
                </form>
              </li>
            ))}
          </ul>
        </section>
      )}

      <h2>Progress</h2>
      <form method="get" action={`${base}/cohort`} class="filters">
        <Select name="filter" label="Show" value={props.filter} options={Object.entries(cohortFilters)} />
        <Field name="q" label="Search by name or handle" type="search" value={props.q} />
        <button type="submit">Apply</button>
      </form>
      {props.matrix}

      <h2>Completions over time</h2>
      <CompletionsChart weeks={props.chart} />
      <table>
        <caption>Completions per week, in numbers</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            <th scope="col">Starts</th>
            <th scope="col">Completions</th>
            <th scope="col">Total so far</th>
          </tr>
        </thead>
        <tbody>
          {props.chart.map((w) => (
            <tr>
              <th scope="row">Week {w.week}</th>
              <td>{formatDay(w.startsOn)}</td>
              <td>{w.completions}</td>
              <td>{w.cumulative}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2 id="nudge">Send a nudge</h2>
      <p>
        A message to a group, in-site and by email to those whose settings allow it. Placeholders: {'{name}'}, {'{programme}'},{' '}
        {'{weeksBehind}'}, {'{next}'}, {'{link}'}. At most three nudges an hour.
      </p>
      <ErrorSummary message={props.nudge?.message} fields={props.nudge?.fields} />
      <form method="post" action={`${base}/nudges`} novalidate>
        <Select
          name="filter"
          label="Send to"
          value={props.nudge?.values.filter ?? 'behind'}
          error={props.nudge?.fields?.filter}
          options={Object.entries(cohortFilters)}
        />
        <Field
          name="subject"
          label="Subject"
          value={props.nudge?.values.subject ?? 'A little nudge from {programme}'}
          error={props.nudge?.fields?.subject}
          required
        />
        <TextArea
          name="body"
          label="Message"
          value={
            props.nudge?.values.body ??
            'Hello {name},\n\nYou are {weeksBehind} weeks behind — no worries, there is time. Your next step: {next}.\n\n{link}'
          }
          error={props.nudge?.fields?.body}
          rows={6}
          required
        />
        <button type="submit">Send nudge</button>
      </form>
      {props.nudges.length > 0 && (
        <>
          <h3>Nudges sent</h3>
          <ul>
            {props.nudges.map((n) => (
              <li>
                <Time iso={n.created_at} />: “{n.subject}” to {n.recipients} ({cohortFilters[n.filter as CohortFilter] ?? n.filter})
                {n.handle ? ` by @${n.handle}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
