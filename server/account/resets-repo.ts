// Data access for password-reset links: single-use, expiring, stored as the token's SHA-256.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function insertPasswordReset(
  db: Kysely<Database>,
  input: { tokenHash: string; userId: string; createdBy: string; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('password_resets')
    .values({ token_hash: input.tokenHash, user_id: input.userId, created_by: input.createdBy, created_at: input.createdAt, expires_at: input.expiresAt, used_at: null })
    .execute();
}

export function findPasswordReset(db: Kysely<Database>, tokenHash: string) {
  return db.selectFrom('password_resets').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Uses the link if it is still unused and unexpired; false when it is not (or another request used it first). */
export async function claimPasswordReset(db: Kysely<Database>, tokenHash: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A new password makes every other open link of the user worthless. */
export async function closeResetsOf(db: Kysely<Database>, userId: string, now: string): Promise<void> {
  await db.updateTable('password_resets').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

export async function setPassword(db: Kysely<Database>, userId: string, passwordHash: string, now: string): Promise<void> {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: now }).where('id', '=', userId).execute();
}
