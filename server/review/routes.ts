// The consultant's forms on an assessment, and the replies of both sides:
//   GET  /assessments/:id/sign-off   the sign-off confirmation (what will be frozen, what blocks, the conclusion)
//   POST /assessments/:id/review     start-review, request-changes (note), finalize (conclusion), reopen (reason)
//   POST /assessments/:id/notes      a comment on a question or the whole, optionally flagging the question
//                                    or adjusting a conformance answer (the text is the reason)
//   POST /assessments/:id/threads/:threadId/reply | resolve
//   POST /assessments/:id/adjustments/:noteId/dismiss   accept the organization's changed answer
// A form that does not validate comes back with its message next to the field and the text kept.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import { overviewPage, sectionPage } from '../assessments/page.js';
import { authorizeBeforeOnce, dimensionOf, openAssessment, type AssessmentAccess } from '../assessments/access.js';
import { flash } from '../http/flash.js';
import { hasOnceToken, submitOnce } from '../http/once.js';
import type { AppContext } from '../context.js';
import { CONFORMANCE_VALUES } from '../domain/questionnaire/schema.js';
import { invalidFields } from '../http/errors.js';
import { addReviewNote, commentHref, dismissStaleAdjustment, reopen, replyInThread, resolveThread, reviewAssessment, signOff, signOffPage, threadQuestionOf } from './service.js';

const NoteText = z.string().trim().min(1, 'errors.noteRequired').max(4000, 'errors.tooLong');

const NoteForm = z.object({
  questionId: z.string().trim().max(100).optional().transform((v) => v || null),
  text: NoteText,
  flagged: z.string().optional().transform((v) => v === '1'),
  adjustedValue: z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? null : Number(v)))
    .refine((v) => v === null || CONFORMANCE_VALUES.includes(v), 'errors.choose'),
});

const ReplyForm = z.object({ text: NoteText });

const ReviewForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('start-review') }),
  z.object({ action: z.literal('finalize'), conclusion: z.string().trim().min(1, 'errors.conclusionRequired').max(8000, 'errors.tooLong') }),
  z.object({ action: z.literal('request-changes'), note: NoteText }),
  z.object({ action: z.literal('reopen'), reason: z.string().trim().min(1, 'errors.reasonRequired').max(4000, 'errors.tooLong') }),
]);

export function reviewRoutes(ctx: AppContext): Router {
  const router = express.Router();
  const open = (req: Request, res: Response) => openAssessment(ctx, currentUser(res), String(req.params.id));

  /** Where a comment form returns: the question on its section page (when sent from there), or the overview's comments. */
  const backTo = (req: Request, access: AssessmentAccess, questionId: string | null) =>
    commentHref(access, req.body?.back === 'section' ? questionId : null);

  /**
   * Runs a form's action; a validation error shows the page the form was on again (the section of its
   * question, the sign-off page, or the overview) with the field messages and what was typed.
   */
  async function handleForm(req: Request, res: Response, access: AssessmentAccess, form: string, action: () => Promise<void>, questionId?: string | null) {
    try {
      await action();
    } catch (err) {
      const fields = invalidFields(err);
      if (!fields) throw err;
      const user = currentUser(res);
      const errors = Object.fromEntries(Object.entries(fields).map(([k, v]) => [`${form}.${k}`, res.locals.t(v)]));
      const values = { [form]: req.body ?? {} };
      const section = questionId ? dimensionOf(access.questionnaire, questionId) : undefined;
      if (form === 'review-finalize') {
        return res.status(400).render('review/sign-off', { ...(await signOffPage(ctx, user, access)), errors, values });
      }
      if (req.body?.back === 'section' && section) {
        const page = await sectionPage(ctx, access, user, section);
        return res.status(400).render('assessments/section', { ...page, typed: {}, errors: {}, commentErrors: errors, commentValues: values });
      }
      const page = await overviewPage(ctx, access, user, res.locals.lang);
      res.status(400).render('assessments/show', { ...page, errors, values, commentErrors: errors, commentValues: values });
    }
  }

  router.get('/assessments/:id/sign-off', requireUser, async (req, res) => {
    const access = await open(req, res);
    res.render('review/sign-off', { ...(await signOffPage(ctx, currentUser(res), access)), errors: {}, values: {} });
  });

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
      flash(req, `review.done.${form.action}`);
      res.redirect(303, `/assessments/${access.assessment.id}`);
    });
  });

  router.post('/assessments/:id/notes', requireUser, async (req, res) => {
    const access = await open(req, res);
    const questionId = typeof req.body?.questionId === 'string' && req.body.questionId ? String(req.body.questionId) : null;
    await handleForm(req, res, access, `comment-${questionId ?? 'general'}`, async () => {
      await addReviewNote(ctx, currentUser(res), access, NoteForm.parse(req.body));
      flash(req, 'threads.commentAdded');
      res.redirect(303, backTo(req, access, questionId));
    }, questionId);
  });

  router.post('/assessments/:id/threads/:threadId/reply', requireUser, async (req, res) => {
    const access = await open(req, res);
    const threadId = String(req.params.threadId);
    const questionId = await threadQuestion(access, threadId);
    await handleForm(req, res, access, `reply-${threadId}`, async () => {
      await replyInThread(ctx, currentUser(res), access, threadId, ReplyForm.parse(req.body).text);
      flash(req, 'threads.replied');
      res.redirect(303, backTo(req, access, questionId));
    }, questionId);
  });

  router.post('/assessments/:id/threads/:threadId/resolve', requireUser, async (req, res) => {
    const access = await open(req, res);
    const threadId = String(req.params.threadId);
    const questionId = await threadQuestion(access, threadId);
    await resolveThread(ctx, currentUser(res), access, threadId);
    flash(req, 'threads.resolvedNotice');
    res.redirect(303, backTo(req, access, questionId));
  });

  router.post('/assessments/:id/adjustments/:noteId/dismiss', requireUser, async (req, res) => {
    const access = await open(req, res);
    await dismissStaleAdjustment(ctx, currentUser(res), access, String(req.params.noteId));
    res.redirect(303, `/assessments/${access.assessment.id}#comments`);
  });

  const threadQuestion = (access: AssessmentAccess, threadId: string) => threadQuestionOf(ctx, access, threadId);

  return router;
}
