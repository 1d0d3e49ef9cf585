// The batch answers format used by `npm run score` and `npm run report`:
// {"questionnaire": ID, "version": V, "answers": {QUESTION_ID: VALUE or "na"}, "organization"?: NAME}.
// Every problem is reported (unknown questionnaire, unknown question id, invalid value).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseAnswerValue, type Answer } from '../domain/questionnaire/answers.js';
import { questionIndex } from '../domain/questionnaire/model.js';
import type { Questionnaire } from '../domain/questionnaire/schema.js';
import { formatPath } from '../domain/questionnaire/parse.js';
import { QuestionnaireCatalog } from '../catalog/catalog.js';
import { loadQuestionnaireDir, parseQuestionnaireText, QuestionnaireFileError } from '../catalog/files.js';
import { readConfig } from '../config.js';

const NA_IN_FILE_REASON = 'N/A (batch answers file)';

const AnswersFile = z.object({
  questionnaire: z.string().min(1),
  version: z.string().min(1),
  answers: z.record(z.string(), z.unknown()),
  organization: z.string().optional(),
  weightProfile: z.string().optional(),
});
export type AnswersFile = z.infer<typeof AnswersFile>;

export class BatchInputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new BatchInputError([`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`]);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new BatchInputError([`${file}: not valid JSON: ${(err as Error).message}`]);
  }
}

/** The questionnaire named by the file: from --questionnaire-file when given, else from the catalog. */
function questionnaireFor(file: AnswersFile, catalog: QuestionnaireCatalog, questionnaireFile?: string): Questionnaire {
  if (questionnaireFile) {
    const outcome = parseQuestionnaireText(questionnaireFile, readFileSync(questionnaireFile, 'utf8'));
    if (!outcome.ok) throw new QuestionnaireFileError([{ file: questionnaireFile, problems: outcome.problems }]);
    const q = outcome.questionnaire;
    if (q.id !== file.questionnaire || q.version !== file.version)
      throw new BatchInputError([`answers are for ${file.questionnaire}@${file.version}, but ${questionnaireFile} holds ${q.id}@${q.version}`]);
    return q;
  }
  const q = catalog.find(file.questionnaire, file.version);
  if (!q) {
    const known = catalog.latest().map((x) => `${x.id}@${x.version}`).join(', ');
    throw new BatchInputError([`unknown questionnaire ${file.questionnaire}@${file.version} (known: ${known})`]);
  }
  return q;
}

function parseAnswersFile(raw: unknown): AnswersFile {
  const parsed = AnswersFile.safeParse(raw);
  if (!parsed.success) throw new BatchInputError(parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`));
  return parsed.data;
}

/** Checks every answer against its question; collects all problems before refusing. */
function answersFor(q: Questionnaire, file: AnswersFile): Map<string, Answer> {
  const index = questionIndex(q);
  const answers = new Map<string, Answer>();
  const problems: string[] = [];
  for (const [id, raw] of Object.entries(file.answers)) {
    const placed = index.get(id);
    if (!placed) {
      problems.push(`answers.${id}: unknown question id in ${q.id}@${q.version}`);
      continue;
    }
    if (raw === 'na') {
      if (placed.question.naAllowed) answers.set(id, { na: true, reason: NA_IN_FILE_REASON });
      else problems.push(`answers.${id}: this question does not allow "na"`);
      continue;
    }
    const parsed = parseAnswerValue(placed.question, raw);
    if (parsed.ok) answers.set(id, parsed.value);
    else problems.push(`answers.${id}: invalid value ${JSON.stringify(raw)}: ${parsed.message}`);
  }
  if (problems.length) throw new BatchInputError(problems);
  return answers;
}


export interface BatchInput {
  file: AnswersFile;
  questionnaire: Questionnaire;
  answers: Map<string, Answer>;
  weightProfile?: string;
}

/**
 * Everything the batch commands need from an answers file: its questionnaire (from `questionnaireFile`,
 * else from the configured folder), the checked answers and the weight profile (option, else the file's).
 */
export function loadBatchInput(answersPath: string, options: { questionnaireFile?: string; weightProfile?: string } = {}): BatchInput {
  const file = parseAnswersFile(readJsonFile(answersPath));
  const catalog = new QuestionnaireCatalog(options.questionnaireFile ? [] : loadQuestionnaireDir(readConfig().questionnaireDir));
  const questionnaire = questionnaireFor(file, catalog, options.questionnaireFile);
  const weightProfile = options.weightProfile ?? file.weightProfile;
  if (weightProfile && !questionnaire.weightProfiles.some((p) => p.id === weightProfile)) {
    const known = questionnaire.weightProfiles.map((p) => p.id).join(', ') || 'none';
    throw new BatchInputError([`unknown weight profile "${weightProfile}" (known: ${known})`]);
  }
  return { file, questionnaire, answers: answersFor(questionnaire, file), weightProfile };
}
