// An org admin registers an organization together with their own account.
import express, { type Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { AccountFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import { signIn } from '../auth/middleware.js';
import { hashPassword } from '../auth/passwords.js';
import { insertUser } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { parseForm, renderFormErrors } from '../http/forms.js';
import { registrationRateLimit } from '../http/security.js';
import { INDUSTRIES, SIZE_BANDS } from './catalogs.js';
import { addMember, insertOrganization } from './repo.js';

const RegisterForm = z
  .object({
    orgName: z.string().trim().min(1, 'errors.required').max(200, 'errors.tooLong'),
    industry: z.enum(INDUSTRIES, { message: 'errors.choose' }),
    sizeBand: z.enum(SIZE_BANDS, { message: 'errors.choose' }),
    ...AccountFields,
  })
  .refine(passwordsMatch, passwordMismatch);

export function orgRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const locals = { industries: INDUSTRIES, sizeBands: SIZE_BANDS };

  router.get('/register', (_req, res) => res.render('orgs/register', { ...locals, errors: {}, values: {} }));

  router.post('/register', registrationRateLimit(ctx), async (req, res) => {
    const form = parseForm(RegisterForm, req.body, res, 'orgs/register', locals);
    if (!form) return;
    const passwordHash = await hashPassword(form.password);
    try {
      const user = await ctx.db.transaction().execute(async (trx) => {
        const created = await insertUser(trx, { email: form.email, name: form.name, passwordHash });
        const org = await insertOrganization(trx, { name: form.orgName, industry: form.industry, sizeBand: form.sizeBand });
        await addMember(trx, org.id, created.id, 'org_admin');
        await recordAudit(trx, { actorId: created.id, orgId: org.id, action: 'org.registered', detail: { name: org.name } });
        return created;
      });
      await signIn(req, user);
      res.redirect(303, '/assessments');
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      renderFormErrors(res, 'orgs/register', { email: 'errors.emailTaken' }, req.body, locals);
    }
  });

  return router;
}
