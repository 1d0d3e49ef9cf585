// Pages for assessments: the list and start form, the overview with the stored score, one section's
// answer form (plain form POST), and submission. HTTP only: parse, call the service, render.
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware.js';
import type { AppContext } from '../context.js';
import type { Answer } from '../domain/questionnaire/answers.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';
import { CONFORMANCE_GRADES } from '../domain/questionnaire/schema.js';
import { isUnderReview } from '../domain/workflow.js';
import { LEVEL_COLOURS } from '../domain/charts.js';
import { chartsFor } from './charts.js';
import { fieldErrors, HttpError, NotFound } from '../http/errors.js';
import { submitOnce } from '../http/once.js';
import { organizationsOf, visibleOrgIds } from '../orgs/repo.js';
import { assessmentHistory } from '../audit/history.js';
import { canReview } from '../review/service.js';
import { listNotes } from '../review/notes-repo.js';
import { questionIndex } from '../domain/questionnaire/model.js';
import { benchmarkAgainst, peerResults } from '../scores/benchmark-repo.js';
import { findUserById } from '../auth/users-repo.js';
import { loadScore } from '../scores/store.js';
import { readAnswerForm, type AnswerError, type AnswerFormResult } from './answer-form.js';
import { sectionProgress } from './progress.js';
import { listAssessments, loadAnswers } from './repo.js';
import { openAssessment, saveAnswers, startAssessment, submitAssessment, type AssessmentAccess } from './service.js';

const NewAssessmentForm = z.object({
  orgId: z.string().min(1, 'errors.choose'),
  questionnaireId: z.string().min(1, 'errors.choose'),
  weightProfile: z.string().optional(),
  title: z.string().max(200, 'errors.tooLong').optional(),
});

/** Each question's answer error in the page's language. */
function translateAnswerErrors(res: Response, errors: Record<string, AnswerError>): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).map(([id, e]) => [id, res.locals.t(`answerErrors.${e.key}`, e.params)]));
}

export function assessmentRoutes(ctx: AppContext): Router {
  const router = express.Router();
  router.use('/assessments', requireUser);

  async function renderList(res: Response, status = 200, errors: Record<string, string> = {}, values: unknown = {}) {
    const user = currentUser(res);
    const orgs = await organizationsOf(ctx.db, user.id);
    const rows = await listAssessments(ctx.db, await visibleOrgIds(ctx.db, user));
    res.status(status).render('assessments/list', {
      orgs,
      adminOrgs: orgs.filter((o) => o.role === 'org_admin'),
      rows,
      questionnaires: ctx.catalog.latest(),
      errors,
      values,
    });
  }

  router.get('/assessments', async (_req, res) => renderList(res));

  router.post('/assessments', async (req, res) => {
    const parsed = NewAssessmentForm.safeParse(req.body);
    if (!parsed.success) return renderList(res, 400, fieldErrors(parsed.error), req.body);
    try {
      const { resultId } = await submitOnce(ctx, req, res, 'assessment.start', async (once) =>
        (await startAssessment(ctx, currentUser(res), { ...parsed.data, locale: res.locals.lang }, once)).id,
      );
      res.redirect(303, `/assessments/${resultId}`);
    } catch (err) {
      if (!(err instanceof HttpError) || err.status !== 400) throw err;
      await renderList(res, 400, err.fields, req.body);
    }
  });

  const open = (req: Request, res: Response) => openAssessment(ctx, currentUser(res), String(req.params.id));

  router.get('/assessments/:id', async (req, res) => {
    const access = await open(req, res);
    const answers = await loadAnswers(ctx.db, access.assessment.id);
    const result = await loadScore(ctx.db, access.assessment.id);
    const { assessment } = access;
    const finalized = assessment.status === 'finalized';
    const questions = questionIndex(access.questionnaire);
    res.render('assessments/show', {
      ...access,
      progress: sectionProgress(access.questionnaire, answers),
      result,
      reviewOpen: canReview(access) && isUnderReview(assessment.status),
      notes: (await listNotes(ctx.db, assessment.id)).map((n) => ({
        ...n,
        sectionId: n.question_id ? questions.get(n.question_id)?.dimension.id : undefined,
      })),
      conformanceGrades: CONFORMANCE_GRADES,
      history: await assessmentHistory(ctx.db, assessment.id),
      signer: assessment.finalized_by ? (await findUserById(ctx.db, assessment.finalized_by))?.name : undefined,
      benchmark: finalized && result ? benchmarkAgainst(result, await peerResults(ctx.db, assessment, access.org)) : null,
      charts: result ? chartsFor(access.questionnaire, result, res.locals.lang) : null,
      colours: LEVEL_COLOURS,
      submitted: req.query.submitted === '1',
    });
  });

  async function renderSection(
    res: Response,
    access: AssessmentAccess,
    dimensionId: string,
    answers: Map<string, Answer>,
    form?: AnswerFormResult,
    status = 200,
  ) {
    const q = access.questionnaire;
    const index = q.dimensions.findIndex((d) => d.id === dimensionId);
    if (index < 0) throw new NotFound();
    const errors = translateAnswerErrors(res, form?.errors ?? {});
    res.status(status).render('assessments/section', {
      conformanceGrades: CONFORMANCE_GRADES,
      ...access,
      dimension: q.dimensions[index],
      previous: q.dimensions[index - 1],
      next: q.dimensions[index + 1],
      visible: visibleQuestionIds(q, answers),
      answers,
      typed: form?.typed ?? {},
      errors,
      progress: sectionProgress(q, answers),
      saved: res.req.query.saved === '1',
    });
  }

  router.get('/assessments/:id/sections/:dimensionId', async (req, res) => {
    const access = await open(req, res);
    await renderSection(res, access, String(req.params.dimensionId), await loadAnswers(ctx.db, access.assessment.id));
  });

  router.post('/assessments/:id/sections/:dimensionId', async (req, res) => {
    const access = await open(req, res);
    const dimension = access.questionnaire.dimensions.find((d) => d.id === req.params.dimensionId);
    if (!dimension) throw new NotFound();
    const questions = dimension.subDimensions.flatMap((s) => s.questions);
    const form = readAnswerForm(questions, req.body ?? {});
    const autosave = req.body?.go === 'autosave';
    const visibleBefore = autosave ? visibleQuestionIds(access.questionnaire, await loadAnswers(ctx.db, access.assessment.id)) : undefined;
    await saveAnswers(ctx, currentUser(res), access, form.changes);
    const answers = await loadAnswers(ctx.db, access.assessment.id);
    if (visibleBefore) {
      // The page's script saves as the respondent answers; it reloads when skip logic changed what shows.
      const visibleNow = visibleQuestionIds(access.questionnaire, answers);
      const changed = questions.some((q) => visibleBefore.has(q.id) !== visibleNow.has(q.id));
      const errors = translateAnswerErrors(res, form.errors);
      const progress = sectionProgress(access.questionnaire, answers).find((p) => p.dimensionId === dimension.id)!;
      return res.status(Object.keys(errors).length ? 400 : 200).json({ saved: form.changes.size, errors, progress, reload: changed });
    }
    if (Object.keys(form.errors).length) return renderSection(res, access, dimension.id, answers, form, 400);
    const index = access.questionnaire.dimensions.indexOf(dimension);
    const next = access.questionnaire.dimensions[index + 1];
    const base = `/assessments/${access.assessment.id}`;
    if (req.body?.go === 'next' && next) return res.redirect(303, `${base}/sections/${next.id}`);
    if (req.body?.go === 'overview') return res.redirect(303, base);
    res.redirect(303, `${base}/sections/${dimension.id}?saved=1`);
  });

  router.post('/assessments/:id/submit', async (req, res) => {
    const access = await open(req, res);
    await submitAssessment(ctx, currentUser(res), access);
    res.redirect(303, `/assessments/${access.assessment.id}?submitted=1`);
  });

  return router;
}
