// Failed sign-ins, counted per client address and per account, in the database (every process sees
// them). Past a few free failures each further one makes the next attempt under that key wait, twice
// as long each time (30 s, 1 min, 2 min … at most 15 min): a delay that slows guessing to a crawl, not
// a lock-out. An attacker hammering someone's account cannot keep its owner out either: a browser that
// has signed in to the account before carries a device cookie (device-cookie.ts) and is counted on its
// own key, not on the account's shared one (OWASP's "device cookies"). Counters are kept for any
// e-mail typed, registered or not, so the wait reveals nothing about which accounts exist.
import { createHash } from 'node:crypto';
import { ipKeyGenerator } from 'express-rate-limit';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { normalizeEmail } from './users-repo.js';

export const FIRST_WAIT_MS = 30_000;
export const MAX_WAIT_MS = 15 * 60_000;
/** A counter is forgotten this long after its last failure. */
export const FORGET_MS = 60 * 60_000;

export interface ThrottleKey {
  key: string;
  /** Failures allowed under this key before attempts have to wait. */
  free: number;
}

/** How long the next attempt waits after `failures` failures. */
export function waitAfter(failures: number, free: number): number {
  return failures < free ? 0 : Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures - free));
}

export function addressKey(ip: string | undefined, free: number): ThrottleKey {
  return { key: `addr:${ipKeyGenerator(ip ?? 'unknown')}`, free };
}

/** The account's shared key: what every browser without the account's device cookie is counted on. */
export function accountKey(email: string, free: number): ThrottleKey {
  return { key: `acct:${createHash('sha256').update(normalizeEmail(email)).digest('hex')}`, free };
}

export function deviceKey(deviceId: string, free: number): ThrottleKey {
  return { key: `device:${deviceId}`, free };
}

/** Milliseconds until an attempt is allowed under all of `keys` (0: now). */
export async function waitBeforeAttempt(db: Kysely<Database>, keys: ThrottleKey[]): Promise<number> {
  const now = new Date();
  const rows = await db
    .selectFrom('login_failures')
    .select(['blocked_until', 'expires_at'])
    .where('key', 'in', keys.map((k) => k.key))
    .execute();
  const until = rows
    .filter((r) => r.expires_at > now.toISOString())
    .map((r) => new Date(r.blocked_until).getTime() - now.getTime());
  return Math.max(0, ...until);
}

/** Counts one failure under each key and sets how long the next attempt waits. */
export async function recordFailure(db: Kysely<Database>, keys: ThrottleKey[]): Promise<void> {
  const now = new Date();
  const nowText = now.toISOString();
  const expires = new Date(now.getTime() + FORGET_MS).toISOString();
  for (const { key, free } of keys) {
    const row = await db
      .insertInto('login_failures')
      .values({ key, failures: 1, blocked_until: nowText, expires_at: expires })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when login_failures.expires_at <= ${nowText} then 1 else login_failures.failures + 1 end`,
          expires_at: expires,
        }),
      )
      .returning('failures')
      .executeTakeFirstOrThrow();
    const blockedUntil = new Date(now.getTime() + waitAfter(Number(row.failures), free)).toISOString();
    await db.updateTable('login_failures').set({ blocked_until: blockedUntil }).where('key', '=', key).execute();
  }
}

/** A successful sign-in clears the account's (or device's) count; the address keeps its own. */
export async function clearFailures(db: Kysely<Database>, key: ThrottleKey): Promise<void> {
  await db.deleteFrom('login_failures').where('key', '=', key.key).execute();
}
