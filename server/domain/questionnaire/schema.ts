// The shape of a questionnaire file (questionnaires/*.yaml|json), validated with zod.
// Pure: no I/O here. Types are inferred from the schema so the shape is written once.
import { z } from 'zod';
import { conformance } from './types/conformance.js';
import { ladder } from './types/ladder.js';
import { multiple } from './types/multiple.js';
import { numberQuestion } from './types/number.js';
import { single } from './types/single.js';
import { text } from './types/text.js';
import { yesno } from './types/yesno.js';
import { BilingualText, Id, LevelNumber, Share, Weight } from './schema-parts.js';

export { BilingualText, CONFORMANCE_GRADES, CONFORMANCE_VALUES, Id, LOCALES, VisibilityCondition, type Locale } from './schema-parts.js';

/** Every question type's schema; each lives in its module under types/. */
export const Question = z.discriminatedUnion('type', [
  conformance.schema,
  ladder.schema,
  single.schema,
  multiple.schema,
  yesno.schema,
  numberQuestion.schema,
  text.schema,
]);
export type Question = z.infer<typeof Question>;
export type QuestionType = Question['type'];

export const SubDimension = z
  .object({
    id: Id,
    title: BilingualText,
    description: BilingualText.optional(),
    weight: Weight.default(1),
    questions: z.array(Question).min(1),
  })
  .strict();
export type SubDimension = z.infer<typeof SubDimension>;

export const Dimension = z
  .object({
    id: Id,
    title: BilingualText,
    description: BilingualText.optional(),
    weight: Weight,
    subDimensions: z.array(SubDimension).min(1),
  })
  .strict();
export type Dimension = z.infer<typeof Dimension>;

export const LevelDefinition = z
  .object({ level: LevelNumber, name: BilingualText, descriptor: BilingualText })
  .strict();

export const WeightProfile = z
  .object({
    id: Id,
    name: BilingualText,
    description: BilingualText.optional(),
    weights: z.record(z.string(), Weight),
  })
  .strict();
export type WeightProfile = z.infer<typeof WeightProfile>;

export const Questionnaire = z
  .object({
    $schema: z.string().optional(),
    id: Id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'version is semantic: MAJOR.MINOR.PATCH'),
    kind: z.enum(['enterprise', 'service']),
    title: BilingualText,
    description: BilingualText,
    /** Shown on the cover and in the report, e.g. that a formal grade needs a third-party assessor. */
    notice: BilingualText.optional(),
    levels: z
      .array(LevelDefinition)
      .length(5)
      .refine((ls) => ls.every((l, i) => l.level === i + 1), 'levels must be 1..5 in order'),
    scoring: z
      .object({
        method: z.literal('level-threshold'),
        threshold: Share.default(0.8),
        minAnsweredShare: Share.default(0.8),
      })
      .strict(),
    weightProfiles: z.array(WeightProfile).default([]),
    dimensions: z.array(Dimension).min(1),
  })
  .strict();
export type Questionnaire = z.infer<typeof Questionnaire>;
export type QuestionnaireInput = z.input<typeof Questionnaire>;
