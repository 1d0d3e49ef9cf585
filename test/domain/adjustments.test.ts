import { describe, expect, it } from 'vitest';
import { effectiveAnswers } from '../../server/domain/scoring/adjustments.js';

const answers = new Map([
  ['a', { answer: 0, at: '2026-01-01T00:00:00.000Z' }],
  ['b', { answer: 0.5, at: '2026-03-01T00:00:00.000Z' }],
]);

describe('consultant adjustments', () => {
  it('replace an answer given before them, the latest adjustment counting', () => {
    const result = effectiveAnswers(answers, [
      { questionId: 'a', value: 0.8, at: '2026-02-01T00:00:00.000Z' },
      { questionId: 'a', value: 1, at: '2026-02-02T00:00:00.000Z' },
    ]);
    expect(result.get('a')).toBe(1);
  });

  it('give way to an answer the organization revised afterwards', () => {
    const result = effectiveAnswers(answers, [{ questionId: 'b', value: 1, at: '2026-02-01T00:00:00.000Z' }]);
    expect(result.get('b')).toBe(0.5);
  });

  it('apply to an unanswered question', () => {
    expect(effectiveAnswers(answers, [{ questionId: 'c', value: 0.5, at: '2026-02-01T00:00:00.000Z' }]).get('c')).toBe(0.5);
  });
});
