import { describe, expect, it } from 'vitest';
import { reviewAnswers, type Adjustment, type AnswerState } from '../../server/domain/record/adjustments.js';

const answers = (entries: [string, number, number][]) => new Map<string, AnswerState>(entries.map(([id, answer, revision]) => [id, { answer, revision }]));
const adj = (id: string, questionId: string, value: number, answerRevision: number, at: string, dismissed = false): Adjustment => ({
  id, questionId, value, answerRevision, at, dismissed,
});

describe('consultant adjustments bound to the answer they reviewed', () => {
  it('counts an adjustment while its answer is unchanged', () => {
    const r = reviewAnswers(answers([['q1', 0, 1]]), [adj('a', 'q1', 1, 1, '2026-01-01')]);
    expect(r.effective.get('q1')).toBe(1);
    expect(r.states.get('a')).toBe('counts');
    expect(r.stale).toEqual([]);
  });

  it('does not count, and reports as stale, an adjustment whose answer changed since', () => {
    const r = reviewAnswers(answers([['q1', 0.5, 2]]), [adj('a', 'q1', 1, 1, '2026-01-01')]);
    expect(r.effective.get('q1')).toBe(0.5);
    expect(r.states.get('a')).toBe('stale');
    expect(r.stale.map((x) => x.id)).toEqual(['a']);
  });

  it('lets only the latest adjustment of a question matter', () => {
    const r = reviewAnswers(answers([['q1', 0.5, 2]]), [adj('a', 'q1', 1, 1, '2026-01-01'), adj('b', 'q1', 0.8, 2, '2026-01-02')]);
    expect(r.effective.get('q1')).toBe(0.8);
    expect(r.states.get('a')).toBe('superseded');
    expect(r.states.get('b')).toBe('counts');
    expect(r.stale).toEqual([]);
  });

  it('keeps the organization\'s answer once the consultant dismisses a stale adjustment', () => {
    const r = reviewAnswers(answers([['q1', 0.5, 2]]), [adj('a', 'q1', 1, 1, '2026-01-01', true)]);
    expect(r.effective.get('q1')).toBe(0.5);
    expect(r.states.get('a')).toBe('dismissed');
    expect(r.stale).toEqual([]);
  });

  it('binds an adjustment of an unanswered question to "unanswered": answering it later makes the adjustment stale', () => {
    expect(reviewAnswers(new Map(), [adj('a', 'q1', 0.8, 0, '2026-01-01')]).effective.get('q1')).toBe(0.8);
    const answered = reviewAnswers(answers([['q1', 1, 1]]), [adj('a', 'q1', 0.8, 0, '2026-01-01')]);
    expect(answered.states.get('a')).toBe('stale');
    const cleared = reviewAnswers(new Map(), [adj('a', 'q1', 0.8, 0, '2026-01-01')], new Map([['q1', 2]]));
    expect(cleared.states.get('a')).toBe('stale');
  });
});
