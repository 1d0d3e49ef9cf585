// express-session store in the database, so that every app process sees every session.
import session from 'express-session';
import type { Kysely } from 'kysely';
import { nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

const DAY_MS = 24 * 3600 * 1000;

type Callback<T = void> = (err?: unknown, value?: T) => void;

export class DatabaseSessionStore extends session.Store {
  constructor(private readonly db: Kysely<Database>) {
    super();
  }

  private expiry(sess: session.SessionData): string {
    const expires = sess.cookie?.expires ? new Date(sess.cookie.expires) : new Date(Date.now() + DAY_MS);
    return expires.toISOString();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    this.db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .executeTakeFirst()
      .then((row) => cb(undefined, row && row.expires_at > nowIso() ? JSON.parse(row.data) : null), cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const row = { sid, data: JSON.stringify(sess), expires_at: this.expiry(sess) };
    this.db
      .insertInto('sessions')
      .values(row)
      .onConflict((oc) => oc.column('sid').doUpdateSet({ data: row.data, expires_at: row.expires_at }))
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    this.db
      .updateTable('sessions')
      .set({ expires_at: this.expiry(sess) })
      .where('sid', '=', sid)
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }

  override destroy(sid: string, cb?: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('sid', '=', sid)
      .execute()
      .then(() => cb?.(), (err) => cb?.(err));
  }
}
