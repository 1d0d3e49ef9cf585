// Sign in and out. Failed sign-ins slow further attempts per client address and per account
// (login-throttle.ts); neither the message nor the timing says whether an e-mail is registered.
import { randomUUID } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import type { AppContext } from '../context.js';
import { localPath } from '../http/i18n.js';
import { parseForm, renderFormErrors } from '../http/forms.js';
import { deviceIdFor, setDeviceCookie } from './device-cookie.js';
import { LoginForm } from './forms.js';
import { accountKey, addressKey, clearFailures, deviceKey, recordFailure, waitBeforeAttempt } from './login-throttle.js';
import { signIn, signOut } from './middleware.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { findUserByEmail } from './users-repo.js';

/** "30 seconds" / "2 minutes" as the message's parameters. */
function waitParams(ms: number): { key: string; count: number } {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? { key: 'errors.loginWaitSeconds', count: seconds } : { key: 'errors.loginWaitMinutes', count: Math.ceil(seconds / 60) };
}

export function authRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const { config } = ctx;
  // Verifying against a real hash when the email is unknown keeps the response time the same.
  const dummyHash = hashPassword(randomUUID());

  /** The address's key, and the account's: this browser's own when it has signed in to the account before. */
  function throttleKeys(req: Request, email: string) {
    const device = deviceIdFor(req, ctx.secret, config.cookieSecure, email);
    const account = device ? deviceKey(device, config.loginAccountLimit) : accountKey(email, config.loginAccountLimit);
    return { address: addressKey(req.ip, config.loginRateLimit), account };
  }

  router.get('/login', (req, res) => {
    if (res.locals.user) return res.redirect(303, '/assessments');
    res.render('auth/login', { errors: {}, values: { next: localPath(req.query.next, '') }, registered: req.query.registered === '1' });
  });

  router.post('/login', async (req, res) => {
    const form = parseForm(LoginForm, req.body, res, 'auth/login');
    if (!form) return;
    const { address, account } = throttleKeys(req, form.email);
    const wait = await waitBeforeAttempt(ctx.db, [address, account]);
    if (wait > 0) {
      const { key, count } = waitParams(wait);
      res.setHeader('Retry-After', String(Math.ceil(wait / 1000)));
      renderFormErrors(res, 'auth/login', { _: key }, req.body, { errorParams: { count } }, 429);
      return;
    }
    const user = await findUserByEmail(ctx.db, form.email);
    const ok = await verifyPassword(form.password, user?.password_hash ?? (await dummyHash));
    if (!user || !ok) {
      await recordFailure(ctx.db, [address, account]);
      renderFormErrors(res, 'auth/login', { _: 'errors.badCredentials' }, req.body);
      return;
    }
    await clearFailures(ctx.db, account);
    await signIn(req, user);
    setDeviceCookie(res, ctx.secret, config.cookieSecure, user.email);
    res.redirect(303, localPath(form.next, '/assessments'));
  });

  router.post('/logout', async (req, res) => {
    await signOut(req);
    res.redirect(303, '/');
  });

  return router;
}
