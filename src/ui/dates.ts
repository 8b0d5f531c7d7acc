import { LRUCache } from 'lru-cache';
// Dates in the site's reading form, in UTC everywhere. The formatters are made once: building an
// Intl.DateTimeFormat per call was the single costliest step of rendering a page of posts.
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

// Formatting one date still costs microseconds, and a page of comments shows fifty: the strings are
// kept by their ISO text (formatting is pure, so a kept string is always right).
const formattedDays = new LRUCache<string, string>({ max: 5000 });
const formattedDateTimes = new LRUCache<string, string>({ max: 5000 });

/** "3 Nov 2026", from an instant or a calendar date (YYYY-MM-DD). */
export function formatDay(isoOrDate: string | Date): string {
  if (isoOrDate instanceof Date) return dayFormat.format(isoOrDate);
  let day = formattedDays.get(isoOrDate);
  if (day === undefined) {
    day = dayFormat.format(new Date(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate));
    formattedDays.set(isoOrDate, day);
  }
  return day;
}

/** "3 Nov 2026, 14:05 UTC". */
export function formatDateTime(iso: string | Date): string {
  if (typeof iso !== 'string') return `${dateTimeFormat.format(iso)} UTC`;
  let text = formattedDateTimes.get(iso);
  if (text === undefined) {
    text = `${dateTimeFormat.format(new Date(iso))} UTC`;
    formattedDateTimes.set(iso, text);
  }
  return text;
}
