import ical from 'ical-generator';
import type { AppContext } from '../context.ts';
import type { Programme, Thing } from './programmes.queries.ts';

/**
 * The schedule as iCalendar: one all-day event per published Thing spanning its week, and one per
 * catch-up week. The private per-member feed lists only her own required Things still to do, as
 * all-day events on their due day (the last day of their week).
 */
export function programmeCalendar(ctx: AppContext, programme: Programme, things: readonly Thing[]): string {
  const cal = ical({ name: programme.title, prodId: { company: 'Commonplace', product: 'programmes' }, timezone: 'UTC' });
  const base = `${ctx.config.baseUrl}/programmes/${programme.slug}`;
  const host = new URL(ctx.config.baseUrl).host;
  for (const t of things) {
    cal.createEvent({
      id: `${programme.id}-thing-${t.number}@${host}`,
      start: new Date(t.opensAt),
      end: new Date(t.dueAt),
      allDay: true,
      summary: `Thing ${t.number}: ${t.title}${t.required ? '' : ' (optional)'}`,
      url: `${base}/things/${t.number}`,
      description: `Week ${t.week} of ${programme.title}. ${base}/things/${t.number}`,
      stamp: ctx.clock.now(),
    });
  }
  for (const w of programme.catchUpWeeks) {
    const start = new Date(Date.parse(`${programme.startsOn}T00:00:00Z`) + (w - 1) * 7 * 86_400_000);
    cal.createEvent({
      id: `${programme.id}-catch-up-${w}@${host}`,
      start,
      end: new Date(start.getTime() + 7 * 86_400_000),
      allDay: true,
      summary: `Catch-up week (week ${w}) — ${programme.title}`,
      url: base,
      stamp: ctx.clock.now(),
    });
  }
  return cal.toString();
}

export function personalCalendar(ctx: AppContext, programme: Programme, toDo: readonly Thing[]): string {
  const cal = ical({
    name: `${programme.title}: my due dates`,
    prodId: { company: 'Commonplace', product: 'programmes' },
    timezone: 'UTC',
  });
  const host = new URL(ctx.config.baseUrl).host;
  for (const t of toDo) {
    const lastDay = new Date(Date.parse(t.dueAt) - 86_400_000);
    cal.createEvent({
      id: `${programme.id}-due-${t.number}@${host}`,
      start: lastDay,
      allDay: true,
      summary: `Due: Thing ${t.number}, ${t.title}`,
      url: `${ctx.config.baseUrl}/programmes/${programme.slug}/things/${t.number}`,
      stamp: ctx.clock.now(),
    });
  }
  return cal.toString();
}
