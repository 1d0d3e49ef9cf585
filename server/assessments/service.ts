// What the assessments feature does: starting an assessment (from scratch, or from the last signed
// one: carry-over.ts), saving answers (and with them the stored result), and submitting. Every change
// goes through the record's write path; every change of state is audited in the same transaction (a submission also notifies the consultants).
import type { Answer } from '../domain/questionnaire/answers.js';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import { roleMay, statusesFor, type Role } from '../domain/policy.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';
import type { Locale, Questionnaire } from '../domain/questionnaire/schema.js';
import { placedQuestions } from '../domain/questionnaire/model.js';
import { planVersionMove, type VersionMovePlan } from '../domain/questionnaire/version-move.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import { nextStatus } from '../domain/workflow.js';
import type { OnceGuard } from '../db/form-submissions.js';
import { newId, nowIso } from '../db/ids.js';
import type { Assessment, User } from '../db/schema.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../errors.js';
import { announce } from '../notifications/service.js';
import { organizationsOf, visibleScope } from '../orgs/repo.js';
import { answersOf, loadAnswerRecords, loadAnswers, recordsAfter, writeAnswerChanges, type AnswerChange } from '../record/answers-repo.js';
import { insertAssessment, updateAssessment } from '../record/assessments-repo.js';
import { isRetiredNow } from '../catalog/service.js';
import { authorize, authorizeSections, dimensionOf, roleIn, type AssessmentAccess } from './access.js';
import { carryOver, carrySource, lastSignedAssessments, refuseWhileCarried, startedFrom } from './carry-over.js';
import { listAssessments, type ListCursor } from './list-repo.js';
import { sectionProgress, type SectionProgress } from './progress.js';
import { dropDimensionScoresOutside, recomputeScore, storeScore } from '../record/scores-repo.js';
import { changeAssessment, inTransaction } from '../record/write-path.js';

export interface NewAssessmentInput {
  orgId: string;
  questionnaireId: string;
  weightProfile?: string;
  title?: string;
  /** The language of the default title. */
  locale: Locale;
  /** Start from this assessment: the organization's last signed one, as the start form offered it. */
  carryFrom?: string;
}

/** The start form's message for a questionnaire whose versions are all retired (shown above the forms). */
const RETIRED = { _: 'publish.errors.retired' };

/** `once`, when given, is called first in the transaction with the new id (one-time form token). */
export async function startAssessment(ctx: AppContext, user: User, input: NewAssessmentInput, once?: OnceGuard): Promise<Assessment> {
  if (!roleMay(await roleIn(ctx, user, input.orgId), 'assessment.start')) throw new Forbidden();
  // The newest version that is not retired: a retired version takes no new assessment.
  const questionnaire = ctx.catalog.startable().find((q) => q.id === input.questionnaireId);
  if (!questionnaire) throw new Invalid('errors.invalidInput', ctx.catalog.versions(input.questionnaireId).length ? RETIRED : { questionnaireId: 'errors.choose' });
  if (input.weightProfile && !questionnaire.weightProfiles.some((p) => p.id === input.weightProfile))
    throw new Invalid('errors.invalidInput', { weightProfile: 'errors.profileNotInQuestionnaire' });
  const source = input.carryFrom ? await carrySource(ctx, input.orgId, questionnaire.id, input.carryFrom) : undefined;
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
    await once?.(trx, assessment.id);
    if (await isRetiredNow(trx, questionnaire)) throw new Invalid('errors.invalidInput', RETIRED);
    await insertAssessment(trx, assessment);
    const carried = source ? await carryOver(ctx, trx, source, questionnaire, assessment.id, user.id, now) : new Map();
    await storeScore(trx, questionnaire, assessment, carried);
    await recordAudit(trx, {
      actorId: user.id,
      orgId: input.orgId,
      assessmentId: assessment.id,
      action: 'assessment.started',
      detail: {
        questionnaire: `${questionnaire.id}@${questionnaire.version}`,
        weightProfile: assessment.weight_profile,
        ...(source ? { startedFrom: startedFrom(source, carried.size) } : {}),
      },
    });
  });
  return assessment;
}

export interface SaveOutcome {
  result: ScoreResult | undefined;
  /** The new revision of each answer written; answers that did not change are not written. */
  revisions: Map<string, number>;
  /** The answers just before and just after the save, as the transaction saw them. */
  before: Map<string, Answer>;
  after: Map<string, Answer>;
}

/** Saves the answers that changed, and the recomputed result, in one transaction: acknowledged means durable. */
export async function saveAnswers(
  ctx: AppContext,
  user: User,
  access: AssessmentAccess,
  changes: ReadonlyMap<string, AnswerChange>,
): Promise<SaveOutcome> {
  authorize(access, 'assessment.answer');
  // A respondent answers only their sections: every changed question's section is checked, under the lock.
  const sections = new Set([...changes.keys()].map((id) => dimensionOf(access.questionnaire, id) ?? ''));
  return changeAssessment(
    ctx.db,
    access.assessment.id,
    statusesFor('assessment.answer')!,
    async ({ trx, assessment, now }) => {
      await authorizeSections(ctx, access, user, sections, trx);
      // The answers are read once, under the lock: the write, the score and the caller all work from them.
      const records = await loadAnswerRecords(trx, assessment.id);
      const revisions = await writeAnswerChanges(trx, assessment.id, changes, user.id, now, records);
      const after = revisions.size ? recordsAfter(records, changes, revisions, user.id, now) : records;
      const result = revisions.size ? await recomputeScore(trx, access.questionnaire, assessment, after) : undefined;
      return { result, revisions, before: answersOf(records), after: answersOf(after) };
    },
    'errors.notEditable',
  );
}

/** `once`, when given, is called first in the transaction (one-time form token): a double click submits once. */
export async function submitAssessment(ctx: AppContext, user: User, access: AssessmentAccess, once?: OnceGuard): Promise<void> {
  authorize(access, 'assessment.submit');
  await changeAssessment(
    ctx.db,
    access.assessment.id,
    statusesFor('assessment.submit')!,
    async ({ trx, assessment, now }) => {
      await once?.(trx, assessment.id);
      const to = nextStatus(assessment.status, 'submit')!;
      const result = await recomputeScore(trx, access.questionnaire, assessment);
      // Every applicable, visible requirement answered or N/A with a reason; the refusal lists what is missing.
      if (result.unanswered.length) throw new Conflict('errors.unansweredToSubmit', result.unanswered);
      await refuseWhileCarried(trx, access.questionnaire, assessment.id);
      await updateAssessment(trx, assessment.id, { status: to, submitted_at: now });
      await recordAudit(trx, {
        actorId: user.id,
        orgId: access.org.id,
        assessmentId: assessment.id,
        action: 'assessment.submitted',
        detail: { from: assessment.status, to, level: result.level, score: result.score },
      });
      await announce(ctx, trx, { kind: 'submitted', assessmentId: assessment.id, actorId: user.id });
    },
    'errors.notEditable',
  );
}

/** Whose assessments the list shows, as its title's key: the platform admin's are every organization's, a consultant's their clients'. */
export function assessmentsTitleOf(user: User): string {
  return user.is_platform_admin === 1 ? 'assessments.titleAll' : user.is_consultant === 1 ? 'assessments.titleClients' : 'assessments.title';
}

/** The assessments page: a page of the assessments the user may see, and the organizations where they may start one. */
export async function assessmentList(ctx: AppContext, user: User, at: { after?: ListCursor; before?: ListCursor } = {}) {
  const orgs = await organizationsOf(ctx.db, user.id);
  const adminOrgs = orgs.filter((o) => roleMay(o.role as Role, 'assessment.start'));
  const listTitle = assessmentsTitleOf(user);
  // The profiles this user keeps; those registered before the profile existed still lack a credit code.
  const profiles = orgs.filter((o) => roleMay(o.role as Role, 'org.profile')).map((o) => ({ ...o, missingCode: !o.credit_code }));
  const lastSigned = (await lastSignedAssessments(ctx, adminOrgs.map((o) => o.id))).map((s) => ({ ...s, org: adminOrgs.find((o) => o.id === s.orgId)! }));
  return {
    listTitle,
    orgs,
    adminOrgs,
    profiles,
    ...(await assessmentPage(ctx, user, at)),
    // One start form per questionnaire, offering its own weight profiles, the organization's industry's first,
    // and each organization's last signed assessment of it to start from.
    // With several organizations, each one's profile goes with its option, for the script that follows the choice.
    starts: ctx.catalog.startable().map((q) => ({
      q,
      suggested: suggestedProfile(q, adminOrgs[0]?.industry),
      suggestedFor: Object.fromEntries(adminOrgs.map((o) => [o.id, suggestedProfile(q, o.industry)])),
      lastSigned: lastSigned.filter((s) => s.questionnaireId === q.id),
    })),
  };
}

/** A page of the list and where the newer and older pages start (null: none). */
async function assessmentPage(ctx: AppContext, user: User, at: { after?: ListCursor; before?: ListCursor }) {
  const { rows, more } = await listAssessments(ctx.db, await visibleScope(ctx.db, user), at);
  const cursorOf = (r: { updated_at: string; id: string } | undefined): ListCursor | null => (r ? { updatedAt: r.updated_at, id: r.id } : null);
  const backwards = at.before !== undefined;
  const paged = at.after !== undefined || backwards;
  return {
    rows,
    // Reading forwards there are newer rows whenever we started from a cursor; backwards, when more were read.
    newer: (backwards ? more : paged) ? cursorOf(rows[0]) : null,
    older: (backwards ? true : more) && rows.length ? cursorOf(rows.at(-1)) : null,
  };
}

/** The weight profile made for an industry: one whose id is the industry or its family (manufacturing ⊃ manufacturing-discrete). */
export function suggestedProfile(q: Questionnaire, industry: string | undefined): string {
  if (!industry) return '';
  const match = q.weightProfiles.find((p) => industry === p.id || industry.startsWith(`${p.id}-`));
  return match?.id ?? '';
}

export interface SectionSave extends SaveOutcome {
  /** Progress of the section after the save. */
  progress: SectionProgress;
  /** Skip logic now shows or hides a question of this section that it did not before: the page must reload. */
  reload: boolean;
}

/** Saves one section's answers and says what the page needs to know afterwards. */
export async function saveSection(
  ctx: AppContext,
  user: User,
  access: AssessmentAccess,
  dimensionId: string,
  changes: ReadonlyMap<string, AnswerChange>,
): Promise<SectionSave> {
  const q = access.questionnaire;
  const dimension = q.dimensions.find((d) => d.id === dimensionId);
  if (!dimension) throw new NotFound();
  const saved = await saveAnswers(ctx, user, access, changes);
  const visibleBefore = visibleQuestionIds(q, saved.before);
  const visibleNow = visibleQuestionIds(q, saved.after);
  return {
    ...saved,
    progress: sectionProgress(q, saved.after).find((p) => p.dimensionId === dimension.id)!,
    reload: dimension.subDimensions.some((s) => s.questions.some((x) => visibleBefore.has(x.id) !== visibleNow.has(x.id))),
  };
}

/** The newest version of the assessment's questionnaire that is not retired, when it is newer than the one it is on. */
export function newerVersion(ctx: AppContext, access: AssessmentAccess): Questionnaire | undefined {
  return ctx.catalog.newerStartable(access.questionnaire.id, access.questionnaire.version);
}

/** What moving the draft to the newest version would carry over, drop and ask for. */
export async function versionMovePreview(ctx: AppContext, access: AssessmentAccess) {
  authorize(access, 'assessment.move-version');
  const target = newerVersion(ctx, access);
  if (!target) throw new Conflict('errors.noNewerVersion');
  const plan = planVersionMove(access.questionnaire, target, await loadAnswers(ctx.db, access.assessment.id));
  const textIn = (q: Questionnaire) => new Map(placedQuestions(q).map(({ question }) => [question.id, question.text]));
  const [before, after] = [textIn(access.questionnaire), textIn(target)];
  return {
    target,
    carried: plan.carried.map((id) => ({ id, text: after.get(id)! })),
    dropped: plan.dropped.map((d) => ({ id: d.questionId, reason: d.reason, text: before.get(d.questionId)! })),
    toAnswer: plan.toAnswer.map((id) => ({ id, text: after.get(id)! })),
  };
}

/**
 * Moves the draft to the newest version in one transaction: answers that do not carry over are cleared
 * (their history keeps them), the assessment is re-pinned and re-scored, and the move is audited.
 */
export async function moveToNewestVersion(ctx: AppContext, user: User, access: AssessmentAccess, expectedVersion: string): Promise<VersionMovePlan> {
  authorize(access, 'assessment.move-version');
  const target = newerVersion(ctx, access);
  if (!target || target.version !== expectedVersion) throw new Conflict('errors.noNewerVersion');
  return changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.move-version')!, async ({ trx, assessment, now }) => {
    if (await isRetiredNow(trx, target)) throw new Conflict('errors.noNewerVersion');
    const plan = planVersionMove(access.questionnaire, target, await loadAnswers(trx, assessment.id));
    const clearing = new Map(plan.dropped.map((d) => [d.questionId, { answer: null }]));
    await writeAnswerChanges(trx, assessment.id, clearing, user.id, now);
    await updateAssessment(trx, assessment.id, { questionnaire_version: target.version });
    await dropDimensionScoresOutside(trx, assessment.id, target);
    await recomputeScore(trx, target, assessment);
    await recordAudit(trx, {
      actorId: user.id,
      orgId: access.org.id,
      assessmentId: assessment.id,
      action: 'assessment.version-moved',
      detail: { from: access.questionnaire.version, to: target.version, carried: plan.carried.length, dropped: plan.dropped.map((d) => d.questionId) },
    });
    return plan;
  });
}
