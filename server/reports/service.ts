// Gathers what a report needs from the database for one assessment and builds its model.
import type { AssessmentAccess } from '../assessments/service.js';
import { findUserById } from '../auth/users-repo.js';
import { assessmentHistory } from '../audit/history.js';
import type { AppContext } from '../context.js';
import type { Answers } from '../domain/questionnaire/answers.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import { scoreAssessment } from '../domain/scoring/score.js';
import { nowIso } from '../db/ids.js';
import { benchmarkAgainst, peerResults } from '../scores/benchmark-repo.js';
import { loadScoringAnswers } from '../scores/store.js';
import { listNotes } from '../review/notes-repo.js';
import { buildReportModel, type ReportModel } from './model.js';

export async function buildReportForAssessment(
  ctx: AppContext,
  access: AssessmentAccess,
  answers: Answers,
  locale: Locale,
): Promise<ReportModel> {
  const { assessment, org, questionnaire } = access;
  const scoring = await loadScoringAnswers(ctx.db, assessment.id);
  const result = scoreAssessment(questionnaire, scoring, { weightProfile: assessment.weight_profile ?? undefined });
  const signer = assessment.finalized_by ? await findUserById(ctx.db, assessment.finalized_by) : undefined;
  const finalized = assessment.status === 'finalized';
  const bench = finalized ? benchmarkAgainst(result, await peerResults(ctx.db, assessment, org)) : null;
  // Comments are the consultant's notes and the written reasons of requests for changes.
  const notes = await listNotes(ctx.db, assessment.id);
  const changeRequests = (await assessmentHistory(ctx.db, assessment.id))
    .filter((h) => h.action === 'assessment.request-changes' && typeof h.detail.note === 'string')
    .map((h) => ({ questionId: null, author: h.actor, at: h.at, text: String(h.detail.note) }));
  const comments = [
    ...changeRequests,
    ...notes.filter((n) => n.adjusted_value === null).map((n) => ({ questionId: n.question_id, author: n.author, at: n.at, text: n.text })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const adjustments = notes
    .filter((n) => n.adjusted_value !== null && n.question_id !== null)
    .map((n) => ({ questionId: n.question_id!, author: n.author, at: n.at, value: Number(n.adjusted_value), reason: n.text }));
  return buildReportModel(
    {
      questionnaire,
      answers,
      result,
      organization: { name: org.name, industry: org.industry, sizeBand: org.size_band },
      assessment: {
        title: assessment.title,
        status: assessment.status,
        weightProfile: assessment.weight_profile,
        signedBy: signer?.name ?? null,
        signedAt: assessment.finalized_at,
      },
      benchmark: bench,
      comments,
      adjustments,
      generatedAt: nowIso(),
    },
    locale,
  );
}
