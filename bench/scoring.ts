// Pure scoring speed: how many times a second the 140-question enterprise questionnaire (1.0.0) is scored from
// the fixture answers (test/fixtures/enterprise-answers.json), after a warm-up, in this process.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadQuestionnaireDir } from '../server/catalog/files.js';
import { projectRoot } from '../server/config.js';
import type { Answer } from '../server/domain/questionnaire/answers.js';
import { placedQuestions } from '../server/domain/questionnaire/model.js';
import { scoreAssessment } from '../server/domain/scoring/score.js';

export interface ScoringRun {
  questions: number;
  answers: number;
  perSecond: number;
  microsEach: number;
}

export function scoringBench(seconds = 3): ScoringRun {
  const file = JSON.parse(readFileSync(resolve(projectRoot, 'test', 'fixtures', 'enterprise-answers.json'), 'utf8'));
  const q = loadQuestionnaireDir(resolve(projectRoot, 'questionnaires')).find((x) => x.id === file.questionnaire && x.version === file.version)!;
  const answers = new Map<string, Answer>(Object.entries(file.answers));
  for (let i = 0; i < 500; i++) scoreAssessment(q, answers);
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    scoreAssessment(q, answers);
    n++;
  }
  const perSecond = n / ((performance.now() - start) / 1000);
  return { questions: placedQuestions(q).length, answers: answers.size, perSecond, microsEach: 1e6 / perSecond };
}
