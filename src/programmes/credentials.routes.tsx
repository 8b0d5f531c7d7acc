import { Hono } from 'hono';
import type { AppEnv } from '../ui/env.ts';
import { setFlash } from '../ui/flash.ts';
import { renderPage } from '../ui/layout.tsx';
import { requireSignedIn } from '../ui/request.ts';
import { issuerKeys } from './credential-keys.ts';
import { credentialDocument, credentialUrl, findCredential, revokeCredential, verifyCredential } from './credentials.service.ts';
import { CertificatePage } from './credentials.views.tsx';
import { canManageProgramme } from './programmes.policy.ts';

/** /credentials/{id}: the printable certificate, or its credential as JSON (`.json` or by Accept). */
export const credentialPages = new Hono<AppEnv>();

credentialPages.get('/issuer.jwks.json', async (c) => {
  const keys = await issuerKeys(c.get('ctx').config.dataDir);
  return c.json({ keys: [keys.publicJwk] });
});

credentialPages.get('/:file', async (c) => {
  const ctx = c.get('ctx');
  const file = c.req.param('file');
  const wantsJson = file.endsWith('.json') || /application\/(ld\+)?json|application\/vc/.test(c.req.header('accept') ?? '');
  const id = file.replace(/\.json$/, '');
  const record = await findCredential(ctx, id);
  c.header('Vary', 'Accept');
  if (wantsJson) {
    if (/application\/vc\+jwt/.test(c.req.header('accept') ?? '')) return c.body(record.jws, 200, { 'content-type': 'application/vc+jwt' });
    return c.body(JSON.stringify(credentialDocument(record), null, 2), 200, { 'content-type': 'application/ld+json; charset=utf-8' });
  }
  const { valid } = await verifyCredential(ctx, id);
  return renderPage(
    c,
    `Certificate: ${record.programme.title}`,
    <CertificatePage
      record={record}
      valid={valid}
      canRevoke={canManageProgramme(c.get('viewer'), record.programme)}
      url={credentialUrl(ctx, id)}
    />,
    { head: <link rel="alternate" type="application/ld+json" href={`/credentials/${id}.json`} /> },
  );
});

credentialPages.post('/:id/revocation', requireSignedIn, async (c) => {
  await revokeCredential(c.get('ctx'), c.get('viewer'), c.req.param('id'));
  setFlash(c, { kind: 'info', message: 'The certificate is revoked; it no longer verifies.' });
  return c.redirect(`/credentials/${c.req.param('id')}`, 303);
});
