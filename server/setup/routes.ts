// First start: the setup page creates the first platform admin, and is refused once one exists.
// The form needs the one-time setup code printed in the log at start-up (see code.ts).
import express, { type Router } from 'express';
import { SetupForm } from '../auth/forms.js';
import { signIn } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { AppError, Forbidden } from '../errors.js';
import { parseForm, renderFormErrors } from '../http/forms.js';
import { setupRateLimit } from '../http/security.js';
import { createFirstAdmin, prepareSetup, setupIsOpen } from './service.js';

export function setupRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const refuseWhenDone: express.RequestHandler = async (_req, _res, next) => {
    next((await setupIsOpen(ctx)) ? undefined : new Forbidden('errors.setupDone'));
  };

  router.get('/setup', refuseWhenDone, async (_req, res) => {
    await prepareSetup(ctx);
    res.render('setup/setup', { errors: {}, values: {} });
  });

  router.post('/setup', refuseWhenDone, setupRateLimit(ctx), async (req, res) => {
    const form = parseForm(SetupForm, req.body, res, 'setup/setup');
    if (!form) return;
    try {
      const user = await createFirstAdmin(ctx, form);
      await signIn(req, user);
      res.redirect(303, '/');
    } catch (err) {
      if (!(err instanceof AppError && err.kind === 'invalid')) throw err;
      // What was typed comes back, except the code when it was the wrong one.
      renderFormErrors(res, 'setup/setup', err.fields, { ...req.body, ...(err.fields.setupCode ? { setupCode: '' } : {}) });
    }
  });

  return router;
}
