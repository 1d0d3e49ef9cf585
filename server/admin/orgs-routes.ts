// The platform admin's organizations (the /admin guard in routes.ts comes first):
//   GET  /admin/organizations                          search (name, English name, credit code), pages of 50
//   GET  /admin/organizations/:id                       profile, members, consultants, status
//   POST /admin/organizations/:id/profile               the profile, validated as the org admin's form
//   POST /admin/organizations/:id/deactivate|reactivate with a reason
//   POST /admin/organizations/:id/consultants           assign a consultant
//   POST /admin/organizations/:id/consultants/:cid/unassign
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { formAction } from '../http/forms.js';
import { ProfileForm, profileChoices } from '../orgs/forms.js';
import { ListQuerySchema } from './list-query.js';
import { pager } from '../http/pager.js';
import {
  deactivateOrganization,
  organizationAdminPage,
  organizationsList,
  reactivateOrganization,
  saveOrganizationProfile,
  unassignConsultantFrom,
} from './orgs-service.js';
import { assignConsultantTo } from './service.js';

const ReasonForm = z.object({ reason: z.string().trim().min(1, 'errors.required').max(500, 'errors.tooLong') });
const AssignForm = z.object({ consultantId: z.string().min(1, 'errors.choose') });

const profileValues = (org: Awaited<ReturnType<typeof organizationAdminPage>>['org']) => ({
  orgName: org.name,
  nameEn: org.name_en ?? '',
  creditCode: org.credit_code ?? '',
  province: org.province ?? '',
  industry: org.industry,
  sizeBand: org.size_band,
});

export function adminOrganizationRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const base = (id: string) => `/admin/organizations/${encodeURIComponent(id)}`;

  router.get('/admin/organizations', async (req, res) => {
    const query = ListQuerySchema.parse(req.query);
    const list = await organizationsList(ctx, currentUser(res), query);
    res.render('admin/organizations', { ...list, pager: pager('/admin/organizations', list.search, list.paging) });
  });

  /** The organization's page; after a refused form, with its messages and what was typed. */
  async function render(req: Request, res: Response, status = 200, errors: Record<string, string> = {}, typed: Record<string, unknown> = {}) {
    const page = await organizationAdminPage(ctx, currentUser(res), String(req.params.id));
    res.status(status).render('admin/organization', { ...profileChoices, ...page, errors, values: { ...profileValues(page.org), ...typed } });
  }

  /** Runs a form's action, then back to the page; invalid input shows the page again (400) with what was typed. */
  const handle = (req: Request, res: Response, action: () => Promise<void>, done: string) =>
    formAction(req, res, action, { done, next: base(String(req.params.id)), showAgain: (fields, typed) => render(req, res, 400, fields, typed) });


  router.get('/admin/organizations/:id', (req, res) => render(req, res));

  router.post('/admin/organizations/:id/profile', (req, res) =>
    handle(req, res, () => saveOrganizationProfile(ctx, currentUser(res), String(req.params.id), ProfileForm.parse(req.body ?? {})), 'profile.saved'),
  );

  router.post('/admin/organizations/:id/deactivate', (req, res) =>
    handle(req, res, () => deactivateOrganization(ctx, currentUser(res), String(req.params.id), ReasonForm.parse(req.body ?? {}).reason), 'adminOrgs.deactivated'),
  );

  router.post('/admin/organizations/:id/reactivate', (req, res) =>
    handle(req, res, () => reactivateOrganization(ctx, currentUser(res), String(req.params.id), ReasonForm.parse(req.body ?? {}).reason), 'adminOrgs.reactivated'),
  );

  router.post('/admin/organizations/:id/consultants', (req, res) =>
    handle(
      req,
      res,
      async () => {
        const { consultantId } = AssignForm.parse(req.body ?? {});
        await assignConsultantTo(ctx, currentUser(res), { orgId: String(req.params.id), consultantId });
      },
      'admin.consultantAssigned',
    ),
  );

  router.post('/admin/organizations/:id/consultants/:consultantId/unassign', (req, res) =>
    handle(req, res, () => unassignConsultantFrom(ctx, currentUser(res), String(req.params.id), String(req.params.consultantId)), 'adminOrgs.unassigned'),
  );

  return router;
}
