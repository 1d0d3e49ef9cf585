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

const REVISION_COLUMNS = [
  'r.question_id',
  'r.revision',
  'r.old_value_json',
  'r.old_na_reason',
  'r.value_json',
  'r.na_reason',
  'r.changed_at',
  'r.carried_from',
  'r.changed_by',
] as const;

interface RevisionRow extends StoredValue {
  question_id: string;
  revision: number | string;
  old_value_json: string | null;
  old_na_reason: string | null;
  changed_at: string;
  carried_from: string | null;
  name: string;
}

function toRevision(r: RevisionRow): AnswerRevision {
  return {
    questionId: r.question_id,
    revision: Number(r.revision),
    from: decode({ value_json: r.old_value_json, na_reason: r.old_na_reason }),
    to: decode(r),
    by: r.name,
    at: r.changed_at,
    carriedFrom: r.carried_from,
  };
}

/** An assessment's answer changes with the name of who made each, for the queries below to narrow and order. */
function namedRevisions(db: Kysely<Database>, assessmentId: string) {
  return db
    .selectFrom('answer_revisions as r')
    .innerJoin('users as u', 'u.id', 'r.changed_by')
    .select([...REVISION_COLUMNS, 'u.name'])
    .where('r.assessment_id', '=', assessmentId);
}

/** The changes of an assessment's answers made after `since`, oldest first, with the name of who made each. */
export async function revisionsSince(db: Kysely<Database>, assessmentId: string, since: string): Promise<AnswerRevision[]> {
  const rows = await namedRevisions(db, assessmentId)
    .where('r.changed_at', '>', since)
    .orderBy('r.changed_at')
    .orderBy('r.revision')
    .execute();
  return rows.map(toRevision);
}

/** A question's newest changes, newest first, and how many it has had in all. */
export interface RecentRevisions {
  revisions: AnswerRevision[];
  total: number;
}

/**
 * For each of `questionIds` (one section's), its newest `perQuestion` changes and their total: what a section
 * page shows stays the same size however long the answers' history grows (the rest is on the question's
 * history page). Questions never answered are absent.
 */
export async function recentRevisions(
  db: Kysely<Database>,
  assessmentId: string,
  questionIds: readonly string[],
  perQuestion: number,
): Promise<Map<string, RecentRevisions>> {
  const out = new Map<string, RecentRevisions>();
  if (questionIds.length === 0) return out;
  const ranked = db
    .selectFrom('answer_revisions as r')
    .select([
      ...REVISION_COLUMNS,
      (eb) => eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('r.question_id').orderBy('r.revision', 'desc')).as('nth'),
      (eb) => eb.fn.countAll<number>().over((ob) => ob.partitionBy('r.question_id')).as('total'),
    ])
    .where('r.assessment_id', '=', assessmentId)
    .where('r.question_id', 'in', questionIds)
    .as('h');
  const rows = await db
    .selectFrom(ranked)
    .innerJoin('users as u', 'u.id', 'h.changed_by')
    .selectAll('h')
    .select('u.name')
    .where('h.nth', '<=', perQuestion)
    .orderBy('h.question_id')
    .orderBy('h.revision', 'desc')
    .execute();
  for (const r of rows) {
    const entry = out.get(r.question_id) ?? out.set(r.question_id, { revisions: [], total: Number(r.total) }).get(r.question_id)!;
    entry.revisions.push(toRevision(r));
  }
  return out;
}

/** One page of a question's changes, newest first, and how many there are in all. */
export async function questionRevisions(
  db: Kysely<Database>,
  assessmentId: string,
  questionId: string,
  page: { limit: number; offset: number },
): Promise<AnswerRevision[]> {
  const rows = await namedRevisions(db, assessmentId)
    .where('r.question_id', '=', questionId)
    .orderBy('r.revision', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return rows.map(toRevision);
}

/** How many changes a question's answer has had. */
export async function countQuestionRevisions(db: Kysely<Database>, assessmentId: string, questionId: string): Promise<number> {
  const row = await db
    .selectFrom('answer_revisions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assessment_id', '=', assessmentId)
    .where('question_id', '=', questionId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
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
