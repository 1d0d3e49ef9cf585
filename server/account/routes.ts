// The signed-in user's own page: notifications, and "sign out everywhere", which ends every session of
// the user in every browser (for a lost laptop or a shared computer).
import express, { type RequestHandler, type Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { accountPage, signOutEverywhere, unreadNotificationCount } from './service.js';

/** The header's count of unread notifications. */
export function unreadNotifications(ctx: AppContext): RequestHandler {
  return async (_req, res, next) => {
    res.locals.unread = res.locals.user ? await unreadNotificationCount(ctx, res.locals.user) : 0;
    next();
  };
}

export function accountRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/account', requireUser);

  router.get('/account', async (req, res) => {
    res.render('account/show', await accountPage(ctx, currentUser(res)));
  });

  router.post('/account/sign-out-everywhere', async (req, res) => {
    await signOutEverywhere(ctx, currentUser(res));
    // This browser's session was among them; drop it here too so the response sets no stale cookie.
    req.session.destroy(() => res.redirect(303, '/login'));
  });

  return router;
}
