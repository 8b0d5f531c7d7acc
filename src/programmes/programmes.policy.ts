import type { Account } from '../accounts/accounts.service.ts';
import type { Visibility } from '../db/schema.ts';

/** Who may do what with programmes: pure functions of the viewer and the thing. */

type Viewer = Pick<Account, 'id' | 'roles'> | undefined;

/** Organisers are a team: anyone with the organiser (or admin) role may create and run programmes. */
export const canCreateProgramme = (viewer: Viewer): boolean =>
  !!viewer && (viewer.roles.includes('organiser') || viewer.roles.includes('admin'));

export const canManageProgramme = (viewer: Viewer, _programme?: { createdBy: string | null }): boolean => canCreateProgramme(viewer);

/** Public programmes are for everyone; members-only ones for anyone signed in. */
export const canSeeProgramme = (viewer: Viewer, programme: { visibility: 'public' | 'members' }): boolean =>
  programme.visibility === 'public' || !!viewer;

/** A Thing in draft is seen only by organisers. */
export const canSeeThing = (
  viewer: Viewer,
  programme: { visibility: 'public' | 'members'; createdBy: string | null },
  thing: { published: boolean },
): boolean => canSeeProgramme(viewer, programme) && (thing.published || canManageProgramme(viewer, programme));

/**
 * A participant's post listed under a Thing: public to everyone, members posts to signed-in members,
 * private ones to their author alone — and connections posts to her alone too, as nobody is connected
 * until the network capability provides connections (blogs' canSeePost, src/relations.ts).
 */
export const canSeePost = (viewer: Viewer, post: { visibility: Visibility; userId: string }): boolean => {
  if (post.visibility === 'public') return true;
  if (!viewer) return false;
  if (post.visibility === 'private' || post.visibility === 'connections') return viewer.id === post.userId;
  return true;
};
