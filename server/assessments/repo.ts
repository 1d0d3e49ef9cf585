// Data access for assessments and their answers.
import type { Kysely } from 'kysely';
import { isNotApplicable, type Answer } from '../domain/questionnaire/answers.js';
import { EDITABLE_STATUSES } from '../domain/workflow.js';
import { nowIso } from '../db/ids.js';
import type { AnswerRow, Assessment, AssessmentUpdate, Database } from '../db/schema.js';

export function findAssessment(db: Kysely<Database>, id: string): Promise<Assessment | undefined> {
  return db.selectFrom('assessments').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertAssessment(db: Kysely<Database>, assessment: Assessment): Promise<void> {
  await db.insertInto('assessments').values(assessment).execute();
}

export async function updateAssessment(db: Kysely<Database>, id: string, changes: AssessmentUpdate): Promise<void> {
  await db.updateTable('assessments').set(changes).where('id', '=', id).execute();
}

/** Marks an editable assessment as changed now; false when it is not (or no longer) editable. */
export async function touchEditableAssessment(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db
    .updateTable('assessments')
    .set({ updated_at: nowIso() })
    .where('id', '=', id)
    .where('status', 'in', [...EDITABLE_STATUSES])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Assessments of the given organizations with their stored scores, newest first. */
export function listAssessments(db: Kysely<Database>, orgIds: string[]) {
  if (orgIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('assessments')
    .innerJoin('organizations', 'organizations.id', 'assessments.org_id')
    .leftJoin('assessment_scores', 'assessment_scores.assessment_id', 'assessments.id')
    .select([
      'assessments.id',
      'assessments.title',
      'assessments.status',
      'assessments.questionnaire_id',
      'assessments.questionnaire_version',
      'assessments.updated_at',
      'organizations.name as org_name',
      'assessment_scores.status as score_status',
      'assessment_scores.level',
      'assessment_scores.score',
      'assessment_scores.answered_share',
    ])
    .where('assessments.org_id', 'in', orgIds)
    .orderBy('assessments.updated_at', 'desc')
    .execute();
}

export function rowToAnswer(row: Pick<AnswerRow, 'value_json' | 'na_reason'>): Answer {
  return row.na_reason !== null ? { na: true, reason: row.na_reason } : JSON.parse(row.value_json ?? 'null');
}

export async function loadAnswerRows(db: Kysely<Database>, assessmentId: string): Promise<AnswerRow[]> {
  return db.selectFrom('answers').selectAll().where('assessment_id', '=', assessmentId).execute();
}

export async function loadAnswers(db: Kysely<Database>, assessmentId: string): Promise<Map<string, Answer>> {
  const rows = await loadAnswerRows(db, assessmentId);
  return new Map(rows.map((r) => [r.question_id, rowToAnswer(r)]));
}

/** Writes one answer (or clears it when `answer` is null). */
export async function putAnswer(
  db: Kysely<Database>,
  assessmentId: string,
  questionId: string,
  answer: Answer | null,
  userId: string,
): Promise<void> {
  if (answer === null) {
    await db.deleteFrom('answers').where('assessment_id', '=', assessmentId).where('question_id', '=', questionId).execute();
    return;
  }
  const row = {
    value_json: isNotApplicable(answer) ? null : JSON.stringify(answer),
    na_reason: isNotApplicable(answer) ? answer.reason : null,
    updated_at: nowIso(),
    updated_by: userId,
  };
  await db
    .insertInto('answers')
    .values({ assessment_id: assessmentId, question_id: questionId, ...row })
    .onConflict((oc) => oc.columns(['assessment_id', 'question_id']).doUpdateSet(row))
    .execute();
}
