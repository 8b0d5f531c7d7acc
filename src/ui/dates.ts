// Dates in the site's reading form, in UTC everywhere. The formatters are made once: building an
// Intl.DateTimeFormat per call was the single costliest step of rendering a page of posts.
const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

/** "3 Nov 2026", from an instant or a calendar date (YYYY-MM-DD). */
export function formatDay(isoOrDate: string | Date): string {
  if (isoOrDate instanceof Date) return dayFormat.format(isoOrDate);
  return dayFormat.format(new Date(isoOrDate.length === 10 ? `${isoOrDate}T00:00:00Z` : isoOrDate));
}

/** "3 Nov 2026, 14:05 UTC". */
export function formatDateTime(iso: string | Date): string {
  return `${dateTimeFormat.format(typeof iso === 'string' ? new Date(iso) : iso)} UTC`;
}
