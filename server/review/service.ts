// The consultant's side of the workflow: take a submitted assessment into review, comment, adjust a
// conformance answer with a written reason (bound to the answer revision reviewed), dismiss an
// adjustment the organization's new answer made stale, ask for changes, sign off (freezing the record)
// and reopen a signed assessment. Only assigned consultants and platform admins may; every step goes
// through the write path and is audited in the same transaction.
import { recordAudit } from '../audit/audit.js';
import { authorize, dimensionOf, type AssessmentAccess } from '../assessments/access.js';
import type { AppContext } from '../context.js';
import { currentRevision } from '../domain/record/adjustments.js';
import { questionIndex } from '../domain/questionnaire/model.js';
import { isGraded } from '../domain/questionnaire/types/index.js';
import { mayReopen, statusesFor } from '../domain/policy.js';
import { nextStatus } from '../domain/workflow.js';
import type { OnceGuard } from '../db/form-submissions.js';
import type { User } from '../db/schema.js';
import { Conflict, Forbidden, Invalid } from '../errors.js';
import { updateAssessment } from '../record/assessments-repo.js';
import { dismissAdjustment, findThread, insertNote, listNotes, resolveThread as markResolved, threadParticipants } from '../record/notes-repo.js';
import { loadReviewedRecord, loadScore, recomputeScore, storeScore } from '../record/scores-repo.js';
import { reviewThreads } from '../assessments/review-model.js';
import { unresolved } from '../domain/record/threads.js';
import { CONFORMANCE_GRADES } from '../domain/questionnaire/schema.js';
import { insertSignedReport, listSignedReports, markReopened, type SignedReport } from '../record/signed-repo.js';
import { takeSnapshot } from '../record/snapshot.js';
import { changeAssessment } from '../record/write-path.js';
import { prepareSignedFiles } from '../reports/service.js';
import { announce } from '../notifications/service.js';

export type ReviewAction = 'start-review' | 'request-changes';


/** Where a comment is read: its question on the section page, or the overview's comments. */
export function commentHref(access: AssessmentAccess, questionId: string | null): string {
  const base = `/assessments/${access.assessment.id}`;
  const section = questionId ? dimensionOf(access.questionnaire, questionId) : undefined;
  return section ? `${base}/sections/${section}#q-${questionId}` : `${base}#comments`;
}

function audit(access: AssessmentAccess, user: User, action: string, detail: Record<string, unknown>) {
  return { actorId: user.id, orgId: access.org.id, assessmentId: access.assessment.id, action, detail };
}

/** Start review, or ask the organization for changes with a written note. */
export async function reviewAssessment(ctx: AppContext, user: User, access: AssessmentAccess, action: ReviewAction, note?: string): Promise<void> {
  authorize(access, `assessment.${action}`);
  await changeAssessment(ctx.db, access.assessment.id, statusesFor(`assessment.${action}`)!, async ({ trx, assessment }) => {
    const to = nextStatus(assessment.status, action)!;
    await updateAssessment(trx, assessment.id, { status: to });
    // Asking for changes names the questions flagged for change at that moment.
    const flagged = action === 'request-changes' ? reviewThreads(access.questionnaire, await listNotes(trx, assessment.id)).flagged : [];
    await recordAudit(trx, audit(access, user, `assessment.${action}`, { from: assessment.status, to, ...(note ? { note } : {}), ...(flagged.length ? { flagged } : {}) }));
    if (action === 'request-changes') await announce(ctx, trx, { kind: 'changesRequested', assessmentId: assessment.id, actorId: user.id });
  });
}

export interface NoteInput {
  questionId: string | null;
  text: string;
  /** Ask the organization to change this question's answer (until the thread is resolved). */
  flagged?: boolean;
  /** A conformance grade replacing the organization's answer in the score; the text is its reason. */
  adjustedValue: number | null;
}

/** Adds a consultant's note; an adjustment is bound to the current answer and recomputes the stored result. */
export async function addReviewNote(ctx: AppContext, user: User, access: AssessmentAccess, input: NoteInput): Promise<string> {
  authorize(access, 'assessment.note');
  const question = input.questionId ? questionIndex(access.questionnaire).get(input.questionId)?.question : undefined;
  if (input.questionId && !question) throw new Invalid('errors.invalidInput', { questionId: 'errors.choose' });
  if (input.adjustedValue !== null && !(question && isGraded(question)))
    throw new Invalid('errors.invalidInput', { adjustedValue: 'errors.adjustConformanceOnly' });
  if (input.flagged && !question) throw new Invalid('errors.invalidInput', { flagged: 'errors.flagNeedsQuestion' });
  return changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.note')!, async ({ trx, assessment, now }) => {
    const adjusting = input.adjustedValue !== null && input.questionId !== null;
    const { records } = adjusting ? await loadReviewedRecord(trx, assessment.id) : { records: undefined };
    const answerRevision = records ? currentRevision(records.answers, records.revisions, input.questionId!) : null;
    const id = await insertNote(trx, { assessmentId: assessment.id, authorId: user.id, ...input, answerRevision, at: now });
    await announce(ctx, trx, { kind: 'commented', assessmentId: assessment.id, actorId: user.id, fromConsultant: true, href: commentHref(access, input.questionId) });
    if (!adjusting) return id;
    await recomputeScore(trx, access.questionnaire, assessment);
    const from = records!.answers.get(input.questionId!)?.answer ?? null;
    await recordAudit(
      trx,
      audit(access, user, 'assessment.adjusted', { question: input.questionId, from, to: input.adjustedValue, answerRevision, reason: input.text }),
    );
    return id;
  });
}

/** A reply in a thread, by the organization or the consultant, on the thread's question. */
export async function replyInThread(ctx: AppContext, user: User, access: AssessmentAccess, threadId: string, text: string): Promise<void> {
  authorize(access, 'assessment.reply');
  await changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.reply')!, async ({ trx, assessment, now }) => {
    const thread = await findThread(trx, assessment.id, threadId);
    if (!thread) throw new Invalid('errors.invalidInput', { thread: 'errors.noSuchThread' });
    await insertNote(trx, {
      assessmentId: assessment.id,
      authorId: user.id,
      questionId: thread.question_id,
      text,
      adjustedValue: null,
      answerRevision: null,
      parentId: thread.id,
      at: now,
    });
    await announce(ctx, trx, {
      kind: 'replied',
      assessmentId: assessment.id,
      actorId: user.id,
      participants: await threadParticipants(trx, thread.id),
      fromConsultant: access.role === 'consultant' || access.role === 'platform_admin',
      href: commentHref(access, thread.question_id),
    });
  });
}

/** The question a thread is on (null: the whole assessment, or no such thread here). */
export async function threadQuestionOf(ctx: AppContext, access: AssessmentAccess, threadId: string): Promise<string | null> {
  return (await findThread(ctx.db, access.assessment.id, threadId))?.question_id ?? null;
}

/** The consultant closes a thread: a flag on its question no longer stands. */
export async function resolveThread(ctx: AppContext, user: User, access: AssessmentAccess, threadId: string): Promise<void> {
  authorize(access, 'assessment.resolve');
  await changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.resolve')!, async ({ trx, assessment, now }) => {
    if (!(await markResolved(trx, assessment.id, threadId, user.id, now))) throw new Conflict('errors.notAllowedNow');
    await recordAudit(trx, audit(access, user, 'assessment.thread-resolved', { thread: threadId }));
  });
}

/** The consultant accepts the organization's changed answer: the stale adjustment stops blocking sign-off. */
export async function dismissStaleAdjustment(ctx: AppContext, user: User, access: AssessmentAccess, noteId: string): Promise<void> {
  authorize(access, 'assessment.note');
  await changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.note')!, async ({ trx, assessment, now }) => {
    if (!(await dismissAdjustment(trx, assessment.id, noteId, user.id, now))) throw new Conflict('errors.notAllowedNow');
    await recomputeScore(trx, access.questionnaire, assessment);
    await recordAudit(trx, audit(access, user, 'assessment.adjustment-dismissed', { note: noteId }));
  });
}

/**
 * Signs the assessment off: refuses while an adjustment is stale, then freezes the record as a snapshot
 * (with the peer benchmark of this moment) under the next revision number, locks the assessment, and
 * renders the signed PDFs.
 */
export async function signOff(ctx: AppContext, user: User, access: AssessmentAccess, conclusion: string, once?: OnceGuard): Promise<SignedReport> {
  authorize(access, 'assessment.sign-off');
  if (!conclusion.trim()) throw new Invalid('errors.invalidInput', { conclusion: 'errors.conclusionRequired' });
  const signed = await changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.sign-off')!, async ({ trx, assessment, now }) => {
    await once?.(trx, assessment.id);
    const { reviewed } = await loadReviewedRecord(trx, assessment.id);
    if (reviewed.stale.length) throw new Conflict('errors.staleAdjustments', reviewed.stale.map((a) => a.questionId));
    await storeScore(trx, access.questionnaire, assessment, reviewed.effective);
    const revision = (await listSignedReports(trx, assessment.id)).length + 1;
    const finalized = { ...assessment, status: 'finalized' as const, finalized_at: now, finalized_by: user.id };
    const snapshot = await takeSnapshot(trx, access.questionnaire, finalized, access.org, {
      withBenchmark: true,
      signature: { revision, signedBy: user.name, ...(user.affiliation ? { signerOrganization: user.affiliation } : {}), signedAt: now, conclusion },
      takenAt: now,
    });
    const signed = await insertSignedReport(trx, { assessmentId: assessment.id, revision, snapshot, signedBy: user.id, signedAt: now });
    await updateAssessment(trx, assessment.id, { status: 'finalized', finalized_at: now, finalized_by: user.id });
    await recordAudit(trx, audit(access, user, 'assessment.finalize', { from: assessment.status, to: 'finalized', revision, code: signed.code }));
    await announce(ctx, trx, { kind: 'signedOff', assessmentId: assessment.id, actorId: user.id });
    return signed;
  });
  // The signed PDFs are made once, right after the commit, so the first download is already fixed; a
  // failure here only delays them to that first download (reports/service renders on demand).
  await prepareSignedFiles(ctx, access.questionnaire, signed).catch((err) => ctx.logger.error({ err }, 'rendering the signed report failed'));
  return signed;
}

/** Reopens a signed assessment with a written reason: the signed revision stays as it is, the organization may edit again. */
export async function reopen(ctx: AppContext, user: User, access: AssessmentAccess, reason: string): Promise<void> {
  authorize(access, 'assessment.reopen');
  await changeAssessment(ctx.db, access.assessment.id, statusesFor('assessment.reopen')!, async ({ trx, assessment, now }) => {
    const current = (await listSignedReports(trx, assessment.id)).at(-1);
    if (!mayReopen(access.role, user.id, current?.signedBy)) throw new Forbidden('errors.reopenSignerOnly');
    if (current) await markReopened(trx, current.id, user.id, reason, now);
    const to = nextStatus(assessment.status, 'reopen')!;
    await updateAssessment(trx, assessment.id, { status: to, finalized_at: null, finalized_by: null });
    await recordAudit(trx, audit(access, user, 'assessment.reopen', { from: assessment.status, to, note: reason, revision: current?.revision ?? null }));
  });
}

/**
 * The sign-off confirmation: the level and score that will be frozen, the adjustments, the threads still
 * open and the flagged questions (which do not block), and the stale adjustments (which do).
 */
export async function signOffPage(ctx: AppContext, user: User, access: AssessmentAccess) {
  authorize(access, 'assessment.sign-off');
  const q = access.questionnaire;
  const { records, notes, reviewed } = await loadReviewedRecord(ctx.db, access.assessment.id);
  const result = (await loadScore(ctx.db, access.assessment.id))!;
  const index = questionIndex(q);
  const place = (id: string) => ({ id, sectionId: index.get(id)!.dimension.id, question: index.get(id)!.question });
  const threads = reviewThreads(q, notes);
  const adjustments = notes
    .filter((n) => n.adjusted_value !== null && n.question_id !== null && index.has(n.question_id))
    .map((n) => ({
      ...place(n.question_id!),
      from: records.answers.get(n.question_id!)?.answer,
      toGrade: CONFORMANCE_GRADES.find((g) => g.value === n.adjusted_value)?.key ?? 'none',
      reason: n.text,
      author: n.author,
      state: reviewed.states.get(n.id)!,
    }));
  return {
    ...access,
    result,
    adjustments,
    stale: adjustments.filter((a) => a.state === 'stale'),
    openThreads: unresolved(threads.all).map((t) => ({
      id: t.id,
      text: t.first.text,
      author: t.first.author,
      replies: t.replies.length,
      flagged: t.flagged,
      place: t.questionId && index.has(t.questionId) ? place(t.questionId) : null,
    })),
    signer: { name: user.name, affiliation: user.affiliation },
  };
}
