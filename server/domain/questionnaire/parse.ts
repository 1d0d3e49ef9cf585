// Turns raw questionnaire data into a validated Questionnaire, or into a list of problems that
// each name the path in the file (e.g. `dimensions[2].subDimensions[0].questions[4].options`).
import type { z } from 'zod';
import { lintQuestionnaire, type LintProblem } from './lint.js';
import { Questionnaire } from './schema.js';

export type ParseOutcome = { ok: true; questionnaire: Questionnaire } | { ok: false; problems: LintProblem[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out || '(root)';
}

function zodProblems(error: z.ZodError): LintProblem[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message }));
}

export function parseQuestionnaire(raw: unknown): ParseOutcome {
  const parsed = Questionnaire.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const problems = lintQuestionnaire(parsed.data);
  return problems.length ? { ok: false, problems } : { ok: true, questionnaire: parsed.data };
}
