// The stored result of an assessment: scored from the effective answers (the organization's answers
// with the adjustments that count) in the same transaction as every change, so pages, lists, the
// benchmark and reports read one result instead of scoring again. Headline figures are columns for
// queries, each dimension's figures rows of dimension_scores; the full result is JSON.
import type { Kysely } from 'kysely';
import { reviewAnswers, type ReviewedAnswers } from '../domain/record/adjustments.js';
import type { Answers } from '../domain/questionnaire/answers.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { scoreAssessment, type ScoreResult } from '../domain/scoring/score.js';
import { nowIso } from '../db/ids.js';
import type { Assessment, Database } from '../db/schema.js';
import { loadAnswerRecords, type AnswerRecords } from './answers-repo.js';
import { listNotes, toAdjustments, type NoteRow } from './notes-repo.js';

export async function storeScore(
  db: Kysely<Database>,
  questionnaire: Questionnaire,
  assessment: Pick<Assessment, 'id' | 'weight_profile'>,
  effective: Answers,
): Promise<ScoreResult> {
  const result = scoreAssessment(questionnaire, effective, {
    weightProfile: assessment.weight_profile ?? undefined,
  });
  const rows = scoreRows(assessment.id, result, nowIso());
  const { assessment_id: _, ...row } = rows.score;
  await db
    .insertInto('assessment_scores')
    .values(rows.score)
    .onConflict((oc) => oc.column('assessment_id').doUpdateSet(row))
    .execute();
  await storeDimensionScores(db, rows.dimensions);
  return result;
}

/** The rows a stored result is kept in: its headline figures (assessment_scores) and each dimension's (dimension_scores). */
export function scoreRows(assessmentId: string, result: ScoreResult, computedAt: string) {
  return {
    score: {
      assessment_id: assessmentId,
      status: result.status,
      level: result.level,
      score: result.score,
      band: result.band,
      answered_share: result.answeredShare,
      result_json: JSON.stringify(result),
      computed_at: computedAt,
    },
    dimensions: result.dimensions.map((d) => ({ assessment_id: assessmentId, dimension_id: d.id, level: d.level, score: d.score })),
  };
}

/** The dimensions' figures as rows: one statement, and only rows whose figures changed are written. */
async function storeDimensionScores(db: Kysely<Database>, dimensions: ReturnType<typeof scoreRows>['dimensions']): Promise<void> {
  if (!dimensions.length) return;
  await db
    .insertInto('dimension_scores')
    .values(dimensions)
    .onConflict((oc) =>
      oc
        .columns(['assessment_id', 'dimension_id'])
        .doUpdateSet((eb) => ({ level: eb.ref('excluded.level'), score: eb.ref('excluded.score') }))
        .where((eb) => eb.or([eb('dimension_scores.level', '<>', eb.ref('excluded.level')), eb('dimension_scores.score', '<>', eb.ref('excluded.score'))])),
    )
    .execute();
}

/**
 * Forgets the figures of dimensions `questionnaire` does not have: for a move to another version, which can
 * drop a dimension (every other write keeps the questionnaire, so its dimensions are the ones already stored).
 */
export async function dropDimensionScoresOutside(db: Kysely<Database>, assessmentId: string, questionnaire: Questionnaire): Promise<void> {
  const ids = questionnaire.dimensions.map((d) => d.id);
  await db
    .deleteFrom('dimension_scores')
    .where('assessment_id', '=', assessmentId)
    .$if(ids.length > 0, (qb) => qb.where('dimension_id', 'not in', ids))
    .execute();
}

export interface ReviewedRecord {
  records: AnswerRecords;
  notes: NoteRow[];
  reviewed: ReviewedAnswers;
}

/** The answers, the notes, and what they make together: effective answers and each adjustment's state. */
export async function loadReviewedRecord(db: Kysely<Database>, assessmentId: string, answers?: AnswerRecords): Promise<ReviewedRecord> {
  const records = answers ?? (await loadAnswerRecords(db, assessmentId));
  const notes = await listNotes(db, assessmentId);
  return { records, notes, reviewed: reviewAnswers(records.answers, toAdjustments(notes), records.revisions) };
}

/**
 * Scores the assessment from what is in the database now and stores the result; only in the write path.
 * `answers`: the answers as the transaction holds them, when the caller has them already.
 */
export async function recomputeScore(
  db: Kysely<Database>,
  questionnaire: Questionnaire,
  assessment: Pick<Assessment, 'id' | 'weight_profile'>,
  answers?: AnswerRecords,
): Promise<ScoreResult> {
  const { reviewed } = await loadReviewedRecord(db, assessment.id, answers);
  return storeScore(db, questionnaire, assessment, reviewed.effective);
}

export async function loadScore(db: Kysely<Database>, assessmentId: string): Promise<ScoreResult | undefined> {
  const row = await db
    .selectFrom('assessment_scores')
    .select('result_json')
    .where('assessment_id', '=', assessmentId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.result_json) as ScoreResult) : undefined;
}

/** Each assessment's dimension levels (dimension id → level), read from dimension_scores, for many assessments at once. */
export async function dimensionLevelsOf(db: Kysely<Database>, assessmentIds: readonly string[]): Promise<Map<string, Map<string, number>>> {
  const levels = new Map<string, Map<string, number>>();
  // In pieces, so one statement never carries more parameters than a driver allows.
  for (let i = 0; i < assessmentIds.length; i += 1000) {
    const rows = await db
      .selectFrom('dimension_scores')
      .select(['assessment_id', 'dimension_id', 'level'])
      .where('assessment_id', 'in', assessmentIds.slice(i, i + 1000))
      .execute();
    for (const r of rows) {
      let byDimension = levels.get(r.assessment_id);
      if (!byDimension) levels.set(r.assessment_id, (byDimension = new Map()));
      byDimension.set(r.dimension_id, Number(r.level));
    }
  }
  return levels;
}
