import { ErrorSummary, Field, TextArea } from '../ui/components.tsx';

type FormState = { values?: Record<string, string>; fields?: Readonly<Record<string, string>> | undefined; message?: string };

/** /programmes/import: a programme exported as JSON, brought in under a new address and date. */
export function ImportForm({ values = {}, fields = {}, message }: FormState) {
  return (
    <div class="narrow-wide">
      <h1>Import a programme</h1>
      <p>Paste a programme exported from Commonplace (its “Export as JSON” file). Give it a new address and start date if you like.</p>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action="/programmes/import" novalidate>
        <TextArea name="file" label="Exported JSON" value={values.file} error={fields.file} rows={10} required />
        <Field name="slug" label="New address name (optional)" value={values.slug} error={fields.slug} />
        <Field name="startsOn" label="New start date (optional)" type="date" value={values.startsOn} error={fields.startsOn} />
        <button type="submit">Import</button>
      </form>
    </div>
  );
}

/** /programmes/{slug}/run-again: a copy on new dates. */
export function RunAgainForm({ slug, title, values = {}, fields = {}, message }: FormState & { slug: string; title: string }) {
  return (
    <div class="narrow-wide">
      <p class="breadcrumb">
        <a href={`/programmes/${slug}`}>{title}</a>
      </p>
      <h1>Run {title} again</h1>
      <p>A copy with the same Things and weeks, on new dates. Participants of this run can carry what they completed over.</p>
      <ErrorSummary message={message} fields={fields} />
      <form method="post" action={`/programmes/${slug}/run-again`} novalidate>
        <Field name="title" label="Title" value={values.title ?? title} error={fields.title} required />
        <Field name="slug" label="Address name" value={values.slug} error={fields.slug} required />
        <Field name="startsOn" label="Start date" type="date" value={values.startsOn} error={fields.startsOn} required />
        <button type="submit">Create the new run</button>
      </form>
    </div>
  );
}
