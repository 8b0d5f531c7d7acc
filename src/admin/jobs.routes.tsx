import { Hono } from 'hono';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { queueOverview, retryDeadJob } from './jobs.service.ts';
import { JobsPage } from './jobs.views.tsx';

/** /admin/jobs: the job queue for administrators (the service checks the role). */
export const adminJobPages = new Hono<AppEnv>();

adminJobPages.use('*', requireSignedIn);

adminJobPages.get('/', async (c) => {
  const overview = await queueOverview(c.get('ctx'), c.get('viewer'));
  return renderPage(c, 'Background jobs', <JobsPage overview={overview} />);
});

adminJobPages.post('/:id/retry', async (c) => {
  await retryDeadJob(c.get('ctx'), c.get('viewer'), c.req.param('id'));
  setFlash(c, { kind: 'success', message: 'The job will be tried again shortly.' });
  return c.redirect('/admin/jobs', 303);
});
