// Reads questionnaire files (YAML or JSON) from a folder and validates each one.
// A bad file is reported with its name and the path of every problem.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import type { LintProblem } from '../domain/questionnaire/lint.js';
import { parseQuestionnaire, type ParseOutcome } from '../domain/questionnaire/parse.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';

const QUESTIONNAIRE_FILE = /\.(ya?ml|json)$/i;

export interface FileProblems {
  file: string;
  problems: LintProblem[];
}

export class QuestionnaireFileError extends Error {
  constructor(readonly files: FileProblems[]) {
    super(
      'Invalid questionnaire file(s):\n' +
        files.map((f) => f.problems.map((p) => `  ${f.file}: ${p.path}: ${p.message}`).join('\n')).join('\n'),
    );
    this.name = 'QuestionnaireFileError';
  }
}

/** Parses the text of one questionnaire file; `name` decides YAML or JSON. */
export function parseQuestionnaireText(name: string, text: string): ParseOutcome {
  let raw: unknown;
  try {
    raw = name.toLowerCase().endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid ${name.endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}` }] };
  }
  return parseQuestionnaire(raw);
}

function questionnaireFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => QUESTIONNAIRE_FILE.test(f))
    .sort();
}

/** Validates every file in `dir`; returns the problems of the bad ones and the good questionnaires. */
export function checkQuestionnaireDir(dir: string): { questionnaires: Questionnaire[]; bad: FileProblems[] } {
  const questionnaires: Questionnaire[] = [];
  const bad: FileProblems[] = [];
  const seen = new Map<string, string>();
  for (const file of questionnaireFileNames(dir)) {
    const outcome = parseQuestionnaireText(file, readFileSync(join(dir, file), 'utf8'));
    if (!outcome.ok) {
      bad.push({ file, problems: outcome.problems });
      continue;
    }
    const key = `${outcome.questionnaire.id}@${outcome.questionnaire.version}`;
    const other = seen.get(key);
    if (other) {
      bad.push({ file, problems: [{ path: 'version', message: `${key} is already defined in ${other}` }] });
      continue;
    }
    seen.set(key, file);
    questionnaires.push(outcome.questionnaire);
  }
  return { questionnaires, bad };
}

/** Loads every questionnaire in `dir`, refusing all of them if any file is bad. */
export function loadQuestionnaireDir(dir: string): Questionnaire[] {
  const { questionnaires, bad } = checkQuestionnaireDir(dir);
  if (bad.length) throw new QuestionnaireFileError(bad);
  return questionnaires;
}
