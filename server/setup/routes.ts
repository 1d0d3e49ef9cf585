// First start: the setup page creates the first platform admin, and is refused once one exists.
// The form needs the one-time setup code printed in the log at start-up (see code.ts).
import express, { type Router } from 'express';
import { hashPassword } from '../auth/passwords.js';
import { SetupForm } from '../auth/forms.js';
import { signIn } from '../auth/middleware.js';
import { insertUser, platformAdminExists } from '../auth/users-repo.js';
import type { AppContext } from '../context.js';
import { isUniqueViolation } from '../db/errors.js';
import { Forbidden } from '../http/errors.js';
import { parseForm, renderFormErrors } from '../http/forms.js';
import { setupRateLimit } from '../http/security.js';
import { recordAudit } from '../audit/audit.js';
import { currentSetupCode, forgetSetupCode, prepareSetupCode, setupCodeMatches } from './code.js';

export function setupRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const refuseWhenDone: express.RequestHandler = async (_req, _res, next) => {
    next((await platformAdminExists(ctx.db)) ? new Forbidden('errors.setupDone') : undefined);
  };

  router.get('/setup', refuseWhenDone, async (_req, res) => {
    // Normally start-up prepared the code already; this only covers a database emptied since.
    await prepareSetupCode(ctx.db, ctx.config.setupCode);
    res.render('setup/setup', { errors: {}, values: {} });
  });

  router.post('/setup', refuseWhenDone, setupRateLimit(ctx), async (req, res) => {
    const form = parseForm(SetupForm, req.body, res, 'setup/setup');
    if (!form) return;
    const code = await currentSetupCode(ctx.db, ctx.config.setupCode);
    if (!code || !setupCodeMatches(form.setupCode, code)) {
      renderFormErrors(res, 'setup/setup', { setupCode: 'errors.setupCodeWrong' }, { ...req.body, setupCode: '' });
      return;
    }
    try {
      const user = await ctx.db.transaction().execute(async (trx) => {
        // Checked again inside the transaction: two setup forms sent at once make one admin.
        if (await platformAdminExists(trx)) throw new Forbidden('errors.setupDone');
        const created = await insertUser(trx, {
          email: form.email,
          name: form.name,
          passwordHash: await hashPassword(form.password),
          isPlatformAdmin: true,
        });
        await forgetSetupCode(trx);
        await recordAudit(trx, { actorId: created.id, action: 'setup.admin-created' });
        return created;
      });
      await signIn(req, user);
      res.redirect(303, '/');
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      renderFormErrors(res, 'setup/setup', { email: 'errors.emailTaken' }, req.body);
    }
  });

  return router;
}
