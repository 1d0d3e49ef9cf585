// Signing in: the password check behind the throttle. Failed attempts slow further ones per client
// address and per account (this browser's own key when it has signed in to the account before);
// neither the answer nor its timing says whether an e-mail is registered.
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../context.js';
import type { User } from '../db/schema.js';
import { accountKey, addressKey, clearFailures, deviceKey, recordFailure, waitBeforeAttempt } from './login-throttle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { findUserByEmail } from './users-repo.js';

/** Signed in; or refused, with how long to wait before the next attempt (0: a wrong e-mail or password). */
export type SignInOutcome = { ok: true; user: User } | { ok: false; waitMs: number; deactivated?: boolean };

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client address, as Express derives it behind the trusted proxies. */
  address: string | undefined;
  /** This browser's device id for the account, when it has signed in to it before. */
  deviceId: string | undefined;
}

export function authService(ctx: AppContext) {
  // Verifying against a real hash when the e-mail is unknown keeps the response time the same.
  const dummyHash = hashPassword(randomUUID());
  const { config } = ctx;

  async function signInAttempt(attempt: SignInAttempt): Promise<SignInOutcome> {
    const address = addressKey(attempt.address, config.loginRateLimit);
    const account = attempt.deviceId ? deviceKey(attempt.deviceId, config.loginAccountLimit) : accountKey(attempt.email, config.loginAccountLimit);
    const wait = await waitBeforeAttempt(ctx.db, [address, account]);
    if (wait > 0) return { ok: false, waitMs: wait };
    const user = await findUserByEmail(ctx.db, attempt.email);
    const ok = await verifyPassword(attempt.password, user?.password_hash ?? (await dummyHash));
    if (!user || !ok) {
      await recordFailure(ctx.db, [address, account]);
      return { ok: false, waitMs: 0 };
    }
    await clearFailures(ctx.db, account);
    // Said only to whoever knows the password: a deactivated account cannot sign in.
    if (user.deactivated_at) return { ok: false, waitMs: 0, deactivated: true };
    return { ok: true, user };
  }

  return { signInAttempt };
}
