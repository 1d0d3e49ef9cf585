// What a page shows of the review on an assessment: comment threads (by question and on the whole),
// the questions flagged for change, and what changed since the previous submission.
import { submissionTimes } from '../audit/history.js';
import type { AppContext } from '../context.js';
import { changesSince, type QuestionChange } from '../domain/record/changes-since.js';
import { flaggedQuestions, threadsOf, type Thread } from '../domain/record/threads.js';
import { placedQuestions } from '../domain/questionnaire/model.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { EDITABLE_STATUSES, type AssessmentStatus } from '../domain/workflow.js';
import { revisionsSince } from '../record/answers-repo.js';
import { listEvidence } from '../record/evidence-repo.js';
import { toComments, type NoteRow } from '../record/notes-repo.js';

export interface ReviewThreads {
  all: Thread[];
  /** Threads on each question. */
  byQuestion: Record<string, Thread[]>;
  /** Threads on the assessment as a whole. */
  general: Thread[];
  /** Flagged questions still to change, in questionnaire order. */
  flagged: string[];
}

export function reviewThreads(questionnaire: Questionnaire, notes: readonly NoteRow[]): ReviewThreads {
  const all = threadsOf(toComments(notes));
  const byQuestion: Record<string, Thread[]> = {};
  for (const thread of all) if (thread.questionId) (byQuestion[thread.questionId] ??= []).push(thread);
  const order = placedQuestions(questionnaire).map((p) => p.question.id);
  return { all, byQuestion, general: all.filter((t) => t.questionId === null), flagged: flaggedQuestions(all, order) };
}

export interface ChangesSinceSubmission {
  /** The previous submission the changes are counted from; undefined before a resubmission. */
  since?: string;
  byQuestion: Map<string, QuestionChange>;
}

/**
 * What changed since a submission (answers, N/A reasons, evidence): while the organization edits again,
 * since its last submission; once resubmitted (with the consultant, or signed), since the one before.
 */
export async function changesSinceLastSubmission(ctx: AppContext, assessment: { id: string; status: AssessmentStatus }): Promise<ChangesSinceSubmission> {
  const assessmentId = assessment.id;
  const times = await submissionTimes(ctx.db, assessmentId);
  const since = EDITABLE_STATUSES.includes(assessment.status) ? times.at(-1) : times.length >= 2 ? times.at(-2) : undefined;
  if (!since) return { byQuestion: new Map() };
  const [revisions, evidence] = await Promise.all([revisionsSince(ctx.db, assessmentId, since), listEvidence(ctx.db, assessmentId)]);
  return { since, byQuestion: changesSince(revisions, evidence, since) };
}
