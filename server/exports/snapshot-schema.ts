// The published shape of an assessment's JSON export: the AssessmentSnapshot (server/domain/record/snapshot.ts)
// written as a zod schema, from which the JSON Schema served at SNAPSHOT_SCHEMA_PATH is generated
// (zod 4's toJSONSchema). Objects are strict, and the type checks at the end make the schema and the
// TypeScript interface agree both ways, so a field added to the snapshot fails the build until it is described here.
import { z } from 'zod';
import type { AssessmentSnapshot } from '../domain/record/snapshot.js';

/** Where the JSON Schema is served; an export names it (absolute) in its `$schema`. */
export const SNAPSHOT_SCHEMA_PATH = '/schemas/assessment-snapshot.json';

const iso = z.string().describe('ISO-8601 UTC time');
const questionId = z.string().describe('question id of the questionnaire version');

const NotApplicable = z.strictObject({ na: z.literal(true), reason: z.string() }).describe('not applicable, with the written reason');
const Answer = z
  .union([z.number(), z.string(), z.array(z.string()), z.boolean(), NotApplicable])
  .describe('conformance 1|0.8|0.5|0; ladder 0..5; single choice an option value; multiple choice option values; yes/no; number; text; or N/A');

const GapItem = z.strictObject({
  questionId,
  dimensionId: z.string(),
  level: z.number().int(),
  value: z.number(),
  gain: z.number().describe('how much meeting this requirement fully raises T(target level)'),
});

const ScoreResult = z.strictObject({
  status: z.enum(['ok', 'insufficient-data']),
  weightProfile: z.string().nullable(),
  answeredCount: z.number().int(),
  applicableCount: z.number().int(),
  answeredShare: z.number(),
  unanswered: z.array(questionId),
  levelScores: z.array(z.number().nullable()).describe('T(1)..T(5)'),
  level: z.number().int().nullable(),
  score: z.number().nullable(),
  band: z.number().int().nullable(),
  provisional: z.strictObject({ level: z.number().int(), score: z.number(), band: z.number().int() }),
  dimensions: z.array(
    z.strictObject({ id: z.string(), weight: z.number(), levelScores: z.array(z.number().nullable()), level: z.number().int(), score: z.number() }),
  ),
  gap: z.strictObject({ targetLevel: z.number().int(), delta: z.number(), plan: z.array(GapItem), further: z.array(GapItem) }).nullable(),
});

const Benchmark = z.discriminatedUnion('shown', [
  z.strictObject({
    shown: z.literal(true),
    peers: z.number().int(),
    percentile: z.number(),
    distribution: z.strictObject({ min: z.number(), q1: z.number(), median: z.number(), q3: z.number(), max: z.number() }).optional()
      .describe("the peers' five-number summary, quartiles by linear interpolation (absent in records signed before it was stored)"),
  }),
  z.strictObject({ shown: z.literal(false), peers: z.number().int(), reason: z.literal('too-few-peers') }),
]);

export const AssessmentSnapshotSchema = z
  .strictObject({
    assessment: z.strictObject({
      id: z.string(),
      title: z.string(),
      status: z.enum(['draft', 'submitted', 'in_review', 'changes_requested', 'finalized']),
      questionnaireId: z.string(),
      questionnaireVersion: z.string(),
      weightProfile: z.string().nullable(),
      submittedAt: iso.nullable(),
    }),
    organization: z.strictObject({
      id: z.string(),
      name: z.string(),
      industry: z.string(),
      sizeBand: z.string(),
      nameEn: z.string().optional(),
      creditCode: z.string().optional().describe('unified social credit code (GB 32100)'),
      province: z.string().optional().describe('provincial-level division code'),
    }),
    answers: z.record(z.string(), z.strictObject({ answer: Answer, revision: z.number().int(), by: z.string(), at: iso })).describe("the organization's own answers"),
    effectiveAnswers: z.record(z.string(), Answer).describe('the answers every result comes from: the organization’s with the adjustments that count'),
    adjustments: z.array(
      z.strictObject({
        id: z.string(),
        questionId,
        from: Answer.nullable(),
        to: z.number(),
        author: z.string(),
        at: iso,
        reason: z.string(),
        state: z.enum(['counts', 'stale', 'dismissed', 'superseded']),
      }),
    ),
    comments: z.array(
      z.strictObject({ questionId: z.string().nullable(), author: z.string(), at: iso, text: z.string(), kind: z.enum(['note', 'change-request', 'reopen']) }),
    ),
    evidence: z.record(z.string(), z.array(z.strictObject({ name: z.string(), sha256: z.string() }))),
    result: ScoreResult,
    findings: z.strictObject({
      dimensions: z.record(z.string(), z.strictObject({ strengths: z.array(questionId), gaps: z.array(questionId) })),
      strongest: z.array(z.string()),
      weakest: z.array(z.string()),
      steps: z.array(questionId),
    }),
    benchmark: z.strictObject({ overall: Benchmark, dimensions: z.record(z.string(), Benchmark) }).nullable(),
    signature: z
      .strictObject({
        revision: z.number().int(),
        signedBy: z.string(),
        signerOrganization: z.string().optional(),
        signedAt: iso,
        conclusion: z.string().nullable(),
      })
      .nullable()
      .describe('present on a signed (frozen) snapshot'),
    takenAt: iso,
  })
  .describe('One assessment of Zhiping (智评) at one moment');

/** The export document: the snapshot with the address of its JSON Schema. */
export const AssessmentExportSchema = AssessmentSnapshotSchema.extend({ $schema: z.string().describe('address of this JSON Schema') });

/** The JSON Schema of an export, as served. */
export function snapshotJsonSchema(id: string): Record<string, unknown> {
  return { ...z.toJSONSchema(AssessmentExportSchema, { target: 'draft-2020-12' }), $id: id, title: 'Zhiping assessment snapshot' };
}

// The schema and the interface describe the same data: each must be assignable to the other.
type Described = z.infer<typeof AssessmentSnapshotSchema>;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const agree: Same<Described, AssessmentSnapshot> = true;
void agree;
