// Data access for review notes: comment threads and the adjustments among them. A note is a comment on
// the assessment or on one question (a reply names its thread's first note); an adjustment is a
// consultant's note that also replaces a conformance answer in the score, bound to the answer revision
// the consultant reviewed. A thread can be resolved; a comment on a question can flag it for change.
import type { Kysely } from 'kysely';
import type { Adjustment } from '../domain/record/adjustments.js';
import type { CommentRow } from '../domain/record/threads.js';
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
  /** A reply: the thread's first note. */
  parentId?: string | null;
  flagged?: boolean;
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
      parent_id: note.parentId ?? null,
      flagged: note.flagged ? 1 : 0,
      resolved_at: null,
      resolved_by: null,
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
  parent_id: string | null;
  flagged: number;
  resolved_at: string | null;
  author_id: string;
  author: string;
  /** The author is a consultant or platform admin. */
  reviewer: boolean;
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
      'review_notes.parent_id',
      'review_notes.flagged',
      'review_notes.resolved_at',
      'review_notes.author_id',
      'users.name as author',
      'users.is_consultant',
      'users.is_platform_admin',
    ])
    .where('review_notes.assessment_id', '=', assessmentId)
    .orderBy('review_notes.at')
    .orderBy('review_notes.id')
    .execute();
  return rows.map(({ is_consultant, is_platform_admin, ...r }) => ({
    ...r,
    flagged: Number(r.flagged),
    reviewer: Number(is_consultant) === 1 || Number(is_platform_admin) === 1,
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

/** The notes as comment rows, for threads (server/domain/record/threads.ts). */
export function toComments(notes: readonly NoteRow[]): CommentRow[] {
  return notes.map((n) => ({
    id: n.id,
    questionId: n.question_id,
    parentId: n.parent_id,
    authorId: n.author_id,
    author: n.author,
    fromReviewer: n.reviewer,
    at: n.at,
    text: n.text,
    flagged: n.flagged === 1,
    resolvedAt: n.resolved_at,
  }));
}

/** Marks a thread resolved (its first note); false when there is no such open thread on this assessment. */
export async function resolveThread(db: Kysely<Database>, assessmentId: string, threadId: string, userId: string, now: string): Promise<boolean> {
  const result = await db
    .updateTable('review_notes')
    .set({ resolved_at: now, resolved_by: userId })
    .where('id', '=', threadId)
    .where('assessment_id', '=', assessmentId)
    .where('parent_id', 'is', null)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A thread's first note on this assessment, if there is one. */
export function findThread(db: Kysely<Database>, assessmentId: string, threadId: string) {
  return db
    .selectFrom('review_notes')
    .select(['id', 'question_id', 'resolved_at'])
    .where('id', '=', threadId)
    .where('assessment_id', '=', assessmentId)
    .where('parent_id', 'is', null)
    .executeTakeFirst();
}

/** Who wrote in a thread. */
export async function threadParticipants(db: Kysely<Database>, threadId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('review_notes')
    .select('author_id')
    .distinct()
    .where((eb) => eb.or([eb('id', '=', threadId), eb('parent_id', '=', threadId)]))
    .execute();
  return rows.map((r) => r.author_id);
}
