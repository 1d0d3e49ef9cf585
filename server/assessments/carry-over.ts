// Starting an assessment from the organization's last signed one. Its answers come from that sign-off's
// frozen snapshot (the organization's own answers: neither the consultant's adjustments nor any evidence),
// moved to the newest questionnaire version by the same plan as a version move, and written with a
// revision that says they were carried over. Each stays marked "carried over" until someone who may
// answer its section confirms it as it is or changes it; submission waits until none is left.
import type { Kysely } from 'kysely';
import { recordAudit } from '../audit/audit.js';
import type { AppContext } from '../context.js';
import type { Answer } from '../domain/questionnaire/answers.js';
import { placedQuestions } from '../domain/questionnaire/model.js';
import type { BilingualText, Questionnaire } from '../domain/questionnaire/schema.js';
import { planVersionMove } from '../domain/questionnaire/version-move.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';
import { statusesFor } from '../domain/policy.js';
import { answersOf } from '../domain/record/snapshot.js';
import type { Database, User } from '../db/schema.js';
import { Conflict, Invalid, NotFound } from '../errors.js';
import { carriedMarks, clearCarriedMarks, loadAnswers, writeAnswerChanges } from '../record/answers-repo.js';
import { findAssessment } from '../record/assessments-repo.js';
import { currentSignOffs, findSignedReportById, type CurrentSignOff, type SignedReport } from '../record/signed-repo.js';
import { changeAssessment } from '../record/write-path.js';
import { authorizeSections, type AssessmentAccess } from './access.js';

/** An organization's last signed assessment of a questionnaire, as the start form offers it. */
export interface LastSigned {
  orgId: string;
  questionnaireId: string;
  assessmentId: string;
  title: string;
  signedAt: string;
  /** The signed level (null: too little data to say). */
  level: number | null;
}

/** The newest sign-off in force of each organization and questionnaire. */
function newestPerQuestionnaire(signOffs: CurrentSignOff[]): CurrentSignOff[] {
  const newest = new Map<string, CurrentSignOff>();
  for (const s of signOffs) if (!newest.has(`${s.orgId}\n${s.questionnaireId}`)) newest.set(`${s.orgId}\n${s.questionnaireId}`, s);
  return [...newest.values()];
}

/** What each of these organizations could start from: its last signed assessment of each questionnaire, from the frozen snapshot. */
export async function lastSignedAssessments(ctx: AppContext, orgIds: string[]): Promise<LastSigned[]> {
  const latest = newestPerQuestionnaire(await currentSignOffs(ctx.db, orgIds));
  return Promise.all(
    latest.map(async (s) => {
      const { snapshot } = (await findSignedReportById(ctx.db, s.signedReportId))!;
      return { orgId: s.orgId, questionnaireId: s.questionnaireId, assessmentId: s.assessmentId, title: snapshot.assessment.title, signedAt: s.signedAt, level: snapshot.result.level };
    }),
  );
}

/**
 * The sign-off to start from: the one the start form offered, when it is still the organization's last
 * signed assessment of this questionnaire. Invalid (next to the box) otherwise.
 */
export async function carrySource(ctx: AppContext, orgId: string, questionnaireId: string, assessmentId: string): Promise<SignedReport> {
  const last = newestPerQuestionnaire(await currentSignOffs(ctx.db, [orgId])).find((s) => s.questionnaireId === questionnaireId);
  if (!last || last.assessmentId !== assessmentId) throw new Invalid('errors.invalidInput', { carryFrom: 'errors.carryFromNotLast' });
  return (await findSignedReportById(ctx.db, last.signedReportId))!;
}

/**
 * Writes the signed answers that still fit the new assessment's version, marked carried over, in the
 * transaction that creates the assessment; returns them (to score the new assessment from).
 */
export async function carryOver(
  ctx: AppContext,
  db: Kysely<Database>,
  source: SignedReport,
  to: Questionnaire,
  assessmentId: string,
  userId: string,
  now: string,
): Promise<Map<string, Answer>> {
  const { questionnaireId, questionnaireVersion } = source.snapshot.assessment;
  // A version no longer published: the new version's own rules decide what still fits.
  const from = ctx.catalog.find(questionnaireId, questionnaireVersion) ?? to;
  const signed = answersOf(source.snapshot);
  const carried = new Map(planVersionMove(from, to, signed).carried.map((id) => [id, signed.get(id)!]));
  const changes = new Map([...carried].map(([id, answer]) => [id, { answer, carriedFrom: source.assessmentId }]));
  await writeAnswerChanges(db, assessmentId, changes, userId, now);
  return carried;
}

/** What the audit row of the start says about its source. */
export function startedFrom(source: SignedReport, carried: number) {
  return { id: source.assessmentId, title: source.snapshot.assessment.title, revision: source.revision, signedAt: source.signedAt, carried };
}

/** The carried-over answers still to confirm, of questions now shown, in questionnaire order; and where they came from. */
async function unconfirmed(db: Kysely<Database>, q: Questionnaire, assessmentId: string) {
  const marks = await carriedMarks(db, assessmentId);
  if (marks.size === 0) return { placed: [], sourceId: undefined };
  const visible = visibleQuestionIds(q, await loadAnswers(db, assessmentId));
  const placed = placedQuestions(q).filter(({ question }) => marks.has(question.id) && visible.has(question.id));
  return { placed, sourceId: placed.length ? marks.get(placed[0].question.id) : undefined };
}

/** Refuses submission while carried-over answers wait to be confirmed or changed (the refusal lists them). Only inside the write path. */
export async function refuseWhileCarried(db: Kysely<Database>, q: Questionnaire, assessmentId: string): Promise<void> {
  const { placed } = await unconfirmed(db, q, assessmentId);
  if (placed.length) throw new Conflict('errors.carriedToConfirm', placed.map(({ question }) => question.id));
}

export interface CarriedState {
  /** The signed assessment they came from (its title as it is now). */
  source?: { id: string; title: string };
  /** Carried-over answers to confirm or change, of questions now shown, in questionnaire order. */
  items: { id: string; sectionId: string; text: BilingualText }[];
  ids: Set<string>;
  /** How many of them each section (dimension id) has. */
  bySection: Record<string, number>;
}

/** The carried-over answers still to confirm, for the overview and the section pages. */
export async function carriedState(ctx: AppContext, access: AssessmentAccess): Promise<CarriedState> {
  const { placed, sourceId } = await unconfirmed(ctx.db, access.questionnaire, access.assessment.id);
  const items = placed.map(({ question, dimension }) => ({ id: question.id, sectionId: dimension.id, text: question.text }));
  const bySection: Record<string, number> = {};
  for (const item of items) bySection[item.sectionId] = (bySection[item.sectionId] ?? 0) + 1;
  const source = sourceId ? await findAssessment(ctx.db, sourceId) : undefined;
  return { source: source && { id: source.id, title: source.title }, items, ids: new Set(items.map((i) => i.id)), bySection };
}

/**
 * Confirms carried-over answers of one section as they are (one question, or every one of the section):
 * the mark goes, the answer and its revision stay. Answering by the policy, in the respondent's own
 * sections only; through the write path, audited. Returns the questions confirmed (none on a repeated click).
 */
export async function confirmCarried(ctx: AppContext, user: User, access: AssessmentAccess, dimensionId: string, questionId?: string): Promise<string[]> {
  const dimension = access.questionnaire.dimensions.find((d) => d.id === dimensionId);
  if (!dimension) throw new NotFound();
  const inSection = dimension.subDimensions.flatMap((s) => s.questions.map((q) => q.id));
  if (questionId !== undefined && !inSection.includes(questionId)) throw new NotFound();
  return changeAssessment(
    ctx.db,
    access.assessment.id,
    statusesFor('assessment.answer')!,
    async ({ trx, assessment }) => {
      await authorizeSections(ctx, access, user, [dimension.id], trx);
      const cleared = new Set(await clearCarriedMarks(trx, assessment.id, questionId === undefined ? inSection : [questionId]));
      const confirmed = inSection.filter((id) => cleared.has(id));
      if (confirmed.length) {
        await recordAudit(trx, {
          actorId: user.id,
          orgId: access.org.id,
          assessmentId: assessment.id,
          action: 'assessment.carried-confirmed',
          detail: { section: dimension.id, questionIds: confirmed },
        });
      }
      return confirmed;
    },
    'errors.notEditable',
  );
}
