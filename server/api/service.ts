// What the JSON API does for a token's user: the same services, access policy and validation as the
// pages (openAssessment / authorize, startAssessment, saveAnswers, submitAssessment, the reports and
// the snapshot), with results shaped as the API's schemas (server/api/schemas.ts) say.
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import { openAssessment, dimensionOf, roleIn, type AssessmentAccess } from '../assessments/access.js';
import { readAnswerForm } from '../assessments/answer-form.js';
import { saveAnswers, startAssessment, submitAssessment } from '../assessments/service.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import { isNotApplicable } from '../domain/questionnaire/answers.js';
import type { ScoreResult } from '../domain/scoring/score.js';
import type { Assessment as AssessmentRow, User } from '../db/schema.js';
import { AppError, Invalid, NotFound } from '../errors.js';
import { openOrganization } from '../orgs/roles.js';
import { narrowScope, visibleScope } from '../orgs/repo.js';
import { carriedMarks, loadAnswerRecords } from '../record/answers-repo.js';
import { loadScore } from '../record/scores-repo.js';
import type { SignedReport } from '../record/signed-repo.js';
import { liveSnapshot } from '../record/snapshot.js';
import { currentReport, signedReport, signOffsOf, type ReportFile } from '../reports/service.js';
import { decodeCursor, pageOf } from './cursor.js';
import { InvalidFields } from './errors.js';
import { assessmentsPage, organizationsPage } from './list-repo.js';
import type * as S from './schemas.js';

type Out<T extends z.ZodType> = z.output<T>;
type Org = Awaited<ReturnType<typeof organizationsPage>>[number];

async function organizationOut(ctx: AppContext, user: User, org: Org): Promise<Out<typeof S.Organization>> {
  const role = (await roleIn(ctx, user, org.id))!;
  // Field by field: a column added to the table is not published until the document says so.
  const { id, name, name_en, credit_code, province, industry, size_band, created_at } = org;
  return { id, name, name_en, credit_code, province, industry, size_band, created_at, role };
}

export async function listOrganizations(ctx: AppContext, user: User, query: Out<typeof S.ListQuery>): Promise<Out<typeof S.OrganizationPage>> {
  const rows = await organizationsPage(ctx.db, await visibleScope(ctx.db, user), decodeCursor(query.cursor), query.limit);
  const page = pageOf(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }));
  return { data: await Promise.all(page.data.map((o) => organizationOut(ctx, user, o))), next_cursor: page.next_cursor };
}

export async function readOrganization(ctx: AppContext, user: User, orgId: string): Promise<Out<typeof S.Organization>> {
  const { org } = await openOrganization(ctx, user, orgId, 'assessment.read');
  return organizationOut(ctx, user, org);
}

const resultSummary = (r: { status: 'ok' | 'insufficient-data'; level: number | null; score: number | null; answered_share: number } | null) =>
  r ? { status: r.status, level: r.level === null ? null : Number(r.level), score: r.score === null ? null : Number(r.score), answered_share: Number(r.answered_share) } : null;

function summaryOut(a: AssessmentRow, result: ReturnType<typeof resultSummary>): Out<typeof S.AssessmentSummary> {
  return {
    id: a.id,
    org_id: a.org_id,
    title: a.title,
    status: a.status,
    questionnaire_id: a.questionnaire_id,
    questionnaire_version: a.questionnaire_version,
    weight_profile: a.weight_profile,
    created_at: a.created_at,
    updated_at: a.updated_at,
    submitted_at: a.submitted_at,
    finalized_at: a.finalized_at,
    result,
  };
}

export async function listAssessments(ctx: AppContext, user: User, query: Out<typeof S.AssessmentListQuery>): Promise<Out<typeof S.AssessmentPage>> {
  const visible = await visibleScope(ctx.db, user);
  const scope = query.org ? narrowScope(visible, query.org) : visible;
  const rows = await assessmentsPage(ctx.db, { scope, status: query.status, questionnaireId: query.questionnaire }, decodeCursor(query.cursor), query.limit);
  const page = pageOf(rows, query.limit, (r) => ({ key: r.created_at, id: r.id }));
  return {
    data: page.data.map(({ score_status, level, score, answered_share, ...a }) =>
      summaryOut(a, score_status ? resultSummary({ status: score_status, level, score, answered_share: answered_share ?? 0 }) : null),
    ),
    next_cursor: page.next_cursor,
  };
}

const summaryOfResult = (r: ScoreResult | undefined) => (r ? resultSummary({ status: r.status, level: r.level, score: r.score, answered_share: r.answeredShare }) : null);

async function assessmentOut(ctx: AppContext, access: AssessmentAccess): Promise<Out<typeof S.Assessment>> {
  const { assessment, org } = access;
  return {
    ...summaryOut(assessment, summaryOfResult(await loadScore(ctx.db, assessment.id))),
    organization: { id: org.id, name: org.name, name_en: org.name_en },
    role: access.role,
    may: { ...access.may },
  };
}

export async function readAssessment(ctx: AppContext, user: User, id: string): Promise<Out<typeof S.Assessment>> {
  return assessmentOut(ctx, await openAssessment(ctx, user, id));
}

/** The API's field names for the start form's (the service names its form fields). */
const NEW_ASSESSMENT_FIELDS: Record<string, string> = { orgId: 'org_id', questionnaireId: 'questionnaire_id', weightProfile: 'weight_profile', title: 'title', carryFrom: 'carry_from' };

export async function createAssessment(ctx: AppContext, user: User, input: Out<typeof S.NewAssessment>, locale: Locale): Promise<Out<typeof S.Assessment>> {
  try {
    const created = await startAssessment(ctx, user, {
      orgId: input.org_id,
      questionnaireId: input.questionnaire_id,
      weightProfile: input.weight_profile,
      title: input.title,
      carryFrom: input.carry_from,
      locale,
    });
    return readAssessment(ctx, user, created.id);
  } catch (err) {
    if (!(err instanceof AppError) || err.kind !== 'invalid') throw err;
    throw new Invalid(err.messageKey, Object.fromEntries(Object.entries(err.fields).map(([k, v]) => [NEW_ASSESSMENT_FIELDS[k] ?? k, v])));
  }
}

export async function readAnswers(ctx: AppContext, user: User, id: string): Promise<Out<typeof S.AnswerList>> {
  const access = await openAssessment(ctx, user, id);
  const { answers } = await loadAnswerRecords(ctx.db, id);
  const carried = await carriedMarks(ctx.db, id);
  const rows = [...answers].map(([questionId, a]) => ({
    question_id: questionId,
    dimension_id: dimensionOf(access.questionnaire, questionId) ?? '',
    value: isNotApplicable(a.answer) ? null : a.answer,
    na: isNotApplicable(a.answer),
    reason: isNotApplicable(a.answer) ? a.answer.reason : null,
    revision: a.revision,
    updated_at: a.at,
    carried: carried.has(questionId),
  }));
  return { assessment_id: id, data: rows.sort((x, y) => x.question_id.localeCompare(y.question_id)) };
}

/**
 * Writes answers with the answer form's own reader (readAnswerForm: the same parsing and N/A rules)
 * and the page's save (saveAnswers: the policy, section assignments and the write path). All or
 * nothing: one invalid answer and nothing is written; every refusal is named by its field path.
 */
export async function writeAnswers(ctx: AppContext, user: User, id: string, input: Out<typeof S.AnswersWrite>): Promise<Out<typeof S.AnswersSaved>> {
  const access = await openAssessment(ctx, user, id);
  const fields: Record<string, string> = {};
  const params: Record<string, Record<string, string | number>> = {};
  const body = { shown: {} as Record<string, string>, a: {} as Record<string, unknown>, na: {} as Record<string, string>, reason: {} as Record<string, string>, rev: {} as Record<string, string> };
  for (const [questionId, change] of Object.entries(input.answers)) {
    if (!dimensionOf(access.questionnaire, questionId)) {
      fields[`answers.${questionId}`] = 'api.errors.unknownQuestion';
      continue;
    }
    body.shown[questionId] = '1';
    body.a[questionId] = change.value ?? '';
    if (change.na) body.na[questionId] = '1';
    if (change.reason !== undefined) body.reason[questionId] = change.reason;
    if (change.base_revision !== undefined) body.rev[questionId] = String(change.base_revision);
  }
  const questions = access.questionnaire.dimensions.flatMap((d) => d.subDimensions.flatMap((s) => s.questions));
  const form = readAnswerForm(questions, body);
  for (const [questionId, error] of Object.entries(form.errors)) {
    const path = `answers.${questionId}.${error.key === 'naReason' || error.key === 'naNotAllowed' ? 'na' : 'value'}`;
    fields[path] = `answerErrors.${error.key}`;
    params[path] = error.params;
  }
  if (Object.keys(fields).length) throw new InvalidFields(fields, params);
  const saved = await saveAnswers(ctx, user, access, form.changes);
  const result = saved.result ?? (await loadScore(ctx.db, id))!;
  return { saved: saved.revisions.size, revisions: Object.fromEntries(saved.revisions), result };
}

export async function submit(ctx: AppContext, user: User, id: string): Promise<Out<typeof S.Assessment>> {
  const access = await openAssessment(ctx, user, id);
  await submitAssessment(ctx, user, access);
  return readAssessment(ctx, user, id);
}

export async function readResult(ctx: AppContext, user: User, id: string): Promise<ScoreResult> {
  await openAssessment(ctx, user, id);
  const result = await loadScore(ctx.db, id);
  if (!result) throw new NotFound();
  return result;
}

export async function readLiveSnapshot(ctx: AppContext, user: User, id: string): Promise<Out<typeof S.LiveSnapshot>> {
  const access = await openAssessment(ctx, user, id);
  return { assessment_id: id, snapshot: await liveSnapshot(ctx.db, access.questionnaire, access.assessment, access.org) };
}

const signOffOut = (s: SignedReport): Out<typeof S.SignOff> => ({
  revision: s.revision,
  code: s.code,
  snapshot_sha256: s.snapshotSha256,
  signed_at: s.signedAt,
  reopened_at: s.reopenedAt,
  reopen_reason: s.reopenReason,
});

export async function listSignOffs(ctx: AppContext, user: User, id: string): Promise<Out<typeof S.SignOffList>> {
  const access = await openAssessment(ctx, user, id);
  return { assessment_id: id, data: (await signOffsOf(ctx, access)).map(signOffOut) };
}

export async function readSignedSnapshot(ctx: AppContext, user: User, id: string, revision: number): Promise<Out<typeof S.SignedSnapshot>> {
  const access = await openAssessment(ctx, user, id);
  const signed = (await signOffsOf(ctx, access)).find((s) => s.revision === revision);
  if (!signed) throw new NotFound();
  return { ...signOffOut(signed), snapshot: signed.snapshot };
}

/** The report the page's download button gives (or a given signed revision). */
export async function report(ctx: AppContext, user: User, id: string, locale: Locale, revision?: number): Promise<ReportFile> {
  const access = await openAssessment(ctx, user, id);
  return revision === undefined ? currentReport(ctx, access, locale) : signedReport(ctx, access, locale, revision);
}

export function listQuestionnaires(ctx: AppContext, query: Out<typeof S.ListQuery>): Out<typeof S.QuestionnairePage> {
  const after = decodeCursor(query.cursor);
  const all = ctx.catalog
    .latest()
    .map((q) => ({
      id: q.id,
      version: q.version,
      kind: q.kind,
      title: q.title,
      description: q.description,
      versions: ctx.catalog.versions(q.id).map((v) => v.version),
      weight_profiles: q.weightProfiles.map((p) => ({ id: p.id, name: p.name })),
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const rows = after ? all.filter((q) => q.id > after.id) : all;
  return pageOf(rows.slice(0, query.limit + 1), query.limit, (q) => ({ key: q.id, id: q.id }));
}

export function readQuestionnaire(ctx: AppContext, id: string, version?: string) {
  const q = version ? ctx.catalog.find(id, version) : ctx.catalog.latest().find((x) => x.id === id);
  if (!q) throw new NotFound();
  return q;
}
