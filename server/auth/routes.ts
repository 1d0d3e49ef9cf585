// Sign in and out. Failed sign-ins slow further attempts per client address and per account
// (login-throttle.ts); neither the message nor the timing says whether an e-mail is registered.
import express, { type Router } from 'express';
import type { AppContext } from '../context.js';
import { localPath } from '../http/i18n.js';
import { parseForm, renderFormErrors } from '../http/forms.js';
import { deviceIdFor, setDeviceCookie } from './device-cookie.js';
import { LoginForm } from './forms.js';
import { forgetSessionEnded, sessionEnded, signIn, signOut } from './middleware.js';
import { authService } from './service.js';

/** "30 seconds" / "2 minutes" as the message's parameters. */
function waitParams(ms: number): { key: string; count: number } {
  const seconds = Math.ceil(ms / 1000);
  return seconds < 120 ? { key: 'errors.loginWaitSeconds', count: seconds } : { key: 'errors.loginWaitMinutes', count: Math.ceil(seconds / 60) };
}

export function authRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const { config } = ctx;
  const auth = authService(ctx);

  router.get('/login', (req, res) => {
    if (res.locals.user) return res.redirect(303, res.locals.user.is_consultant === 1 ? '/review' : '/assessments');
    // Why a sign-in is asked for: the last session ended, or the page opened needs one.
    const ended = sessionEnded(req, res);
    if (ended) forgetSessionEnded(res);
    res.render('auth/login', { errors: {}, values: { next: localPath(req.query.next, '') }, sessionEnded: ended });
  });

  router.post('/login', async (req, res) => {
    const form = parseForm(LoginForm, req.body, res, 'auth/login');
    if (!form) return;
    const deviceId = deviceIdFor(req, ctx.secret, config.cookieSecure, form.email);
    const outcome = await auth.signInAttempt({ email: form.email, password: form.password, address: req.ip, deviceId });
    if (!outcome.ok && outcome.waitMs > 0) {
      const { key, count } = waitParams(outcome.waitMs);
      res.setHeader('Retry-After', String(Math.ceil(outcome.waitMs / 1000)));
      renderFormErrors(res, 'auth/login', { _: key }, req.body, { errorParams: { count } }, 429);
      return;
    }
    if (!outcome.ok) {
      renderFormErrors(res, 'auth/login', { _: outcome.deactivated ? 'errors.accountDeactivated' : 'errors.badCredentials' }, req.body);
      return;
    }
    await signIn(req, outcome.user);
    setDeviceCookie(res, ctx.secret, config.cookieSecure, outcome.user.email);
    // A consultant's home is the review queue.
    res.redirect(303, localPath(form.next, outcome.user.is_consultant === 1 ? '/review' : '/assessments'));
  });

  router.post('/logout', async (req, res) => {
    await signOut(req);
    res.redirect(303, '/');
  });

  return router;
}
