// GET /review: the review queue (consultants and platform admins); its filters are the query string.
import express, { type Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { QueueQuerySchema } from './query.js';
import { reviewQueue } from './service.js';

export function queueRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.get('/review', requireUser, async (req, res) => {
    res.render('review/queue', await reviewQueue(ctx, currentUser(res), QueueQuerySchema.parse(req.query)));
  });
  return router;
}
