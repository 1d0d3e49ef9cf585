// Data access for personal access tokens (api_tokens): only the SHA-256 of a token is ever stored.
import type { Kysely } from 'kysely';
import type { ApiTokensTable, Database, User } from '../db/schema.js';

export type ApiTokenRow = ApiTokensTable;

export async function insertToken(db: Kysely<Database>, row: ApiTokenRow): Promise<void> {
  await db.insertInto('api_tokens').values(row).execute();
}

/** A user's tokens, newest first (revoked ones too: the list shows when they were revoked). */
export function tokensOf(db: Kysely<Database>, userId: string): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(200).execute();
}

/** Revokes one of the user's live tokens and returns it; undefined when there is no such token (or it was already revoked). */
export async function markRevoked(db: Kysely<Database>, userId: string, tokenId: string, by: string, at: string): Promise<ApiTokenRow | undefined> {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: at, revoked_by: by })
    .where('id', '=', tokenId)
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** The token with this hash and its user. */
export async function findByHash(db: Kysely<Database>, hash: string): Promise<{ token: ApiTokenRow; user: User } | undefined> {
  const token = await db.selectFrom('api_tokens').selectAll().where('token_hash', '=', hash).executeTakeFirst();
  if (!token) return undefined;
  const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst();
  return user ? { token, user } : undefined;
}

/** Records a use; at most one write per token and minute (`staleBefore`), so reads stay reads. */
export async function touchLastUsed(db: Kysely<Database>, tokenId: string, at: string, staleBefore: string): Promise<void> {
  await db
    .updateTable('api_tokens')
    .set({ last_used_at: at })
    .where('id', '=', tokenId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', staleBefore)]))
    .execute();
}
