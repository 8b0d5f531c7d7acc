import { sanitiseHtml } from '../markup/sanitise.ts';

/**
 * HTML from an external feed, made safe by the one sanitiser that posts written here go through,
 * with relative links and images resolved against the feed's address (links get rel="nofollow ugc noopener").
 */
export function sanitiseExternalHtml(html: string, baseUrl: string): string {
  return sanitiseHtml(html, { baseUrl });
}
