// The signed-in user's own page: password, sessions (end one, or all: "sign out everywhere" for a
// lost laptop or a shared computer), a link to the notifications; and the password-reset link an admin handed out.
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { NewPasswordFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import { currentUser, forgetSessionEnded, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { invalidFields } from '../http/errors.js';
import { flash, flashVisitor } from '../http/flash.js';
import { accountPage, changeAffiliation, changePassword, endOneSession, resetLinkState, resetPassword, signOutEverywhere } from './service.js';

const PasswordChangeForm = z
  .object({ current: z.string().min(1, 'errors.required').max(200), ...NewPasswordFields })
  .refine(passwordsMatch, passwordMismatch);
const ResetForm = z.object(NewPasswordFields).refine(passwordsMatch, passwordMismatch);
const AffiliationForm = z.object({ affiliation: z.string().trim().min(1, 'errors.required').max(200, 'errors.tooLong') });

export function accountRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/account', requireUser);

  async function render(res: Response, sid: string, errors: Record<string, string> = {}, status = 200, values: Record<string, unknown> = {}) {
    res.status(status).render('account/show', { ...(await accountPage(ctx, currentUser(res), sid)), errors, values });
  }

  router.get('/account', (req, res) => render(res, req.sessionID));

  router.post('/account/password', async (req, res) => {
    try {
      const form = PasswordChangeForm.parse(req.body ?? {});
      await changePassword(ctx, currentUser(res), req.sessionID, form);
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      return render(res, req.sessionID, fields, 400);
    }
    flash(req, 'account.passwordChanged');
    res.redirect(303, '/account');
  });

  // A consultant's (or platform admin's) firm, named with their signature on sign-offs.
  router.post('/account/profile', async (req, res) => {
    try {
      await changeAffiliation(ctx, currentUser(res), AffiliationForm.parse(req.body ?? {}).affiliation);
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      return render(res, req.sessionID, fields, 400, req.body ?? {});
    }
    flash(req, 'account.profileSaved');
    res.redirect(303, '/account#profile');
  });

  router.post('/account/sessions/end', async (req, res) => {
    await endOneSession(ctx, currentUser(res), String(req.body?.session ?? ''));
    flash(req, 'account.sessionEnded');
    res.redirect(303, '/account');
  });

  router.post('/account/sign-out-everywhere', async (req, res) => {
    await signOutEverywhere(ctx, currentUser(res));
    // This browser's session was among them; drop it here too so the response sets no stale cookie. It signed
    // out on purpose: its sign-in page need not say the session ended.
    forgetSessionEnded(res);
    req.session.destroy(() => res.redirect(303, '/login'));
  });

  router.get('/reset/:token', async (req, res) => {
    const found = await resetLinkState(ctx, String(req.params.token));
    res.status(found.state === 'open' ? 200 : found.state === 'unknown' ? 404 : 410).render('account/reset', { found, errors: {}, values: {} });
  });

  router.post('/reset/:token', async (req, res) => {
    const token = String(req.params.token);
    const parsed = ResetForm.safeParse(req.body ?? {});
    if (!parsed.success) {
      return res.status(400).render('account/reset', { found: await resetLinkState(ctx, token), errors: invalidFields(parsed.error), values: {} });
    }
    await resetPassword(ctx, token, parsed.data.password);
    // Whoever was signed in in this browser is signed out: the next step is signing in with the new password.
    req.session.destroy(() => {
      flashVisitor(res, 'password-reset', ctx.config.cookieSecure);
      res.redirect(303, '/login');
    });
  });

  return router;
}
