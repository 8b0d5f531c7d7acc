import type { Child } from 'hono/jsx';
import { formatDateTime } from './dates.ts';
import { feedAlternates } from './feeds-out.ts';

interface ControlProps {
  readonly name: string;
  readonly label: string;
  readonly value?: string | undefined;
  readonly error?: string | undefined;
  readonly hint?: string | undefined;
  readonly required?: boolean;
}

export interface FieldProps extends ControlProps {
  readonly type?: string;
  readonly autocomplete?: string;
  readonly minlength?: number;
  readonly maxlength?: number;
  readonly pattern?: string;
}

/** The ids a control's hint and error carry, so screen readers read them with the control. */
function describedBy(name: string, hint?: string, error?: string): string | undefined {
  return [hint ? `field-${name}-hint` : '', error ? `field-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** A control's label, hint and error, around the control itself. */
function ControlFrame({ name, label, hint, error, children }: ControlProps & { children: Child }) {
  return (
    <div class={error ? 'field field-invalid' : 'field'}>
      <label for={`field-${name}`}>{label}</label>
      {hint && (
        <p class="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`field-${name}-error`}>
          <span class="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}

/** A labelled input with its hint and error tied to it for screen readers. */
export function Field(props: FieldProps) {
  return (
    <ControlFrame {...props}>
      <input
        id={`field-${props.name}`}
        name={props.name}
        type={props.type ?? 'text'}
        value={props.type === 'password' ? undefined : props.value}
        autocomplete={props.autocomplete}
        required={props.required}
        minlength={props.minlength}
        maxlength={props.maxlength}
        pattern={props.pattern}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      />
    </ControlFrame>
  );
}

export function TextArea(props: ControlProps & { rows?: number }) {
  return (
    <ControlFrame {...props}>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 8}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
    </ControlFrame>
  );
}

export function Select(props: ControlProps & { options: ReadonlyArray<readonly [string, string]> }) {
  return (
    <ControlFrame {...props}>
      <select
        id={`field-${props.name}`}
        name={props.name}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={describedBy(props.name, props.hint, props.error)}
      >
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </ControlFrame>
  );
}

export function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  return (
    <div class="field field-check">
      <input
        type="checkbox"
        id={`field-${name}`}
        name={name}
        checked={checked}
        aria-describedby={hint ? `field-${name}-hint` : undefined}
      />
      <label for={`field-${name}`}>{label}</label>
      {hint && (
        <p class="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
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
  return <time datetime={iso}>{formatDateTime(iso)}</time>;
}

/** "Previous page · Page 2 of 5 · Next page", for lists paged by number; nothing when one page holds all. */
export function Pager({ label, page, pages, href }: { label: string; page: number; pages: number; href: (page: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label} class="pager">
      {page > 1 && <a href={href(page - 1)}>Previous page</a>}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && <a href={href(page + 1)}>Next page</a>}
    </nav>
  );
}

/** Autodiscovery links for a page's feeds (Atom, RSS, JSON Feed at `base`.…), for the page head. */
export function FeedHead({ base, title }: { base: string; title: string }) {
  return (
    <>
      {feedAlternates(base, title).map((f) => (
        <link rel="alternate" type={f.type} href={f.href} title={f.title} />
      ))}
    </>
  );
}
