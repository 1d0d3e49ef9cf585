// Free text: context for the consultant and the report, never scored.
import { z } from 'zod';
import { LevelNumber, questionBase } from '../schema-parts.js';
import { fail, type QuestionTypeModule } from './question-type.js';

const MAX_LENGTH = 20000;

const schema = z.object({ ...questionBase, type: z.literal('text'), level: LevelNumber.optional() }).strict();
export type TextQuestion = z.infer<typeof schema>;

export const text = {
  schema,
  parse(_question, raw) {
    if (typeof raw !== 'string' || raw.trim() === '') return fail('text', 'expected some text');
    return raw.length > MAX_LENGTH ? fail('textLength', `expected at most ${MAX_LENGTH} characters`, { max: MAX_LENGTH }) : { ok: true, value: raw.trim() };
  },
  requirementValue: () => undefined,
  isScored: () => false,
  testedLevels: () => [],
  describe: (_question, value) => String(value),
  graded: false,
  matchable: false,
  optionValues: () => [],
  meetingAnswer: () => undefined,
} satisfies QuestionTypeModule<TextQuestion>;
