// express-session store over the sessions table (server/sessions/repo.ts), so that every app process
// sees every session. A session ends when idle past the cookie's rolling expiry or when it is older
// than its absolute lifetime, whichever comes first.
import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { deleteSession, extendSession, findSession, saveSession } from '../sessions/repo.js';

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** Settles an express-session callback from a promise. */
const settle = (done: Promise<void>, cb?: Callback) => void done.then(() => cb?.(), (err) => cb?.(err));

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
    findSession(this.db, sid).then((data) => {
      const sess: session.SessionData | undefined = data === undefined ? undefined : JSON.parse(data);
      const over = sess?.signedInAt !== undefined && sess.signedInAt + this.lifetimeMs <= Date.now();
      cb(undefined, sess && !over ? sess : null);
    }, cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    settle(saveSession(this.db, sid, sess.userId ?? null, JSON.stringify(sess), this.expiry(sess)), cb);
  }

  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    settle(extendSession(this.db, sid, this.expiry(sess)), cb);
  }

  override destroy(sid: string, cb?: Callback): void {
    settle(deleteSession(this.db, sid), cb);
  }
}
