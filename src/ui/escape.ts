/**
 * Escaping for the few places that write HTML or XML as strings (feeds, OPML, search snippets,
 * plain text turned into HTML); JSX escapes by itself. Safe in text and in double-quoted attributes.
 */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** As `escapeHtml`, with the characters XML 1.0 forbids dropped rather than making the file unreadable. */
export function escapeXml(text: string): string {
  return escapeHtml(text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, ''));
}
