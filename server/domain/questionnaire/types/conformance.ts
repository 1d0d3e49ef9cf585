// Conformance: 全部满足 1 / 大部分满足 0.8 / 部分满足 0.5 / 不满足 0, at one level.
import { z } from 'zod';
import { CONFORMANCE_GRADES, CONFORMANCE_VALUES, LevelNumber, questionBase } from '../schema-parts.js';
import { fail, toNumber, type QuestionTypeModule } from './question-type.js';

const schema = z.object({ ...questionBase, type: z.literal('conformance'), level: LevelNumber }).strict();
export type ConformanceQuestion = z.infer<typeof schema>;

export const conformance = {
  schema,
  parse(_question, raw) {
    const n = toNumber(raw);
    return n !== undefined && CONFORMANCE_VALUES.includes(n) ? { ok: true, value: n } : fail('conformance', 'expected one of 1, 0.8, 0.5, 0');
  },
  requirementValue: (_question, value) => value as number,
  isScored: () => true,
  testedLevels: (question) => [question.level],
  describe: (_question, value, { t }) => t(`conformance.${CONFORMANCE_GRADES.find((g) => g.value === value)?.key ?? 'none'}`),
  graded: true,
  matchable: true,
  optionValues: () => [],
  meetingAnswer: () => 1,
} satisfies QuestionTypeModule<ConformanceQuestion>;
