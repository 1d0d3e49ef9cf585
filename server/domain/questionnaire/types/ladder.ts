// Level ladder: "pick the statement that describes you", L1..L5 (0: none applies); L meets every
// requirement up to L, so a ladder tests all five levels.
import { z } from 'zod';
import { BilingualText, LevelNumber, questionBase } from '../schema-parts.js';
import { fail, toNumber, type QuestionTypeModule } from './question-type.js';

const schema = z
  .object({
    ...questionBase,
    type: z.literal('ladder'),
    options: z
      .array(z.object({ level: LevelNumber, label: BilingualText }).strict())
      .length(5)
      .refine((opts) => opts.every((o, i) => o.level === i + 1), 'ladder options must be levels 1..5 in order'),
  })
  .strict();
export type LadderQuestion = z.infer<typeof schema>;

export const ladder = {
  schema,
  parse(_question, raw) {
    const n = toNumber(raw);
    return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 5 ? { ok: true, value: n } : fail('ladder', 'expected a level from 0 to 5');
  },
  requirementValue: (_question, value, level) => ((value as number) >= level ? 1 : 0),
  isScored: () => true,
  testedLevels: () => [1, 2, 3, 4, 5],
  describe(question, value, { t, pick }) {
    const level = value as number;
    return level === 0 ? t('question.ladderNone') : `L${level} ${pick(question.options[level - 1].label)}`;
  },
  graded: false,
  matchable: true,
  optionValues: () => [],
  meetingAnswer: (_question, level, current) => Math.max(level, typeof current === 'number' ? current : 0),
} satisfies QuestionTypeModule<LadderQuestion>;
