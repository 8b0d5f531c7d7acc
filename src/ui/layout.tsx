import type { Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import type { Account } from '../viewer.ts';
import type { AppEnv } from './env.ts';
import type { Flash } from './flash.ts';
import { takeFlash } from './flash.ts';

export interface LayoutProps {
  readonly title: string;
  readonly viewer: Account | undefined;
  readonly flash?: Flash | undefined;
  /** Unread notifications of the viewer, shown in the navigation. */
  readonly unread?: number;
  /** Extra `<head>` children: feed autodiscovery links and the like. */
  readonly head?: Child;
  readonly children?: Child;
}

/** The frame of every page: skip link, landmarks, navigation, flash message. */
export function Layout({ title, viewer, flash, unread = 0, head, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === 'Commonplace' ? title : `${title} · Commonplace`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        <link rel="icon" href="/static/favicon.svg" type="image/svg+xml" />
        {head}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              Commonplace
            </a>
            <nav aria-label="Main">
              <ul class="nav-list">
                {viewer ? (
                  <>
                    <li>
                      <a href="/">Dashboard</a>
                    </li>
                    <li>
                      <a href="/programmes">Programmes</a>
                    </li>
                    <li>
                      <a href="/posts">Blogs</a>
                    </li>
                    <li>
                      <a href="/write">Write</a>
                    </li>
                    <li>
                      <a href="/notifications">
                        Notifications
                        {unread > 0 && (
                          <span class="badge">
                            {unread} <span class="visually-hidden">unread</span>
                          </span>
                        )}
                      </a>
                    </li>
                    <li>
                      <a href="/settings">Settings</a>
                    </li>
                    {viewer.roles.includes('admin') && (
                      <li>
                        <a href="/admin/members">Admin</a>
                      </li>
                    )}
                    <li>
                      <form method="post" action="/sign-out" class="inline-form">
                        <button type="submit" class="link-button">
                          Sign out <span class="visually-hidden">{viewer.handle}</span>
                        </button>
                      </form>
                    </li>
                  </>
                ) : (
                  <>
                    <li>
                      <a href="/programmes">Programmes</a>
                    </li>
                    <li>
                      <a href="/posts">Blogs</a>
                    </li>
                    <li>
                      <a href="/sign-in">Sign in</a>
                    </li>
                    <li>
                      <a href="/sign-up">Sign up</a>
                    </li>
                  </>
                )}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabindex={-1}>
          {flash && (
            <div class={`flash flash-${flash.kind}`} role={flash.kind === 'error' ? 'alert' : 'status'}>
              {flash.message}
            </div>
          )}
          {children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              Commonplace — professional development, together. <a href="/api/docs">API</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

/**
 * A piece of a page rendered and encoded once and reused by many pages (a cohort's matrix). The
 * page holds its marker, and renderPage puts the bytes in its place, so a large shared piece is
 * neither rendered nor encoded again for each reader.
 */
export class EncodedFragment {
  static #made = 0;
  readonly marker = `<!--fragment ${++EncodedFragment.#made}-->`;
  readonly bytes: Buffer;
  constructor(html: string) {
    this.bytes = Buffer.from(html);
  }
  /** What a view places where the fragment goes. */
  get placeholder() {
    return raw(this.marker);
  }
}

/** Renders a page inside the Layout for the current viewer, showing any waiting flash message. */
export async function renderPage(
  c: Context<AppEnv>,
  title: string,
  body: Child,
  options: { status?: number; head?: Child; fragments?: readonly EncodedFragment[] } = {},
) {
  const viewer = c.get('viewer');
  const layoutData = c.get('layoutData');
  const unread = viewer && layoutData ? (await layoutData()).unread : 0;
  const html = (
    <Layout title={title} viewer={viewer} flash={takeFlash(c)} unread={unread} head={options.head}>
      {body}
    </Layout>
  );
  // Encoded here, once: the rendered page is a rope of thousands of pieces, which the server would
  // otherwise walk twice (to measure it, then to write it), ~3 ms for a 140 KB page.
  let rest = `<!doctype html>${await html.toString()}`;
  const parts: Buffer[] = [];
  for (const fragment of options.fragments ?? []) {
    const at = rest.indexOf(fragment.marker);
    if (at < 0) continue;
    parts.push(Buffer.from(rest.slice(0, at)), fragment.bytes);
    rest = rest.slice(at + fragment.marker.length);
  }
  parts.push(Buffer.from(rest));
  const page = (parts.length === 1 ? parts[0]! : Buffer.concat(parts)) as Uint8Array<ArrayBuffer>;
  return c.body(page, (options.status ?? 200) as 200, { 'Content-Type': 'text/html; charset=UTF-8' });
}
