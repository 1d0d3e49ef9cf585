// Housekeeping every process may run (it is idempotent): expired sessions, rate-limit and sign-in
// failure counters, one-time form tokens too old to be accepted again, and e-mails sent a month ago.
import { sql, type Kysely } from 'kysely';
import type { Backend } from './connect.js';
import { ONCE_TOKEN_TTL_MS } from './form-submissions.js';
import { nowIso } from './ids.js';
import type { Database } from './schema.js';

/** How long a sent notification e-mail stays in the outbox (for an operator asking whether it went out). */
const SENT_MAIL_KEPT_MS = 30 * 24 * 3600 * 1000;

export async function pruneExpired(db: Kysely<Database>): Promise<{ sessions: number; rateLimits: number; loginFailures: number; formSubmissions: number; sentMail: number }> {
  const now = nowIso();
  const tokensBefore = new Date(Date.now() - 2 * ONCE_TOKEN_TTL_MS).toISOString();
  const mailBefore = new Date(Date.now() - SENT_MAIL_KEPT_MS).toISOString();
  const sessions = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  const rateLimits = await db.deleteFrom('rate_limits').where('reset_at', '<=', now).executeTakeFirst();
  const loginFailures = await db.deleteFrom('login_failures').where('expires_at', '<=', now).executeTakeFirst();
  const formSubmissions = await db.deleteFrom('form_submissions').where('created_at', '<', tokensBefore).executeTakeFirst();
  const sentMail = await db.deleteFrom('mail_outbox').where('sent_at', '<', mailBefore).executeTakeFirst();
  return {
    sessions: Number(sessions.numDeletedRows),
    rateLimits: Number(rateLimits.numDeletedRows),
    loginFailures: Number(loginFailures.numDeletedRows),
    formSubmissions: Number(formSubmissions.numDeletedRows),
    sentMail: Number(sentMail.numDeletedRows),
  };
}

/** Keeps SQLite's planner statistics current (PostgreSQL's autovacuum analyzes on its own). */
export async function refreshPlannerStatistics(db: Kysely<Database>, backend: Backend): Promise<void> {
  if (backend === 'sqlite') await sql`pragma optimize`.execute(db);
}
