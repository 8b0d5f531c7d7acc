import type { AppContext } from '../context.ts';
import { checkPostLink, recordPostCompletion, withdrawPostCompletion } from './completions.service.ts';

/** Programmes listen to posts: a post that links a Thing completes it (see completions.service.ts). */
export function registerProgrammeHandlers(ctx: AppContext): void {
  ctx.events.on('post.checking', (event) => checkPostLink(ctx, event));
  ctx.events.on('post.published', (event) => recordPostCompletion(ctx, event));
  ctx.events.on('post.withdrawn', (event) => withdrawPostCompletion(ctx, event));
}
