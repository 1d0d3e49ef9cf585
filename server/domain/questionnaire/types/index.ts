// The registry of question types: one module each, and a map the compiler checks is complete, so a
// new type cannot be forgotten by scoring, parsing or reports. Nothing else switches on the type.
import type { AnswerValue, ParsedAnswer } from '../answers.js';
import type { Question, QuestionType } from '../schema.js';
import { conformance } from './conformance.js';
import { ladder } from './ladder.js';
import { multiple } from './multiple.js';
import { numberQuestion } from './number.js';
import type { AnswerWords, QuestionTypeModule } from './question-type.js';
import { single } from './single.js';
import { text } from './text.js';
import { yesno } from './yesno.js';

export type { AnswerWords } from './question-type.js';

type Registry = { [K in QuestionType]: QuestionTypeModule<Extract<Question, { type: K }>> };

export const QUESTION_TYPES: Registry = { conformance, ladder, single, multiple, yesno, number: numberQuestion, text };

/** The module of a question's type, typed for that question. */
function moduleOf(question: Question): QuestionTypeModule<Question> {
  return QUESTION_TYPES[question.type] as unknown as QuestionTypeModule<Question>;
}

export const parseAnswer = (question: Question, raw: unknown): ParsedAnswer => moduleOf(question).parse(question, raw);
export const valueOf = (question: Question, value: AnswerValue, level: number): number | undefined =>
  moduleOf(question).requirementValue(question, value, level);
export const scored = (question: Question): boolean => moduleOf(question).isScored(question);
export const levelsTested = (question: Question): number[] => moduleOf(question).testedLevels(question);
export const describeAnswer = (question: Question, value: AnswerValue, words: AnswerWords): string => moduleOf(question).describe(question, value, words);
export const isGraded = (question: Question): boolean => moduleOf(question).graded;
export const isMatchable = (question: Question): boolean => moduleOf(question).matchable;
export const optionValues = (question: Question): string[] => moduleOf(question).optionValues(question);
export const meetingAnswer = (question: Question, level: number, current: AnswerValue | undefined): AnswerValue | undefined =>
  moduleOf(question).meetingAnswer(question, level, current);
