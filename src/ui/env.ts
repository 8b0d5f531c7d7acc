import type { AppContext } from '../context.ts';
import type { Account } from '../viewer.ts';
import type { Flash } from './flash.ts';

/** What the page frame shows of the signed-in viewer beyond her account (the shell fills it in). */
export interface LayoutData {
  /** Unread notifications, shown beside the navigation link. */
  readonly unread: number;
}

/** What a request carries through the middleware chain. */
export interface AppEnv {
  Variables: {
    ctx: AppContext;
    requestId: string;
    /** The signed-in person, by session cookie or bearer token. */
    viewer: Account | undefined;
    /** Set when signed in by cookie (not by token): the session's id. */
    sessionId: string | undefined;
    flash: Flash | undefined;
    /** Reads what the layout shows for the viewer, only when a page is rendered; set by the shell's middleware. */
    layoutData: (() => Promise<LayoutData>) | undefined;
    /** What the page shows, for the page cache (see pageShows in request.ts); unset: it may show anything. */
    pageTags: Set<string> | undefined;
  };
}
