// The signed-in user's own things: their password and their sessions; and the password-reset links an
// admin hands to a user. (Notifications are a feature of their own: server/notifications/.)
import { recordAudit } from '../audit/audit.js';
import { hashLinkToken } from '../auth/link-tokens.js';
import { accountKey, clearFailures, recordFailure, waitBeforeAttempt } from '../auth/login-throttle.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { findUserById } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { nowIso } from '../db/ids.js';
import type { User } from '../db/schema.js';
import { AppError, Conflict, Forbidden, Invalid } from '../errors.js';
import { inTransaction } from '../record/write-path.js';
import { endOtherSessionsOf, endSessionOf, endSessionsOf, hashSessionId, sessionsOf } from '../sessions/repo.js';
import { claimPasswordReset, closeResetsOf, findPasswordReset, setPassword } from './resets-repo.js';
import { setAffiliation } from '../auth/users-repo.js';

export interface SessionView {
  key: string;
  current: boolean;
  signedInAt: string | null;
  lastActiveAt: string;
  browser: string;
  address: string | null;
}

/** A short name for a browser from its User-Agent: "Chrome 131 · Windows", or the raw start of it. */
export function browserName(userAgent: string | undefined): string {
  if (!userAgent) return '—';
  const browser = /(Edg|Firefox|Chrome|Safari)\/(\d+)/.exec(userAgent);
  const os = /(Windows|Mac OS X|Android|iPhone|iPad|Linux)/.exec(userAgent);
  const name = browser ? `${browser[1] === 'Edg' ? 'Edge' : browser[1]} ${browser[2]}` : userAgent.slice(0, 40);
  return os ? `${name} · ${os[1].replace('Mac OS X', 'macOS')}` : name;
}

/** The user's open sessions, newest sign-in first; `currentSid` marks this browser's. */
export async function sessionList(ctx: AppContext, user: User, currentSid: string): Promise<SessionView[]> {
  const current = hashSessionId(currentSid);
  const rows = await sessionsOf(ctx.db, user.id);
  return rows
    .map((r) => {
      const data = JSON.parse(r.data) as { signedInAt?: number; userAgent?: string; address?: string };
      return {
        key: r.key,
        current: r.key === current,
        signedInAt: data.signedInAt ? new Date(data.signedInAt).toISOString() : null,
        // Sessions roll: the expiry is the last request plus the idle timeout (or the absolute end, whichever is first).
        lastActiveAt: new Date(Math.min(Date.now(), Date.parse(r.expiresAt) - ctx.config.sessionIdleMs)).toISOString(),
        browser: browserName(data.userAgent),
        address: data.address ?? null,
      };
    })
    .sort((a, b) => Number(b.current) - Number(a.current) || (b.signedInAt ?? '').localeCompare(a.signedInAt ?? ''));
}

/** The account page: the user's sessions (the page links to the notifications). */
export async function accountPage(ctx: AppContext, user: User, currentSid: string) {
  return { sessions: await sessionList(ctx, user, currentSid) };
}

/** Ends every session of the user in every browser (a lost laptop, a shared computer). */
export async function signOutEverywhere(ctx: AppContext, user: User): Promise<number> {
  const ended = await endSessionsOf(ctx.db, user.id);
  await recordAudit(ctx.db, { actorId: user.id, action: 'account.signed-out-everywhere', detail: { sessions: ended } });
  return ended;
}

/** Ends one other session of the user's. */
export async function endOneSession(ctx: AppContext, user: User, key: string): Promise<void> {
  if (await endSessionOf(ctx.db, user.id, key)) await recordAudit(ctx.db, { actorId: user.id, action: 'account.session-ended', detail: {} });
}

/**
 * Changes the user's password: the current one is needed (and wrong guesses are throttled like
 * sign-ins); every other session of the user ends, this browser's stays.
 */
export async function changePassword(ctx: AppContext, user: User, currentSid: string, input: { current: string; password: string }): Promise<number> {
  const key = accountKey(user.email, ctx.config.loginAccountLimit);
  const wait = await waitBeforeAttempt(ctx.db, [key]);
  if (wait > 0) throw new AppError('rate-limited', 'errors.tooManyAttempts', { current: 'errors.tooManyAttempts' });
  if (!(await verifyPassword(input.current, user.password_hash))) {
    await recordFailure(ctx.db, [key]);
    throw new Invalid('errors.invalidInput', { current: 'account.currentPasswordWrong' });
  }
  await clearFailures(ctx.db, key);
  if (input.current === input.password) throw new Invalid('errors.invalidInput', { password: 'account.passwordUnchanged' });
  const hash = await hashPassword(input.password);
  return inTransaction(ctx.db, async (trx) => {
    const now = nowIso();
    await setPassword(trx, user.id, hash, now);
    await closeResetsOf(trx, user.id, now);
    const ended = await endOtherSessionsOf(trx, user.id, currentSid);
    await recordAudit(trx, { actorId: user.id, action: 'account.password-changed', detail: { otherSessionsEnded: ended } });
    return ended;
  });
}

export type ResetLinkState = { state: 'open'; name: string; email: string } | { state: 'used' | 'expired' | 'unknown' };

export async function resetLinkState(ctx: AppContext, token: string): Promise<ResetLinkState> {
  const reset = await findPasswordReset(ctx.db, hashLinkToken(token));
  if (!reset) return { state: 'unknown' };
  if (reset.used_at) return { state: 'used' };
  if (reset.expires_at <= nowIso()) return { state: 'expired' };
  const user = await findUserById(ctx.db, reset.user_id);
  return user ? { state: 'open', name: user.name, email: user.email } : { state: 'unknown' };
}

/** Sets a new password through a reset link (single use); every session of the user ends. */
export async function resetPassword(ctx: AppContext, token: string, password: string): Promise<User> {
  const tokenHash = hashLinkToken(token);
  const hash = await hashPassword(password);
  return inTransaction(ctx.db, async (trx) => {
    const now = nowIso();
    const reset = await findPasswordReset(trx, tokenHash);
    if (!reset || !(await claimPasswordReset(trx, tokenHash, now))) throw new Conflict('account.resetLinkClosed');
    await setPassword(trx, reset.user_id, hash, now);
    await closeResetsOf(trx, reset.user_id, now);
    const ended = await endSessionsOf(trx, reset.user_id);
    await recordAudit(trx, { actorId: reset.user_id, action: 'account.password-reset', detail: { by: reset.created_by, sessionsEnded: ended } });
    return (await findUserById(trx, reset.user_id))!;
  });
}

/** A reviewer's firm (consultants and platform admins sign off; members of an organization have none). */
export async function changeAffiliation(ctx: AppContext, user: User, affiliation: string): Promise<void> {
  if (user.is_consultant !== 1 && user.is_platform_admin !== 1) throw new Forbidden();
  await inTransaction(ctx.db, async (trx) => {
    await setAffiliation(trx, user.id, affiliation);
    await recordAudit(trx, { actorId: user.id, action: 'account.affiliation-changed', detail: { affiliation } });
  });
}
