// The what-if planner: the result the organization would have if the chosen requirements were fully
// met, scored by the same function as the real result, from the same effective answers.
import { isNotApplicable, type Answer, type Answers } from '../questionnaire/answers.js';
import { questionIndex } from '../questionnaire/model.js';
import type { Questionnaire } from '../questionnaire/schema.js';
import { meetingAnswer } from '../questionnaire/types/index.js';
import { scoreAssessment, type ScoreResult } from './score.js';

export interface PlannedRequirement {
  questionId: string;
  level: number;
}

export function whatIf(q: Questionnaire, effective: Answers, met: readonly PlannedRequirement[], weightProfile?: string): ScoreResult {
  const index = questionIndex(q);
  const answers = new Map<string, Answer>(effective);
  for (const { questionId, level } of met) {
    const question = index.get(questionId)?.question;
    const current = answers.get(questionId);
    if (!question || isNotApplicable(current)) continue;
    const raised = meetingAnswer(question, level, current);
    if (raised !== undefined) answers.set(questionId, raised);
  }
  return scoreAssessment(q, answers, { weightProfile });
}
