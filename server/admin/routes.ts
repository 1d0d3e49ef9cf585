// Platform admin: create consultant accounts and assign consultants to organizations.
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { AccountFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import { currentUser, requirePlatformAdmin, requireUser } from '../auth/middleware.js';
import { hashPassword } from '../auth/passwords.js';
import { findUserById, insertUser } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { fieldErrors } from '../http/errors.js';
import { assignConsultant, consultantAssignments, findOrganization, listOrganizations } from '../orgs/repo.js';

const ConsultantForm = z.object(AccountFields).refine(passwordsMatch, passwordMismatch);
const AssignmentForm = z.object({ orgId: z.string().min(1, 'errors.choose'), consultantId: z.string().min(1, 'errors.choose') });

export function adminRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/admin', requireUser, requirePlatformAdmin);

  async function render(res: Response, status = 200, errors: Record<string, string> = {}, values: Record<string, unknown> = {}) {
    const [orgs, assignments, consultants] = await Promise.all([
      listOrganizations(ctx.db),
      consultantAssignments(ctx.db),
      ctx.db.selectFrom('users').select(['id', 'name', 'email']).where('is_consultant', '=', 1).orderBy('name').execute(),
    ]);
    res.status(status).render('admin/index', { orgs, assignments, consultants, errors, values });
  }

  router.get('/admin', (_req, res) => render(res));

  router.post('/admin/consultants', async (req, res) => {
    const parsed = ConsultantForm.safeParse(req.body);
    if (!parsed.success) return render(res, 400, fieldErrors(parsed.error), { ...req.body, password: '', passwordConfirm: '' });
    try {
      const user = await insertUser(ctx.db, { ...parsed.data, passwordHash: await hashPassword(parsed.data.password), isConsultant: true });
      await recordAudit(ctx.db, { actorId: currentUser(res).id, action: 'admin.consultant-created', detail: { consultant: user.id } });
      res.redirect(303, '/admin');
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      await render(res, 400, { email: 'errors.emailTaken' }, { ...req.body, password: '', passwordConfirm: '' });
    }
  });

  router.post('/admin/assignments', async (req, res) => {
    const parsed = AssignmentForm.safeParse(req.body);
    const consultant = parsed.success ? await findUserById(ctx.db, parsed.data.consultantId) : undefined;
    const org = parsed.success ? await findOrganization(ctx.db, parsed.data.orgId) : undefined;
    if (!parsed.success || !org || consultant?.is_consultant !== 1) return render(res, 400, { assignment: 'errors.choose' }, req.body);
    await assignConsultant(ctx.db, org.id, consultant.id);
    await recordAudit(ctx.db, { actorId: currentUser(res).id, orgId: org.id, action: 'admin.consultant-assigned', detail: { consultant: consultant.id } });
    res.redirect(303, '/admin');
  });

  return router;
}
