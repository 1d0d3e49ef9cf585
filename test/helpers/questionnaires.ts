// Test fixtures: questionnaires loaded from test/fixtures, and answer maps built from plain objects.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Answer } from '../../server/domain/questionnaire/answers.js';
import type { Questionnaire } from '../../server/domain/questionnaire/schema.js';
import { parseQuestionnaireText } from '../../server/catalog/files.js';

export const fixturesDir = resolve(import.meta.dirname, '../fixtures');
export const fixtureQuestionnaireDir = resolve(fixturesDir, 'questionnaires');

export function loadFixtureQuestionnaire(name: string): Questionnaire {
  const outcome = parseQuestionnaireText(name, readFileSync(resolve(fixtureQuestionnaireDir, name), 'utf8'));
  if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
  return outcome.questionnaire;
}

export function answersOf(obj: Record<string, Answer>): Map<string, Answer> {
  return new Map(Object.entries(obj));
}

export function workedExampleAnswers(): Record<string, number> {
  return JSON.parse(readFileSync(resolve(fixturesDir, 'worked-example-answers.json'), 'utf8')).answers;
}
