// What an answer looks like, and the two questions asked of every answer — how raw input (a form
// field or JSON) becomes one, and what it scores as a requirement value a_r in [0, 1] — answered by
// the question's type module (types/).
import type { Question } from './schema.js';
import { parseAnswer, valueOf } from './types/index.js';

/** The canonical stored value of an answer, by question type. */
export type AnswerValue = number | string | string[] | boolean;

/** N/A needs a written reason and is left out of every average. */
export interface NotApplicable {
  na: true;
  reason: string;
}

export type Answer = AnswerValue | NotApplicable;
export type Answers = ReadonlyMap<string, Answer>;

export function isNotApplicable(a: Answer | undefined): a is NotApplicable {
  return typeof a === 'object' && a !== null && !Array.isArray(a) && (a as NotApplicable).na === true;
}

/** A refusal names an i18n key under `answerErrors.` and its parameters; `message` is the English text. */
export type ParsedAnswer =
  | { ok: true; value: AnswerValue }
  | { ok: false; key: string; params: Record<string, string | number>; message: string };

/** Parses a raw value (JSON value or form string) for `question`; the message says what was expected. */
export function parseAnswerValue(question: Question, raw: unknown): ParsedAnswer {
  return parseAnswer(question, raw);
}

/**
 * The requirement value a_r that an answer gives at `level` (a ladder answer L meets every requirement
 * up to L). Returns undefined for unscored questions.
 */
export function requirementValue(question: Question, value: AnswerValue, level: number): number | undefined {
  return valueOf(question, value, level);
}
