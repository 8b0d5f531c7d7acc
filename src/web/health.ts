import type { Context } from 'hono';
import type { AppEnv } from '../ui/env.ts';

/** 200 once the database answers, 503 otherwise (for load balancers and uptime checks). */
export async function healthCheck(c: Context<AppEnv>) {
  c.header('Cache-Control', 'no-store');
  return (await c.get('ctx').db.ping()) ? c.json({ status: 'ok' }) : c.json({ status: 'unavailable' }, 503);
}
