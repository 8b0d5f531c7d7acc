import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { markDone } from '../programmes/completions.service.ts';
import { listMyCredentials, revokeCredential, verifyCredential } from '../programmes/credentials.service.ts';
import type { Programme } from '../programmes/programmes.queries.ts';
import {
  addThing,
  approveEnrolment,
  createProgramme,
  enrol,
  leave,
  listProgrammes,
  participantProgress,
  programmeForOrganiser,
  programmeForViewer,
  publishThing,
  thingByNumber,
  updateProgramme,
  updateThing,
  visibleThings,
} from '../programmes/programmes.service.ts';
import { nudgeInputSchema, sendNudge } from '../programmes/cohort.service.ts';
import { findUserByHandle } from '../accounts/accounts.queries.ts';
import { AppError } from '../errors.ts';
import { completionInputSchema, programmeDetailsSchema, programmeSchema, thingSchema } from '../programmes/programmes.schemas.ts';
import { carryOver, exportProgramme, runAgain } from '../programmes/runs.service.ts';
import type { AppEnv } from '../ui/env.ts';
import { viewerOrThrow } from '../ui/request.ts';
import { createApiRouter } from './router.ts';
import { bearerSecurity, ErrorBody, errorResponses } from './schemas.ts';

/** /api/v1 calls for programmes, Things, enrolment, progress, completions and certificates. */
export const programmesApi = createApiRouter();

const json = <T extends z.ZodType>(schema: T, description = 'OK') => ({ description, content: { 'application/json': { schema } } });

const ThingOut = z
  .object({
    number: z.number().int(),
    title: z.string(),
    week: z.number().int(),
    opensAt: z.string().openapi({ description: 'Start of its week, ISO-8601 UTC' }),
    dueAt: z.string().openapi({ description: 'End of its week (the start of the next), ISO-8601 UTC' }),
    required: z.boolean(),
    brief: z.string().openapi({ description: 'Markdown' }),
    tags: z.array(z.string()),
    published: z.boolean(),
    url: z.string(),
  })
  .openapi('Thing');

const ProgrammeSummary = z
  .object({
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    startsOn: z.string(),
    enrolment: z.enum(['open', 'approval', 'invite']),
    visibility: z.enum(['public', 'members']),
    url: z.string(),
  })
  .openapi('ProgrammeSummary');

const ProgrammeOut = ProgrammeSummary.extend({
  catchUpWeeks: z.array(z.number().int()),
  weeks: z.number().int(),
  things: z.array(ThingOut),
}).openapi('Programme');

// Request bodies are the programmes capability's own schemas, named for the document (decision 008).
const ThingIn = thingSchema.meta({ id: 'NewThing' });
const ProgrammeIn = programmeSchema.meta({ id: 'NewProgramme' });
// A new run: the programme's own rules for its address and start; the title is kept unless given.
const NewRun = programmeDetailsSchema
  .pick({ slug: true, startsOn: true })
  .extend({
    title: z
      .string({ error: 'Give the new run’s title as text, or leave it out to keep this one’s.' })
      .max(120, 'Use at most 120 characters.')
      .optional()
      .openapi({ description: 'Default: the earlier run’s title' }),
  })
  .meta({ id: 'NewRun' });

const Progress = z
  .object({
    done: z.array(z.number().int()),
    due: z.array(z.number().int()).openapi({ description: 'Required Things past due and not done' }),
    weeksBehind: z
      .number()
      .int()
      .openapi({ description: 'Past weeks still holding a required Thing not done (catch-up weeks and optional Things never count)' }),
    next: z.object({ number: z.number().int() }).nullable(),
    status: z.enum(['not-started', 'on-track', 'behind', 'ahead', 'finished']),
    requiredDone: z.number().int(),
    requiredTotal: z.number().int(),
    currentWeek: z.number().int(),
    plan: z.array(
      z.object({
        week: z.number().int(),
        startsOn: z.string(),
        catchUp: z.boolean(),
        scheduled: z.array(z.number().int()),
        catchUpThings: z.array(z.number().int()),
      }),
    ),
  })
  .openapi('Progress');

const slugParam = z.object({ slug: z.string() });
// A path parameter is always present: coercion alone would document it as optional and nullable.
const thingNumberParam = z.coerce
  .number()
  .int()
  .openapi({ type: 'integer', param: { required: true } });

function summary(
  c: Context<AppEnv>,
  p: {
    slug: string;
    title: string;
    description: string;
    starts_on?: string;
    startsOn?: string;
    enrolment: 'open' | 'approval' | 'invite';
    visibility: 'public' | 'members';
  },
) {
  return {
    slug: p.slug,
    title: p.title,
    description: p.description,
    startsOn: (p.startsOn ?? p.starts_on)!,
    enrolment: p.enrolment,
    visibility: p.visibility,
    url: `${c.get('ctx').config.baseUrl}/programmes/${p.slug}`,
  };
}

function programmeOut(c: Context<AppEnv>, programme: Programme) {
  const base = `${c.get('ctx').config.baseUrl}/programmes/${programme.slug}`;
  return {
    ...summary(c, programme),
    catchUpWeeks: programme.catchUpWeeks,
    weeks: programme.weeks,
    things: visibleThings(c.get('viewer'), programme).map((t) => ({
      number: t.number,
      title: t.title,
      week: t.week,
      opensAt: t.opensAt,
      dueAt: t.dueAt,
      required: t.required,
      brief: t.brief,
      tags: t.tags,
      published: t.published,
      url: `${base}/things/${t.number}`,
    })),
  };
}

programmesApi.openapi(
  createRoute({
    method: 'get',
    path: '/programmes',
    tags: ['Programmes'],
    summary: 'Programmes the caller may see, latest start first',
    responses: { 200: json(z.object({ items: z.array(ProgrammeSummary), next: z.string().nullable() })) },
  }),
  async (c) => {
    const rows = await listProgrammes(c.get('ctx'), c.get('viewer'));
    return c.json({ items: rows.map((r) => summary(c, r)), next: null }, 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes',
    tags: ['Programmes'],
    summary: 'Create a programme with its Things (organisers)',
    security: bearerSecurity,
    request: { body: { content: { 'application/json': { schema: ProgrammeIn } }, required: true } },
    responses: { 201: json(z.object({ slug: z.string(), url: z.string() }), 'Created'), ...errorResponses(400, 401, 403, 409) },
  }),
  async (c) => {
    const programme = await createProgramme(c.get('ctx'), viewerOrThrow(c), c.req.valid('json'));
    return c.json({ slug: programme.slug, url: `${c.get('ctx').config.baseUrl}/programmes/${programme.slug}` }, 201);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'get',
    path: '/programmes/{slug}',
    tags: ['Programmes'],
    summary: 'One programme with its Things',
    request: { params: slugParam },
    responses: { 200: json(ProgrammeOut), ...errorResponses(404) },
  }),
  async (c) => {
    const programme = await programmeForViewer(c.get('ctx'), c.get('viewer'), c.req.valid('param').slug);
    return c.json(programmeOut(c, programme), 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/things',
    tags: ['Programmes'],
    summary: 'Add a Thing (organisers)',
    security: bearerSecurity,
    request: { params: slugParam, body: { content: { 'application/json': { schema: ThingIn } }, required: true } },
    responses: {
      201: json(z.object({ number: z.number().int(), url: z.string() }), 'Created'),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const programme = await programmeForOrganiser(ctx, viewerOrThrow(c), c.req.valid('param').slug);
    const thing = await addThing(ctx, c.get('viewer'), programme, c.req.valid('json'));
    return c.json({ number: thing.number, url: `${ctx.config.baseUrl}/programmes/${programme.slug}/things/${thing.number}` }, 201);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/enrolment',
    tags: ['Programmes'],
    summary: 'Enrol the caller (201); already enrolled (200). Approval programmes answer status "pending".',
    security: bearerSecurity,
    request: {
      params: slugParam,
      body: {
        content: {
          'application/json': {
            schema: z.object({ invite: z.string({ error: 'Give the invite code from the link as text.' }).optional() }),
          },
        },
        required: false,
      },
    },
    responses: {
      200: json(z.object({ status: z.enum(['active', 'pending']) }), 'Already enrolled'),
      201: json(z.object({ status: z.enum(['active', 'pending']) }), 'Enrolled'),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const programme = await programmeForViewer(c.get('ctx'), viewer, c.req.valid('param').slug);
    let invite: string | undefined;
    try {
      invite = ((await c.req.json()) as { invite?: string }).invite;
    } catch {
      invite = undefined;
    }
    const result = await enrol(c.get('ctx'), viewer, programme, invite);
    return c.json({ status: result.status }, result.created ? 201 : 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'delete',
    path: '/programmes/{slug}/enrolment',
    tags: ['Programmes'],
    summary: 'Leave a programme (completions are kept)',
    security: bearerSecurity,
    request: { params: slugParam },
    responses: { 204: { description: 'Left' }, ...errorResponses(401, 404) },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const programme = await programmeForViewer(c.get('ctx'), viewer, c.req.valid('param').slug);
    await leave(c.get('ctx'), viewer, programme);
    return c.body(null, 204);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'get',
    path: '/programmes/{slug}/progress',
    tags: ['Programmes'],
    summary: "The caller's standing, computed from the clock, with a catch-up plan",
    description:
      'Only for participants: a caller who is not enrolled (or whose enrolment awaits approval) gets 404 with code `not_enrolled`.',
    security: bearerSecurity,
    request: { params: slugParam },
    responses: {
      200: json(Progress),
      ...errorResponses(401),
      404: {
        description: 'No such programme (code `not_found`), or the caller is not enrolled in it (code `not_enrolled`)',
        content: { 'application/json': { schema: ErrorBody } },
      },
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const programme = await programmeForViewer(c.get('ctx'), viewer, c.req.valid('param').slug);
    const p = await participantProgress(c.get('ctx'), programme, viewer.id);
    return c.json({ ...p, next: p.next === null ? null : { number: p.next } }, 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/things/{number}/completions',
    tags: ['Programmes'],
    summary: 'Mark a Thing done for a participant, with a note (organisers)',
    security: bearerSecurity,
    request: {
      params: z.object({ slug: z.string(), number: thingNumberParam }),
      body: { content: { 'application/json': { schema: completionInputSchema } }, required: true },
    },
    responses: {
      200: json(z.object({ created: z.boolean() }), 'Note replaced'),
      201: json(z.object({ created: z.boolean() }), 'Marked done'),
      ...errorResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const { slug, number } = c.req.valid('param');
    const programme = await programmeForViewer(c.get('ctx'), viewer, slug);
    const result = await markDone(c.get('ctx'), viewer, programme, number, c.req.valid('json'));
    return c.json(result, result.created ? 201 : 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'get',
    path: '/me/credentials',
    tags: ['Certificates'],
    summary: "The caller's certificates",
    security: bearerSecurity,
    responses: {
      200: json(
        z.object({
          items: z.array(z.object({ id: z.string(), programme: z.string(), url: z.string(), issuedAt: z.string(), revoked: z.boolean() })),
          next: z.string().nullable(),
        }),
      ),
      ...errorResponses(401),
    },
  }),
  async (c) => {
    const items = await listMyCredentials(c.get('ctx'), viewerOrThrow(c).id);
    return c.json({ items: items.map(({ programmeTitle: _t, ...rest }) => rest), next: null }, 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'get',
    path: '/credentials/{id}/verification',
    tags: ['Certificates'],
    summary: 'Verify a certificate: checks the signature against the issuer key, and revocation',
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: json(z.object({ valid: z.boolean(), revoked: z.boolean() })), ...errorResponses(404) },
  }),
  async (c) => c.json(await verifyCredential(c.get('ctx'), c.req.valid('param').id), 200),
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/credentials/{id}/revocation',
    tags: ['Certificates'],
    summary: 'Revoke a certificate (organisers)',
    security: bearerSecurity,
    request: { params: z.object({ id: z.string() }) },
    responses: { 204: { description: 'Revoked' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    await revokeCredential(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').id);
    return c.body(null, 204);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'get',
    path: '/programmes/{slug}/export',
    tags: ['Programmes'],
    summary: 'The programme as a portable document (organisers); POST it to /programmes to import it elsewhere',
    security: bearerSecurity,
    request: { params: slugParam },
    responses: {
      200: json(ProgrammeIn.extend({ format: z.literal('commonplace-programme'), version: z.number().int() })),
      ...errorResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const programme = await programmeForOrganiser(c.get('ctx'), viewerOrThrow(c), c.req.valid('param').slug);
    return c.json(exportProgramme(programme) as never, 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/runs',
    tags: ['Programmes'],
    summary: 'Run a programme again: a copy of its Things on new dates (organisers)',
    security: bearerSecurity,
    request: {
      params: slugParam,
      body: {
        content: { 'application/json': { schema: NewRun } },
        required: true,
      },
    },
    responses: { 201: json(z.object({ slug: z.string(), url: z.string() }), 'Created'), ...errorResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const programme = await programmeForOrganiser(ctx, viewer, c.req.valid('param').slug);
    const next = await runAgain(ctx, viewer, programme, c.req.valid('json'));
    return c.json({ slug: next.slug, url: `${ctx.config.baseUrl}/programmes/${next.slug}` }, 201);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/carry-over',
    tags: ['Programmes'],
    summary: "Carry the caller's completed Things over from the earlier run (enrols her if needed)",
    security: bearerSecurity,
    request: { params: slugParam },
    responses: { 200: json(z.object({ carried: z.array(z.number().int()) })), ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const viewer = viewerOrThrow(c);
    const programme = await programmeForViewer(c.get('ctx'), viewer, c.req.valid('param').slug);
    return c.json({ carried: await carryOver(c.get('ctx'), viewer, programme) }, 200);
  },
);

// The organisers' page actions, each a thin call to the service the page uses.

const ProgrammeDetailsIn = programmeDetailsSchema.omit({ slug: true }).meta({ id: 'ProgrammeDetails' });

programmesApi.openapi(
  createRoute({
    method: 'put',
    path: '/programmes/{slug}',
    tags: ['Programmes'],
    summary: "Replace a programme's details (organisers); its slug and Things stay, left-out fields take their defaults",
    security: bearerSecurity,
    request: { params: slugParam, body: { content: { 'application/json': { schema: ProgrammeDetailsIn } }, required: true } },
    responses: { 200: json(ProgrammeOut), ...errorResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const { slug } = c.req.valid('param');
    await updateProgramme(ctx, viewer, await programmeForOrganiser(ctx, viewer, slug), c.req.valid('json'));
    return c.json(programmeOut(c, await programmeForOrganiser(ctx, viewer, slug)), 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'put',
    path: '/programmes/{slug}/things/{number}',
    tags: ['Programmes'],
    summary: 'Replace a Thing (organisers); it may take a new number',
    security: bearerSecurity,
    request: {
      params: z.object({ slug: z.string(), number: thingNumberParam }),
      body: { content: { 'application/json': { schema: ThingIn } }, required: true },
    },
    responses: {
      200: json(z.object({ number: z.number().int(), url: z.string() })),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const { slug, number } = c.req.valid('param');
    const programme = await programmeForOrganiser(ctx, viewer, slug);
    const body = c.req.valid('json');
    await updateThing(ctx, viewer, programme, thingByNumber(viewer, programme, number), body);
    return c.json({ number: body.number, url: `${ctx.config.baseUrl}/programmes/${programme.slug}/things/${body.number}` }, 200);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/things/{number}/publication',
    tags: ['Programmes'],
    summary: 'Publish a draft Thing to the participants (organisers)',
    security: bearerSecurity,
    request: { params: z.object({ slug: z.string(), number: thingNumberParam }) },
    responses: { 204: { description: 'Published' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const { slug, number } = c.req.valid('param');
    const programme = await programmeForOrganiser(ctx, viewer, slug);
    await publishThing(ctx, viewer, programme, thingByNumber(viewer, programme, number));
    return c.body(null, 204);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/nudges',
    tags: ['Programmes'],
    summary: 'Send a templated nudge to a group of participants (organisers; at most three an hour)',
    description: 'The subject and body may use {name}, {programme}, {weeksBehind}, {next} and {link}, filled in per person.',
    security: bearerSecurity,
    request: {
      params: slugParam,
      body: { content: { 'application/json': { schema: nudgeInputSchema.meta({ id: 'Nudge' }) } }, required: true },
    },
    responses: {
      201: json(z.object({ recipients: z.number().int() }), 'Sent'),
      ...errorResponses(400, 401, 403, 404, 422, 429),
    },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const programme = await programmeForOrganiser(ctx, viewer, c.req.valid('param').slug);
    const { recipients } = await sendNudge(ctx, viewer, programme, c.req.valid('json'));
    return c.json({ recipients }, 201);
  },
);

programmesApi.openapi(
  createRoute({
    method: 'post',
    path: '/programmes/{slug}/enrolments/{handle}/approval',
    tags: ['Programmes'],
    summary: "Approve a member's request to enrol in an approval programme (organisers)",
    security: bearerSecurity,
    request: { params: z.object({ slug: z.string(), handle: z.string() }) },
    responses: { 204: { description: 'Enrolled' }, ...errorResponses(401, 403, 404) },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const viewer = viewerOrThrow(c);
    const { slug, handle } = c.req.valid('param');
    const programme = await programmeForOrganiser(ctx, viewer, slug);
    const member = await findUserByHandle(ctx.db, handle.replace(/^@/, ''));
    if (!member) throw new AppError('not_found', 'That request to enrol is gone.');
    await approveEnrolment(ctx, viewer, programme, member.id);
    return c.body(null, 204);
  },
);
