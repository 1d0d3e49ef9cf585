// Number: a figure (with optional unit and range); scored only when it has bands, each a minimum
// and the score from there on.
import { z } from 'zod';
import { BilingualText, LevelNumber, questionBase, Share } from '../schema-parts.js';
import { fail, toNumber, type QuestionTypeModule } from './question-type.js';

const schema = z
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
  .refine((q) => q.bands === undefined || q.level !== undefined, { message: 'a scored number question needs a level', path: ['level'] });
export type NumberQuestion = z.infer<typeof schema>;

export const numberQuestion = {
  schema,
  parse(question, raw) {
    const percent = question.unit?.en.trim() === '%';
    const n = toNumber(raw, { percent });
    if (n === undefined) return fail(percent ? 'percent' : 'number', 'expected a number, like 12 or 3.5');
    if (question.min !== undefined && n < question.min) return fail('min', `expected at least ${question.min}`, { min: question.min });
    if (question.max !== undefined && n > question.max) return fail('max', `expected at most ${question.max}`, { max: question.max });
    return { ok: true, value: n };
  },
  requirementValue(question, value) {
    if (!question.bands) return undefined;
    // Bands are sorted by min (the schema says so): the last one reached is the highest.
    const reached = question.bands.filter((b) => (value as number) >= b.min);
    return reached.at(-1)?.score ?? 0;
  },
  isScored: (question) => question.bands !== undefined,
  testedLevels: (question) => (question.bands !== undefined && question.level !== undefined ? [question.level] : []),
  describe: (question, value, { pick }) => `${value}${question.unit ? ' ' + pick(question.unit) : ''}`,
  graded: false,
  matchable: true,
  optionValues: () => [],
  meetingAnswer: (question) => (question.bands ? question.bands.at(-1)!.min : undefined),
} satisfies QuestionTypeModule<NumberQuestion>;
