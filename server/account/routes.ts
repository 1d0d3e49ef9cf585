// The signed-in user's own page: notifications, and "sign out everywhere", which ends every session of
// the user in every browser (for a lost laptop or a shared computer).
import express, { type RequestHandler, type Router } from 'express';
import { recordAudit } from '../audit/audit.js';
import { currentUser, requireUser } from '../auth/middleware.js';
import { endSessionsOf } from '../auth/session-store.js';
import type { AppContext } from '../context.js';
import { readNotifications, unreadCount } from './notifications-repo.js';

/** The header's count of unread notifications. */
export function unreadNotifications(ctx: AppContext): RequestHandler {
  return async (_req, res, next) => {
    res.locals.unread = res.locals.user ? await unreadCount(ctx.db, res.locals.user.id) : 0;
    next();
  };
}

export function accountRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/account', requireUser);

  router.get('/account', async (req, res) => {
    const user = currentUser(res);
    res.render('account/show', { notifications: await readNotifications(ctx.db, user.id), unread: 0 });
  });

  router.post('/account/sign-out-everywhere', async (req, res) => {
    const user = currentUser(res);
    const ended = await endSessionsOf(ctx.db, user.id);
    await recordAudit(ctx.db, { actorId: user.id, action: 'account.signed-out-everywhere', detail: { sessions: ended } });
    // This browser's session was among them; drop it here too so the response sets no stale cookie.
    req.session.destroy(() => res.redirect(303, '/login'));
  });

  return router;
}
