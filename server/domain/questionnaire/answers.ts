// What an answer to each question type looks like, how raw input (a form field or JSON) becomes one,
// and what a given answer scores as a requirement value a_r in [0, 1].
import { CONFORMANCE_VALUES, type Question } from './schema.js';

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

const fail = (key: string, message: string, params: Record<string, string | number> = {}): ParsedAnswer => ({
  ok: false,
  key,
  params,
  message,
});

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && raw.trim() !== '') {
    const n = Number(raw.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

/** Parses a raw value (JSON value or form string) for `question`; the message says what was expected. */
export function parseAnswerValue(question: Question, raw: unknown): ParsedAnswer {
  switch (question.type) {
    case 'conformance': {
      const n = toNumber(raw);
      return n !== undefined && CONFORMANCE_VALUES.includes(n)
        ? { ok: true, value: n }
        : fail('conformance', 'expected one of 1, 0.8, 0.5, 0');
    }
    case 'ladder': {
      const n = toNumber(raw);
      return n !== undefined && Number.isInteger(n) && n >= 0 && n <= 5
        ? { ok: true, value: n }
        : fail('ladder', 'expected a level from 0 to 5');
    }
    case 'single': {
      const values = question.options.map((o) => o.value);
      return typeof raw === 'string' && values.includes(raw)
        ? { ok: true, value: raw }
        : fail('option', `expected one of ${values.join(', ')}`);
    }
    case 'multiple': {
      const values = question.options.map((o) => o.value);
      const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : undefined;
      if (!list || !list.every((v) => typeof v === 'string' && values.includes(v)))
        return fail('options', `expected a list of ${values.join(', ')}`);
      return { ok: true, value: values.filter((v) => list.includes(v)) };
    }
    case 'yesno': {
      if (raw === true || raw === 'yes' || raw === 'true') return { ok: true, value: true };
      if (raw === false || raw === 'no' || raw === 'false') return { ok: true, value: false };
      return fail('yesno', 'expected yes or no');
    }
    case 'number': {
      const n = toNumber(raw);
      if (n === undefined) return fail('number', 'expected a number');
      if (question.min !== undefined && n < question.min) return fail('min', `expected at least ${question.min}`, { min: question.min });
      if (question.max !== undefined && n > question.max) return fail('max', `expected at most ${question.max}`, { max: question.max });
      return { ok: true, value: n };
    }
    case 'text': {
      if (typeof raw !== 'string' || raw.trim() === '') return fail('text', 'expected some text');
      return raw.length > 20000 ? fail('textLength', 'expected at most 20000 characters', { max: 20000 }) : { ok: true, value: raw.trim() };
    }
  }
}

/**
 * The requirement value a_r that an answer gives at `level`. Ladder answers L meet every
 * requirement up to L. Returns undefined for unscored questions.
 */
export function requirementValue(question: Question, value: AnswerValue, level: number): number | undefined {
  switch (question.type) {
    case 'conformance':
      return value as number;
    case 'ladder':
      return (value as number) >= level ? 1 : 0;
    case 'single':
      return question.options.find((o) => o.value === value)?.score ?? 0;
    case 'multiple': {
      const chosen = value as string[];
      const sum = question.options.filter((o) => chosen.includes(o.value)).reduce((s, o) => s + o.score, 0);
      return Math.min(1, sum);
    }
    case 'yesno':
      return value === true ? 1 : 0;
    case 'number': {
      if (!question.bands) return undefined;
      // The score of the highest band whose min the value reaches (the schema keeps bands sorted
      // and monotonic, so this is also the highest score reached); 0 below the first band.
      let highest: { min: number; score: number } | undefined;
      for (const band of question.bands) if ((value as number) >= band.min && (!highest || band.min > highest.min)) highest = band;
      return highest?.score ?? 0;
    }
    case 'text':
      return undefined;
  }
}
