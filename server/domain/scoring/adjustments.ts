// Consultant adjustments over the organization's answers: the later of an answer and an adjustment
// of the same question counts, so an organization that revises an adjusted answer is heard again.
import type { Answer } from '../questionnaire/answers.js';

export interface Adjustment {
  questionId: string;
  value: number;
  at: string;
}

export interface DatedAnswer {
  answer: Answer;
  at: string;
}

/** The answers scoring uses: each adjusted question takes its latest adjustment unless answered since. */
export function effectiveAnswers(answers: ReadonlyMap<string, DatedAnswer>, adjustments: readonly Adjustment[]): Map<string, Answer> {
  const effective = new Map<string, Answer>([...answers].map(([id, a]) => [id, a.answer]));
  const latest = new Map<string, Adjustment>();
  for (const adj of adjustments) if ((latest.get(adj.questionId)?.at ?? '') <= adj.at) latest.set(adj.questionId, adj);
  for (const [id, adj] of latest) {
    const answered = answers.get(id);
    if (!answered || answered.at < adj.at) effective.set(id, adj.value);
  }
  return effective;
}
