// POST /assessments/:id/review/:action — start-review, request-changes (with a note), finalize.
import express, { type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import { openAssessment } from '../assessments/service.js';
import type { AppContext } from '../context.js';
import { reviewAssessment } from './service.js';

const ReviewForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start-review') }),
  z.object({ action: z.literal('finalize') }),
  z.object({ action: z.literal('request-changes'), note: z.string().trim().min(1, 'errors.noteRequired').max(4000, 'errors.tooLong') }),
]);

export function reviewRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.post('/assessments/:id/review', requireUser, async (req, res) => {
    const access = await openAssessment(ctx, currentUser(res), String(req.params.id));
    const form = ReviewForm.parse(req.body);
    await reviewAssessment(ctx, currentUser(res), access, form.action, 'note' in form ? form.note : undefined);
    res.redirect(303, `/assessments/${access.assessment.id}`);
  });
  return router;
}
