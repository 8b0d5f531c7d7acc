import type { AppContext } from '../context.ts';
import { defineCache, tags } from '../cache/index.ts';
import { listMemberAnswers } from './programmes.queries.ts';
import { enrolledProgrammes, progressOf, type Progress } from './programmes.service.ts';

export interface ProgrammeSummary {
  readonly slug: string;
  readonly title: string;
  readonly progress: Progress;
  readonly next: { number: number; title: string } | null;
  /** Her latest posts answering its Things: written here (link to the post) or on her own blog (link home). */
  readonly posts: ReadonlyArray<{ title: string; url: string; thing: number; external: boolean; at: string }>;
}

// The dashboard is most members' first page on every visit; its summaries change only with her
// writes (enrolments, completions, posts), the programmes' (any write to Things drops all) or, for
// standing, with the clock: kept per member and minute.
const keptSummaries = defineCache<ProgrammeSummary[]>({ name: 'dashboard-summaries', ttlMs: 60_000, maxEntries: 5_000 });

/** What the dashboard shows for each programme a member is enrolled in. */
export function programmeSummaries(ctx: AppContext, userId: string): Promise<ProgrammeSummary[]> {
  const minute = Math.floor(ctx.clock.now().getTime() / 60_000);
  return ctx.cache.use(keptSummaries).remember(`${userId}|${minute}`, [tags.member(userId)], () => summarise(ctx, userId));
}

async function summarise(ctx: AppContext, userId: string): Promise<ProgrammeSummary[]> {
  const out: ProgrammeSummary[] = [];
  for (const p of await enrolledProgrammes(ctx, userId)) {
    const progress = await progressOf(ctx, p, userId);
    const next = p.things.find((t) => t.number === progress.next);
    const posts = (await listMemberAnswers(ctx.db, p.id, userId)).map((r) => ({
      title: r.post_title ?? `Thing ${r.thing_number}`,
      url: r.post_url ?? `/programmes/${p.slug}/things/${r.thing_number}`,
      thing: r.thing_number,
      external: r.source === 'external',
      at: r.completed_at,
    }));
    out.push({ slug: p.slug, title: p.title, progress, next: next ? { number: next.number, title: next.title } : null, posts });
  }
  return out;
}
