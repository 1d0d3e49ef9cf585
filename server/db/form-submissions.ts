// Data access for one-time form tokens already used. The primary key makes using a token atomic on
// both backends: of several transactions inserting the same token, one commits and the others fail
// with a unique violation (PostgreSQL makes them wait for the first to commit or roll back).
import type { Kysely, Transaction } from 'kysely';
import { nowIso } from './ids.js';
import type { Database } from './schema.js';

/** How long a form view's token is accepted; used tokens are kept twice as long, then pruned. */
export const ONCE_TOKEN_TTL_MS = 24 * 3600 * 1000;

/**
 * Handed by a route to the service doing a form's action: the service calls it first thing inside
 * its transaction with the id of what the form makes or changes (e.g. the new assessment's id).
 */
export type OnceGuard = (trx: Transaction<Database>, resultId: string) => Promise<void>;

export async function insertFormSubmission(
  trx: Kysely<Database>,
  row: { token: string; userId: string; purpose: string; result: string },
): Promise<void> {
  await trx
    .insertInto('form_submissions')
    .values({ token: row.token, user_id: row.userId, purpose: row.purpose, result: row.result, created_at: nowIso() })
    .execute();
}

export async function findFormSubmission(db: Kysely<Database>, token: string) {
  return db.selectFrom('form_submissions').select(['user_id', 'purpose', 'result']).where('token', '=', token).executeTakeFirst();
}
