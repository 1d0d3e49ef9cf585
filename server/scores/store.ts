// Stored scores: recomputed whenever answers change, so lists and dashboards read them instead of
// scoring again. The full result is kept as JSON; the headline figures as columns for queries.
import type { Kysely } from 'kysely';
import type { Answer, Answers } from '../domain/questionnaire/answers.js';
import { effectiveAnswers } from '../domain/scoring/adjustments.js';
import { loadAnswerRows, rowToAnswer } from '../assessments/repo.js';
import { loadAdjustments } from '../review/notes-repo.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { scoreAssessment, type ScoreResult } from '../domain/scoring/score.js';
import { nowIso } from '../db/ids.js';
import type { Assessment, Database } from '../db/schema.js';

export async function storeScore(
  db: Kysely<Database>,
  questionnaire: Questionnaire,
  assessment: Pick<Assessment, 'id' | 'weight_profile'>,
  answers: Answers,
): Promise<ScoreResult> {
  const result = scoreAssessment(questionnaire, answers, { weightProfile: assessment.weight_profile ?? undefined });
  const row = {
    status: result.status,
    level: result.level,
    score: result.score,
    band: result.band,
    answered_share: result.answeredShare,
    result_json: JSON.stringify(result),
    computed_at: nowIso(),
  };
  await db
    .insertInto('assessment_scores')
    .values({ assessment_id: assessment.id, ...row })
    .onConflict((oc) => oc.column('assessment_id').doUpdateSet(row))
    .execute();
  return result;
}

/** The answers scoring uses for an assessment: the organization's, with consultant adjustments applied. */
export async function loadScoringAnswers(db: Kysely<Database>, assessmentId: string): Promise<Map<string, Answer>> {
  const rows = await loadAnswerRows(db, assessmentId);
  const dated = new Map(rows.map((r) => [r.question_id, { answer: rowToAnswer(r), at: r.updated_at }]));
  return effectiveAnswers(dated, await loadAdjustments(db, assessmentId));
}

/** Scores the assessment from what is in the database now and stores the result. */
export async function recomputeScore(
  db: Kysely<Database>,
  questionnaire: Questionnaire,
  assessment: Pick<Assessment, 'id' | 'weight_profile'>,
): Promise<ScoreResult> {
  return storeScore(db, questionnaire, assessment, await loadScoringAnswers(db, assessment.id));
}

export async function loadScore(db: Kysely<Database>, assessmentId: string): Promise<ScoreResult | undefined> {
  const row = await db
    .selectFrom('assessment_scores')
    .select('result_json')
    .where('assessment_id', '=', assessmentId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.result_json) as ScoreResult) : undefined;
}
