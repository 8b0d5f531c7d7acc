import type { AppContext } from './context.ts';
import { providePostDiscussions } from './blogs/comments.service.ts';
import { registerMediaHandlers } from './blogs/media.service.ts';
import { provideProgrammeThings, registerProgrammeHandlers } from './programmes/handlers.ts';

/**
 * Which capability listens to which event: the one place that wires them together.
 * (Each capability exports a `register…Handlers(ctx)`; add it here.)
 */
export function registerEventHandlers(ctx: AppContext): void {
  registerProgrammeHandlers(ctx);
  provideProgrammeThings(ctx);
  registerMediaHandlers(ctx);
  providePostDiscussions(ctx);
}
