import type { Migration } from 'kysely/migration';
import * as accounts from './2026-11-28T0410-accounts.ts';
import * as notifications from './2026-11-28T0430-notifications.ts';
import * as blogs from './2026-11-28T0500-blogs.ts';
import * as programmes from './2026-11-28T0510-programmes.ts';
import * as externalBlogs from './2026-11-28T0600-external-blogs.ts';
import * as programmeFeeds from './2026-11-28T0610-programme-feeds.ts';
import * as media from './2026-11-28T0700-media.ts';
import * as enrolmentStatus from './2026-11-28T1600-enrolment-status.ts';
import * as discussions from './2026-12-01T2110-discussions.ts';

/**
 * Every migration, in order. Named by the time they were written; never edit one once it has
 * landed on main — add a new one instead.
 */
export const migrations: Record<string, Migration> = {
  '2026-11-28T0410-accounts': accounts,
  '2026-11-28T0430-notifications': notifications,
  '2026-11-28T0500-blogs': blogs,
  '2026-11-28T0510-programmes': programmes,
  '2026-11-28T0600-external-blogs': externalBlogs,
  '2026-11-28T0610-programme-feeds': programmeFeeds,
  '2026-11-28T0700-media': media,
  '2026-11-28T1600-enrolment-status': enrolmentStatus,
  '2026-12-01T2110-discussions': discussions,
};
