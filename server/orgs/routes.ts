// An org admin registers an organization together with their own account. The answer is the same
// whether or not the e-mail is already registered: both lead to the sign-in page with the same
// notice, and the owner of a taken e-mail is told in the app instead.
import express, { type Router } from 'express';
import { z } from 'zod';
import { AccountFields, passwordMismatch, passwordsMatch } from '../auth/forms.js';
import type { AppContext } from '../context.js';
import { parseForm } from '../http/forms.js';
import { registrationRateLimit } from '../http/security.js';
import { INDUSTRIES, SIZE_BANDS } from './catalogs.js';
import { registerOrganization } from './service.js';

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
    await registerOrganization(ctx, form);
    res.redirect(303, '/login?registered=1');
  });

  return router;
}
