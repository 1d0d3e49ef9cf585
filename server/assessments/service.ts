// What the assessments feature does: who may open an assessment, starting one, saving answers
// (and with them the stored result), and submitting. Every change goes through the record's write
// path; every change of state is audited in the same transaction.
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import { EDITABLE_STATUSES, isEditable, nextStatus, transitionFrom } from '../domain/workflow.js';
import { newId, nowIso } from '../db/ids.js';
import type { Assessment, Organization, User } from '../db/schema.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import { findOrganization, isAssignedConsultant, membershipRole } from '../orgs/repo.js';
import { writeAnswerChanges, type AnswerChange } from '../record/answers-repo.js';
import { findAssessment, insertAssessment, updateAssessment } from '../record/assessments-repo.js';
import { recomputeScore, storeScore } from '../record/scores-repo.js';
import { changeAssessment, inTransaction } from '../record/write-path.js';

export type AccessRole = 'org_admin' | 'respondent' | 'consultant' | 'platform_admin';

export interface AssessmentAccess {
  assessment: Assessment;
  org: Organization;
  questionnaire: Questionnaire;
  role: AccessRole;
  /** Members may answer while the assessment is a draft or changes were requested. */
  canAnswer: boolean;
  /** Assigned consultants and platform admins review, sign off and reopen. */
  canReview: boolean;
}

async function roleIn(ctx: AppContext, user: User, orgId: string): Promise<AccessRole | undefined> {
  const member = await membershipRole(ctx.db, orgId, user.id);
  if (member) return member;
  if (await isAssignedConsultant(ctx.db, orgId, user.id)) return 'consultant';
  if (user.is_platform_admin === 1) return 'platform_admin';
  return undefined;
}

/** Opens an assessment for `user`: NotFound when it does not exist, Forbidden when it belongs to an org they cannot see. */
export async function openAssessment(ctx: AppContext, user: User, id: string): Promise<AssessmentAccess> {
  const assessment = await findAssessment(ctx.db, id);
  if (!assessment) throw new NotFound();
  const role = await roleIn(ctx, user, assessment.org_id);
  if (!role) throw new Forbidden();
  const org = (await findOrganization(ctx.db, assessment.org_id))!;
  const questionnaire = ctx.catalog.get(assessment.questionnaire_id, assessment.questionnaire_version);
  const canAnswer = (role === 'org_admin' || role === 'respondent') && isEditable(assessment.status);
  const canReview = role === 'consultant' || role === 'platform_admin';
  return { assessment, org, questionnaire, role, canAnswer, canReview };
}

export interface NewAssessmentInput {
  orgId: string;
  questionnaireId: string;
  weightProfile?: string;
  title?: string;
  /** The language of the default title. */
  locale: Locale;
}

export async function startAssessment(ctx: AppContext, user: User, input: NewAssessmentInput): Promise<Assessment> {
  if ((await membershipRole(ctx.db, input.orgId, user.id)) !== 'org_admin') throw new Forbidden();
  const questionnaire = ctx.catalog.latest().find((q) => q.id === input.questionnaireId);
  if (!questionnaire) throw new Invalid('errors.invalidInput', { questionnaireId: 'errors.choose' });
  if (input.weightProfile && !questionnaire.weightProfiles.some((p) => p.id === input.weightProfile))
    throw new Invalid('errors.invalidInput', { weightProfile: 'errors.choose' });
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
  await inTransaction(ctx.db, async (trx) => {
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

export interface SaveOutcome {
  result: ScoreResult | undefined;
  /** The new revision of each answer written; answers that did not change are not written. */
  revisions: Map<string, number>;
}

/** Saves the answers that changed, and the recomputed result, in one transaction: acknowledged means durable. */
export async function saveAnswers(
  ctx: AppContext,
  user: User,
  access: AssessmentAccess,
  changes: ReadonlyMap<string, AnswerChange>,
): Promise<SaveOutcome> {
  if (!access.canAnswer) throw new Conflict('errors.notEditable');
  return changeAssessment(
    ctx.db,
    access.assessment.id,
    EDITABLE_STATUSES,
    async ({ trx, assessment, now }) => {
      const revisions = await writeAnswerChanges(trx, assessment.id, changes, user.id, now);
      const result = revisions.size ? await recomputeScore(trx, access.questionnaire, assessment) : undefined;
      return { result, revisions };
    },
    'errors.notEditable',
  );
}

export async function submitAssessment(ctx: AppContext, user: User, access: AssessmentAccess): Promise<void> {
  if (access.role !== 'org_admin' && access.role !== 'respondent') throw new Forbidden();
  await changeAssessment(
    ctx.db,
    access.assessment.id,
    transitionFrom('submit'),
    async ({ trx, assessment, now }) => {
      const to = nextStatus(assessment.status, 'submit')!;
      const result = await recomputeScore(trx, access.questionnaire, assessment);
      if (result.status !== 'ok') throw new Conflict('errors.insufficientToSubmit');
      await updateAssessment(trx, assessment.id, { status: to, submitted_at: now });
      await recordAudit(trx, {
        actorId: user.id,
        orgId: access.org.id,
        assessmentId: assessment.id,
        action: 'assessment.submitted',
        detail: { from: assessment.status, to, level: result.level, score: result.score },
      });
    },
    'errors.notEditable',
  );
}
