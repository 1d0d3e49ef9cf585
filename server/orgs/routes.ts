// An org admin registers an organization together with their own account, and keeps its profile;
// whoever reads its assessments sees its signed results over time (history).
// The registration's answer is the same whether or not the e-mail is already registered: both lead
// to the sign-in page with the same notice, and the owner of a taken e-mail is told in the app instead.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { AccountFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { invalidFields } from '../http/errors.js';
import { flash, flashVisitor } from '../http/flash.js';
import { parseForm, renderFormErrors } from '../http/forms.js';
import { registrationRateLimit } from '../http/security.js';
import { OrganizationFields, ProfileForm, profileChoices } from './forms.js';
import { historyPage } from './history.js';
import { profileForEditing, profilePage, registerOrganization, updateProfile } from './service.js';

const RegisterForm = z.object({ ...OrganizationFields, ...AccountFields }).refine(passwordsMatch, passwordMismatch);

/** Runs a form's service call; its field messages (an invalid or taken credit code) show on the form again with what was typed. */
async function orRenderInvalid(res: Response, req: Request, view: string, locals: Record<string, unknown>, action: () => Promise<void>): Promise<boolean> {
  try {
    await action();
    return true;
  } catch (err) {
    const fields = invalidFields(err);
    if (!fields) throw err;
    renderFormErrors(res, view, fields, req.body, locals);
    return false;
  }
}

export function orgRoutes(ctx: AppContext): Router {
  const router = express.Router();

  router.get('/register', (_req, res) => res.render('orgs/register', { ...profileChoices, errors: {}, values: {} }));

  router.post('/register', registrationRateLimit(ctx), async (req, res) => {
    const form = parseForm(RegisterForm, req.body, res, 'orgs/register', profileChoices);
    if (!form) return;
    if (await orRenderInvalid(res, req, 'orgs/register', profileChoices, () => registerOrganization(ctx, form))) {
      // No session is started for a visitor who registers: the message travels in the notice cookie.
      flashVisitor(res, 'registered', ctx.config.cookieSecure);
      res.redirect(303, '/login');
    }
  });

  router.use('/orgs/:orgId/profile', requireUser);

  router.get('/orgs/:orgId/profile', async (req, res) => {
    const { org, mayEdit } = await profilePage(ctx, currentUser(res), String(req.params.orgId));
    const values = { orgName: org.name, nameEn: org.name_en ?? '', creditCode: org.credit_code ?? '', province: org.province ?? '', industry: org.industry, sizeBand: org.size_band };
    res.render('orgs/profile', { ...profileChoices, org, mayEdit, errors: {}, values });
  });

  router.post('/orgs/:orgId/profile', async (req, res) => {
    const editing = await profileForEditing(ctx, currentUser(res), String(req.params.orgId));
    const locals = { ...profileChoices, ...editing };
    const form = parseForm(ProfileForm, req.body, res, 'orgs/profile', locals);
    if (!form) return;
    if (!(await orRenderInvalid(res, req, 'orgs/profile', locals, () => updateProfile(ctx, currentUser(res), editing, form)))) return;
    flash(req, 'profile.saved');
    res.redirect(303, `/orgs/${editing.org.id}/profile`);
  });

  router.get('/orgs/:orgId/history', requireUser, async (req, res) => {
    res.render('orgs/history', await historyPage(ctx, currentUser(res), String(req.params.orgId)));
  });

  return router;
}
