// Housekeeping every process may run (it is idempotent): expired sessions and rate-limit counters.
import type { Kysely } from 'kysely';
import { nowIso } from './ids.js';
import type { Database } from './schema.js';

export async function pruneExpired(db: Kysely<Database>): Promise<{ sessions: number; rateLimits: number }> {
  const now = nowIso();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  const rateLimits = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  return { sessions: Number(sessions.numDeletedRows), rateLimits: Number(rateLimits.numDeletedRows) };
}
