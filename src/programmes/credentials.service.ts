import { tags } from '../cache/index.ts';
import { lazy } from '../lazy.ts';
import type { Account } from '../accounts/accounts.service.ts';
import { findUserById } from '../accounts/accounts.queries.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { newId } from '../ids.ts';
import { issuerKeys } from './credential-keys.ts';
import { credentialOf, credentialsOfMember, findCredentialRow, insertCredential, markRevoked } from './credentials.queries.ts';
import { canManageProgramme } from './programmes.policy.ts';
import { findProgrammeById, type Programme } from './programmes.queries.ts';
import { progressOf } from './programmes.service.ts';

const jose = lazy<typeof import('jose')>('jose');

/**
 * Certificates: completing every required Thing earns an Open Badges 3.0 credential (a W3C
 * Verifiable Credential, data model 2.0), signed as a compact JWS with the issuer's Ed25519 key
 * (VC-JOSE: `typ: vc+jwt`, the payload is the credential itself).
 */

export const credentialUrl = (ctx: AppContext, id: string) => `${ctx.config.baseUrl}/credentials/${id}`;

export function buildCredential(
  ctx: AppContext,
  input: { id: string; programme: Programme; handle: string; displayName: string; issuedAt: string },
) {
  const base = ctx.config.baseUrl;
  return {
    '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
    id: credentialUrl(ctx, input.id),
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `${input.programme.title} — completed`,
    issuer: { id: base, type: ['Profile'], name: 'Commonplace', url: base },
    validFrom: input.issuedAt,
    credentialSubject: {
      id: `${base}/@${input.handle}`,
      type: ['AchievementSubject'],
      name: input.displayName,
      achievement: {
        id: `${base}/programmes/${input.programme.slug}#achievement`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: input.programme.title,
        description: input.programme.description || `Completed every required Thing of ${input.programme.title}.`,
        criteria: {
          narrative: `Complete every required Thing of ${input.programme.title} (${input.programme.things.filter((t) => t.required && t.published).length} Things).`,
        },
      },
    },
  };
}

async function sign(ctx: AppContext, credential: object): Promise<string> {
  const keys = await issuerKeys(ctx.config.dataDir);
  return new (jose().CompactSign)(new TextEncoder().encode(JSON.stringify(credential)))
    .setProtectedHeader({ alg: 'EdDSA', kid: keys.kid, typ: 'vc+jwt', cty: 'vc' })
    .sign(keys.privateKey);
}

/** Issues the certificate once every required Thing is done; does nothing otherwise or if one exists. */
export async function issueIfComplete(ctx: AppContext, programme: Programme, userId: string): Promise<string | undefined> {
  if (await credentialOf(ctx.db, programme.id, userId)) return undefined;
  const progress = await progressOf(ctx, programme, userId);
  if (progress.status !== 'finished') return undefined;
  const user = (await findUserById(ctx.db, userId))!;
  const id = newId();
  const issuedAt = ctx.clock.now().toISOString();
  const jws = await sign(ctx, buildCredential(ctx, { id, programme, handle: user.handle, displayName: user.display_name, issuedAt }));
  try {
    // A new certificate shows on her programme page and at its own, new address.
    await ctx.cache.changing({ tables: ['credentials'], tags: [tags.programme(programme.id), tags.member(userId)] }, () =>
      insertCredential(ctx.db, {
        id,
        programme_id: programme.id,
        user_id: userId,
        issued_at: issuedAt,
        jws,
        revoked_at: null,
        revoked_by: null,
      }),
    );
  } catch {
    return undefined; // issued concurrently by another event
  }
  return id;
}

export interface CredentialRecord {
  readonly id: string;
  readonly programme: Programme;
  readonly userId: string;
  readonly handle: string;
  readonly displayName: string;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
  readonly jws: string;
}

export async function findCredential(ctx: AppContext, id: string): Promise<CredentialRecord> {
  const row = await findCredentialRow(ctx.db, id);
  const programme = row && (await findProgrammeById(ctx, row.programme_id));
  if (!row || !programme) throw new AppError('not_found', 'There is no such credential.');
  return {
    id: row.id,
    programme,
    userId: row.user_id,
    handle: row.handle,
    displayName: row.display_name,
    issuedAt: row.issued_at,
    revokedAt: row.revoked_at,
    jws: row.jws,
  };
}

/** The credential as JSON: the signed payload, with the JWS attached as its proof. */
export function credentialDocument(record: CredentialRecord): Record<string, unknown> {
  const payload = JSON.parse(Buffer.from(record.jws.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  const header = jose().decodeProtectedHeader(record.jws);
  return {
    ...payload,
    proof: {
      type: 'JwtProof2020',
      jwt: record.jws,
      verificationMethod: `${(payload.issuer as { id: string }).id}/credentials/issuer.jwks.json#${header.kid}`,
    },
  };
}

/**
 * Checks the stored JWS against the issuer's public key and that it speaks of this credential;
 * valid means signed by us, untampered, and not revoked.
 */
export async function verifyCredential(ctx: AppContext, id: string): Promise<{ valid: boolean; revoked: boolean }> {
  const record = await findCredential(ctx, id);
  const keys = await issuerKeys(ctx.config.dataDir);
  let signed = false;
  try {
    const { payload } = await jose().compactVerify(record.jws, keys.publicKey);
    const credential = JSON.parse(new TextDecoder().decode(payload)) as { id?: string };
    signed = credential.id === credentialUrl(ctx, id);
  } catch {
    signed = false;
  }
  const revoked = record.revokedAt !== null;
  return { valid: signed && !revoked, revoked };
}

export async function revokeCredential(ctx: AppContext, viewer: Account | undefined, id: string): Promise<void> {
  const record = await findCredential(ctx, id);
  if (!canManageProgramme(viewer, record.programme)) {
    if (viewer?.id === record.userId) throw new AppError('forbidden', 'Only the programme’s organisers can revoke a certificate.');
    throw new AppError('not_found', 'There is no such credential.');
  }
  if (record.revokedAt) return;
  await markRevoked(ctx.db, id, ctx.clock.now().toISOString(), viewer!.id);
}

export async function listMyCredentials(ctx: AppContext, userId: string) {
  const rows = await credentialsOfMember(ctx.db, userId);
  return rows.map((r) => ({
    id: r.id,
    programme: r.slug,
    programmeTitle: r.title,
    url: credentialUrl(ctx, r.id),
    issuedAt: r.issued_at,
    revoked: r.revoked_at !== null,
  }));
}
