// Multiple choice: any options; their scores add up, capped at 1.
import { z } from 'zod';
import { ChoiceOption, LevelNumber, questionBase } from '../schema-parts.js';
import { fail, type QuestionTypeModule } from './question-type.js';

const schema = z.object({ ...questionBase, type: z.literal('multiple'), level: LevelNumber, options: z.array(ChoiceOption).min(2) }).strict();
export type MultipleQuestion = z.infer<typeof schema>;

export const multiple = {
  schema,
  parse(question, raw) {
    const values = question.options.map((o) => o.value);
    const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : undefined;
    if (!list || !list.every((v) => typeof v === 'string' && values.includes(v))) return fail('options', `expected a list of ${values.join(', ')}`);
    return { ok: true, value: values.filter((v) => list.includes(v)) };
  },
  requirementValue(question, value) {
    const chosen = value as string[];
    const sum = question.options.filter((o) => chosen.includes(o.value)).reduce((s, o) => s + o.score, 0);
    // Ten options of 0.1 add up to 0.9999999999999999 in floating point: that is fully met.
    return Math.min(1, Math.round(sum * 1e9) / 1e9);
  },
  isScored: () => true,
  testedLevels: (question) => [question.level],
  describe(question, value, { t, pick, listSeparator }) {
    const chosen = value as string[];
    return question.options.filter((o) => chosen.includes(o.value)).map((o) => pick(o.label)).join(listSeparator) || t('report.noneChosen');
  },
  graded: false,
  matchable: true,
  optionValues: (question) => question.options.map((o) => o.value),
  meetingAnswer: (question) => question.options.map((o) => o.value),
} satisfies QuestionTypeModule<MultipleQuestion>;
