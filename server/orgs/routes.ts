// An org admin registers an organization together with their own account. The answer is the same
// whether or not the e-mail is already registered: both lead to the sign-in page with the same
// notice, and the owner of a taken e-mail is told in the app instead.
import express, { type Router } from 'express';
import { z } from 'zod';
import { recordAudit } from '../audit/audit.js';
import { AccountFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import { notify } from '../account/notifications-repo.js';
import { hashPassword } from '../auth/passwords.js';
import { findUserByEmail, insertUser } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { parseForm } from '../http/forms.js';
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
      await ctx.db.transaction().execute(async (trx) => {
        const created = await insertUser(trx, { email: form.email, name: form.name, passwordHash });
        const org = await insertOrganization(trx, { name: form.orgName, industry: form.industry, sizeBand: form.sizeBand });
        await addMember(trx, org.id, created.id, 'org_admin');
        await recordAudit(trx, { actorId: created.id, orgId: org.id, action: 'org.registered', detail: { name: org.name } });
      });
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const owner = await findUserByEmail(ctx.db, form.email);
      if (owner) await notify(ctx.db, owner.id, 'registrationWithYourEmail', { orgName: form.orgName });
    }
    res.redirect(303, '/login?registered=1');
  });

  return router;
}
