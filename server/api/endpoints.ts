// Every endpoint of /api/v1, declared once with its scope, its zod schemas and the one service call
// it makes. The router (routes.ts) and the OpenAPI document (openapi.ts) are both built from this list.
import type { z } from 'zod';
import type { AppContext } from '../context.js';
import type { Locale } from '../domain/questionnaire/schema.js';
import type { ReportFile } from '../reports/service.js';
import * as S from './schemas.js';
import * as api from './service.js';
import type { TokenHolder } from './tokens.js';

export interface EndpointInput {
  ctx: AppContext;
  holder: TokenHolder;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
  locale: Locale;
}

export interface Endpoint {
  method: 'get' | 'post' | 'put';
  /** OpenAPI style, relative to /api/v1: /assessments/{id} */
  path: string;
  operationId: string;
  summary: string;
  tag: 'Account' | 'Organizations' | 'Assessments' | 'Results' | 'Questionnaires';
  /** write: refused to a read-scope token. */
  scope: 'read' | 'write';
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The JSON body's schema, or a PDF. */
  response: z.ZodType | 'pdf';
  status?: 200 | 201;
  /** The refusals this endpoint can answer besides 401 and 429. */
  errors: (400 | 403 | 404 | 409)[];
  handle(input: EndpointInput): Promise<unknown> | unknown;
}

const ep = <E extends Endpoint>(e: E) => e;

export const ENDPOINTS: Endpoint[] = [
  ep({
    method: 'get',
    path: '/me',
    operationId: 'getMe',
    summary: "The token's user and scope",
    tag: 'Account',
    scope: 'read',
    response: S.Me,
    errors: [],
    handle: ({ holder: { user, scope } }) => ({
      id: user.id,
      name: user.name,
      email: user.email,
      is_platform_admin: user.is_platform_admin === 1,
      is_consultant: user.is_consultant === 1,
      token_scope: scope,
    }),
  }),
  ep({
    method: 'get',
    path: '/organizations',
    operationId: 'listOrganizations',
    summary: 'Organizations the user belongs to, is assigned to, or (platform admin) all',
    tag: 'Organizations',
    scope: 'read',
    query: S.ListQuery,
    response: S.OrganizationPage,
    errors: [400],
    handle: ({ ctx, holder, query }) => api.listOrganizations(ctx, holder.user, S.ListQuery.parse(query)),
  }),
  ep({
    method: 'get',
    path: '/organizations/{id}',
    operationId: 'getOrganization',
    summary: 'One organization',
    tag: 'Organizations',
    scope: 'read',
    params: S.IdParam,
    response: S.Organization,
    errors: [403, 404],
    handle: ({ ctx, holder, params }) => api.readOrganization(ctx, holder.user, S.IdParam.parse(params).id),
  }),
  ep({
    method: 'get',
    path: '/assessments',
    operationId: 'listAssessments',
    summary: 'Assessments the user may read, newest first',
    tag: 'Assessments',
    scope: 'read',
    query: S.AssessmentListQuery,
    response: S.AssessmentPage,
    errors: [400],
    handle: ({ ctx, holder, query }) => api.listAssessments(ctx, holder.user, S.AssessmentListQuery.parse(query)),
  }),
  ep({
    method: 'post',
    path: '/assessments',
    operationId: 'createAssessment',
    summary: 'Start an assessment (org admin), optionally from the last signed one',
    tag: 'Assessments',
    scope: 'write',
    body: S.NewAssessment,
    response: S.Assessment,
    status: 201,
    errors: [400, 403],
    handle: ({ ctx, holder, body, locale }) => api.createAssessment(ctx, holder.user, S.NewAssessment.parse(body), locale),
  }),
  ep({
    method: 'get',
    path: '/assessments/{id}',
    operationId: 'getAssessment',
    summary: 'One assessment, its result summary and what the user may do with it now',
    tag: 'Assessments',
    scope: 'read',
    params: S.IdParam,
    response: S.Assessment,
    errors: [403, 404],
    handle: ({ ctx, holder, params }) => api.readAssessment(ctx, holder.user, S.IdParam.parse(params).id),
  }),
  ep({
    method: 'get',
    path: '/assessments/{id}/answers',
    operationId: 'getAnswers',
    summary: "The organization's current answers",
    tag: 'Assessments',
    scope: 'read',
    params: S.IdParam,
    response: S.AnswerList,
    errors: [403, 404],
    handle: ({ ctx, holder, params }) => api.readAnswers(ctx, holder.user, S.IdParam.parse(params).id),
  }),
  ep({
    method: 'put',
    path: '/assessments/{id}/answers',
    operationId: 'putAnswers',
    summary: 'Write answers (the answer form’s validation and section assignments; all or nothing)',
    tag: 'Assessments',
    scope: 'write',
    params: S.IdParam,
    body: S.AnswersWrite,
    response: S.AnswersSaved,
    errors: [400, 403, 404, 409],
    handle: ({ ctx, holder, params, body }) => api.writeAnswers(ctx, holder.user, S.IdParam.parse(params).id, S.AnswersWrite.parse(body)),
  }),
  ep({
    method: 'post',
    path: '/assessments/{id}/submit',
    operationId: 'submitAssessment',
    summary: 'Submit for review (org admin); 409 lists what is still unanswered',
    tag: 'Assessments',
    scope: 'write',
    params: S.IdParam,
    response: S.Assessment,
    errors: [403, 404, 409],
    handle: ({ ctx, holder, params }) => api.submit(ctx, holder.user, S.IdParam.parse(params).id),
  }),
  ep({
    method: 'get',
    path: '/assessments/{id}/result',
    operationId: 'getResult',
    summary: 'The stored result',
    tag: 'Results',
    scope: 'read',
    params: S.IdParam,
    response: S.Result,
    errors: [403, 404],
    handle: ({ ctx, holder, params }) => api.readResult(ctx, holder.user, S.IdParam.parse(params).id),
  }),
  ep({
    method: 'get',
    path: '/assessments/{id}/snapshot',
    operationId: 'getSnapshot',
    summary: 'The live snapshot: the record as it stands now',
    tag: 'Results',
    scope: 'read',
    params: S.IdParam,
    response: S.LiveSnapshot,
    errors: [403, 404],
    handle: ({ ctx, holder, params }) => api.readLiveSnapshot(ctx, holder.user, S.IdParam.parse(params).id),
  }),
  ep({
    method: 'get',
    path: '/assessments/{id}/signed',
    operationId: 'listSignOffs',
    summary: 'The sign-offs (revisions) with their verification codes',
    tag: 'Results',
    scope: 'read',
    params: S.IdParam,
    response: S.SignOffList,
    errors: [403, 404],
    handle: ({ ctx, holder, params }) => api.listSignOffs(ctx, holder.user, S.IdParam.parse(params).id),
  }),
  ep({
    method: 'get',
    path: '/assessments/{id}/signed/{revision}',
    operationId: 'getSignedSnapshot',
    summary: 'A signed (frozen) snapshot',
    tag: 'Results',
    scope: 'read',
    params: S.SignedParam,
    response: S.SignedSnapshot,
    errors: [400, 403, 404],
    handle: ({ ctx, holder, params }) => {
      const p = S.SignedParam.parse(params);
      return api.readSignedSnapshot(ctx, holder.user, p.id, p.revision);
    },
  }),
  ep({
    method: 'get',
    path: '/assessments/{id}/report.pdf',
    operationId: 'getReport',
    summary: 'The PDF report: the current signed one, a given signed revision, or a draft',
    tag: 'Results',
    scope: 'read',
    params: S.IdParam,
    query: S.ReportQuery,
    response: 'pdf',
    errors: [400, 403, 404],
    handle: ({ ctx, holder, params, query, locale }) => {
      const q = S.ReportQuery.parse(query);
      return api.report(ctx, holder.user, S.IdParam.parse(params).id, q.lang ?? locale, q.revision);
    },
  }),
  ep({
    method: 'get',
    path: '/questionnaires',
    operationId: 'listQuestionnaires',
    summary: 'Published questionnaires (newest version of each)',
    tag: 'Questionnaires',
    scope: 'read',
    query: S.ListQuery,
    response: S.QuestionnairePage,
    errors: [400],
    handle: ({ ctx, query }) => api.listQuestionnaires(ctx, S.ListQuery.parse(query)),
  }),
  ep({
    method: 'get',
    path: '/questionnaires/{id}',
    operationId: 'getQuestionnaire',
    summary: 'A questionnaire definition (the newest version, or ?version=)',
    tag: 'Questionnaires',
    scope: 'read',
    params: S.IdParam,
    query: S.QuestionnaireQuery,
    response: S.Questionnaire,
    errors: [404],
    handle: ({ ctx, params, query }) => api.readQuestionnaire(ctx, S.IdParam.parse(params).id, S.QuestionnaireQuery.parse(query).version),
  }),
];

export const isReportFile = (v: unknown): v is ReportFile => typeof v === 'object' && v !== null && Buffer.isBuffer((v as ReportFile).pdf);
