// What the assessments feature does: who may open an assessment, starting one, saving answers
// (and with them the stored score), and submitting. Every state change is audited.
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import type { Answer } from '../domain/questionnaire/answers.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import { isEditable, nextStatus } from '../domain/workflow.js';
import type { OnceGuard } from '../db/form-submissions.js';
import { newId, nowIso } from '../db/ids.js';
import type { Assessment, Organization, User } from '../db/schema.js';
import { BadRequest, Conflict, Forbidden, NotFound } from '../http/errors.js';
import { findOrganization, isAssignedConsultant, membershipRole } from '../orgs/repo.js';
import { recomputeScore, storeScore } from '../scores/store.js';
import { findAssessment, insertAssessment, putAnswer, touchEditableAssessment, updateAssessment } from './repo.js';

export type AccessRole = 'org_admin' | 'respondent' | 'consultant' | 'platform_admin';

export interface AssessmentAccess {
  assessment: Assessment;
  org: Organization;
  questionnaire: Questionnaire;
  role: AccessRole;
  /** Members may answer while the assessment is a draft or changes were requested. */
  canAnswer: boolean;
}

async function roleIn(ctx: AppContext, user: User, orgId: string): Promise<AccessRole | undefined> {
  const member = await membershipRole(ctx.db, orgId, user.id);
  if (member) return member;
  if (await isAssignedConsultant(ctx.db, orgId, user.id)) return 'consultant';
  if (user.is_platform_admin === 1) return 'platform_admin';
  return undefined;
}

/** Opens an assessment for `user`: 404 when it does not exist, 403 when it belongs to an org they cannot see. */
export async function openAssessment(ctx: AppContext, user: User, id: string): Promise<AssessmentAccess> {
  const assessment = await findAssessment(ctx.db, id);
  if (!assessment) throw new NotFound();
  const role = await roleIn(ctx, user, assessment.org_id);
  if (!role) throw new Forbidden();
  const org = (await findOrganization(ctx.db, assessment.org_id))!;
  const questionnaire = ctx.catalog.get(assessment.questionnaire_id, assessment.questionnaire_version);
  const canAnswer = (role === 'org_admin' || role === 'respondent') && isEditable(assessment.status);
  return { assessment, org, questionnaire, role, canAnswer };
}

export interface NewAssessmentInput {
  orgId: string;
  questionnaireId: string;
  weightProfile?: string;
  title?: string;
  /** The language of the default title. */
  locale: Locale;
}

/** `once`, when given, is called first in the transaction with the new id (one-time form token). */
export async function startAssessment(ctx: AppContext, user: User, input: NewAssessmentInput, once?: OnceGuard): Promise<Assessment> {
  if ((await membershipRole(ctx.db, input.orgId, user.id)) !== 'org_admin') throw new Forbidden();
  const questionnaire = ctx.catalog.latest().find((q) => q.id === input.questionnaireId);
  if (!questionnaire) throw new BadRequest('errors.invalidInput', { questionnaireId: 'errors.choose' });
  if (input.weightProfile && !questionnaire.weightProfiles.some((p) => p.id === input.weightProfile))
    throw new BadRequest('errors.invalidInput', { weightProfile: 'errors.choose' });
  const now = nowIso();
  const assessment: Assessment = {
    id: newId(),
    org_id: input.orgId,
    questionnaire_id: questionnaire.id,
    questionnaire_version: questionnaire.version,
    weight_profile: input.weightProfile || null,
    title: input.title?.trim() || `${questionnaire.title[input.locale]} ${now.slice(0, 10)}`,
    status: 'draft',
    created_by: user.id,
    created_at: now,
    updated_at: now,
    submitted_at: null,
    finalized_at: null,
    finalized_by: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    await once?.(trx, assessment.id);
    await insertAssessment(trx, assessment);
    await storeScore(trx, questionnaire, assessment, new Map());
    await recordAudit(trx, {
      actorId: user.id,
      orgId: input.orgId,
      assessmentId: assessment.id,
      action: 'assessment.started',
      detail: { questionnaire: `${questionnaire.id}@${questionnaire.version}`, weightProfile: assessment.weight_profile },
    });
  });
  return assessment;
}

/** Saves answers and the recomputed score in one transaction: acknowledged means durable. */
export async function saveAnswers(
  ctx: AppContext,
  user: User,
  access: AssessmentAccess,
  changes: ReadonlyMap<string, Answer | null>,
): Promise<ScoreResult> {
  if (!access.canAnswer) throw new Conflict('errors.notEditable');
  return ctx.db.transaction().execute(async (trx) => {
    // The update comes first: it locks the assessment row, so concurrent saves (from several app
    // processes) run one after another and each stored score sees every answer committed before it.
    const locked = await touchEditableAssessment(trx, access.assessment.id);
    if (!locked) throw new Conflict('errors.notEditable');
    for (const [questionId, answer] of changes) {
      await putAnswer(trx, access.assessment.id, questionId, answer, user.id);
    }
    return recomputeScore(trx, access.questionnaire, access.assessment);
  });
}

export async function submitAssessment(ctx: AppContext, user: User, access: AssessmentAccess): Promise<void> {
  if (access.role !== 'org_admin' && access.role !== 'respondent') throw new Forbidden();
  const to = nextStatus(access.assessment.status, 'submit');
  if (!to) throw new Conflict('errors.notEditable');
  await ctx.db.transaction().execute(async (trx) => {
    const result = await recomputeScore(trx, access.questionnaire, access.assessment);
    if (result.status !== 'ok') throw new Conflict('errors.insufficientToSubmit');
    const now = nowIso();
    await updateAssessment(trx, access.assessment.id, { status: to, submitted_at: now, updated_at: now });
    await recordAudit(trx, {
      actorId: user.id,
      orgId: access.org.id,
      assessmentId: access.assessment.id,
      action: 'assessment.submitted',
      detail: { from: access.assessment.status, to, level: result.level, score: result.score },
    });
  });
}
