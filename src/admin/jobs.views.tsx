import type { JobState, QueueOverview } from '../queue.ts';
import { Time } from '../ui/components.tsx';

const states: readonly { state: JobState; label: string }[] = [
  { state: 'queued', label: 'Waiting' },
  { state: 'retry', label: 'Waiting to retry' },
  { state: 'active', label: 'Running' },
  { state: 'done', label: 'Done' },
  { state: 'dead', label: 'Dead' },
];

/** /admin/jobs: what the queue holds, and the jobs that used up their attempts. */
export function JobsPage({ overview }: { overview: QueueOverview }) {
  const names = [...new Set(overview.counts.map((c) => c.name))];
  const count = (name: string, state: JobState) => overview.counts.find((c) => c.name === name && c.state === state)?.count ?? 0;
  return (
    <>
      <h1>Background jobs</h1>
      <p>
        Mail, announcements, feed polls and the other scheduled work run here, in the background. A job that fails is tried again later,
        waiting longer each time; one that used up its attempts is dead and waits for you below.
      </p>
      {names.length === 0 ? (
        <p>No jobs yet.</p>
      ) : (
        <table>
          <caption>Jobs by name and state</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              {states.map((s) => (
                <th scope="col">{s.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {names.map((name) => (
              <tr>
                <th scope="row">
                  <code>{name}</code>
                </th>
                {states.map((s) => (
                  <td>{count(name, s.state)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2>Dead letters</h2>
      {overview.deadLetters.length === 0 ? (
        <p>None: every job finished or is still being tried.</p>
      ) : (
        <table>
          <caption class="visually-hidden">Jobs that used up their attempts, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Job</th>
              <th scope="col">Failed</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {overview.deadLetters.map((d) => (
              <tr>
                <th scope="row">
                  <code>{d.name}</code>
                  {d.key ? <span class="muted"> {d.key}</span> : null}
                </th>
                <td>{d.failedAt ? <Time iso={d.failedAt} /> : null}</td>
                <td>{d.attempts}</td>
                <td>{d.lastError}</td>
                <td>
                  <form method="post" action={`/admin/jobs/${d.id}/retry`}>
                    <button type="submit" class="secondary">
                      Retry <span class="visually-hidden">{d.name} job</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
