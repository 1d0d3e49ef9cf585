// Reads questionnaire files (YAML or JSON) from a folder and validates each one.
// A bad file is reported with its name and the path of every problem (and its line, where one is found).
import { createHash } from 'node:crypto';
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

export type QuestionnaireFormat = 'yaml' | 'json';

/** The format a file name says: .json is JSON, anything else YAML. */
export function formatOfName(name: string): QuestionnaireFormat {
  return name.toLowerCase().endsWith('.json') ? 'json' : 'yaml';
}

/** Parses the text of one questionnaire file; `name` decides YAML or JSON. */
export function parseQuestionnaireText(name: string, text: string): ParseOutcome {
  const format = formatOfName(name);
  let raw: unknown;
  try {
    raw = format === 'json' ? JSON.parse(text) : YAML.parse(text, { prettyErrors: true });
  } catch (err) {
    return { ok: false, problems: [{ path: '(file)', message: `not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${(err as Error).message}` }] };
  }
  return parseQuestionnaire(raw);
}

/** `dimensions[2].questions[4].options` → ['dimensions', 2, 'questions', 4, 'options']. */
function pathKeys(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
}

/**
 * The line (1-based) of each problem's path in the text, or of the nearest enclosing node that exists
 * (a missing field is reported at its parent); undefined where the text does not parse or the path is
 * not one. JSON is YAML too, so one reader serves both.
 */
export function problemLines(text: string, problems: readonly LintProblem[]): (number | undefined)[] {
  const lineCounter = new YAML.LineCounter();
  let doc: YAML.Document.Parsed;
  try {
    doc = YAML.parseDocument(text, { lineCounter, uniqueKeys: false });
    if (doc.errors.length) return problems.map(() => undefined);
  } catch {
    return problems.map(() => undefined);
  }
  return problems.map(({ path }) => {
    if (path.startsWith('(')) return undefined;
    for (let keys = pathKeys(path); keys.length; keys = keys.slice(0, -1)) {
      const node = doc.getIn(keys, true) as { range?: [number, number, number] } | undefined;
      // A key's value: its own position; a scalar has its range, collections theirs.
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  });
}

/** SHA-256 (hex) of a questionnaire file's text: what a published version's text is known by. */
export function textSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** One questionnaire file as read: its name, text and what it parses to. */
export interface QuestionnaireFile {
  file: string;
  text: string;
  questionnaire: Questionnaire;
}

function questionnaireFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => QUESTIONNAIRE_FILE.test(f))
    .sort();
}

/** Validates every file in `dir`; returns the problems of the bad ones and the good files. */
export function readQuestionnaireDir(dir: string): { files: QuestionnaireFile[]; bad: FileProblems[] } {
  const files: QuestionnaireFile[] = [];
  const bad: FileProblems[] = [];
  const seen = new Map<string, string>();
  for (const file of questionnaireFileNames(dir)) {
    const text = readFileSync(join(dir, file), 'utf8');
    const outcome = parseQuestionnaireText(file, text);
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
    files.push({ file, text, questionnaire: outcome.questionnaire });
  }
  return { files, bad };
}

/** Validates every file in `dir`; returns the problems of the bad ones and the good questionnaires. */
export function checkQuestionnaireDir(dir: string): { questionnaires: Questionnaire[]; bad: FileProblems[] } {
  const { files, bad } = readQuestionnaireDir(dir);
  return { questionnaires: files.map((f) => f.questionnaire), bad };
}

/** Reads every questionnaire file in `dir`, refusing all of them if any file is bad. */
export function loadQuestionnaireFiles(dir: string): QuestionnaireFile[] {
  const { files, bad } = readQuestionnaireDir(dir);
  if (bad.length) throw new QuestionnaireFileError(bad);
  return files;
}

/** Loads every questionnaire in `dir`, refusing all of them if any file is bad. */
export function loadQuestionnaireDir(dir: string): Questionnaire[] {
  return loadQuestionnaireFiles(dir).map((f) => f.questionnaire);
}
