// The pieces every part of a questionnaire file is made of (texts, ids, levels, weights, skip logic,
// the fields every question has), shared by the questionnaire schema and the question-type modules.
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

export const LevelNumber = z.number().int().min(1).max(5);
export const Weight = z.number().positive('weights must be positive');
export const Share = z.number().min(0).max(1);

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

export const questionBase = {
  id: Id,
  text: BilingualText,
  guidance: BilingualText.optional(),
  evidence: z.array(BilingualText).default([]),
  recommendation: BilingualText.optional(),
  weight: Weight.default(1),
  naAllowed: z.boolean().default(false),
  visibleWhen: VisibilityCondition.optional(),
};

export const ChoiceOption = z
  .object({ value: Id, label: BilingualText, score: Share })
  .strict();
