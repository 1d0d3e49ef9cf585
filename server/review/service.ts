// The consultant's side of the workflow: take a submitted assessment into review, ask for changes,
// or sign it off (finalize, which locks it). Only assigned consultants and platform admins may.
import { recordAudit } from '../audit/audit.js';
import type { AssessmentAccess } from '../assessments/service.js';
import type { AppContext } from '../context.js';
import { isUnderReview, nextStatus, type WorkflowAction } from '../domain/workflow.js';
import { nowIso } from '../db/ids.js';
import type { AssessmentUpdate, User } from '../db/schema.js';
import { BadRequest, Conflict, Forbidden } from '../http/errors.js';
import { questionIndex } from '../domain/questionnaire/model.js';
import { recomputeScore } from '../scores/store.js';
import { loadAnswers } from '../assessments/repo.js';
import { insertNote } from './notes-repo.js';

export type ReviewAction = Exclude<WorkflowAction, 'submit'>;

export function canReview(access: AssessmentAccess): boolean {
  return access.role === 'consultant' || access.role === 'platform_admin';
}

export async function reviewAssessment(
  ctx: AppContext,
  user: User,
  access: AssessmentAccess,
  action: ReviewAction,
  note?: string,
): Promise<void> {
  if (!canReview(access)) throw new Forbidden();
  const from = access.assessment.status;
  const to = nextStatus(from, action);
  if (!to) throw new Conflict('errors.notAllowedNow');
  const now = nowIso();
  const changes: AssessmentUpdate = { status: to, updated_at: now };
  if (to === 'finalized') Object.assign(changes, { finalized_at: now, finalized_by: user.id });
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('assessments')
      .set(changes)
      .where('id', '=', access.assessment.id)
      .where('status', '=', from)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw new Conflict('errors.notAllowedNow');
    await recordAudit(trx, {
      actorId: user.id,
      orgId: access.org.id,
      assessmentId: access.assessment.id,
      action: `assessment.${action}`,
      detail: { from, to, ...(note ? { note } : {}) },
    });
  });
}

export interface NoteInput {
  questionId: string | null;
  text: string;
  /** A conformance grade replacing the organization's answer in the score; the text is its reason. */
  adjustedValue: number | null;
}

/** Adds a consultant's note; an adjustment recomputes the stored score in the same transaction. */
export async function addReviewNote(ctx: AppContext, user: User, access: AssessmentAccess, input: NoteInput): Promise<void> {
  if (!canReview(access)) throw new Forbidden();
  if (!isUnderReview(access.assessment.status)) throw new Conflict('errors.notAllowedNow');
  const question = input.questionId ? questionIndex(access.questionnaire).get(input.questionId)?.question : undefined;
  if (input.questionId && !question) throw new BadRequest('errors.invalidInput', { questionId: 'errors.choose' });
  if (input.adjustedValue !== null && question?.type !== 'conformance')
    throw new BadRequest('errors.invalidInput', { adjustedValue: 'errors.adjustConformanceOnly' });
  await ctx.db.transaction().execute(async (trx) => {
    const answered = input.questionId ? (await loadAnswers(trx, access.assessment.id)).get(input.questionId) : undefined;
    await insertNote(trx, { assessmentId: access.assessment.id, authorId: user.id, ...input });
    if (input.adjustedValue === null) return;
    await recomputeScore(trx, access.questionnaire, access.assessment);
    await recordAudit(trx, {
      actorId: user.id,
      orgId: access.org.id,
      assessmentId: access.assessment.id,
      action: 'assessment.adjusted',
      detail: { question: input.questionId, from: answered ?? null, to: input.adjustedValue, reason: input.text },
    });
  });
}
