import type { AppContext } from '../context.ts';
import { enrolledProgrammes, progressOf, type Progress } from './programmes.service.ts';

export interface ProgrammeSummary {
  readonly slug: string;
  readonly title: string;
  readonly progress: Progress;
  readonly next: { number: number; title: string } | null;
}

/** What the dashboard shows for each programme a member is enrolled in. */
export async function programmeSummaries(ctx: AppContext, userId: string): Promise<ProgrammeSummary[]> {
  const out: ProgrammeSummary[] = [];
  for (const p of await enrolledProgrammes(ctx, userId)) {
    const progress = await progressOf(ctx, p, userId);
    const next = p.things.find((t) => t.number === progress.next);
    out.push({ slug: p.slug, title: p.title, progress, next: next ? { number: next.number, title: next.title } : null });
  }
  return out;
}
