// The JSON API's shapes, written once as zod schemas: requests are parsed with them, the OpenAPI
// document is generated from them (zod-openapi; `.meta({ id })` makes a named component), and the
// tests validate real responses against them. Field names are snake_case; the stored result and the
// snapshot keep the camelCase of the record they come from (a signed snapshot is hashed as stored).
import { z } from 'zod';
import { Questionnaire as QuestionnaireDefinition } from '../domain/questionnaire/schema.js';
import { ROLES } from '../domain/policy.js';

export const Id = z.string().min(1).max(200);
const Timestamp = z.string().meta({ description: 'ISO-8601 UTC', example: '2026-03-01T08:00:00.000Z' });
const Bilingual = z.object({ 'zh-CN': z.string(), en: z.string() });

export const ASSESSMENT_STATUSES = ['draft', 'submitted', 'in_review', 'changes_requested', 'finalized'] as const;
export const AssessmentStatus = z.enum(ASSESSMENT_STATUSES).meta({ id: 'AssessmentStatus' });

export const ApiErrorBody = z
  .object({
    error: z.object({
      code: z.string().meta({ example: 'invalid' }),
      message: z.string(),
      fields: z.array(z.object({ path: z.string().meta({ example: 'answers.g1.value' }), reason: z.string() })),
      detail: z.unknown().optional().meta({ description: 'More about a refusal, e.g. the questions still unanswered' }),
      error_id: z.string().optional().meta({ description: 'On a server error: the reference in the server log' }),
    }),
  })
  .meta({ id: 'Error' });

// ---- lists ----
export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25).meta({ description: 'At most 100' }),
  cursor: z.string().max(500).optional().meta({ description: 'next_cursor of the previous page' }),
});

const page = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ data: z.array(item), next_cursor: z.string().nullable().meta({ description: 'null on the last page' }) }).meta({ id });

// ---- organizations ----
export const Organization = z
  .object({
    id: Id,
    name: z.string(),
    name_en: z.string().nullable(),
    credit_code: z.string().nullable(),
    province: z.string().nullable(),
    industry: z.string(),
    size_band: z.string(),
    created_at: Timestamp,
    role: z.enum(ROLES).meta({ description: "The token user's role towards the organization" }),
  })
  .meta({ id: 'Organization' });
export const OrganizationPage = page(Organization, 'OrganizationPage');

// ---- results ----
const levelScores = z.array(z.number().nullable());
const GapItem = z.object({ questionId: z.string(), dimensionId: z.string(), level: z.number(), value: z.number(), gain: z.number() });
export const Result = z
  .object({
    status: z.enum(['ok', 'insufficient-data']),
    weightProfile: z.string().nullable(),
    answeredCount: z.number(),
    applicableCount: z.number(),
    answeredShare: z.number(),
    unanswered: z.array(z.string()),
    levelScores,
    level: z.number().nullable(),
    score: z.number().nullable(),
    band: z.number().nullable(),
    provisional: z.object({ level: z.number(), score: z.number(), band: z.number() }),
    dimensions: z.array(z.object({ id: z.string(), weight: z.number(), levelScores, level: z.number(), score: z.number() })),
    gap: z.object({ targetLevel: z.number(), delta: z.number(), plan: z.array(GapItem), further: z.array(GapItem) }).nullable(),
  })
  .meta({ id: 'Result', description: 'The stored result (after GB/T 39117-2020): level scores T(1..5), level n, score S' });

export const ResultSummary = z
  .object({ status: z.enum(['ok', 'insufficient-data']), level: z.number().nullable(), score: z.number().nullable(), answered_share: z.number() })
  .meta({ id: 'ResultSummary' });

// ---- assessments ----
export const AssessmentSummary = z
  .object({
    id: Id,
    org_id: Id,
    title: z.string(),
    status: AssessmentStatus,
    questionnaire_id: z.string(),
    questionnaire_version: z.string(),
    weight_profile: z.string().nullable(),
    created_at: Timestamp,
    updated_at: Timestamp,
    submitted_at: Timestamp.nullable(),
    finalized_at: Timestamp.nullable(),
    result: ResultSummary.nullable(),
  })
  .meta({ id: 'AssessmentSummary' });
export const AssessmentPage = page(AssessmentSummary, 'AssessmentPage');

export const Assessment = AssessmentSummary.extend({
  organization: z.object({ id: Id, name: z.string(), name_en: z.string().nullable() }),
  role: z.enum(ROLES),
  may: z.record(z.string(), z.boolean()).meta({ description: 'What the access policy lets the token user do now (action → allowed)' }),
}).meta({ id: 'Assessment' });

export const AssessmentListQuery = ListQuery.extend({
  org: Id.optional().meta({ description: 'Organization id' }),
  status: AssessmentStatus.optional(),
  questionnaire: z.string().max(200).optional().meta({ description: 'Questionnaire id' }),
});

export const NewAssessment = z
  .object({
    org_id: Id,
    questionnaire_id: z.string().min(1).max(200),
    weight_profile: z.string().max(200).optional(),
    title: z.string().max(200, 'errors.tooLong').optional(),
    carry_from: Id.optional().meta({ description: "Start from the organization's last signed assessment of this questionnaire" }),
  })
  .strict()
  .meta({ id: 'NewAssessment' });

// ---- answers ----
export const AnswerValue = z.union([z.number(), z.string(), z.array(z.string()), z.boolean()]).meta({
  id: 'AnswerValue',
  description: 'By question type: conformance 1/0.8/0.5/0, ladder 1..5, single the option id, multiple option ids, yesno boolean, number, text',
});

export const AnswerItem = z
  .object({
    question_id: z.string(),
    dimension_id: z.string(),
    value: AnswerValue.nullable(),
    na: z.boolean(),
    reason: z.string().nullable(),
    revision: z.number().int(),
    updated_at: Timestamp,
    carried: z.boolean().meta({ description: 'Carried over from the last signed assessment and not yet confirmed' }),
  })
  .meta({ id: 'Answer' });
export const AnswerList = z.object({ assessment_id: Id, data: z.array(AnswerItem) }).meta({ id: 'AnswerList' });

export const AnswerChangeInput = z
  .object({
    value: AnswerValue.nullable().optional().meta({ description: 'null clears the answer' }),
    na: z.boolean().optional(),
    reason: z.string().max(5000).optional().meta({ description: 'Required with na: true' }),
    base_revision: z.number().int().min(0).optional().meta({ description: 'The revision the client last read; the record keeps both sides of a concurrent change' }),
  })
  .strict();
export const AnswersWrite = z
  .object({ answers: z.record(z.string().max(200), AnswerChangeInput).refine((r) => Object.keys(r).length <= 500, 'errors.tooLong') })
  .strict()
  .meta({ id: 'AnswersWrite' });
export const AnswersSaved = z
  .object({ saved: z.number().int(), revisions: z.record(z.string(), z.number().int()), result: Result })
  .meta({ id: 'AnswersSaved' });

// ---- snapshots ----
const SnapshotAnswerValue = z.union([AnswerValue, z.object({ na: z.literal(true), reason: z.string() })]);
export const Snapshot = z
  .object({
    assessment: z.object({
      id: Id,
      title: z.string(),
      status: AssessmentStatus,
      questionnaireId: z.string(),
      questionnaireVersion: z.string(),
      weightProfile: z.string().nullable(),
      submittedAt: z.string().nullable(),
    }),
    organization: z.object({
      id: Id,
      name: z.string(),
      industry: z.string(),
      sizeBand: z.string(),
      nameEn: z.string().optional(),
      creditCode: z.string().optional(),
      province: z.string().optional(),
    }),
    answers: z.record(z.string(), z.object({ answer: SnapshotAnswerValue, revision: z.number(), by: z.string(), at: z.string() })),
    effectiveAnswers: z.record(z.string(), SnapshotAnswerValue),
    adjustments: z.array(
      z.object({
        id: z.string(),
        questionId: z.string(),
        from: SnapshotAnswerValue.nullable(),
        to: z.number(),
        author: z.string(),
        at: z.string(),
        reason: z.string(),
        state: z.enum(['counts', 'stale', 'dismissed', 'superseded']).meta({ description: 'Whether the adjustment counts (it is bound to the answer revision it reviewed)' }),
      }),
    ),
    comments: z.array(
      z.object({ questionId: z.string().nullable(), author: z.string(), at: z.string(), text: z.string(), kind: z.enum(['note', 'change-request', 'reopen']) }),
    ),
    evidence: z.record(z.string(), z.array(z.object({ name: z.string(), sha256: z.string() }))),
    result: Result,
    findings: z.unknown().meta({ description: 'Strongest and weakest dimensions, findings per dimension' }),
    benchmark: z.unknown().nullable().meta({ description: 'Against finalized peers (same version, industry, size band), at least 5' }),
    signature: z
      .object({ revision: z.number(), signedBy: z.string(), signerOrganization: z.string().optional(), signedAt: z.string(), conclusion: z.string().nullable() })
      .nullable(),
    takenAt: z.string(),
  })
  .meta({ id: 'Snapshot', description: 'The plain record of one assessment at one moment (the PDF is rendered from it)' });

export const LiveSnapshot = z.object({ assessment_id: Id, snapshot: Snapshot }).meta({ id: 'LiveSnapshot' });

export const SignOff = z
  .object({
    revision: z.number().int(),
    code: z.string().meta({ description: 'Verification code, checked at /verify/CODE' }),
    snapshot_sha256: z.string(),
    signed_at: Timestamp,
    reopened_at: Timestamp.nullable(),
    reopen_reason: z.string().nullable(),
  })
  .meta({ id: 'SignOff' });
export const SignOffList = z.object({ assessment_id: Id, data: z.array(SignOff) }).meta({ id: 'SignOffList' });
export const SignedSnapshot = SignOff.extend({ snapshot: Snapshot }).meta({ id: 'SignedSnapshot' });

export const ReportQuery = z.object({
  lang: z.enum(['zh-CN', 'en']).optional().meta({ description: 'Default: from Accept-Language' }),
  revision: z.coerce.number().int().min(1).optional().meta({ description: 'A signed revision; default: the current signed report, or a draft' }),
});

// ---- questionnaires ----
export const QuestionnaireSummary = z
  .object({
    id: z.string(),
    version: z.string().meta({ description: 'The newest version' }),
    kind: z.enum(['enterprise', 'service']),
    title: Bilingual,
    description: Bilingual,
    versions: z.array(z.string()),
    weight_profiles: z.array(z.object({ id: z.string(), name: Bilingual })),
  })
  .meta({ id: 'QuestionnaireSummary' });
export const QuestionnairePage = page(QuestionnaireSummary, 'QuestionnairePage');
export const QuestionnaireQuery = z.object({ version: z.string().max(50).optional().meta({ description: 'Default: the newest' }) });
export const Questionnaire = QuestionnaireDefinition.meta({ id: 'Questionnaire', description: 'The questionnaire definition, as its file declares it' });

export const Me = z
  .object({ id: Id, name: z.string(), email: z.string(), is_platform_admin: z.boolean(), is_consultant: z.boolean(), token_scope: z.enum(['read', 'write']) })
  .meta({ id: 'Me' });

export const IdParam = z.object({ id: Id });
export const SignedParam = z.object({ id: Id, revision: z.coerce.number().int().min(1) });
