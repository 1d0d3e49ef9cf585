// Data access for consultant review notes and the adjustments among them.
import type { Kysely } from 'kysely';
import type { Adjustment } from '../domain/scoring/adjustments.js';
import { newId, nowIso } from '../db/ids.js';
import type { Database } from '../db/schema.js';

export interface NewNote {
  assessmentId: string;
  questionId: string | null;
  authorId: string;
  text: string;
  adjustedValue: number | null;
}

export async function insertNote(db: Kysely<Database>, note: NewNote): Promise<void> {
  await db
    .insertInto('review_notes')
    .values({
      id: newId(),
      assessment_id: note.assessmentId,
      question_id: note.questionId,
      author_id: note.authorId,
      at: nowIso(),
      text: note.text,
      adjusted_value: note.adjustedValue,
    })
    .execute();
}

/** Every note on an assessment, oldest first, with its author's name. */
export function listNotes(db: Kysely<Database>, assessmentId: string) {
  return db
    .selectFrom('review_notes')
    .innerJoin('users', 'users.id', 'review_notes.author_id')
    .select(['review_notes.id', 'review_notes.question_id', 'review_notes.at', 'review_notes.text', 'review_notes.adjusted_value', 'users.name as author'])
    .where('review_notes.assessment_id', '=', assessmentId)
    .orderBy('review_notes.at')
    .orderBy('review_notes.id')
    .execute();
}

export async function loadAdjustments(db: Kysely<Database>, assessmentId: string): Promise<Adjustment[]> {
  const rows = await db
    .selectFrom('review_notes')
    .select(['question_id', 'adjusted_value', 'at'])
    .where('assessment_id', '=', assessmentId)
    .where('adjusted_value', 'is not', null)
    .where('question_id', 'is not', null)
    .execute();
  return rows.map((r) => ({ questionId: r.question_id!, value: Number(r.adjusted_value), at: r.at }));
}
