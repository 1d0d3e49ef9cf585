// Skip logic: which questions are shown, given the answers so far. A question whose condition refers
// to an unanswered, N/A or hidden question is hidden: it counts as not asked.
import { isNotApplicable, type AnswerValue, type Answers } from './answers.js';
import { placedQuestions } from './model.js';
import type { Questionnaire, VisibilityCondition } from './schema.js';

function matches(cond: VisibilityCondition, value: AnswerValue): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (cond.equals !== undefined) return values.some((v) => v === cond.equals);
  if (cond.in !== undefined) return values.some((v) => (cond.in as unknown[]).includes(v));
  if (cond.atLeast !== undefined) return typeof value === 'number' && value >= cond.atLeast;
  return false;
}

/** The ids of the questions shown for these answers (conditions only ever look back, so one pass suffices). */
export function visibleQuestionIds(q: Questionnaire, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const { question } of placedQuestions(q)) {
    const cond = question.visibleWhen;
    if (!cond) {
      visible.add(question.id);
      continue;
    }
    const answer = answers.get(cond.question);
    if (visible.has(cond.question) && answer !== undefined && !isNotApplicable(answer) && matches(cond, answer))
      visible.add(question.id);
  }
  return visible;
}
