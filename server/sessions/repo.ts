// Data access for the sessions table. Ids are stored as their SHA-256: a copy of the table (a backup,
// a leaked dump) holds nothing a browser could send back.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

export const hashSessionId = (sid: string): string => createHash('sha256').update(sid).digest('hex');

/** The stored session data and when it expires, unless it has expired. */
export async function findSession(db: Kysely<Database>, sid: string): Promise<{ data: string; expiresAt: string } | undefined> {
  const row = await db.selectFrom('sessions').select(['data', 'expires_at']).where('sid', '=', hashSessionId(sid)).executeTakeFirst();
  return row && row.expires_at > nowIso() ? { data: row.data, expiresAt: row.expires_at } : undefined;
}

export async function saveSession(db: Kysely<Database>, sid: string, userId: string | null, data: string, expiresAt: string): Promise<void> {
  const row = { sid: hashSessionId(sid), user_id: userId, data, expires_at: expiresAt };
  await db
    .insertInto('sessions')
    .values(row)
    .onConflict((oc) => oc.column('sid').doUpdateSet({ user_id: row.user_id, data: row.data, expires_at: row.expires_at }))
    .execute();
}

export async function extendSession(db: Kysely<Database>, sid: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ expires_at: expiresAt }).where('sid', '=', hashSessionId(sid)).execute();
}

export async function deleteSession(db: Kysely<Database>, sid: string): Promise<void> {
  await db.deleteFrom('sessions').where('sid', '=', hashSessionId(sid)).execute();
}

/** Ends every session of a user, in every browser and process ("sign out everywhere"). */
export async function endSessionsOf(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SessionRow {
  /** The stored id (a hash): names the session in forms without being usable as a cookie. */
  key: string;
  data: string;
  expiresAt: string;
}

/** The user's open sessions. */
export async function sessionsOf(db: Kysely<Database>, userId: string): Promise<SessionRow[]> {
  const rows = await db.selectFrom('sessions').select(['sid', 'data', 'expires_at']).where('user_id', '=', userId).where('expires_at', '>', nowIso()).execute();
  return rows.map((r) => ({ key: r.sid, data: r.data, expiresAt: r.expires_at }));
}

/** Ends one session of the user, named by its stored key. */
export async function endSessionOf(db: Kysely<Database>, userId: string, key: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('sid', '=', key).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** Ends every session of the user but the one with session id `keepSid` (this browser's). */
export async function endOtherSessionsOf(db: Kysely<Database>, userId: string, keepSid: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).where('sid', '!=', hashSessionId(keepSid)).executeTakeFirst();
  return Number(result.numDeletedRows);
}
