import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import {
  authenticate,
  changePassword,
  createAccount,
  loadAccount,
  requestEmailChange,
  requestPasswordReset,
  resetPassword,
  sendEmailVerification,
  updateDisplayName,
} from '../accounts/accounts.service.ts';
import { deleteSessionsOf } from '../accounts/sessions.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../accounts/api-tokens.ts';
import {
  emailChangeSchema,
  passwordChangeSchema,
  passwordResetRequestSchema,
  passwordResetSchema,
  profileChangesSchema,
  rolesInputSchema,
  signUpSchema,
  tokenRequestSchema,
} from '../accounts/accounts.schemas.ts';
import { setMemberRoles } from '../accounts/roles.service.ts';
import { tooManyRequests } from '../errors.ts';
import { rateRules } from '../rate-limit.ts';
import { clientIp } from '../ui/request.ts';
import { viewerOrThrow } from '../ui/request.ts';
import type { AppEnv } from '../ui/env.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

export const accountsApi = createApiRouter();

// The accounts capability's own schema: what the document shows is what validates (decision 008).
const NewAccount = signUpSchema.meta({ id: 'NewAccount' });

/** Counted before the body is checked, so that bad attempts count too. */
const signUpLimit = createMiddleware<AppEnv>(async (c, next) => {
  const ctx = c.get('ctx');
  const wait = ctx.limiter.consume(`sign-up:ip:${clientIp(c, ctx.config.trustProxy)}`, rateRules.signUpPerIp);
  if (wait) throw tooManyRequests(wait);
  await next();
});

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/accounts',
    tags: ['Accounts'],
    summary: 'Create an account',
    middleware: [signUpLimit] as const,
    request: { body: { content: { 'application/json': { schema: NewAccount } }, required: true } },
    responses: {
      201: { description: 'Created', content: { 'application/json': { schema: z.object({ id: z.string(), handle: z.string() }) } } },
      ...errorResponses(400, 409, 429),
    },
  }),
  async (c) => {
    const account = await createAccount(c.get('ctx'), c.req.valid('json'));
    return c.json({ id: account.id, handle: account.handle }, 201);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/tokens',
    tags: ['Accounts'],
    summary: 'Create an API token by signing in',
    request: {
      body: {
        content: {
          'application/json': {
            schema: tokenRequestSchema.meta({ id: 'TokenRequest' }),
          },
        },
        required: true,
      },
    },
    responses: {
      201: {
        description: 'Created; the token is shown only now',
        content: { 'application/json': { schema: z.object({ token: z.string(), id: z.string() }) } },
      },
      ...errorResponses(400, 401, 429),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const ip = clientIp(c, ctx.config.trustProxy);
    const wait = ctx.limiter.consume(`token:ip:${ip}`, rateRules.tokenPerIp);
    if (wait) throw tooManyRequests(wait);
    const body = c.req.valid('json');
    const account = await authenticate(ctx, body.login, body.password, ip);
    const { id, token } = await createApiToken(ctx, account.id, body.name ?? 'API');
    return c.json({ token, id }, 201);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'get',
    path: '/tokens',
    tags: ['Accounts'],
    summary: "The caller's live API tokens (without their secrets)",
    security: bearerSecurity,
    responses: {
      200: {
        description: 'OK',
        content: {
          'application/json': {
            schema: z.object({
              items: z.array(z.object({ id: z.string(), name: z.string(), createdAt: z.string(), lastUsedAt: z.string().nullable() })),
              next: z.string().nullable(),
            }),
          },
        },
      },
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    return c.json({ items: await listApiTokens(c.get('ctx'), viewer.id), next: null }, 200);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/tokens/{id}',
    tags: ['Accounts'],
    summary: 'Revoke one of your API tokens',
    security: bearerSecurity,
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    await revokeApiToken(c.get('ctx'), viewer.id, c.req.valid('param').id);
    return c.body(null, 204);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'get',
    path: '/me',
    tags: ['Accounts'],
    summary: 'Who the caller is',
    security: bearerSecurity,
    responses: {
      200: {
        description: 'OK',
        content: {
          'application/json': {
            schema: z
              .object({
                id: z.string(),
                handle: z.string(),
                displayName: z.string(),
                email: z.string(),
                emailVerified: z.boolean(),
                roles: z.array(z.enum(['member', 'organiser', 'moderator', 'admin'])),
              })
              .openapi('Me'),
          },
        },
      },
      ...errorResponses(401),
    },
  }),
  (c) => {
    const v = viewerOrThrow(c);
    return c.json(
      { id: v.id, handle: v.handle, displayName: v.displayName, email: v.email, emailVerified: v.emailVerified, roles: [...v.roles] },
      200,
    );
  },
);

accountsApi.openapi(
  createRoute({
    method: 'put',
    path: '/members/{handle}/roles',
    tags: ['Accounts'],
    summary: "Set a member's roles (administrators)",
    description: 'Every account is a member; this sets which of organiser, moderator and admin it also has.',
    security: bearerSecurity,
    request: {
      params: z.object({ handle: z.string() }),
      body: { content: { 'application/json': { schema: rolesInputSchema } }, required: true },
    },
    responses: {
      200: {
        description: 'Set',
        content: { 'application/json': { schema: z.object({ handle: z.string(), roles: z.array(z.string()) }) } },
      },
      ...errorResponses(400, 401, 403, 404, 422),
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const { handle } = c.req.valid('param');
    const roles = await setMemberRoles(c.get('ctx'), viewer, handle, c.req.valid('json').roles);
    return c.json({ handle: handle.toLowerCase().replace(/^@/, ''), roles }, 200);
  },
);

// The account pages' actions (src/accounts/*.routes.tsx), each over the same service function.

const accepted = { description: 'Accepted: a mail is on its way' };

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/password-resets',
    tags: ['Accounts'],
    summary: 'Mail a single-use password-reset link (valid for an hour)',
    description: 'Answers 202 whether or not an account uses the address, so nobody learns which addresses have accounts.',
    request: {
      body: {
        content: { 'application/json': { schema: passwordResetRequestSchema.meta({ id: 'PasswordResetRequest' }) } },
        required: true,
      },
    },
    responses: { 202: accepted, ...errorResponses(400, 429) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    await requestPasswordReset(ctx, c.req.valid('json').email, clientIp(c, ctx.config.trustProxy));
    return c.body(null, 202);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/password-resets/completion',
    tags: ['Accounts'],
    summary: 'Set a new password with the token from a reset link; every browser session is signed out',
    request: { body: { content: { 'application/json': { schema: passwordResetSchema.meta({ id: 'PasswordReset' }) } }, required: true } },
    responses: { 204: { description: 'Changed' }, ...errorResponses(400, 404) },
  }),
  async (c) => {
    const { token, password } = c.req.valid('json');
    await resetPassword(c.get('ctx'), token, password);
    return c.body(null, 204);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/email-verification',
    tags: ['Accounts'],
    summary: 'Mail a new link to confirm the caller’s address',
    security: bearerSecurity,
    responses: { 202: accepted, ...errorResponses(401, 429) },
  }),
  async (c) => {
    await sendEmailVerification(c.get('ctx'), viewerOrThrow(c));
    return c.body(null, 202);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'post',
    path: '/me/email-change',
    tags: ['Accounts'],
    summary: 'Change the caller’s address: a link goes to the new one, and the change happens when it is followed',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: emailChangeSchema.meta({ id: 'EmailChange' }) } }, required: true } },
    responses: { 202: accepted, ...errorResponses(400, 401, 409) },
  }),
  async (c) => {
    const { email, password } = c.req.valid('json');
    await requestEmailChange(c.get('ctx'), viewerOrThrow(c), email, password);
    return c.body(null, 202);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'put',
    path: '/me/password',
    tags: ['Accounts'],
    summary: 'Change the caller’s password; her sessions in browsers are signed out, API tokens stay',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: passwordChangeSchema.meta({ id: 'PasswordChange' }) } }, required: true } },
    responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401) },
  }),
  async (c) => {
    const { currentPassword, newPassword } = c.req.valid('json');
    await changePassword(c.get('ctx'), viewerOrThrow(c), currentPassword, newPassword, c.get('sessionId'));
    return c.body(null, 204);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'patch',
    path: '/me/profile',
    tags: ['Accounts'],
    summary: 'Change the caller’s profile (so far: the name people see); what is left out stays',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: profileChangesSchema.meta({ id: 'ProfileChanges' }) } }, required: true } },
    responses: {
      200: json(z.object({ handle: z.string(), displayName: z.string() }).openapi('Profile')),
      ...errorResponses(400, 401),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const { displayName } = c.req.valid('json');
    if (displayName !== undefined) await updateDisplayName(ctx, viewer, displayName);
    const account = (await loadAccount(ctx, viewer.id))!;
    return c.json({ handle: account.handle, displayName: account.displayName }, 200);
  },
);

accountsApi.openapi(
  createRoute({
    method: 'delete',
    path: '/me/sessions',
    tags: ['Accounts'],
    summary: 'Sign out everywhere: ends every browser session but the one asking (API tokens are revoked one by one)',
    security: bearerSecurity,
    responses: { 200: json(z.object({ signedOut: z.number().int() }), 'Signed out'), ...errorResponses(401) },
  }),
  async (c) => {
    const signedOut = await deleteSessionsOf(c.get('ctx'), viewerOrThrow(c).id, c.get('sessionId'));
    return c.json({ signedOut }, 200);
  },
);
