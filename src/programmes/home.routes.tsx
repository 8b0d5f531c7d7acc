import { Hono } from 'hono';
import type { AppEnv } from '../ui/env.ts';
import { pageShows } from '../ui/request.ts';
import { renderPage } from '../ui/layout.tsx';
import { programmeSummaries } from './dashboard.ts';
import { DashboardPage, WelcomePage } from './dashboard.views.tsx';

/** The front door: a welcome for visitors, the dashboard for members. */
export const homePages = new Hono<AppEnv>();

homePages.get('/', async (c) => {
  const viewer = c.get('viewer');
  if (!viewer) {
    // The welcome shows nothing from the database: no write drops it.
    pageShows(c);
    return renderPage(c, 'Commonplace', <WelcomePage />);
  }
  return renderPage(c, 'Dashboard', <DashboardPage viewer={viewer} programmes={await programmeSummaries(c.get('ctx'), viewer.id)} />);
});
