// Platform admin: create consultant accounts and assign consultants to organizations; the organizations,
// users and import pages (their own routes files) sit behind the same guard. HTTP only.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AccountFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import { currentUser, requirePlatformAdmin, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { invalidFields } from '../http/errors.js';
import { formAction } from '../http/forms.js';
import { siteUrl } from '../http/site-url.js';
import { adminPage, adminResetLink, createConsultant } from './service.js';
import { Email } from '../auth/forms.js';
import { adminImportRoutes } from './import-routes.js';
import { adminOrganizationRoutes } from './orgs-routes.js';
import { adminUserRoutes } from './users-routes.js';

const ConsultantForm = z
  .object({ ...AccountFields, affiliation: z.string().trim().min(1, 'errors.required').max(200, 'errors.tooLong') })
  .refine(passwordsMatch, passwordMismatch);

export function adminRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/admin', requireUser, requirePlatformAdmin);
  router.use(adminOrganizationRoutes(ctx));
  router.use(adminUserRoutes(ctx));
  router.use(adminImportRoutes(ctx));

  async function render(res: Response, status = 200, errors: Record<string, string> = {}, values: Record<string, unknown> = {}, link: unknown = null) {
    res.status(status).render('admin/index', { ...(await adminPage(ctx)), errors, values, link });
  }

  /** Runs a form's action; invalid input shows the page again with the messages and what was typed (never a password). */
  const handle = (req: Request, res: Response, action: () => Promise<unknown>, done: string) =>
    formAction(req, res, action, { done, next: '/admin', showAgain: (fields, typed) => render(res, 400, fields, typed) });

  router.get('/admin', (_req, res) => render(res));

  router.post('/admin/consultants', (req, res) =>
    handle(req, res, async () => {
      await createConsultant(ctx, currentUser(res), ConsultantForm.parse(req.body));
    }, 'admin.consultantCreated'),
  );

  router.post('/admin/reset-link', async (req, res) => {
    try {
      const parsed = z.object({ resetEmail: Email }).safeParse(req.body ?? {});
      if (!parsed.success) throw parsed.error;
      const { token, expiresAt, name } = await adminResetLink(ctx, currentUser(res), parsed.data.resetEmail);
      // Shown on this response only: the token is stored hashed.
      await render(res, 200, {}, {}, { url: siteUrl(req, `/reset/${token}`), name, expiresAt });
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      await render(res, 400, fields, { resetEmail: req.body?.resetEmail });
    }
  });

  return router;
}
