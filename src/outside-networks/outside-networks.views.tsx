import type { Account } from '../accounts/accounts.service.ts';
import { formatDay } from '../ui/dates.ts';
import { ErrorSummary, Field, Select, TextArea } from '../ui/components.tsx';
import { canCurate, stances, type NetworkView } from './outside-networks.service.ts';

/** /networks: the directory, with a stance form on each card for a signed-in member. */
export function NetworkDirectoryPage({ networks: list, viewer }: { networks: readonly NetworkView[]; viewer: Account | undefined }) {
  return (
    <>
      <h1>Outside networks</h1>
      <p class="lead">
        Where else the profession meets online: what each place offers, who it suits, and how it treats your data and your leaving. Record
        where you stand on each; your note stays private unless you share it.
      </p>
      {canCurate(viewer) && (
        <p>
          <a href="/networks/new">Add a network</a>
        </p>
      )}
      {!viewer && (
        <p>
          <a href="/sign-in?next=/networks">Sign in</a> to record where you stand.
        </p>
      )}
      {list.map((n) => (
        <NetworkCard n={n} viewer={viewer} />
      ))}
    </>
  );
}

/** One network: its facts, where peers stand, shared notes, and the reader's own stance. */
function NetworkCard({ n, viewer }: { n: NetworkView; viewer: Account | undefined }) {
  const id = `network-${n.slug}`;
  const total = Object.values(n.tally).reduce((a, b) => a + b, 0);
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>
        <a href={n.url}>{n.name}</a>
      </h2>
      <dl class="meta">
        <dt>What it offers</dt>
        <dd>{n.offers}</dd>
        <dt>Who it suits</dt>
        <dd>{n.suits}</dd>
        <dt>Your data and leaving</dt>
        <dd>{n.dataAndLeaving}</dd>
        <dt>Facts checked</dt>
        <dd>{formatDay(n.checkedOn)}</dd>
      </dl>
      <p>
        Where your peers are ({total} {total === 1 ? 'answer' : 'answers'}):{' '}
        {(Object.keys(stances) as Array<keyof typeof stances>).map((s, i) => (
          <>
            {i > 0 && ' · '}
            {stances[s]}: {n.tally[s]}
          </>
        ))}
      </p>
      {n.sharedNotes.length > 0 && (
        <ul>
          {n.sharedNotes.slice(0, 5).map((s) => (
            <li>
              {s.displayName} (@{s.handle}), {stances[s.stance].toLowerCase()}: {s.note}
            </li>
          ))}
        </ul>
      )}
      {viewer && (
        <form method="post" action={`/networks/${n.slug}/stance`}>
          <Select
            name={`stance-${n.slug}`}
            label={`Your stance on ${n.name}`}
            value={n.mine?.stance ?? ''}
            options={[['', 'No answer'], ...Object.entries(stances)]}
          />
          <TextArea name={`note-${n.slug}`} label="Your note (optional)" value={n.mine?.note ?? ''} rows={2} />
          <Select
            name={`visibility-${n.slug}`}
            label="Who sees your note"
            value={n.mine?.noteVisibility ?? 'private'}
            options={[
              ['private', 'Only me'],
              ['members', 'Signed-in members'],
            ]}
          />
          <button type="submit">
            Save <span class="visually-hidden">your stance on {n.name}</span>
          </button>
        </form>
      )}
    </section>
  );
}

/** Adding or editing a network (admins). */
export function NetworkForm({
  action,
  values = {},
  fields = {},
  message,
}: {
  action: string;
  values?: Record<string, string>;
  fields?: Readonly<Record<string, string>>;
  message?: string;
}) {
  return (
    <div class="narrow-wide">
      <h1>{values.name ? `Edit ${values.name}` : 'Add a network'}</h1>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action={action} novalidate>
        <Field name="name" label="Name" value={values.name} error={fields.name} required />
        <Field name="slug" label="Short name" value={values.slug} error={fields.slug} required hint="a–z, 0–9 and hyphens" />
        <Field name="url" label="Web address" type="url" value={values.url} error={fields.url} required />
        <TextArea name="offers" label="What it offers" value={values.offers} error={fields.offers} rows={3} required />
        <TextArea name="suits" label="Who it suits" value={values.suits} error={fields.suits} rows={2} required />
        <TextArea
          name="dataAndLeaving"
          label="How it treats personal data and leaving"
          value={values.dataAndLeaving}
          error={fields.dataAndLeaving}
          rows={3}
          required
        />
        <Field name="checkedOn" label="Facts checked on" type="date" value={values.checkedOn} error={fields.checkedOn} required />
        <button type="submit">Save</button>
      </form>
    </div>
  );
}
