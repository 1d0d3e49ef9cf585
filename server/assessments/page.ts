// The page models of an assessment: the overview (result, review, sign-offs, history) and one section's
// answer form. Built from one snapshot — the frozen one of the current sign-off for a finalized
// assessment, the live one otherwise — so the page shows the same figures as the report.
import { assessmentHistoryNewestFirst, countAssessmentHistory } from '../audit/history.js';
import type { AppContext } from '../context.js';
import { GRID, GRID_OUTER, LEVEL_COLOURS, OWN_MARKER, PEER_BOX, PEER_EDGE, UNREACHED } from '../domain/palette.js';
import { questionIndex, testedLevels } from '../domain/questionnaire/model.js';
import { CONFORMANCE_GRADES, type Locale } from '../domain/questionnaire/schema.js';
import { visibleQuestionIds } from '../domain/questionnaire/visibility.js';
import { answersOf, effectiveAnswersOf, type AssessmentSnapshot, formatCode } from '../domain/record/snapshot.js';
import { isGraded } from '../domain/questionnaire/types/index.js';
import { collectRequirements } from '../domain/scoring/score.js';
import { whatIf, type PlannedRequirement } from '../domain/scoring/what-if.js';
import { mayAnswerSection, mayReopen } from '../domain/policy.js';
import type { User } from '../db/schema.js';
import { countQuestionRevisions, questionRevisions, recentRevisions, type AnswerRevision } from '../record/answers-repo.js';
import { listEvidence, type EvidenceListing } from '../record/evidence-repo.js';
import { loadReviewedRecord } from '../record/scores-repo.js';
import { listNotes } from '../record/notes-repo.js';
import { listSignedReports, type SignedReport } from '../record/signed-repo.js';
import { liveSnapshot } from '../record/snapshot.js';
import { NotFound } from '../errors.js';
import { pageInfo } from '../domain/paging.js';
import { ACCEPT_ATTRIBUTE, EVIDENCE_TYPES, evidenceType, formatMib, formatSize } from '../domain/evidence.js';
import { benchmarkFor, chartsFor } from './charts.js';
import { newerVersion } from './service.js';
import { carriedState } from './carry-over.js';
import { sectionProgress } from './progress.js';
import type { AssessmentAccess } from './access.js';
import { assignableMembers, personProgress } from './assignments.js';
import { changesSinceLastSubmission, reviewThreads } from './review-model.js';
import { lastChangedCounts, sectionAssignments } from './assignments-repo.js';

/** The frozen snapshot of the current sign-off (`signed`: the sign-offs, when already loaded), else a live one. */
async function currentSnapshot(ctx: AppContext, access: AssessmentAccess, signed?: SignedReport[]): Promise<AssessmentSnapshot> {
  const { assessment, org, questionnaire } = access;
  if (assessment.status === 'finalized') {
    const current = (signed ?? (await listSignedReports(ctx.db, assessment.id))).at(-1);
    if (current) return current.snapshot;
  }
  return liveSnapshot(ctx.db, questionnaire, assessment, org);
}

export async function overviewPage(ctx: AppContext, access: AssessmentAccess, user: User, locale: Locale) {
  const { assessment, questionnaire } = access;
  const signed = await listSignedReports(ctx.db, assessment.id);
  const snapshot = await currentSnapshot(ctx, access, signed);
  const questions = questionIndex(questionnaire);
  const sectionOf = (id: string | null) => (id ? questions.get(id)?.dimension.id : undefined);
  const stateOf = new Map(snapshot.adjustments.map((a) => [a.id, a.state]));
  const noteRows = await listNotes(ctx.db, assessment.id);
  const threads = reviewThreads(questionnaire, noteRows);
  const changes = await changesSinceLastSubmission(ctx, assessment);
  const notes = noteRows.filter((n) => n.adjusted_value !== null).map((n) => ({
    ...n,
    sectionId: sectionOf(n.question_id),
    grade: CONFORMANCE_GRADES.find((g) => g.value === n.adjusted_value),
    state: stateOf.get(n.id),
  }));
  const signOffs = signed.map((s) => ({
    revision: s.revision,
    code: formatCode(s.code),
    signedBy: s.snapshot.signature?.signedBy ?? '—',
    signedAt: s.signedAt,
    reopenedAt: s.reopenedAt,
  }));
  const reviewOpen = access.may['assessment.note'];
  const stale = snapshot.adjustments
    .filter((a) => a.state === 'stale')
    .map((a) => ({
      ...a,
      sectionId: sectionOf(a.questionId),
      question: questions.get(a.questionId)!.question,
      toGrade: CONFORMANCE_GRADES.find((g) => g.value === a.to)?.key ?? 'none',
    }));
  const unanswered = snapshot.result.unanswered.map((id) => ({ id, sectionId: sectionOf(id)!, text: questions.get(id)!.question.text }));
  const answers = answersOf(snapshot);
  const assigned = await sectionAssignments(ctx.db, assessment.id);
  const mayAnswer = (dimensionId: string) => access.may['assessment.answer'] && mayAnswerSection(access.role, user.id, assigned.get(dimensionId)?.userId);
  return {
    ...access,
    snapshot,
    unanswered,
    carried: await carriedState(ctx, access),
    /** A newer version of the questionnaire this draft may move to. */
    newerVersion: access.may['assessment.move-version'] ? newerVersion(ctx, access) : undefined,
    /** The first section with a question still to answer: where to continue. */
    continueAt: unanswered.find((u) => mayAnswer(u.sectionId)),
    result: snapshot.result,
    progress: sectionProgress(questionnaire, answers),
    /** Who answers each section, and (for the org admin while it is answered) whom it can be given to. */
    assignees: Object.fromEntries([...assigned].map(([d, a]) => [d, a])),
    assignable: access.may['assessment.assign'] ? await assignableMembers(ctx, access.org.id) : [],
    people: personProgress(access, assigned, answers, await lastChangedCounts(ctx.db, assessment.id)),
    reviewOpen,
    threads,
    flagged: threads.flagged.map((id) => ({ id, sectionId: sectionOf(id)!, text: questions.get(id)!.question.text })),
    /** Changes since the previous submission, counted per section. */
    changes: {
      since: changes.since,
      total: changes.byQuestion.size,
      bySection: Object.fromEntries(
        questionnaire.dimensions.map((d) => [d.id, [...changes.byQuestion.keys()].filter((id) => sectionOf(id) === d.id).length]),
      ),
    },
    canSignOff: access.may['assessment.sign-off'] && stale.length === 0,
    canReopen: access.may['assessment.reopen'] && mayReopen(access.role, user.id, signed.at(-1)?.signedBy),
    notes,
    stale,
    conformanceGrades: CONFORMANCE_GRADES,
    /** The newest entries of the assessment's history, oldest of them first; the history page has them all. */
    history: (await assessmentHistoryNewestFirst(ctx.db, assessment.id, { limit: RECENT_HISTORY, offset: 0 })).reverse(),
    historyTotal: await countAssessmentHistory(ctx.db, assessment.id),
    signOffs,
    currentSignOff: assessment.status === 'finalized' ? signOffs.at(-1) : undefined,
    benchmark: benchmarkFor(questionnaire, snapshot, locale),
    charts: chartsFor(questionnaire, snapshot.result, locale),
    colours: { levels: LEVEL_COLOURS, unreached: UNREACHED, grid: GRID, gridOuter: GRID_OUTER, peerBox: PEER_BOX, peerEdge: PEER_EDGE, ownMarker: OWN_MARKER },
  };
}

export type OverviewPage = Awaited<ReturnType<typeof overviewPage>>;

/** How many of a question's changes its section page lists (newest first); its history page has them all. */
export const RECENT_CHANGES = 10;

export interface QuestionTrail {
  /** Who changed the answer last, and when. */
  last?: AnswerRevision;
  /** The newest changes (at most RECENT_CHANGES), newest first. */
  revisions: AnswerRevision[];
  /** How many changes the answer has had in all. */
  total: number;
  revision: number;
  /** Adjustments on this question whose answer changed since (both sides see them). */
  staleAdjustment: boolean;
}

/** One evidence file as the section page lists it. */
export interface EvidenceItem extends EvidenceListing {
  href: string;
  sizeText: string;
  typeLabel: string;
}

export interface QuestionEvidence {
  current: EvidenceItem[];
  /** Files removed from the answer, for its history. */
  removed: EvidenceItem[];
}

async function evidenceByQuestion(ctx: AppContext, access: AssessmentAccess, questionIds: string[]): Promise<Record<string, QuestionEvidence>> {
  const out: Record<string, QuestionEvidence> = Object.fromEntries(questionIds.map((id) => [id, { current: [], removed: [] }]));
  for (const file of await listEvidence(ctx.db, access.assessment.id)) {
    const slot = out[file.questionId];
    if (!slot) continue;
    const item = {
      ...file,
      href: `/assessments/${access.assessment.id}/evidence/${file.id}`,
      sizeText: formatSize(file.size),
      typeLabel: evidenceType(file.mime)?.label ?? file.mime,
    };
    (file.removedAt ? slot.removed : slot.current).push(item);
  }
  return out;
}

export async function sectionPage(ctx: AppContext, access: AssessmentAccess, user: User, dimensionId: string, options: { onlyChanged?: boolean } = {}) {
  const q = access.questionnaire;
  const index = q.dimensions.findIndex((d) => d.id === dimensionId);
  if (index < 0) throw new NotFound();
  const dimension = q.dimensions[index];
  const { records, notes, reviewed } = await loadReviewedRecord(ctx.db, access.assessment.id);
  const sectionQuestions = dimension.subDimensions.flatMap((s) => s.questions);
  const answers = new Map([...records.answers].map(([id, a]) => [id, a.answer]));
  const revisions = records.revisions;
  const history = await recentRevisions(ctx.db, access.assessment.id, sectionQuestions.map((x) => x.id), RECENT_CHANGES);
  const stale = new Set(reviewed.stale.map((a) => a.questionId));
  const assignee = (await sectionAssignments(ctx.db, access.assessment.id)).get(dimension.id);
  const threads = reviewThreads(q, notes);
  const changes = await changesSinceLastSubmission(ctx, access.assessment);
  // A respondent answers only their own sections: elsewhere the page is read-only and says whose it is.
  const answerable = access.may['assessment.answer'] && mayAnswerSection(access.role, user.id, assignee?.userId);
  const trails: Record<string, QuestionTrail> = {};
  for (const question of sectionQuestions) {
    const recent = history.get(question.id);
    trails[question.id] = {
      last: recent?.revisions[0],
      revisions: recent?.revisions ?? [],
      total: recent?.total ?? 0,
      revision: revisions.get(question.id) ?? 0,
      staleAdjustment: stale.has(question.id),
    };
  }
  return {
    evidence: await evidenceByQuestion(ctx, access, Object.keys(trails)),
    /** Attaching and removing evidence: answering this section. */
    mayAttach: answerable,
    evidenceLimits: {
      accept: ACCEPT_ATTRIBUTE,
      types: EVIDENCE_TYPES.map((t) => t.label).join(', '),
      fileMb: formatMib(ctx.config.evidenceMaxFileMb),
      assessmentMb: formatMib(ctx.config.evidenceMaxAssessmentMb),
    },
    ...access,
    may: { ...access.may, 'assessment.answer': answerable },
    /** The page is read-only because the section is someone else's (not because of the status). */
    othersSection: access.may['assessment.answer'] && !answerable,
    assignee,
    conformanceGrades: CONFORMANCE_GRADES,
    testedLevels,
    dimension,
    previous: q.dimensions[index - 1],
    next: q.dimensions[index + 1],
    visible: visibleQuestionIds(q, answers),
    answers,
    trails,
    /** Threads on this section's questions, and whether this user may comment, reply and resolve. */
    threads: threads.byQuestion,
    flagged: new Set(threads.flagged),
    mayComment: access.may['assessment.note'],
    /** The questions an adjustment may grade. */
    gradedIds: new Set(sectionQuestions.filter((x) => isGraded(x)).map((x) => x.id)),
    mayReply: access.may['assessment.reply'],
    mayResolve: access.may['assessment.resolve'],
    /** What changed since the previous submission, by question (only this section's are asked for). */
    changes: changes.byQuestion,
    changesSince: changes.since,
    /** Show only the questions that changed since the previous submission. */
    onlyChanged: Boolean(options.onlyChanged && changes.since),
    changedHere: sectionQuestions.filter((x) => changes.byQuestion.has(x.id)).length,
    progress: sectionProgress(q, answers),
    carried: await carriedState(ctx, access),
  };
}

export type SectionPage = Awaited<ReturnType<typeof sectionPage>>;

/** How many changes a question's history page, or entries the assessment's history page, lists at a time. */
export const HISTORY_PAGE_SIZE = 50;

/** How many of its newest history entries an assessment's page shows. */
export const RECENT_HISTORY = 20;

/** Everything that happened to the assessment (started, assigned, evidence, submitted, reviewed, signed), newest first, a page at a time. */
export async function assessmentHistoryPage(ctx: AppContext, access: AssessmentAccess, requestedPage: number) {
  const paging = pageInfo(requestedPage, HISTORY_PAGE_SIZE, await countAssessmentHistory(ctx.db, access.assessment.id));
  const entries = await assessmentHistoryNewestFirst(ctx.db, access.assessment.id, { limit: HISTORY_PAGE_SIZE, offset: (paging.page - 1) * HISTORY_PAGE_SIZE });
  return { ...access, paging, entries };
}

/** Every change of one question's answer, newest first, a page at a time (the section page lists the newest few). */
export async function questionHistoryPage(ctx: AppContext, access: AssessmentAccess, questionId: string, requestedPage: number) {
  const placed = questionIndex(access.questionnaire).get(questionId);
  if (!placed) throw new NotFound();
  const total = await countQuestionRevisions(ctx.db, access.assessment.id, questionId);
  const paging = pageInfo(requestedPage, HISTORY_PAGE_SIZE, total);
  const revisions = await questionRevisions(ctx.db, access.assessment.id, questionId, { limit: HISTORY_PAGE_SIZE, offset: (paging.page - 1) * HISTORY_PAGE_SIZE });
  return { ...access, question: placed.question, dimension: placed.dimension, paging, revisions };
}

/** The improvement plan, the three steps and the what-if planner, from the same snapshot as the overview. */
export async function planPage(ctx: AppContext, access: AssessmentAccess, chosen: string[] | undefined) {
  const { questionnaire: q } = access;
  const snapshot = await currentSnapshot(ctx, access);
  const effective = effectiveAnswersOf(snapshot);
  const { result, findings } = snapshot;
  const index = questionIndex(q);
  const question = (id: string) => index.get(id)!;
  const key = (r: PlannedRequirement) => `${r.questionId}:${r.level}`;
  const plan = (result.gap?.plan ?? []).map((p) => ({ ...p, key: key(p), placed: question(p.questionId) }));
  const unmet = collectRequirements(q, effective)
    .requirements.filter((r) => r.answered && r.value < 1)
    .sort((a, b) => a.level - b.level || a.dimensionId.localeCompare(b.dimensionId))
    .map((r) => ({ ...r, key: key(r), placed: question(r.questionId), inPlan: plan.some((p) => p.key === key(r)) }));
  // Until the respondent chooses, the planner shows what the plan itself would give.
  const picked = new Set(chosen ?? plan.map((p) => p.key));
  const met = unmet.filter((r) => picked.has(r.key)).map((r) => ({ questionId: r.questionId, level: r.level }));
  return {
    ...access,
    result,
    plan,
    steps: findings.steps.map((id) => question(id)),
    unmet,
    picked,
    whatIf: whatIf(q, effective, met, access.assessment.weight_profile ?? undefined),
  };
}
