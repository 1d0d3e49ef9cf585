// The shape of a questionnaire file (questionnaires/*.yaml|json), validated with zod.
// Pure: no I/O here. Types are inferred from the schema so the shape is written once.
import { z } from 'zod';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const textIn = (lang: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `${lang} text is required` : `${lang} text must be a string`) })
    .trim()
    .min(1, `${lang} text is required`);

/** A text in both languages; both are required and non-empty. */
export const BilingualText = z.object({ 'zh-CN': textIn('zh-CN'), en: textIn('en') }).strict();
export type BilingualText = z.infer<typeof BilingualText>;

export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'ids use letters, digits, ".", "_" and "-" only');

const LevelNumber = z.number().int().min(1).max(5);
const Weight = z.number().positive('weights must be positive');
const Share = z.number().min(0).max(1);

/** The four conformance grades of GB/T 39117, what they score, and their i18n key under `conformance.`. */
export const CONFORMANCE_GRADES = [
  { value: 1, key: 'full' },
  { value: 0.8, key: 'most' },
  { value: 0.5, key: 'partial' },
  { value: 0, key: 'none' },
] as const;
export const CONFORMANCE_VALUES: readonly number[] = CONFORMANCE_GRADES.map((g) => g.value);

/** Skip logic: the question shows only when an earlier question's answer matches. */
export const VisibilityCondition = z
  .object({
    question: Id,
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z.array(z.union([z.string(), z.number()])).min(1).optional(),
    atLeast: z.number().optional(),
  })
  .strict()
  .refine(
    (c) => [c.equals, c.in, c.atLeast].filter((v) => v !== undefined).length === 1,
    'a condition needs exactly one of equals, in, atLeast',
  );
export type VisibilityCondition = z.infer<typeof VisibilityCondition>;

const questionBase = {
  id: Id,
  text: BilingualText,
  guidance: BilingualText.optional(),
  evidence: z.array(BilingualText).default([]),
  recommendation: BilingualText.optional(),
  weight: Weight.default(1),
  naAllowed: z.boolean().default(false),
  visibleWhen: VisibilityCondition.optional(),
};

const ChoiceOption = z
  .object({ value: Id, label: BilingualText, score: Share })
  .strict();

const ConformanceQuestion = z
  .object({ ...questionBase, type: z.literal('conformance'), level: LevelNumber })
  .strict();

const LadderQuestion = z
  .object({
    ...questionBase,
    type: z.literal('ladder'),
    options: z
      .array(z.object({ level: LevelNumber, label: BilingualText }).strict())
      .length(5)
      .refine((opts) => opts.every((o, i) => o.level === i + 1), 'ladder options must be levels 1..5 in order'),
  })
  .strict();

const SingleQuestion = z
  .object({ ...questionBase, type: z.literal('single'), level: LevelNumber, options: z.array(ChoiceOption).min(2) })
  .strict();

const MultipleQuestion = z
  .object({ ...questionBase, type: z.literal('multiple'), level: LevelNumber, options: z.array(ChoiceOption).min(2) })
  .strict();

const YesNoQuestion = z.object({ ...questionBase, type: z.literal('yesno'), level: LevelNumber }).strict();

const NumberQuestion = z
  .object({
    ...questionBase,
    type: z.literal('number'),
    level: LevelNumber.optional(),
    unit: BilingualText.optional(),
    min: z.number().optional(),
    max: z.number().optional(),
    /**
     * Score bands, listed by rising `min` with scores that never fall: the answer scores the `score`
     * of the highest band whose `min` it reaches, and 0 below the first band. Absent: unscored.
     */
    bands: z
      .array(z.object({ min: z.number(), score: Share }).strict())
      .min(1)
      .refine((bands) => bands.every((b, i) => i === 0 || b.min > bands[i - 1].min), 'bands must be listed by rising min, each min once')
      .refine((bands) => bands.every((b, i) => i === 0 || b.score >= bands[i - 1].score), 'band scores must not fall as min rises')
      .optional(),
  })
  .strict()
  .refine((q) => q.bands === undefined || q.level !== undefined, {
    message: 'a scored number question needs a level',
    path: ['level'],
  });

const TextQuestion = z
  .object({ ...questionBase, type: z.literal('text'), level: LevelNumber.optional() })
  .strict();

export const Question = z.discriminatedUnion('type', [
  ConformanceQuestion,
  LadderQuestion,
  SingleQuestion,
  MultipleQuestion,
  YesNoQuestion,
  NumberQuestion,
  TextQuestion,
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
