// express-session store in the database, so that every app process sees every session.
// Ids are stored as their SHA-256: a copy of the table (a backup, a leaked dump) holds nothing a
// browser could send back. A session ends when idle past the cookie's rolling expiry or when it is
// older than its absolute lifetime, whichever comes first.
import { createHash } from 'node:crypto';
import session from 'express-session';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

type Callback<T = void> = (err?: unknown, value?: T) => void;

export const hashSessionId = (sid: string): string => createHash('sha256').update(sid).digest('hex');

export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly idleMs: number,
    private readonly lifetimeMs: number,
  ) {
    super();
  }

  private expiry(sess: session.SessionData): string {
    const idle = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + this.idleMs;
    const absolute = sess.signedInAt ? sess.signedInAt + this.lifetimeMs : Infinity;
    return new Date(Math.min(idle, absolute)).toISOString();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', hashSessionId(sid))
      .executeTakeFirst()
      .then((row) => {
        const sess: session.SessionData | undefined = row && row.expires_at > nowIso() ? JSON.parse(row.data) : undefined;
        const over = sess?.signedInAt !== undefined && sess.signedInAt + this.lifetimeMs <= Date.now();
        cb(undefined, sess && !over ? sess : null);
      }, cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const row = { sid: hashSessionId(sid), user_id: sess.userId ?? null, data: JSON.stringify(sess), expires_at: this.expiry(sess) };
    this.db
      .insertInto('sessions')
      .values(row)
      .onConflict((oc) => oc.column('sid').doUpdateSet({ user_id: row.user_id, data: row.data, expires_at: row.expires_at }))
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    this.db
      .updateTable('sessions')
      .set({ expires_at: this.expiry(sess) })
      .where('sid', '=', hashSessionId(sid))
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', hashSessionId(sid))
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }
}

/** Ends every session of a user, in every browser and process ("sign out everywhere"). */
export async function endSessionsOf(db: Kysely<Database>, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
