// POST /assessments/:id/review — start-review, request-changes (with a note), finalize;
// POST /assessments/:id/notes — a consultant's comment, optionally adjusting a question's score.
import express, { type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import { openAssessment } from '../assessments/service.js';
import type { AppContext } from '../context.js';
import { addReviewNote, reviewAssessment } from './service.js';
import { CONFORMANCE_VALUES } from '../domain/questionnaire/schema.js';

const NoteText = z.string().trim().min(1, 'errors.noteRequired').max(4000, 'errors.tooLong');

const NoteForm = z.object({
  questionId: z.string().trim().max(100).optional().transform((v) => v || null),
  text: NoteText,
  adjustedValue: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : Number(v)))
    .refine((v) => v === null || CONFORMANCE_VALUES.includes(v), 'errors.choose'),
});

const ReviewForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start-review') }),
  z.object({ action: z.literal('finalize') }),
  z.object({ action: z.literal('request-changes'), note: NoteText }),
]);

export function reviewRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.post('/assessments/:id/review', requireUser, async (req, res) => {
    const access = await openAssessment(ctx, currentUser(res), String(req.params.id));
    const form = ReviewForm.parse(req.body);
    await reviewAssessment(ctx, currentUser(res), access, form.action, 'note' in form ? form.note : undefined);
    res.redirect(303, `/assessments/${access.assessment.id}`);
  });
  router.post('/assessments/:id/notes', requireUser, async (req, res) => {
    const access = await openAssessment(ctx, currentUser(res), String(req.params.id));
    await addReviewNote(ctx, currentUser(res), access, NoteForm.parse(req.body));
    res.redirect(303, `/assessments/${access.assessment.id}#notes`);
  });

  return router;
}
