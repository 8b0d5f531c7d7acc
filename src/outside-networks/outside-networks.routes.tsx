import { Hono, type Context } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { readForm } from '../ui/forms.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { canCurate, listNetworks, saveNetwork, setStance } from './outside-networks.service.ts';
import { NetworkDirectoryPage, NetworkForm } from './outside-networks.views.tsx';

/** /networks: the directory of outside networks, members' stances and peers' tallies. */
export const networkPages = new Hono<AppEnv>();

networkPages.get('/', async (c) => {
  const viewer = c.get('viewer');
  const list = await listNetworks(c.get('ctx'), viewer);
  return renderPage(c, 'Outside networks', <NetworkDirectoryPage networks={list} viewer={viewer} />);
});

networkPages.post('/:slug/stance', requireSignedIn, async (c) => {
  const slug = c.req.param('slug');
  const form = await readForm(c);
  await setStance(c.get('ctx'), c.get('viewer')!, slug, {
    stance: form[`stance-${slug}`],
    note: form[`note-${slug}`],
    noteVisibility: form[`visibility-${slug}`],
  });
  setFlash(c, { kind: 'success', message: 'Your stance is saved.' });
  return c.redirect(`/networks#network-${slug}`, 303);
});

const requireAdmin = (c: Context<AppEnv>) => {
  if (!canCurate(c.get('viewer'))) throw new AppError('forbidden', 'Only administrators curate the directory.');
};

networkPages.get('/new', requireSignedIn, (c) => {
  requireAdmin(c);
  return renderPage(c, 'Add a network', <NetworkForm action="/networks" />);
});

networkPages.post('/', requireSignedIn, async (c) => {
  const values = await readForm(c);
  try {
    await saveNetwork(c.get('ctx'), c.get('viewer'), values);
    setFlash(c, { kind: 'success', message: `${values.name} is in the directory.` });
    return c.redirect('/networks', 303);
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    return renderPage(
      c,
      'Add a network',
      <NetworkForm action="/networks" values={values} fields={error.fields} message={error.message} />,
      { status: error.status },
    );
  }
});

networkPages.get('/:slug/edit', requireSignedIn, async (c) => {
  requireAdmin(c);
  const n = (await listNetworks(c.get('ctx'), undefined)).find((x) => x.slug === c.req.param('slug'));
  if (!n) throw new AppError('not_found', 'There is no such network.');
  const values = {
    name: n.name,
    slug: n.slug,
    url: n.url,
    offers: n.offers,
    suits: n.suits,
    dataAndLeaving: n.dataAndLeaving,
    checkedOn: n.checkedOn,
  };
  return renderPage(c, `Edit ${n.name}`, <NetworkForm action={`/networks/${n.slug}/edit`} values={values} />);
});

networkPages.post('/:slug/edit', requireSignedIn, async (c) => {
  const values = await readForm(c);
  try {
    await saveNetwork(c.get('ctx'), c.get('viewer'), values, c.req.param('slug'));
    setFlash(c, { kind: 'success', message: 'Saved.' });
    return c.redirect('/networks', 303);
  } catch (error) {
    if (!(error instanceof AppError) || !error.fields) throw error;
    return renderPage(
      c,
      'Edit network',
      <NetworkForm action={`/networks/${c.req.param('slug')}/edit`} values={values} fields={error.fields} message={error.message} />,
      { status: error.status },
    );
  }
});
