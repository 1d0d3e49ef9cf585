// The consultant's forms on an assessment:
//   POST /assessments/:id/review   start-review, request-changes (note), finalize (optional conclusion), reopen (reason)
//   POST /assessments/:id/notes    a comment, optionally adjusting a conformance answer (the text is the reason)
//   POST /assessments/:id/adjustments/:noteId/dismiss   accept the organization's changed answer
// A form that does not validate comes back with its message next to the field and the text kept.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import { overviewPage } from '../assessments/page.js';
import { authorizeBeforeOnce, openAssessment, type AssessmentAccess } from '../assessments/access.js';
import { flash } from '../http/flash.js';
import { hasOnceToken, submitOnce } from '../http/once.js';
import type { AppContext } from '../context.js';
import { CONFORMANCE_VALUES } from '../domain/questionnaire/schema.js';
import { invalidFields } from '../http/errors.js';
import { addReviewNote, dismissStaleAdjustment, reopen, reviewAssessment, signOff } from './service.js';

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
  z.object({ action: z.literal('finalize'), conclusion: z.string().trim().max(8000, 'errors.tooLong').optional().transform((v) => v || null) }),
  z.object({ action: z.literal('request-changes'), note: NoteText }),
  z.object({ action: z.literal('reopen'), reason: z.string().trim().min(1, 'errors.reasonRequired').max(4000, 'errors.tooLong') }),
]);

export function reviewRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const open = (req: Request, res: Response) => openAssessment(ctx, currentUser(res), String(req.params.id));
  const back = (res: Response, access: AssessmentAccess, anchor = '', message?: string) => {
    if (message) flash(res.req, message);
    res.redirect(303, `/assessments/${access.assessment.id}${anchor}`);
  };

  /** Runs a form's action; a validation error shows the page again with the field messages and what was typed. */
  async function handleForm(req: Request, res: Response, access: AssessmentAccess, form: string, action: () => Promise<void>) {
    try {
      await action();
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      const page = await overviewPage(ctx, access, currentUser(res), res.locals.lang);
      const errors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${form}.${k}`, res.locals.t(v)]));
      res.status(400).render('assessments/show', { ...page, errors, values: { [form]: req.body ?? {} } });
    }
  }

  router.post('/assessments/:id/review', requireUser, async (req, res) => {
    const access = await open(req, res);
    const formName = `review-${String(req.body?.action ?? '')}`;
    await handleForm(req, res, access, formName, async () => {
      const form = ReviewForm.parse(req.body);
      const user = currentUser(res);
      if (form.action === 'finalize') {
        authorizeBeforeOnce(access, 'assessment.sign-off', hasOnceToken(req));
        // A repeated click finds the first one's work done and signs (and renders) nothing again.
        await submitOnce(ctx, req, res, 'assessment.finalize', async (once) => {
          await signOff(ctx, user, access, form.conclusion, once);
          return access.assessment.id;
        });
      } else if (form.action === 'reopen') {
        await reopen(ctx, user, access, form.reason);
      } else {
        await reviewAssessment(ctx, user, access, form.action, 'note' in form ? form.note : undefined);
      }
      back(res, access, '', `review.done.${form.action}`);
    });
  });

  router.post('/assessments/:id/notes', requireUser, async (req, res) => {
    const access = await open(req, res);
    await handleForm(req, res, access, 'note', async () => {
      await addReviewNote(ctx, currentUser(res), access, NoteForm.parse(req.body));
      back(res, access, '#notes');
    });
  });

  router.post('/assessments/:id/adjustments/:noteId/dismiss', requireUser, async (req, res) => {
    const access = await open(req, res);
    await dismissStaleAdjustment(ctx, currentUser(res), access, String(req.params.noteId));
    back(res, access, '#notes');
  });

  return router;
}
