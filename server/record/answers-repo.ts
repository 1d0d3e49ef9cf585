// Data access for answers and their revisions. An answer is written only when it changes; each change
// raises the answer's revision and adds a row to answer_revisions (old value, new value, who, when).
// A cleared answer keeps its row (both values null) so its revision number is never reused.
// An answer carried over from a signed assessment is marked with that assessment's id until it is
// confirmed (the mark cleared, the value kept) or written again (the write clears the mark).
import type { Kysely } from 'kysely';
import { isNotApplicable, type Answer } from '../domain/questionnaire/answers.js';
import type { AnswerState } from '../domain/record/adjustments.js';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';

interface StoredValue {
  value_json: string | null;
  na_reason: string | null;
}

export interface AnswerRecord extends AnswerState {
  by: string;
  at: string;
}

export interface AnswerRecords {
  /** Current answers (cleared ones left out). */
  answers: Map<string, AnswerRecord>;
  /** The current revision of every question that has ever been answered, cleared ones included. */
  revisions: Map<string, number>;
}

/** How an answer is stored (JSON of the value, or the N/A reason); also what bench/ seeds with. */
export function encodeAnswer(answer: Answer | null): StoredValue {
  if (answer === null) return { value_json: null, na_reason: null };
  if (isNotApplicable(answer)) return { value_json: null, na_reason: answer.reason };
  return { value_json: JSON.stringify(answer), na_reason: null };
}

function decode(row: StoredValue): Answer | null {
  if (row.na_reason !== null) return { na: true, reason: row.na_reason };
  return row.value_json === null ? null : (JSON.parse(row.value_json) as Answer);
}

const same = (a: StoredValue, b: StoredValue) => a.value_json === b.value_json && a.na_reason === b.na_reason;

export async function loadAnswerRecords(db: Kysely<Database>, assessmentId: string): Promise<AnswerRecords> {
  const rows = await db
    .selectFrom('answers')
    .select(['question_id', 'value_json', 'na_reason', 'revision', 'updated_at', 'updated_by'])
    .where('assessment_id', '=', assessmentId)
    .execute();
  const answers = new Map<string, AnswerRecord>();
  const revisions = new Map<string, number>();
  for (const r of rows) {
    revisions.set(r.question_id, Number(r.revision));
    const answer = decode(r);
    if (answer !== null) answers.set(r.question_id, { answer, revision: Number(r.revision), by: r.updated_by, at: r.updated_at });
  }
  return { answers, revisions };
}

/** The organization's current answers, without revisions. */
export async function loadAnswers(db: Kysely<Database>, assessmentId: string): Promise<Map<string, Answer>> {
  return answersOf(await loadAnswerRecords(db, assessmentId));
}

export interface AnswerChange {
  /** null clears the answer. */
  answer: Answer | null;
  /** The revision the respondent's page showed; absent when unknown (then a differing value is written). */
  baseRevision?: number;
  /** Carrying the answer over from this signed assessment: the answer is marked until confirmed or changed. */
  carriedFrom?: string;
}

/**
 * Writes the answers that changed; only inside the write path. A value posted unchanged from a page
 * that showed an older revision (someone else changed the answer since) is left alone, so two people
 * on one section keep each other's answers. Returns the new revision of every answer written.
 */
export async function writeAnswerChanges(
  db: Kysely<Database>,
  assessmentId: string,
  changes: ReadonlyMap<string, AnswerChange>,
  userId: string,
  now: string,
  /** The assessment's answers as just read in the same transaction: then they are not read again. */
  records?: AnswerRecords,
): Promise<Map<string, number>> {
  const ids = [...changes.keys()];
  if (ids.length === 0) return new Map();
  const current: Map<string, StoredValue & { revision: number }> = records
    ? new Map(ids.filter((id) => records.revisions.has(id)).map((id) => [id, { ...encodeAnswer(records.answers.get(id)?.answer ?? null), revision: records.revisions.get(id)! }]))
    : new Map(
        (
          await db
            .selectFrom('answers')
            .select(['question_id', 'value_json', 'na_reason', 'revision'])
            .where('assessment_id', '=', assessmentId)
            .where('question_id', 'in', ids)
            .execute()
        ).map((r) => [r.question_id, r]),
      );
  const written = new Map<string, number>();
  for (const [questionId, change] of changes) {
    const next = encodeAnswer(change.answer);
    const row = current.get(questionId);
    const old = row ?? encodeAnswer(null);
    if (same(old, next)) continue;
    const revision = Number(row?.revision ?? 0);
    if (change.baseRevision !== undefined && change.baseRevision !== revision) {
      const shown = await valueAtRevision(db, assessmentId, questionId, change.baseRevision);
      if (shown && same(shown, next)) continue;
    }
    // Any write but a carry-over clears the carried-over mark, in the same statement.
    const at = { updated_at: now, updated_by: userId, revision: revision + 1, carried_from: change.carriedFrom ?? null };
    await db
      .insertInto('answers')
      .values({ assessment_id: assessmentId, question_id: questionId, ...next, ...at })
      .onConflict((oc) => oc.columns(['assessment_id', 'question_id']).doUpdateSet({ ...next, ...at }))
      .execute();
    await db
      .insertInto('answer_revisions')
      .values({
        id: newId(),
        assessment_id: assessmentId,
        question_id: questionId,
        revision: revision + 1,
        old_value_json: old.value_json,
        old_na_reason: old.na_reason,
        ...next,
        changed_by: userId,
        changed_at: now,
        carried_from: change.carriedFrom ?? null,
      })
      .execute();
    written.set(questionId, revision + 1);
  }
  return written;
}

/** The answers after `written` (from writeAnswerChanges) were written by `by` at `at`: the records a save read, updated in memory. */
export function recordsAfter(records: AnswerRecords, changes: ReadonlyMap<string, AnswerChange>, written: ReadonlyMap<string, number>, by: string, at: string): AnswerRecords {
  const answers = new Map(records.answers);
  const revisions = new Map(records.revisions);
  for (const [questionId, revision] of written) {
    const answer = changes.get(questionId)!.answer;
    revisions.set(questionId, revision);
    if (answer === null) answers.delete(questionId);
    else answers.set(questionId, { answer, revision, by, at });
  }
  return { answers, revisions };
}

/** Just the answers of the records. */
export const answersOf = (records: AnswerRecords): Map<string, Answer> => new Map([...records.answers].map(([id, a]) => [id, a.answer]));

/** What an answer was at a revision: blank at 0; unknown (undefined) for a revision made before history was kept. */
async function valueAtRevision(db: Kysely<Database>, assessmentId: string, questionId: string, revision: number): Promise<StoredValue | undefined> {
  if (revision === 0) return encodeAnswer(null);
  return db
    .selectFrom('answer_revisions')
    .select(['value_json', 'na_reason'])
    .where('assessment_id', '=', assessmentId)
    .where('question_id', '=', questionId)
    .where('revision', '=', revision)
    .executeTakeFirst();
}

export interface AnswerRevision {
  questionId: string;
  revision: number;
  from: Answer | null;
  to: Answer | null;
  by: string;
  at: string;
  /** The signed assessment this revision carried the answer over from. */
  carriedFrom: string | null;
}

/** Every change of every answer of an assessment, oldest first, with the name of who made it. */
export async function answerHistory(db: Kysely<Database>, assessmentId: string): Promise<AnswerRevision[]> {
  const rows = await db
    .selectFrom('answer_revisions')
    .innerJoin('users', 'users.id', 'answer_revisions.changed_by')
    .select([
      'answer_revisions.question_id',
      'answer_revisions.revision',
      'answer_revisions.old_value_json',
      'answer_revisions.old_na_reason',
      'answer_revisions.value_json',
      'answer_revisions.na_reason',
      'answer_revisions.changed_at',
      'answer_revisions.carried_from',
      'users.name',
    ])
    .where('answer_revisions.assessment_id', '=', assessmentId)
    .orderBy('answer_revisions.changed_at')
    .orderBy('answer_revisions.revision')
    .execute();
  return rows.map((r) => ({
    questionId: r.question_id,
    revision: Number(r.revision),
    from: decode({ value_json: r.old_value_json, na_reason: r.old_na_reason }),
    to: decode(r),
    by: r.name,
    at: r.changed_at,
    carriedFrom: r.carried_from,
  }));
}

/** The answers still marked carried over (not yet confirmed or changed): question id → source assessment id. */
export async function carriedMarks(db: Kysely<Database>, assessmentId: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('answers')
    .select(['question_id', 'carried_from'])
    .where('assessment_id', '=', assessmentId)
    .where('carried_from', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.question_id, r.carried_from!]));
}

/** Confirms carried-over answers as they are: clears the mark of those of `questionIds` that have one, and returns them. Only inside the write path. */
export async function clearCarriedMarks(db: Kysely<Database>, assessmentId: string, questionIds: string[]): Promise<string[]> {
  if (questionIds.length === 0) return [];
  const rows = await db
    .updateTable('answers')
    .set({ carried_from: null })
    .where('assessment_id', '=', assessmentId)
    .where('question_id', 'in', questionIds)
    .where('carried_from', 'is not', null)
    .returning('question_id')
    .execute();
  return rows.map((r) => r.question_id);
}
