import type { Child } from 'hono/jsx';
import type { Standing } from './schedule.ts';

/** Small pieces shared by the programme pages: dates, standing words, form controls Field lacks. */

export function day(isoOrDate: string): string {
  const d = new Date(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate);
  return d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** The last day of a week that ends (exclusive) at `dueAt`. */
export const lastDay = (dueAt: string) => day(new Date(Date.parse(dueAt) - 86_400_000).toISOString());

export function standingText(s: Pick<Standing, 'status' | 'weeksBehind'>): string {
  switch (s.status) {
    case 'finished':
      return 'Finished — every required Thing is done';
    case 'behind':
      return `${s.weeksBehind} ${s.weeksBehind === 1 ? 'week' : 'weeks'} behind`;
    case 'ahead':
      return 'Ahead of schedule';
    case 'not-started':
      return 'Not started yet — nothing is due';
    default:
      return 'On track';
  }
}

export function ProgressBar({ done, total, label }: { done: number; total: number; label: string }) {
  return (
    <p class="progress-line">
      <label>
        {label}: {done} of {total} required Things
        <progress value={done} max={Math.max(total, 1)}>
          {done} of {total}
        </progress>
      </label>
    </p>
  );
}

interface ControlProps {
  readonly name: string;
  readonly label: string;
  readonly value?: string | undefined;
  readonly error?: string | undefined;
  readonly hint?: string;
  readonly required?: boolean;
}

function described(name: string, hint?: string, error?: string) {
  return [hint ? `field-${name}-hint` : '', error ? `field-${name}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Wrap({ name, label, hint, error, children }: ControlProps & { children: Child }) {
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

export function TextArea(props: ControlProps & { rows?: number }) {
  return (
    <Wrap {...props}>
      <textarea
        id={`field-${props.name}`}
        name={props.name}
        rows={props.rows ?? 8}
        required={props.required}
        aria-invalid={props.error ? 'true' : undefined}
        aria-describedby={described(props.name, props.hint, props.error)}
      >
        {props.value ?? ''}
      </textarea>
    </Wrap>
  );
}

export function Select(props: ControlProps & { options: ReadonlyArray<readonly [string, string]> }) {
  return (
    <Wrap {...props}>
      <select id={`field-${props.name}`} name={props.name} aria-invalid={props.error ? 'true' : undefined} aria-describedby={described(props.name, props.hint, props.error)}>
        {props.options.map(([value, text]) => (
          <option value={value} selected={value === props.value}>
            {text}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function Checkbox({ name, label, checked, hint }: { name: string; label: string; checked: boolean; hint?: string }) {
  return (
    <div class="field field-check">
      <input type="checkbox" id={`field-${name}`} name={name} checked={checked} aria-describedby={hint ? `field-${name}-hint` : undefined} />
      <label for={`field-${name}`}>{label}</label>
      {hint && (
        <p class="hint" id={`field-${name}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
