import type { AppContext } from '../context.ts';
import type { ThingCandidate } from './matching.ts';

/**
 * THE SEAM to programmes: which Things a member could be answering (those of the programmes she is
 * enrolled in), as candidates for matching her external posts. Feeds never reads programme tables;
 * the programmes capability provides a directory at start-up (in src/handlers.ts):
 *
 *   provideThingDirectory(ctx, { thingsForMember: (ctx, userId) => … });
 *
 * Until one is provided, there are no candidates and every post waits unmatched.
 */
export interface ThingDirectory {
  thingsForMember(ctx: AppContext, userId: string): Promise<readonly ThingCandidate[]>;
}

export const noThings: ThingDirectory = { thingsForMember: async () => [] };

const directories = new WeakMap<AppContext, ThingDirectory>();

export function provideThingDirectory(ctx: AppContext, directory: ThingDirectory): void {
  directories.set(ctx, directory);
}

export function thingDirectory(ctx: AppContext): ThingDirectory {
  return directories.get(ctx) ?? noThings;
}
