import type { Role } from './db/schema.ts';

/** The signed-in person as pages and the API see them: what the shell, the UI kit and every
 * capability know of a viewer without importing accounts. */
export interface Account {
  readonly id: string;
  readonly handle: string;
  readonly displayName: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly roles: readonly Role[];
}
