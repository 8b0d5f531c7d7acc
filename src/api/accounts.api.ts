import { createRoute, z } from '@hono/zod-openapi';
import { createMiddleware } from 'hono/factory';
import { authenticate, createAccount } from '../accounts/accounts.service.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../accounts/api-tokens.ts';
import { signUpSchema } from '../accounts/accounts.schemas.ts';
import { setMemberRoles } from '../accounts/roles.service.ts';
import { tooManyRequests } from '../errors.ts';
import { rateRules } from '../rate-limit.ts';
import { clientIp } from '../ui/request.ts';
import { viewerOrThrow } from '../ui/request.ts';
import type { AppEnv } from '../ui/env.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, errorResponses } from './schemas.ts';

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
            schema: z.object({
              login: z.string().min(1).openapi({ description: 'Handle or email address' }),
              password: z.string().min(1),
              name: z.string().max(80).optional().openapi({ description: 'A label to recognise the token by' }),
            }),
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
      body: { content: { 'application/json': { schema: z.object({ roles: z.array(z.string()).max(3) }) } }, required: true },
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
