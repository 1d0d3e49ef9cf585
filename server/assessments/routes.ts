// Pages for assessments: the list and start form, the overview with the result, one section's
// answer form (plain form POST, and the autosave script's JSON), confirming carried-over answers, and
// submission. HTTP only: parse, call the service, render.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import { AppError } from '../errors.js';
import { fieldErrors } from '../http/errors.js';
import { flash } from '../http/flash.js';
import { hasOnceToken, submitOnce } from '../http/once.js';
import { readAnswerForm, type AnswerError, type AnswerFormResult } from './answer-form.js';
import { assessmentHistoryPage, overviewPage, planPage, questionHistoryPage, sectionPage } from './page.js';
import { PageNumber, pager } from '../http/pager.js';
import { authorizeBeforeOnce, openAssessment, type AssessmentAccess } from './access.js';
import { assignSections } from './assignments.js';
import { confirmCarried } from './carry-over.js';
import { assessmentList, moveToNewestVersion, saveAnswers, saveSection, startAssessment, submitAssessment, versionMovePreview } from './service.js';

const NewAssessmentForm = z.object({
  orgId: z.string().min(1, 'errors.choose'),
  questionnaireId: z.string().min(1, 'errors.choose'),
  weightProfile: z.string().optional(),
  title: z.string().max(200, 'errors.tooLong').optional(),
  carryFrom: z
    .string({ message: 'errors.carryFromOne' })
    .optional()
    .transform((v) => v || undefined),
});

/** A place in the list (`after` / `before` a row): its last change and id, as `2026-11-30T08:00:00.000Z~ID`; anything else reads the first page. */
const ListCursorParam = z
  .string()
  .regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z~[\w-]{1,64}$/)
  .transform((v) => ({ updatedAt: v.split('~')[0], id: v.split('~')[1] }))
  .optional()
  .catch(undefined);
const ListQuery = z.object({ after: ListCursorParam, before: ListCursorParam });
/** A history page's number (the assessment's, a question's). */
const HistoryQuery = z.object({ page: PageNumber });

/** Submission refused for what is left to do: the overview lists it (the JSON answer names the list). */
const SUBMIT_REFUSALS = new Map([
  ['errors.unansweredToSubmit', 'unanswered'],
  ['errors.carriedToConfirm', 'carried'],
]);

/** Each question's answer error in the page's language. */
function translateAnswerErrors(res: Response, errors: Record<string, AnswerError>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([id, e]) => [id, res.locals.t(`answerErrors.${e.key}`, e.params)]));
}

export function assessmentRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/assessments', requireUser);

  async function renderList(res: Response, status = 200, errors: Record<string, string> = {}, values: unknown = {}, at: z.infer<typeof ListQuery> = {}) {
    const list = await assessmentList(ctx, currentUser(res), at.before ? { before: at.before } : at.after ? { after: at.after } : {});
    const href = (key: 'after' | 'before', c: { updatedAt: string; id: string } | null) => (c ? `/assessments?${key}=${encodeURIComponent(`${c.updatedAt}~${c.id}`)}` : null);
    res.status(status).render('assessments/list', { ...list, newerHref: href('before', list.newer), olderHref: href('after', list.older), errors, values });
  }

  router.get('/assessments', async (req, res) => renderList(res, 200, {}, {}, ListQuery.parse(req.query)));

  router.post('/assessments', async (req, res) => {
    const parsed = NewAssessmentForm.safeParse(req.body);
    if (!parsed.success) return renderList(res, 400, fieldErrors(parsed.error), req.body);
    try {
      const { resultId } = await submitOnce(ctx, req, res, 'assessment.start', async (once) =>
        (await startAssessment(ctx, currentUser(res), { ...parsed.data, locale: res.locals.lang }, once)).id,
      );
      res.redirect(303, `/assessments/${resultId}`);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== 'invalid') throw err;
      await renderList(res, 400, err.fields, req.body);
    }
  });

  const open = (req: Request, res: Response) => openAssessment(ctx, currentUser(res), String(req.params.id));

  router.get('/assessments/:id', async (req, res) => {
    const page = await overviewPage(ctx, await open(req, res), currentUser(res), res.locals.lang);
    res.render('assessments/show', { ...page, errors: {}, values: {} });
  });

  router.get('/assessments/:id/plan', async (req, res) => {
    const met = req.query.met;
    const chosen = req.query.planned === '1' ? (Array.isArray(met) ? met : met === undefined ? [] : [met]).map(String) : undefined;
    res.render('assessments/plan', await planPage(ctx, await open(req, res), chosen));
  });

  router.get('/assessments/:id/move', async (req, res) => {
    const access = await open(req, res);
    res.render('assessments/move', { ...access, ...(await versionMovePreview(ctx, access)) });
  });

  router.post('/assessments/:id/move', async (req, res) => {
    const access = await open(req, res);
    await moveToNewestVersion(ctx, currentUser(res), access, String(req.body?.version ?? ''));
    res.redirect(303, `/assessments/${access.assessment.id}`);
  });

  async function renderSection(res: Response, access: AssessmentAccess, dimensionId: string, form?: AnswerFormResult, status = 200) {
    const page = await sectionPage(ctx, access, currentUser(res), dimensionId, { onlyChanged: res.req.query.changed === '1' });
    res.status(status).render('assessments/section', {
      ...page,
      typed: form?.typed ?? {},
      errors: translateAnswerErrors(res, form?.errors ?? {}),
    });
  }

  router.get('/assessments/:id/history', async (req, res) => {
    const { page } = HistoryQuery.parse(req.query);
    const history = await assessmentHistoryPage(ctx, await open(req, res), page);
    res.render('assessments/history', { ...history, pager: pager(`/assessments/${history.assessment.id}/history`, undefined, history.paging) });
  });

  router.get('/assessments/:id/questions/:questionId/history', async (req, res) => {
    const { page } = HistoryQuery.parse(req.query);
    const access = await open(req, res);
    const history = await questionHistoryPage(ctx, access, String(req.params.questionId), page);
    const path = `/assessments/${access.assessment.id}/questions/${history.question.id}/history`;
    res.render('assessments/question-history', { ...history, pager: pager(path, undefined, history.paging) });
  });

  router.get('/assessments/:id/sections/:dimensionId', async (req, res) => {
    await renderSection(res, await open(req, res), String(req.params.dimensionId));
  });

  router.post('/assessments/:id/sections/:dimensionId', async (req, res) => {
    const access = await open(req, res);
    const q = access.questionnaire;
    const dimension = q.dimensions.find((d) => d.id === req.params.dimensionId);
    if (!dimension) return renderSection(res, access, String(req.params.dimensionId));
    const form = readAnswerForm(dimension.subDimensions.flatMap((s) => s.questions), req.body ?? {});
    if (req.body?.go === 'autosave') {
      const saved = await saveSection(ctx, currentUser(res), access, dimension.id, form.changes);
      // The page's script saves as the respondent answers; it reloads when skip logic changed what shows.
      const errors = translateAnswerErrors(res, form.errors);
      return res.status(Object.keys(errors).length ? 400 : 200).json({
        saved: saved.revisions.size,
        revisions: Object.fromEntries(saved.revisions),
        errors,
        progress: saved.progress,
        reload: saved.reload,
      });
    }
    // A plain save needs no progress or reload hint: the next page is rendered anew.
    await saveAnswers(ctx, currentUser(res), access, form.changes);
    if (Object.keys(form.errors).length) return renderSection(res, access, dimension.id, form, 400);
    const next = q.dimensions[q.dimensions.indexOf(dimension) + 1];
    const base = `/assessments/${access.assessment.id}`;
    if (req.body?.go === 'next' && next) return res.redirect(303, `${base}/sections/${next.id}`);
    if (req.body?.go === 'overview') return res.redirect(303, base);
    flash(req, 'assessments.saved');
    res.redirect(303, `${base}/sections/${dimension.id}`);
  });

  // Confirming carried-over answers as they are: one question (questionId), or every one of the section.
  router.post('/assessments/:id/sections/:dimensionId/carried', async (req, res) => {
    const access = await open(req, res);
    const questionId = typeof req.body?.questionId === 'string' && req.body.questionId ? req.body.questionId : undefined;
    await confirmCarried(ctx, currentUser(res), access, String(req.params.dimensionId), questionId);
    flash(req, questionId ? 'carry.confirmedOne' : 'carry.confirmedSection');
    res.redirect(303, `/assessments/${access.assessment.id}/sections/${String(req.params.dimensionId)}${questionId ? `#q-${questionId}` : ''}`);
  });

  router.post('/assessments/:id/assignments', async (req, res) => {
    const access = await open(req, res);
    const raw = (req.body?.assignee ?? {}) as Record<string, unknown>;
    const wanted = new Map(
      access.questionnaire.dimensions.filter((d) => d.id in raw).map((d) => [d.id, typeof raw[d.id] === 'string' && raw[d.id] !== '' ? String(raw[d.id]) : null]),
    );
    await assignSections(ctx, currentUser(res), access, wanted);
    flash(req, 'assessments.assignmentsSaved');
    res.redirect(303, `/assessments/${access.assessment.id}#sections`);
  });

  router.post('/assessments/:id/submit', async (req, res) => {
    const access = await open(req, res);
    authorizeBeforeOnce(access, 'assessment.submit', hasOnceToken(req));
    try {
      await submitOnce(ctx, req, res, 'assessment.submit', async (once) => {
        await submitAssessment(ctx, currentUser(res), access, once);
        return access.assessment.id;
      });
    } catch (err) {
      // Refused for unanswered questions or unconfirmed carried-over answers: the overview again, with the list and links to each.
      const list = err instanceof AppError ? SUBMIT_REFUSALS.get(err.messageKey) : undefined;
      if (!(err instanceof AppError) || !list) throw err;
      const page = await overviewPage(ctx, access, currentUser(res), res.locals.lang);
      if (req.accepts(['html', 'json']) === 'json') return res.status(409).json({ error: res.locals.t(err.messageKey), [list]: err.detail });
      return res.status(409).render('assessments/show', { ...page, submitRefused: true, errors: {}, values: {} });
    }
    flash(req, 'assessments.submittedNotice');
    res.redirect(303, `/assessments/${access.assessment.id}`);
  });

  return router;
}
