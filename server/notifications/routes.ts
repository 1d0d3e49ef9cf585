// The signed-in user's notifications: the list (newest first, a page at a time), opening one (marks it
// read, then goes where it leads), marking all read; and the header's unread count. HTTP only.
import express, { type RequestHandler, type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { flash } from '../http/flash.js';
import { markAllNotificationsRead, notificationsPage, openNotification, unreadNotificationCount } from './service.js';

const PageQuery = z.object({ page: z.coerce.number().int().min(1).max(1_000_000).default(1) });

/**
 * The header's count of unread notifications, counted when a page is rendered: an autosave's JSON, a
 * redirect or a download shows no header and costs no query. (The count only decorates the page: should it
 * fail, the page shows none rather than failing too.)
 */
export function unreadNotifications(ctx: AppContext): RequestHandler {
  return (_req, res, next) => {
    res.locals.unread = 0;
    const user = res.locals.user;
    if (!user) return next();
    const render = res.render.bind(res) as (...args: unknown[]) => void;
    res.render = ((...args: unknown[]) => {
      unreadNotificationCount(ctx, user).then(
        (count) => {
          res.locals.unread = count;
          render(...args);
        },
        () => render(...args),
      );
    }) as typeof res.render;
    next();
  };
}

export function notificationRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/notifications', requireUser);

  router.get('/notifications', async (req, res) => {
    const { page } = PageQuery.parse(req.query);
    res.render('notifications/index', await notificationsPage(ctx, currentUser(res), page, res.locals.lang));
  });

  router.get('/notifications/:id/open', async (req, res) => {
    res.redirect(303, await openNotification(ctx, currentUser(res), String(req.params.id)));
  });

  router.post('/notifications/read', async (req, res) => {
    await markAllNotificationsRead(ctx, currentUser(res));
    flash(req, 'notifications.allMarkedRead');
    res.redirect(303, '/notifications');
  });

  return router;
}
