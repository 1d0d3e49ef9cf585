// express-session store over the sessions table (server/sessions/repo.ts), so that every app process
// sees every session. A session ends when idle past the cookie's rolling expiry or when it is older
// than its absolute lifetime, whichever comes first.
//
// A request that changes nothing in the session only moves its idle expiry on, and that is written at most
// once a minute (TOUCH_EVERY_MS): a page view costs a read, not a durable write. The stored expiry then lags
// the browser's cookie by under a minute, which only matters to someone idle for the whole timeout.
import session from 'express-session';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { deleteSession, extendSession, findSession, saveSession } from '../sessions/repo.js';

/** How far the idle expiry may move on before it is written again. */
export const TOUCH_EVERY_MS = 60_000;
/** How many sessions' written expiry one process remembers (the oldest are forgotten first). */
const REMEMBERED = 10_000;

type Callback<T = void> = (err?: unknown, value?: T) => void;

/** Settles an express-session callback from a promise. */
const settle = (done: Promise<void>, cb?: Callback) => void done.then(() => cb?.(), (err) => cb?.(err));

export class DatabaseSessionStore extends session.Store {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly idleMs: number,
    private readonly lifetimeMs: number,
    private readonly touchEveryMs = TOUCH_EVERY_MS,
  ) {
    super();
  }

  /** The expiry last read or written for each session id, in this process (a Map keeps insertion order). */
  private readonly written = new Map<string, number>();

  private remember(sid: string, expiresAt: string): void {
    this.written.delete(sid);
    this.written.set(sid, new Date(expiresAt).getTime());
    if (this.written.size > REMEMBERED) this.written.delete(this.written.keys().next().value!);
  }

  private expiry(sess: session.SessionData): string {
    const idle = sess.cookie?.expires ? new Date(sess.cookie.expires).getTime() : Date.now() + this.idleMs;
    const absolute = sess.signedInAt ? sess.signedInAt + this.lifetimeMs : Infinity;
    return new Date(Math.min(idle, absolute)).toISOString();
  }

  override get(sid: string, cb: Callback<session.SessionData | null>): void {
    findSession(this.db, sid).then((row) => {
      if (row) this.remember(sid, row.expiresAt);
      const sess: session.SessionData | undefined = row === undefined ? undefined : JSON.parse(row.data);
      const over = sess?.signedInAt !== undefined && sess.signedInAt + this.lifetimeMs <= Date.now();
      cb(undefined, sess && !over ? sess : null);
    }, cb);
  }

  override set(sid: string, sess: session.SessionData, cb?: Callback): void {
    const expiresAt = this.expiry(sess);
    settle(saveSession(this.db, sid, sess.userId ?? null, JSON.stringify(sess), expiresAt).then(() => this.remember(sid, expiresAt)), cb);
  }

  /** An unchanged session: its idle expiry moves on, written only when it has moved a minute or more. */
  override touch(sid: string, sess: session.SessionData, cb?: Callback): void {
    const expiresAt = this.expiry(sess);
    const last = this.written.get(sid);
    if (last !== undefined && new Date(expiresAt).getTime() - last < this.touchEveryMs) return void cb?.();
    settle(extendSession(this.db, sid, expiresAt).then(() => this.remember(sid, expiresAt)), cb);
  }

  override destroy(sid: string, cb?: Callback): void {
    this.written.delete(sid);
    settle(deleteSession(this.db, sid), cb);
  }
}
