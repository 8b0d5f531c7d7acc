import type { Child } from 'hono/jsx';

export interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly type?: string;
  readonly value?: string | undefined;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly autocomplete?: string;
  readonly required?: boolean;
  readonly minlength?: number;
  readonly maxlength?: number;
  readonly pattern?: string;
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field(props: FieldProps) {
  const id = `field-${props.name}`;
  const described = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.error && (
        <p class="field-error" id={`${id}-error`}>
          <span class="visually-hidden">Error: </span>
          {props.error}
        </p>
      )}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        minlength={props.minlength}
        maxlength={props.maxlength}
        pattern={props.pattern}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described || undefined}
      />
    </div>
  );
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({ message, fields }: { message?: string | undefined; fields?: Readonly<Record<string, string>> | undefined }) {
  if (!message && (!fields || Object.keys(fields).length === 0)) return null;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{message ?? 'There is a problem'}</h2>
      {fields && Object.keys(fields).length > 0 && (
        <ul>
          {Object.entries(fields).map(([name, text]) => (
            <li>
              <a href={`#field-${name}`}>{text}</a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Card({ title, children, id }: { title: string; children?: Child; id?: string }) {
  const headingId = id ?? `card-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** A date and time in a person's reading form, with the machine form for assistive tools. */
export function Time({ iso }: { iso: string }) {
  const d = new Date(iso);
  const text = d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
  return <time datetime={iso}>{text}</time>;
}
