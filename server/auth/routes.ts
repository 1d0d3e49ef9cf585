// Sign in and out. Login is rate-limited per client in a counter every process shares.
import { randomUUID } from 'node:crypto';
import express, { type Router } from 'express';
import type { AppContext } from '../context.js';
import { localPath } from '../http/i18n.js';
import { parseForm, renderFormErrors } from '../http/forms.js';
import { loginRateLimit } from '../http/security.js';
import { LoginForm } from './forms.js';
import { signIn, signOut } from './middleware.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { findUserByEmail } from './users-repo.js';


export function authRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const limiter = loginRateLimit(ctx);
  // Verifying against a real hash when the email is unknown keeps the response time the same.
  const dummyHash = hashPassword(randomUUID());

  router.get('/login', (req, res) => {
    if (res.locals.user) return res.redirect(303, '/assessments');
    res.render('auth/login', { errors: {}, values: { next: localPath(req.query.next, '') } });
  });

  router.post('/login', limiter, async (req, res) => {
    const form = parseForm(LoginForm, req.body, res, 'auth/login');
    if (!form) return;
    const user = await findUserByEmail(ctx.db, form.email);
    const ok = await verifyPassword(form.password, user?.password_hash ?? (await dummyHash));
    if (!user || !ok) {
      renderFormErrors(res.status(400), 'auth/login', { _: 'errors.badCredentials' }, req.body);
      return;
    }
    await signIn(req, user);
    res.redirect(303, localPath(form.next, '/assessments'));
  });

  router.post('/logout', async (req, res) => {
    await signOut(req);
    res.redirect(303, '/');
  });

  return router;
}
