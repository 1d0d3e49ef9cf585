// Data access for consultant review notes and the adjustments among them. A note is a comment on the
// assessment or on one question; an adjustment is a note that also replaces a conformance answer in the
// score, bound to the answer revision the consultant reviewed.
import type { Kysely } from 'kysely';
import type { Adjustment } from '../domain/record/adjustments.js';
import { newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';

export interface NewNote {
  assessmentId: string;
  questionId: string | null;
  authorId: string;
  text: string;
  adjustedValue: number | null;
  answerRevision: number | null;
  at: string;
}

export async function insertNote(db: Kysely<Database>, note: NewNote): Promise<string> {
  const id = newId();
  await db
    .insertInto('review_notes')
    .values({
      id,
      assessment_id: note.assessmentId,
      question_id: note.questionId,
      author_id: note.authorId,
      at: note.at,
      text: note.text,
      adjusted_value: note.adjustedValue,
      answer_revision: note.answerRevision,
      dismissed_at: null,
      dismissed_by: null,
    })
    .execute();
  return id;
}

export interface NoteRow {
  id: string;
  question_id: string | null;
  at: string;
  text: string;
  adjusted_value: number | null;
  answer_revision: number | null;
  dismissed_at: string | null;
  author: string;
}

/** Every note on an assessment, oldest first, with its author's name. */
export async function listNotes(db: Kysely<Database>, assessmentId: string): Promise<NoteRow[]> {
  const rows = await db
    .selectFrom('review_notes')
    .innerJoin('users', 'users.id', 'review_notes.author_id')
    .select([
      'review_notes.id',
      'review_notes.question_id',
      'review_notes.at',
      'review_notes.text',
      'review_notes.adjusted_value',
      'review_notes.answer_revision',
      'review_notes.dismissed_at',
      'users.name as author',
    ])
    .where('review_notes.assessment_id', '=', assessmentId)
    .orderBy('review_notes.at')
    .orderBy('review_notes.id')
    .execute();
  return rows.map((r) => ({
    ...r,
    adjusted_value: r.adjusted_value === null ? null : Number(r.adjusted_value),
    answer_revision: r.answer_revision === null ? null : Number(r.answer_revision),
  }));
}

export function toAdjustments(notes: readonly NoteRow[]): Adjustment[] {
  return notes
    .filter((n) => n.adjusted_value !== null && n.question_id !== null)
    .map((n) => ({
      id: n.id,
      questionId: n.question_id!,
      value: n.adjusted_value!,
      answerRevision: n.answer_revision ?? -1,
      at: n.at,
      dismissed: n.dismissed_at !== null,
    }));
}

/** Marks an adjustment dismissed; false when there is no such live adjustment on this assessment. */
export async function dismissAdjustment(db: Kysely<Database>, assessmentId: string, noteId: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('review_notes')
    .set({ dismissed_at: now, dismissed_by: userId })
    .where('id', '=', noteId)
    .where('assessment_id', '=', assessmentId)
    .where('adjusted_value', 'is not', null)
    .where('dismissed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
