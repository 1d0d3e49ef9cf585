// Moving a draft to a newer version of its questionnaire: which answers carry over (the same id in the
// new version, of the same type, and the answer still valid there — the same id means the same
// question), which are dropped, and which requirements of the new version still need an answer.
import { isNotApplicable, type Answers } from './answers.js';
import { isScored, placedQuestions, questionIndex } from './model.js';
import type { Questionnaire } from './schema.js';
import { parseAnswer } from './types/index.js';

export interface VersionMovePlan {
  carried: string[];
  /** Answered questions whose answer cannot come along: the question is gone, changed type, or the answer no longer fits. */
  dropped: { questionId: string; reason: 'removed' | 'changed' }[];
  /** Scored questions of the new version without a carried answer. */
  toAnswer: string[];
}

export function planVersionMove(from: Questionnaire, to: Questionnaire, answers: Answers): VersionMovePlan {
  const target = questionIndex(to);
  const carried: string[] = [];
  const dropped: VersionMovePlan['dropped'] = [];
  for (const { question } of placedQuestions(from)) {
    const answer = answers.get(question.id);
    if (answer === undefined) continue;
    const next = target.get(question.id)?.question;
    if (!next) {
      dropped.push({ questionId: question.id, reason: 'removed' });
      continue;
    }
    const fits = next.type === question.type && (isNotApplicable(answer) ? next.naAllowed : parseAnswer(next, answer).ok);
    if (fits) carried.push(question.id);
    else dropped.push({ questionId: question.id, reason: 'changed' });
  }
  const kept = new Set(carried);
  const toAnswer = placedQuestions(to)
    .filter(({ question }) => isScored(question) && !kept.has(question.id))
    .map(({ question }) => question.id);
  return { carried, dropped, toAnswer };
}
