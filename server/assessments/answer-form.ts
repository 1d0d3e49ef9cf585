// Reads the answers of one section from a posted form: a[QID] value, na[QID] N/A box, reason[QID],
// shown[QID] marking the questions the page showed, rev[QID] the answer revision the page showed. Valid answers become changes; invalid ones
// become errors, and what was typed is kept so the page can show it again.
import { parseAnswerValue } from '../domain/questionnaire/answers.js';
import type { AnswerChange } from '../record/answers-repo.js';
import type { Question } from '../domain/questionnaire/schema.js';

export interface TypedAnswer {
  value: unknown;
  na: boolean;
  reason: string;
}

export interface AnswerError {
  key: string;
  params: Record<string, string | number>;
}

export interface AnswerFormResult {
  changes: Map<string, AnswerChange>;
  errors: Record<string, AnswerError>;
  typed: Record<string, TypedAnswer>;
}

type Body = Record<string, unknown>;

const field = (body: Body, group: string): Record<string, unknown> => {
  const v = body[group];
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
};

const isBlank = (v: unknown) => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export function readAnswerForm(questions: Question[], body: Body): AnswerFormResult {
  const shown = field(body, 'shown');
  const values = field(body, 'a');
  const naBoxes = field(body, 'na');
  const reasons = field(body, 'reason');
  const revs = field(body, 'rev');
  const result: AnswerFormResult = { changes: new Map(), errors: {}, typed: {} };

  for (const question of questions) {
    if (!(question.id in shown)) continue;
    const raw = values[question.id];
    const na = naBoxes[question.id] !== undefined;
    const reason = typeof reasons[question.id] === 'string' ? (reasons[question.id] as string).trim() : '';
    result.typed[question.id] = { value: raw, na, reason };
    const rev = Number(revs[question.id]);
    const baseRevision = Number.isInteger(rev) && rev >= 0 ? rev : undefined;

    if (na) {
      if (!question.naAllowed) result.errors[question.id] = { key: 'naNotAllowed', params: {} };
      else if (!reason) result.errors[question.id] = { key: 'naReason', params: {} };
      else if (reason.length > 2000) result.errors[question.id] = { key: 'textLength', params: { max: 2000 } };
      else result.changes.set(question.id, { answer: { na: true, reason }, baseRevision });
      continue;
    }
    if (isBlank(raw)) {
      result.changes.set(question.id, { answer: null, baseRevision });
      continue;
    }
    const parsed = parseAnswerValue(question, raw);
    if (parsed.ok) result.changes.set(question.id, { answer: parsed.value, baseRevision });
    else result.errors[question.id] = { key: parsed.key, params: parsed.params };
  }
  return result;
}
