// The consultant's side of the workflow: take a submitted assessment into review, ask for changes,
// or sign it off (finalize, which locks it). Only assigned consultants and platform admins may.
import { recordAudit } from '../audit/audit.js';
import type { AssessmentAccess } from '../assessments/service.js';
import type { AppContext } from '../context.js';
import { nextStatus, type WorkflowAction } from '../domain/workflow.js';
import { nowIso } from '../db/ids.js';
import type { AssessmentUpdate, User } from '../db/schema.js';
import { Conflict, Forbidden } from '../http/errors.js';

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
