import { Hono } from 'hono';
import type { AppEnv } from '../ui/env.ts';
import { pageShows } from '../ui/request.ts';
import { renderPage } from '../ui/layout.tsx';
import { Card } from '../ui/components.tsx';
import { programmeSummaries } from './dashboard.ts';
import { YourProgrammes } from './dashboard.views.tsx';

/** The front door: a welcome for visitors, the dashboard for members. */
export const homePages = new Hono<AppEnv>();

homePages.get('/', async (c) => {
  const viewer = c.get('viewer');
  if (!viewer) {
    // The welcome shows nothing from the database: no write drops it.
    pageShows(c);
    return renderPage(
      c,
      'Commonplace',
      <>
        <h1>Learn together, at your own pace</h1>
        <p class="lead">
          Commonplace is where a professional community runs its development programmes: a Thing a week to try and reflect on, a blog to
          write in (or the one you already have), peers to read and comment on, and a profile you control.
        </p>
        <p>
          <a class="button" href="/sign-up">
            Create an account
          </a>{' '}
          or <a href="/sign-in">sign in</a>.
        </p>
      </>,
    );
  }
  return renderPage(
    c,
    'Dashboard',
    <>
      <h1>Hello, {viewer.displayName}</h1>
      {!viewer.emailVerified && (
        <p class="notice">
          Please confirm your email address: follow the link we sent to {viewer.email}. No mail?{' '}
          <a href="/settings">Send it again from your settings</a>.
        </p>
      )}
      <Card title="Your programmes">
        <YourProgrammes items={await programmeSummaries(c.get('ctx'), viewer.id)} />
      </Card>
    </>,
  );
});
