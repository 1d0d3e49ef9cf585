// Opening an assessment for a user: their role towards its organization, and what the access policy
// lets them do with it now. Every service that acts on an assessment starts here.
import type { AppContext } from '../context.js';
import { can, mayAnswerSection, permissions, refusal, type Action, type Permissions, type Role } from '../domain/policy.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import type { Kysely } from 'kysely';
import type { Assessment, Database, Organization, User } from '../db/schema.js';
import { AppError, Conflict, Forbidden, NotFound } from '../errors.js';
import { findOrganization } from '../orgs/repo.js';
import { roleIn, roleInOrganization } from '../orgs/roles.js';
import { findAssessmentForUser } from '../record/assessments-repo.js';
import { sectionAssignments } from './assignments-repo.js';

// The role lookup lives with the organizations (the profile asks it too); re-exported for the assessment services.
export { roleIn };

export interface AssessmentAccess {
  assessment: Assessment;
  org: Organization;
  questionnaire: Questionnaire;
  role: Role;
  /** The policy's answer for every action on this assessment now, for pages. */
  may: Permissions;
}

/** NotFound when the assessment does not exist, Forbidden when the user may not read it. */
export async function openAssessment(ctx: AppContext, user: User, id: string): Promise<AssessmentAccess> {
  const found = await findAssessmentForUser(ctx.db, id, user.id);
  if (!found) throw new NotFound();
  const { member_role: memberRole, ...assessment } = found;
  const org = (await findOrganization(ctx.db, assessment.org_id))!;
  const role = await roleInOrganization(ctx, user, org, memberRole ?? null);
  if (!can(role, 'assessment.read')) throw new Forbidden();
  const questionnaire = ctx.catalog.get(assessment.questionnaire_id, assessment.questionnaire_version);
  return { assessment, org, questionnaire, role: role!, may: permissions(role, assessment.status) };
}

const STATUS_MESSAGES: Partial<Record<Action, string>> = {
  'assessment.answer': 'errors.notEditable',
  'assessment.submit': 'errors.notEditable',
};

function statusMessage(action: Action): string {
  return STATUS_MESSAGES[action] ?? 'errors.notAllowedNow';
}

/**
 * The check before a one-time form token is looked at: the role always; the status only when no token
 * came, since with one a repeated click must find the first click's work done in the write and be
 * answered the same.
 */
export function authorizeBeforeOnce(access: AssessmentAccess, action: Action, tokenSent: boolean): void {
  const why = refusal(access.role, action, access.assessment.status);
  if (why === 'role') throw new Forbidden();
  if (why === 'status' && !tokenSent) throw new Conflict(statusMessage(action));
}

/** Forbidden when the role may never take the action, Conflict when the status does not allow it now. */
export function authorize(access: AssessmentAccess, action: Action): void {
  const why = refusal(access.role, action, access.assessment.status);
  if (why === 'role') throw new Forbidden();
  if (why === 'status') throw new Conflict(statusMessage(action));
}

/**
 * Answering (and attaching evidence to) the questions of these dimensions: `assessment.answer` by the
 * policy, and for a respondent only in the sections assigned to them. The refusal names whose section it is.
 */
export async function authorizeSections(
  ctx: AppContext,
  access: AssessmentAccess,
  user: User,
  dimensionIds: Iterable<string>,
  /** The transaction the answers are written in, so the assignment read is the one the write relies on. */
  db: Kysely<Database> = ctx.db,
): Promise<void> {
  authorize(access, 'assessment.answer');
  if (access.role === 'org_admin') return;
  const assigned = await sectionAssignments(db, access.assessment.id);
  for (const id of dimensionIds) {
    const assignee = assigned.get(id);
    if (!mayAnswerSection(access.role, user.id, assignee?.userId)) {
      throw new AppError('forbidden', assignee ? 'errors.sectionOfOther' : 'errors.sectionUnassigned', {}, { name: assignee?.name });
    }
  }
}

/** The dimension a question belongs to, or undefined for an unknown question. */
export function dimensionOf(questionnaire: Questionnaire, questionId: string): string | undefined {
  return questionnaire.dimensions.find((d) => d.subDimensions.some((s) => s.questions.some((q) => q.id === questionId)))?.id;
}

/** Answering one question (its evidence included): authorizeSections for its dimension; NotFound for an unknown question. */
export async function authorizeQuestion(ctx: AppContext, access: AssessmentAccess, user: User, questionId: string): Promise<void> {
  const dimensionId = dimensionOf(access.questionnaire, questionId);
  if (!dimensionId) throw new NotFound();
  await authorizeSections(ctx, access, user, [dimensionId]);
}
