// The platform admin's users (the /admin guard in routes.ts comes first):
//   GET  /admin/users                        search (name, e-mail), pages of 50
//   GET  /admin/users/:id                    what the account is, its organizations and sessions
//   POST /admin/users/:id/profile            name, e-mail, a consultant's firm
//   POST /admin/users/:id/deactivate|reactivate
//   POST /admin/users/:id/reset-link         a one-time password-reset link, shown once
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { Email } from '../auth/forms.js';
import { currentUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { formAction } from '../http/forms.js';
import { siteUrl } from '../http/site-url.js';
import { ListQuerySchema } from './list-query.js';
import { pager } from '../http/pager.js';
import { adminResetLink } from './service.js';
import { deactivateUserAccount, reactivateUserAccount, saveUserProfile, userAdminPage, usersList } from './users-service.js';

const UserForm = z.object({
  name: z.string().trim().min(1, 'errors.required').max(100, 'errors.tooLong'),
  email: Email,
  affiliation: z.string().trim().max(200, 'errors.tooLong').optional(),
});

export function adminUserRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const base = (id: string) => `/admin/users/${encodeURIComponent(id)}`;

  router.get('/admin/users', async (req, res) => {
    const list = await usersList(ctx, currentUser(res), ListQuerySchema.parse(req.query));
    res.render('admin/users', { ...list, pager: pager('/admin/users', list.search, list.paging) });
  });

  async function render(req: Request, res: Response, status = 200, errors: Record<string, string> = {}, typed: Record<string, unknown> = {}, link: unknown = null) {
    const page = await userAdminPage(ctx, currentUser(res), String(req.params.id));
    const values = { name: page.target.name, email: page.target.email, affiliation: page.target.affiliation ?? '', ...typed };
    res.status(status).render('admin/user', { ...page, errors, values, link });
  }

  /** Runs a form's action, then back to the page; invalid input shows the page again (400) with what was typed. */
  const handle = (req: Request, res: Response, action: () => Promise<void>, done: string) =>
    formAction(req, res, action, { done, next: base(String(req.params.id)), showAgain: (fields, typed) => render(req, res, 400, fields, typed) });


  router.get('/admin/users/:id', (req, res) => render(req, res));

  router.post('/admin/users/:id/profile', (req, res) =>
    handle(req, res, () => saveUserProfile(ctx, currentUser(res), String(req.params.id), UserForm.parse(req.body ?? {})), 'adminUsers.saved'),
  );
  router.post('/admin/users/:id/deactivate', (req, res) =>
    handle(req, res, () => deactivateUserAccount(ctx, currentUser(res), String(req.params.id)), 'adminUsers.deactivated'),
  );
  router.post('/admin/users/:id/reactivate', (req, res) =>
    handle(req, res, () => reactivateUserAccount(ctx, currentUser(res), String(req.params.id)), 'adminUsers.reactivated'),
  );

  router.post('/admin/users/:id/reset-link', async (req, res) => {
    const page = await userAdminPage(ctx, currentUser(res), String(req.params.id));
    const { token, expiresAt, name } = await adminResetLink(ctx, currentUser(res), page.target.email);
    // Shown on this response only: the token is stored hashed.
    await render(req, res, 200, {}, {}, { url: siteUrl(req, `/reset/${token}`), name, expiresAt });
  });

  return router;
}
