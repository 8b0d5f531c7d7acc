import type { Account } from '../accounts/accounts.service.ts';
import type { AppContext } from '../context.ts';
import type { Flash } from './flash.ts';

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
  };
}
