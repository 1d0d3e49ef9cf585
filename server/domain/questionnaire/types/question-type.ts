// What every question type knows about itself, in one module per type (this folder): its schema,
// how a raw answer (a form field or JSON) becomes a stored value, what that value scores as a
// requirement at a level, whether the question is scored at all, the levels it tests, and how an
// answer reads in words. The registry (index.ts) holds one per type, checked complete by the compiler.
import type { z } from 'zod';
import type { AnswerValue, ParsedAnswer } from '../answers.js';
import type { BilingualText } from '../schema-parts.js';

/** What a type needs to put an answer into words, in one language. */
export interface AnswerWords {
  t: (key: string, options?: Record<string, unknown>) => string;
  pick: (text: BilingualText | undefined) => string;
  /** "；" in Chinese, "; " in English. */
  listSeparator: string;
}

export interface QuestionTypeModule<Q extends { type: string }> {
  schema: z.ZodType<Q, any>;
  parse(question: Q, raw: unknown): ParsedAnswer;
  /** a_r in [0, 1] for an answer at `level`; undefined for an unscored question. */
  requirementValue(question: Q, value: AnswerValue, level: number): number | undefined;
  isScored(question: Q): boolean;
  /** The levels it contributes requirements to (empty when unscored). */
  testedLevels(question: Q): number[];
  describe(question: Q, value: AnswerValue, words: AnswerWords): string;
  /** Answered on the four conformance grades: a consultant may adjust it, and it is named as a strength or a gap. */
  graded: boolean;
  /** Skip logic can compare its answer with a value. */
  matchable: boolean;
  /** The option values an answer chooses from (each must be unique); empty for types without options. */
  optionValues(question: Q): string[];
  /**
   * The answer that fully meets the requirement at `level`, starting from the current answer (what-if
   * planning); undefined for an unscored question.
   */
  meetingAnswer(question: Q, level: number, current: AnswerValue | undefined): AnswerValue | undefined;
}

export const fail = (key: string, message: string, params: Record<string, string | number> = {}): ParsedAnswer => ({
  ok: false,
  key,
  params,
  message,
});

/** Full-width digits and signs as a Chinese keyboard types them (０-９, ．, －, ＋, ％), in ASCII. */
export function halfWidth(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF0E\uFF0D\uFF0B\uFF05]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

const DECIMAL = /^[-+]?(\d+(\.\d*)?|\.\d+)$/;

/**
 * A plain decimal number from a JSON number or a typed string (full-width digits accepted, and a
 * trailing "%" where `percent` allows it); hex, exponents and text after the number are refused.
 */
export function toNumber(raw: unknown, options: { percent?: boolean } = {}): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  let text = halfWidth(raw).trim();
  if (options.percent && text.endsWith('%')) text = text.slice(0, -1).trim();
  return DECIMAL.test(text) ? Number(text) : undefined;
}
