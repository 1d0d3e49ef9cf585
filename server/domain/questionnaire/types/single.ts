// Single choice: one option, each with its score.
import { z } from 'zod';
import { ChoiceOption, LevelNumber, questionBase } from '../schema-parts.js';
import { fail, type QuestionTypeModule } from './question-type.js';

const schema = z.object({ ...questionBase, type: z.literal('single'), level: LevelNumber, options: z.array(ChoiceOption).min(2) }).strict();
export type SingleQuestion = z.infer<typeof schema>;

export const single = {
  schema,
  parse(question, raw) {
    const values = question.options.map((o) => o.value);
    return typeof raw === 'string' && values.includes(raw) ? { ok: true, value: raw } : fail('option', `expected one of ${values.join(', ')}`);
  },
  requirementValue: (question, value) => question.options.find((o) => o.value === value)?.score ?? 0,
  isScored: () => true,
  testedLevels: (question) => [question.level],
  describe: (question, value, { pick }) => pick(question.options.find((o) => o.value === value)?.label),
  graded: false,
  matchable: true,
  optionValues: (question) => question.options.map((o) => o.value),
  meetingAnswer: (question) => [...question.options].sort((a, b) => b.score - a.score)[0].value,
} satisfies QuestionTypeModule<SingleQuestion>;
