// Skip logic: which questions are shown, given the answers so far. A question whose condition refers
// to an unanswered, N/A or hidden question is hidden: it counts as not asked.
import { isNotApplicable, type AnswerValue, type Answers } from './answers.js';
import type { Question, Questionnaire, VisibilityCondition } from './schema.js';

/** The questions with a condition, in questionnaire order, worked out once per questionnaire. */
const conditionalOf = new WeakMap<Questionnaire, Question[]>();

function conditionalQuestions(q: Questionnaire): Question[] {
  let list = conditionalOf.get(q);
  if (!list) {
    list = q.dimensions.flatMap((d) => d.subDimensions.flatMap((s) => s.questions.filter((question) => question.visibleWhen)));
    conditionalOf.set(q, list);
  }
  return list;
}

function matches(cond: VisibilityCondition, value: AnswerValue): boolean {
  const values = Array.isArray(value) ? value : [value];
  if (cond.equals !== undefined) return values.some((v) => v === cond.equals);
  if (cond.in !== undefined) return values.some((v) => (cond.in as unknown[]).includes(v));
  if (cond.atLeast !== undefined) return typeof value === 'number' && value >= cond.atLeast;
  return false;
}

/** The ids of the questions shown for these answers (conditions only ever look back, so one pass in questionnaire order suffices). */
export function visibleQuestionIds(q: Questionnaire, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const dimension of q.dimensions)
    for (const subDimension of dimension.subDimensions)
      for (const question of subDimension.questions) {
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

/**
 * The ids of the questions hidden for these answers: the same rule as visibleQuestionIds, looking only at
 * the questions with a condition (what scoring asks many times a second).
 */
export function hiddenQuestionIds(q: Questionnaire, answers: Answers): Set<string> {
  const hidden = new Set<string>();
  for (const question of conditionalQuestions(q)) {
    const cond = question.visibleWhen!;
    const answer = answers.get(cond.question);
    if (hidden.has(cond.question) || answer === undefined || isNotApplicable(answer) || !matches(cond, answer)) hidden.add(question.id);
  }
  return hidden;
}
