// Consultant adjustments over the organization's answers. An adjustment is bound to the answer
// revision the consultant reviewed: it counts while that is still the answer, and once the
// organization changes the answer it is stale — shown to both sides, not counted, and blocking
// sign-off until the consultant re-adjusts or dismisses it. Only the latest adjustment of a
// question matters; earlier ones are superseded.
import type { Answer } from '../questionnaire/answers.js';

export interface AnswerState {
  answer: Answer;
  /** 1 for the first answer, +1 for every change. */
  revision: number;
}

export interface Adjustment {
  id: string;
  questionId: string;
  value: number;
  /** The answer revision reviewed; 0 when the question was unanswered. */
  answerRevision: number;
  at: string;
  dismissed: boolean;
}

export type AdjustmentState = 'counts' | 'stale' | 'dismissed' | 'superseded';

export interface ReviewedAnswers {
  /** The answers every result comes from: the organization's, with the adjustments that count. */
  effective: Map<string, Answer>;
  /** The state of every adjustment, by id. */
  states: Map<string, AdjustmentState>;
  /** Latest adjustments whose answer changed since: sign-off waits until each is re-adjusted or dismissed. */
  stale: Adjustment[];
}

/** The revision a question's answer is at now; 0 when it has never been answered (or was cleared at 0). */
export function currentRevision(answers: ReadonlyMap<string, AnswerState>, revisions: ReadonlyMap<string, number>, questionId: string): number {
  return answers.get(questionId)?.revision ?? revisions.get(questionId) ?? 0;
}

const later = (a: Adjustment, b: Adjustment) => (a.at === b.at ? a.id > b.id : a.at > b.at);

/**
 * Applies adjustments to answers. `revisions` gives the current revision of questions whose answer was
 * cleared (they have a revision but no answer); answered questions carry theirs in `answers`.
 */
export function reviewAnswers(
  answers: ReadonlyMap<string, AnswerState>,
  adjustments: readonly Adjustment[],
  revisions: ReadonlyMap<string, number> = new Map(),
): ReviewedAnswers {
  const effective = new Map<string, Answer>([...answers].map(([id, a]) => [id, a.answer]));
  const latest = new Map<string, Adjustment>();
  for (const adj of adjustments) {
    const seen = latest.get(adj.questionId);
    if (!seen || later(adj, seen)) latest.set(adj.questionId, adj);
  }
  const states = new Map<string, AdjustmentState>();
  const stale: Adjustment[] = [];
  for (const adj of adjustments) {
    if (latest.get(adj.questionId) !== adj) {
      states.set(adj.id, 'superseded');
    } else if (adj.dismissed) {
      states.set(adj.id, 'dismissed');
    } else if (adj.answerRevision === currentRevision(answers, revisions, adj.questionId)) {
      states.set(adj.id, 'counts');
      effective.set(adj.questionId, adj.value);
    } else {
      states.set(adj.id, 'stale');
      stale.push(adj);
    }
  }
  return { effective, states, stale };
}
