// Yes/no: yes meets the requirement, no does not.
import { z } from 'zod';
import { LevelNumber, questionBase } from '../schema-parts.js';
import { fail, type QuestionTypeModule } from './question-type.js';

const schema = z.object({ ...questionBase, type: z.literal('yesno'), level: LevelNumber }).strict();
export type YesNoQuestion = z.infer<typeof schema>;

export const yesno = {
  schema,
  parse(_question, raw) {
    if (raw === true || raw === 'yes' || raw === 'true') return { ok: true, value: true };
    if (raw === false || raw === 'no' || raw === 'false') return { ok: true, value: false };
    return fail('yesno', 'expected yes or no');
  },
  requirementValue: (_question, value) => (value === true ? 1 : 0),
  isScored: () => true,
  testedLevels: (question) => [question.level],
  describe: (_question, value, { t }) => t(value ? 'question.yes' : 'question.no'),
  graded: false,
  matchable: true,
  optionValues: () => [],
  meetingAnswer: () => true,
} satisfies QuestionTypeModule<YesNoQuestion>;
