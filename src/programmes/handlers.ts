import type { AppContext } from '../context.ts';
import { provideThingDirectory } from '../external-blogs/thing-directory.ts';
import { checkPostLink, recordPostCompletion, withdrawPostCompletion } from './completions.service.ts';
import { thingsOfEnrolledProgrammes } from './programmes.queries.ts';

/** Programmes listen to posts: a post that links a Thing completes it (see completions.service.ts). */
export function registerProgrammeHandlers(ctx: AppContext): void {
  ctx.events.on('post.checking', (event) => checkPostLink(ctx, event));
  ctx.events.on('post.published', (event) => recordPostCompletion(ctx, event));
  ctx.events.on('post.withdrawn', (event) => withdrawPostCompletion(ctx, event));
}

/** Programmes tell the external-blogs matcher which Things a member could be answering. */
export function provideProgrammeThings(ctx: AppContext): void {
  provideThingDirectory(ctx, {
    async thingsForMember(ctx, userId) {
      const found = await thingsOfEnrolledProgrammes(ctx.db, userId);
      return found.map(({ programme, thing }) => ({
        programme,
        number: thing.number,
        title: thing.title,
        tags: thing.tags,
        url: `${ctx.config.baseUrl}/programmes/${programme}/things/${thing.number}`,
      }));
    },
  });
}
